/**
 * `state_*`: metadata (the reused finney V15 for `state_getMetadata` and `Metadata_*`; both
 * `@polkadot/api` and dedot accept V15 there, client-rpc.md §6.10), runtime version, storage reads
 * at any kept block (`state_getStorage`, `state_queryStorageAt`, `state_getKeysPaged`, …), storage
 * and runtime-version subscriptions, and `state_call` for the framework runtime APIs (`Core_version`,
 * `Metadata_*`, `AccountNonceApi_account_nonce`, `TransactionPaymentApi_*`) and every API a pallet
 * serves.
 *
 * @module
 */
import type { Codec } from "@polkadot/types/types";
import { compactToU8a, hexToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { blake2AsU8a } from "@polkadot/util-crypto";
import { type BlockRecord, RpcError } from "../chain.ts";
import { weightToFee } from "../subtensor/fees.ts";
import type { StorageKeyHex, StorageReader } from "../storage.ts";
import { readAccount } from "../system.ts";
import { hexParam, invalidParams, optHash } from "./params.ts";
import type { RpcContext, RpcMethod, RpcTable } from "./types.ts";

/** Keys `state_getKeysPaged` returns at most per call (Substrate's limit). */
export const KEYS_PAGED_MAX = 1000;

/** The metadata versions the devnet serves (`Metadata_metadata_versions`). */
export const METADATA_VERSIONS: readonly number[] = Object.freeze([15]);

/** A framework runtime API: decoded args and the state at the block in, SCALE output out. */
type FrameworkApi = (
  ctx: RpcContext,
  args: readonly Codec[],
  at: { block: BlockRecord; state: StorageReader },
) => Uint8Array;

function opaque(bytes: Uint8Array): Uint8Array {
  return u8aConcat(compactToU8a(bytes.length), bytes);
}

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
}

function u64(n: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, n, true);
  return out;
}

function queryInfo(ctx: RpcContext, uxt: Codec, len: Codec | undefined) {
  try {
    return ctx.chain.queryInfo(uxt.toU8a(), len === undefined ? undefined : Number(len.toString()));
  } catch (err) {
    throw new RpcError(
      4003,
      "Client error: Execution failed: Runtime error: Could not decode the extrinsic",
      String(err),
    );
  }
}

/** Runtime APIs the framework answers itself. */
const FRAMEWORK_APIS: Readonly<Record<string, FrameworkApi>> = {
  Core_version: (ctx) => {
    const v = ctx.chain.runtime.metadata.version;
    const out = ctx.chain.runtime.metadata.runtimeApi("Core_version").outputType;
    return ctx.chain.runtime.metadata.encode(out, { ...v, systemVersion: v.stateVersion });
  },
  Metadata_metadata: (ctx) => opaque(ctx.chain.runtime.metadata.bytes),
  Metadata_metadata_at_version: (ctx, [version]) =>
    METADATA_VERSIONS.includes(Number(version.toString()))
      ? u8aConcat(Uint8Array.of(1), opaque(ctx.chain.runtime.metadata.bytes))
      : Uint8Array.of(0),
  Metadata_metadata_versions: () => u8aConcat(compactToU8a(METADATA_VERSIONS.length), ...METADATA_VERSIONS.map(u32)),
  AccountNonceApi_account_nonce: (_ctx, [who], at) => u32(readAccount(at.state, who.toU8a()).nonce),
  TransactionPaymentApi_query_info: (ctx, [uxt, len]) => {
    const info = queryInfo(ctx, uxt, len);
    const cls = info.class === "Normal" ? 0 : info.class === "Operational" ? 1 : 2;
    return u8aConcat(
      compactToU8a(info.weight.refTime),
      compactToU8a(info.weight.proofSize),
      Uint8Array.of(cls),
      u64(info.partialFee),
    );
  },
  TransactionPaymentApi_query_fee_details: (ctx, [uxt, len]) => {
    const fee = queryInfo(ctx, uxt, len).inclusionFee;
    if (fee === null) return u8aConcat(Uint8Array.of(0), u64(0n));
    return u8aConcat(Uint8Array.of(1), u64(fee.baseFee), u64(fee.lenFee), u64(fee.adjustedWeightFee), u64(0n));
  },
  TransactionPaymentApi_query_weight_to_fee: (_ctx, [weight]) => {
    return u64(weightToFee(BigInt((weight.toJSON() as { refTime: number | string }).refTime)));
  },
  TransactionPaymentApi_query_length_to_fee: (_ctx, [len]) => u64(BigInt(len.toString())),
};

