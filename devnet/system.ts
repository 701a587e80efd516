/**
 * `System`: accounts (`AccountInfo`, 56 bytes with subtensor's `u64` balances), nonces, block
 * number and hashes, and the `System` pallet's own calls (`remark`, `remark_with_event`).
 *
 * @module
 */
import { blake2AsU8a } from "@polkadot/util-crypto";
import type { Pallet } from "./pallet.ts";
import type { ChainStorage, StorageReader } from "./storage.ts";

/** `frame_system::AccountInfo<u32, pallet_balances::AccountData<u64>>`, decoded. */
export interface AccountInfo {
  /** Transactions sent so far. */
  nonce: number;
  /** Consumer references. */
  consumers: number;
  /** Provider references; an account exists while this is above zero. */
  providers: number;
  /** Sufficient references. */
  sufficients: number;
  /** Free balance (RAO). */
  free: bigint;
  /** Reserved balance (RAO). */
  reserved: bigint;
  /** Frozen balance (RAO). */
  frozen: bigint;
  /** pallet_balances' extra flags (`1 << 127` marks the new reference logic). */
  flags: bigint;
}

/** The flags a new account gets (`IS_NEW_LOGIC`). */
export const NEW_ACCOUNT_FLAGS: bigint = 1n << 127n;

/** SCALE length of an `AccountInfo` on subtensor. */
const ACCOUNT_INFO_BYTES = 56;

/**
 * Encodes an `AccountInfo` (u32 ×4, u64 ×3, u128), little-endian.
 *
 * @example
 * ```ts
 * import { encodeAccountInfo } from "./system.ts";
 * const bytes = encodeAccountInfo({ nonce: 0, consumers: 0, providers: 1, sufficients: 0, free: 10n ** 12n, reserved: 0n, frozen: 0n, flags: 1n << 127n });
 * console.assert(bytes.length === 56);
 * ```
 */
export function encodeAccountInfo(a: AccountInfo): Uint8Array {
  const out = new Uint8Array(ACCOUNT_INFO_BYTES);
  const v = new DataView(out.buffer);
  v.setUint32(0, a.nonce, true);
  v.setUint32(4, a.consumers, true);
  v.setUint32(8, a.providers, true);
  v.setUint32(12, a.sufficients, true);
  v.setBigUint64(16, a.free, true);
  v.setBigUint64(24, a.reserved, true);
  v.setBigUint64(32, a.frozen, true);
  v.setBigUint64(40, a.flags & 0xffff_ffff_ffff_ffffn, true);
  v.setBigUint64(48, a.flags >> 64n, true);
  return out;
}

/** Decodes an `AccountInfo`. */
export function decodeAccountInfo(bytes: Uint8Array): AccountInfo {
  if (bytes.length !== ACCOUNT_INFO_BYTES) {
    throw new RangeError(`Cannot decode AccountInfo: ${bytes.length} bytes, expected ${ACCOUNT_INFO_BYTES}`);
  }
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    nonce: v.getUint32(0, true),
    consumers: v.getUint32(4, true),
    providers: v.getUint32(8, true),
    sufficients: v.getUint32(12, true),
    free: v.getBigUint64(16, true),
    reserved: v.getBigUint64(24, true),
    frozen: v.getBigUint64(32, true),
    flags: v.getBigUint64(40, true) | (v.getBigUint64(48, true) << 64n),
  };
}

/** The empty account (what a missing `System.Account` entry reads as). */
export function emptyAccount(): AccountInfo {
  return { nonce: 0, consumers: 0, providers: 0, sufficients: 0, free: 0n, reserved: 0n, frozen: 0n, flags: 0n };
}

/**
 * Reads `System.Account(who)`; a missing account reads as {@link emptyAccount}.
 *
 * @example
 * ```ts
 * import { loadRuntimeMetadata } from "./metadata.ts";
 * import { ChainStorage } from "./storage.ts";
 * import { readAccount } from "./system.ts";
 * const s = new ChainStorage(loadRuntimeMetadata());
 * console.assert(readAccount(s, new Uint8Array(32)).free === 0n);
 * ```
 */
export function readAccount(storage: StorageReader, who: Uint8Array): AccountInfo {
  const raw = storage.getRaw(storage.key("System", "Account", who));
  return raw ? decodeAccountInfo(raw) : emptyAccount();
}

/**
 * Writes `System.Account(who)`; an account with no references, no balance and nonce 0 is removed (one that
 * only signed `Pays::No` calls keeps its nonce, as subtensor's `CheckNonce` leaves it).
 */
export function writeAccount(storage: ChainStorage, who: Uint8Array, info: AccountInfo): void {
  const key = storage.key("System", "Account", who);
  const dead = info.providers === 0 && info.sufficients === 0 && info.consumers === 0 && info.free === 0n &&
    info.reserved === 0n && info.nonce === 0;
  if (dead) storage.removeRaw(key);
  else storage.setRaw(key, encodeAccountInfo(info));
}

/** Whether `who` exists (has a provider or sufficient reference). */
export function accountExists(storage: StorageReader, who: Uint8Array): boolean {
  const a = readAccount(storage, who);
  return a.providers > 0 || a.sufficients > 0;
}

/**
 * The `System` pallet's calls. Block bookkeeping (`Number`, `ParentHash`, `BlockHash`, `Events`)
 * is done by block production, not by calls.
 *
 * @example
 * ```ts
 * import { systemPallet } from "./system.ts";
 * console.assert(systemPallet().name === "System");
 * ```
 */
export function systemPallet(): Pallet {
  return {
    name: "System",
    calls: {
      remark: (ctx) => void ctx.ensureSigned(),
      remark_with_event: (ctx, args) => {
        const sender = ctx.ensureSigned();
        const remark = args.remark.toU8a(true);
        ctx.emit("System", "Remarked", { sender, hash: blake2AsU8a(remark, 256) });
      },
    },
  };
}
