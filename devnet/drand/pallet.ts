/**
 * The devnet's `Drand` pallet, with subtensor's storage names (`Pulses`, `LastStoredRound`,
 * `OldestStoredRound`, `BeaconConfig`; timelock.md §1.3), fed by the embedded development beacon
 * instead of an off-chain worker: at the start of each block it stores the pulses published since
 * the last one (at most 50 a block, as `MAX_PULSES_TO_FETCH`), emits `Drand.NewPulse`, and prunes
 * beyond `MAX_KEPT_PULSES`. Time is the block's timestamp, so runs replay.
 *
 * Wire it by passing `createDrandPallet()` to `startDevnet({ pallets })` with the subtensor pallet.
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { u8aToHex } from "@polkadot/util";
import type { DispatchContext, Pallet } from "../pallet.ts";
import type { StorageReader } from "../storage.ts";
import { createDevBeacon, DEFAULT_BEACON_SEED, type DevBeacon, type DrandPulse } from "./beacon.ts";

/** Pulses the chain keeps (`MAX_KEPT_PULSES`, one week of quicknet). */
export const KEPT_PULSES_MAX = 216_000;
/** Pulses stored per block at most (`MAX_PULSES_TO_FETCH`). */
export const PULSES_PER_BLOCK_MAX = 50;
/** Pulses pruned per block at most (`MAX_REMOVED_PULSES`). */
export const PRUNED_PER_BLOCK_MAX = 100;

/** Options of {@link createDrandPallet}. */
export interface DrandPalletOptions {
  /** Seed of the development beacon key (default {@link DEFAULT_BEACON_SEED}). */
  seed?: string | Uint8Array;
  /** Seconds between rounds (default 1, fitted to fast devnet blocks; quicknet uses 3). */
  periodSeconds?: number;
  /** Round 1's Unix time in seconds (default: the genesis block's timestamp). */
  genesisTime?: number;
  /** Pulses kept before pruning (default {@link KEPT_PULSES_MAX}). */
  keptPulsesMax?: number;
  /** Pulses stored per block at most (default {@link PULSES_PER_BLOCK_MAX}). */
  pulsesPerBlockMax?: number;
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function u64(value: unknown): bigint {
  const v = value as { toBigInt?: () => bigint } | null;
  return v?.toBigInt ? v.toBigInt() : 0n;
}

/**
 * The pulse of `round` stored in `Drand.Pulses`, or `undefined` (what the reveal asks for).
 *
 * @example
 * ```ts
 * import { storedPulse } from "./pallet.ts";
 * // const pulse = storedPulse(ctx.storage, 1234n);
 * ```
 */
export function storedPulse(storage: StorageReader, round: bigint): DrandPulse | undefined {
  const value = storage.get("Drand", "Pulses", round) as unknown as StoredPulse | null;
  if (value === null) return undefined;
  return {
    round: value.round.toBigInt(),
    randomness: value.randomness.toU8a(true),
    signature: value.signature.toU8a(true),
  };
}

/** `Drand.Pulses` values as the registry decodes them. */
interface StoredPulse {
  round: { toBigInt(): bigint };
  randomness: { toU8a(bare: true): Uint8Array };
  signature: { toU8a(bare: true): Uint8Array };
}

/**
 * Creates the devnet's `Drand` pallet.
 *
 * @example
 * ```ts
 * import { createDrandPallet } from "./pallet.ts";
 * const drand = createDrandPallet({ seed: "devnet", periodSeconds: 1 });
 * console.assert(drand.name === "Drand");
 * ```
 */
export function createDrandPallet(options: DrandPalletOptions = {}): Pallet {
  const period = options.periodSeconds ?? 1;
  const kept = options.keptPulsesMax ?? KEPT_PULSES_MAX;
  const perBlock = options.pulsesPerBlockMax ?? PULSES_PER_BLOCK_MAX;
  if (!Number.isSafeInteger(period) || period < 1) {
    throw new RangeError(`Cannot create the Drand pallet with period ${period}: it must be whole seconds ≥ 1`);
  }
  if (!Number.isSafeInteger(kept) || kept < 1 || !Number.isSafeInteger(perBlock) || perBlock < 1) {
    throw new RangeError(`Cannot create the Drand pallet: keptPulsesMax and pulsesPerBlockMax must be ≥ 1`);
  }
  // Signing needs only the key; round timing comes from BeaconConfig in storage.
  const beacon = createDevBeacon({ seed: options.seed ?? DEFAULT_BEACON_SEED, period });
  const { publicKey } = beacon.config;

  return {
    name: "Drand",
    genesis(ctx) {
      const genesisTime = options.genesisTime ?? Math.floor(ctx.timestampMs / 1000);
      const hash = sha256(new Uint8Array([...utf8("subnet devnet drand:"), ...publicKey]));
      // Byte fields as hex: `createType` reads a bare Uint8Array as already SCALE-encoded.
      ctx.storage.set("Drand", "BeaconConfig", [], {
        publicKey: u8aToHex(publicKey),
        period,
        genesisTime,
        hash: u8aToHex(hash),
        groupHash: u8aToHex(hash),
        schemeId: u8aToHex(utf8("bls-unchained-g1-rfc9380")),
        metadata: { beaconId: u8aToHex(utf8("subnet-devnet")) },
      });
      ctx.logger.info("drand.genesis", { period, genesisTime });
    },
    onInitialize(ctx) {
      storePulses(ctx, beacon, perBlock);
      prune(ctx, kept);
    },
  };
}

function storePulses(ctx: DispatchContext, beacon: DevBeacon, perBlock: number): void {
  const config = ctx.storage.get("Drand", "BeaconConfig") as unknown as {
    period: { toNumber(): number };
    genesisTime: { toNumber(): number };
  } | null;
  const period = config?.period.toNumber() ?? 0;
  if (!config || period === 0) return;
  const now = Math.floor(ctx.timestampMs / 1000);
  const genesis = config.genesisTime.toNumber();
  if (now < genesis) return;
  const latest = BigInt(Math.floor((now - genesis) / period) + 1);
  const last = u64(ctx.storage.get("Drand", "LastStoredRound"));
  const first = last === 0n ? latest : last + 1n;
  if (first > latest) return;
  const end = latest < first + BigInt(perBlock) - 1n ? latest : first + BigInt(perBlock) - 1n;
  const rounds: bigint[] = [];
  for (let round = first; round <= end; round++) {
    const pulse = beacon.pulse(round);
    ctx.storage.set("Drand", "Pulses", [round], {
      round,
      randomness: u8aToHex(pulse.randomness),
      signature: u8aToHex(pulse.signature),
    });
    rounds.push(round);
  }
  ctx.storage.set("Drand", "LastStoredRound", [], end);
  if (u64(ctx.storage.get("Drand", "OldestStoredRound")) === 0n) {
    ctx.storage.set("Drand", "OldestStoredRound", [], first);
  }
  ctx.emit("Drand", "NewPulse", { rounds });
}

function prune(ctx: DispatchContext, kept: number): void {
  const last = u64(ctx.storage.get("Drand", "LastStoredRound"));
  let oldest = u64(ctx.storage.get("Drand", "OldestStoredRound"));
  if (oldest === 0n || last - oldest + 1n <= BigInt(kept)) return;
  const target = last - BigInt(kept) + 1n;
  let removed = 0;
  while (oldest < target && removed < PRUNED_PER_BLOCK_MAX) {
    ctx.storage.remove("Drand", "Pulses", oldest);
    oldest++;
    removed++;
  }
  ctx.storage.set("Drand", "OldestStoredRound", [], oldest);
}