/** Names of the runtime APIs the framework serves itself. */
export const FRAMEWORK_API_NAMES: readonly string[] = Object.freeze(Object.keys(FRAMEWORK_APIS));

/** Answers `state_call(name, data, at)`: framework APIs first, then the pallets'. */
export function stateCall(ctx: RpcContext, name: string, data: Uint8Array, at?: string): Uint8Array {
  const meta = ctx.chain.runtime.metadata;
  const where = ctx.chain.stateAt(at);
  const framework = FRAMEWORK_APIS[name];
  if (framework) {
    let method;
    try {
      method = meta.runtimeApi(name);
    } catch {
      throw new RpcError(4003, `Client error: Execution failed: Other: Exported method ${name} is not found`);
    }
    const args: Codec[] = [];
    let offset = 0;
    try {
      for (const type of method.inputTypes) {
        const c = meta.decode(type, data.subarray(offset));
        args.push(c);
        offset += c.encodedLength;
      }
    } catch (err) {
      throw new RpcError(4003, `Client error: Execution failed: Cannot decode the input of ${name}`, String(err));
    }
    return framework(ctx, args, where);
  }
  if (!ctx.chain.runtime.runtimeApi(name)) {
    const known = meta.runtimeApiNames.includes(name);
    throw new RpcError(
      4003,
      `Client error: Execution failed: Other: Exported method ${name} is not found`,
      known ? `${name} exists in subtensor's metadata but the devnet does not implement it` : undefined,
    );
  }
  try {
    return ctx.chain.runtime.callRuntimeApi(name, data, where.state, where.block.number);
  } catch (err) {
    if (err instanceof RpcError) throw err;
    throw new RpcError(4003, `Client error: Execution failed: ${name}: ${err instanceof Error ? err.message : err}`);
  }
}

function keysParam(params: unknown[], i: number): StorageKeyHex[] {
  const v = params[i];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw invalidParams("storage keys must be an array of hex strings");
  return v.map((_, j) => hexParam(v, j, "storage key"));
}

/** `System.Events`: reading it at a block releases held `{ finalized }` statuses (see `SubscriptionHub.eventsRead`). */
const EVENTS_KEY = "0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7";

const getStorage: RpcMethod = (ctx, params) => {
  const key = hexParam(params, 0, "storage key");
  const { block, state } = ctx.chain.stateAt(optHash(params, 1));
  const raw = state.getRaw(key);
  if (key === EVENTS_KEY) ctx.hub.eventsRead(ctx.session, block.hash);
  return raw ? u8aToHex(raw) : null;
};

const getKeysPaged: RpcMethod = (ctx, params) => {
  const prefix = params[0] === null || params[0] === undefined ? "0x" : hexParam(params, 0, "prefix");
  const count = Number(params[1]);
  if (!Number.isInteger(count) || count < 0) {
    throw invalidParams(`count must be a non-negative integer, got ${params[1]}`);
  }
  if (count > KEYS_PAGED_MAX) {
    throw invalidParams(`count exceeds maximum value. value: ${count}, max: ${KEYS_PAGED_MAX}`);
  }
  const start = params[2] === null || params[2] === undefined ? undefined : hexParam(params, 2, "start key");
  return ctx.chain.stateAt(optHash(params, 3)).state.keysPaged(prefix as StorageKeyHex, count, start);
};

const runtimeVersion: RpcMethod = (ctx, params) => {
  // The devnet never upgrades its runtime: a known block whose state is gone (a restored or forked
  // chain's earlier headers) still ran this version.
  const at = optHash(params, 0);
  if (!at || !ctx.chain.blockByHash(at)) ctx.chain.stateAt(at);
  return ctx.chain.runtime.metadata.version;
};

/**
 * The `state_*` table.
 *
 * @example
 * ```ts
 * import { stateRpc } from "./state.ts";
 * console.assert("state_queryStorageAt" in stateRpc);
 * ```
 */
export const stateRpc: RpcTable = {
  state_getMetadata: (ctx, params) => {
    ctx.chain.stateAt(optHash(params, 0));
    return u8aToHex(ctx.chain.runtime.metadata.bytes);
  },
  state_getRuntimeVersion: runtimeVersion,
  state_call: (ctx, params) => {
    if (typeof params[0] !== "string") throw invalidParams("method must be a string");
    const data = params[1] === undefined || params[1] === null
      ? new Uint8Array(0)
      : hexToU8a(hexParam(params, 1, "data"));
    return u8aToHex(stateCall(ctx, params[0], data, optHash(params, 2)));
  },
  state_callAt: (ctx, params) => stateRpc.state_call(ctx, params),
  state_getStorage: getStorage,
  state_getStorageAt: getStorage,
  state_getStorageHash: (ctx, params) => {
    const raw = ctx.chain.stateAt(optHash(params, 1)).state.getRaw(hexParam(params, 0, "storage key"));
    return raw ? u8aToHex(blake2AsU8a(raw, 256)) : null;
  },
  state_getStorageHashAt: (ctx, params) => stateRpc.state_getStorageHash(ctx, params),
  state_getStorageSize: (ctx, params) => {
    const raw = ctx.chain.stateAt(optHash(params, 1)).state.getRaw(hexParam(params, 0, "storage key"));
    return raw ? raw.length : null;
  },
  state_getStorageSizeAt: (ctx, params) => stateRpc.state_getStorageSize(ctx, params),
  state_queryStorageAt: (ctx, params) => {
    const keys = keysParam(params, 0);
    const { block, state } = ctx.chain.stateAt(optHash(params, 1));
    if (keys.includes(EVENTS_KEY)) ctx.hub.eventsRead(ctx.session, block.hash);
    return [{
      block: block.hash,
      changes: keys.map((k) => {
        const raw = state.getRaw(k);
        return [k, raw ? u8aToHex(raw) : null];
      }),
    }];
  },
  state_queryStorage: (ctx, params) => {
    const keys = keysParam(params, 0);
    const from = ctx.chain.stateAt(optHash(params, 1)).block;
    const to = ctx.chain.stateAt(optHash(params, 2)).block;
    const out: { block: string; changes: [string, string | null][] }[] = [];
    const last = new Map<string, string | null>();
    for (let n = from.number; n <= to.number; n++) {
      const b = ctx.chain.blockByNumber(n);
      if (!b?.state) continue;
      const changes: [string, string | null][] = [];
      for (const k of keys) {
        const raw = b.state.getRaw(k);
        const v = raw ? u8aToHex(raw) : null;
        if (n === from.number || last.get(k) !== v) changes.push([k, v]);
        last.set(k, v);
      }
      if (changes.length) out.push({ block: b.hash, changes });
    }
    return out;
  },
  state_getKeys: (ctx, params) =>
    ctx.chain.stateAt(optHash(params, 1)).state.entriesRaw(hexParam(params, 0, "prefix")).map(([k]) => k),
  state_getPairs: (ctx, params) =>
    ctx.chain.stateAt(optHash(params, 1)).state.entriesRaw(hexParam(params, 0, "prefix")).map((
      [k, v],
    ) => [k, u8aToHex(v)]),
  state_getKeysPaged: getKeysPaged,
  state_getKeysPagedAt: getKeysPaged,
  state_subscribeStorage: (ctx, params) => ctx.hub.add(ctx.session, "storage", { keys: keysParam(params, 0) }),
  state_unsubscribeStorage: (ctx, params) => ctx.hub.remove(ctx.session, String(params[0])),
  state_subscribeRuntimeVersion: (ctx) => ctx.hub.add(ctx.session, "runtimeVersion"),
  state_unsubscribeRuntimeVersion: (ctx, params) => ctx.hub.remove(ctx.session, String(params[0])),
};
