/**
 * Which drand round a timelocked weight commit should target, so that the chain can decrypt it at
 * the first block of its reveal epoch and nobody can decrypt it before (timelock.md §4).
 *
 * Two epoch schedules exist on chain. Runtimes from `v3.4.8-423` keep a stateful per-subnet
 * counter (`SubnetEpochIndex`, `LastEpochBlock`, `PendingEpochAt`, `BlocksSinceLastStep`;
 * §4.2); older ones use the modulo formula `(block + netuid + 1) / (tempo + 1)` (§4.1). Everything
 * here is pure over a small state object the chain client reads from storage.
 *
 * @module
 */

/** The drand beacon parameters the round choice and encryption need (`Drand.BeaconConfig` on chain). */
export interface BeaconConfig {
  /** The beacon's compressed G2 public key (96 bytes). */
  publicKey: Uint8Array;
  /** Unix time (seconds) of round 1. */
  genesisTime: number;
  /** Seconds between rounds. */
  period: number;
}

function hexToBytes(hex: string): Uint8Array {
  const clean = hex.startsWith("0x") ? hex.slice(2) : hex;
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new RangeError(`Cannot read hex "${hex.slice(0, 20)}…": it is not an even-length hex string`);
  }
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/**
 * drand quicknet, the beacon subtensor's drand pallet follows (timelock.md §3.1): public key,
 * genesis `1692803367`, period 3 s.
 */
export const QUICKNET: Readonly<BeaconConfig> = Object.freeze({
  publicKey: hexToBytes(
    "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d" +
      "1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a",
  ),
  genesisTime: 1692803367,
  period: 3,
});

/** The shape `@polkadot/api` gives `Drand.BeaconConfig` as JSON (`.toJSON()`), or already as bytes. */
export interface ChainBeaconConfig {
  /** `public_key`: hex string or bytes. */
  publicKey: string | Uint8Array;
  /** `period` in seconds. */
  period: number | bigint;
  /** `genesis_time` in Unix seconds. */
  genesisTime: number | bigint;
}

/**
 * Converts the chain's `Drand.BeaconConfig` value into a {@link BeaconConfig}, checking it is usable.
 *
 * @example
 * ```ts
 * import { beaconConfig } from "./reveal_round.ts";
 * const cfg = beaconConfig({ publicKey: "0x" + "00".repeat(96), period: 3, genesisTime: 1692803367 });
 * console.assert(cfg.period === 3);
 * ```
 */
export function beaconConfig(value: ChainBeaconConfig): BeaconConfig {
  const publicKey = typeof value.publicKey === "string" ? hexToBytes(value.publicKey) : value.publicKey;
  const period = Number(value.period);
  const genesisTime = Number(value.genesisTime);
  if (publicKey.length !== 96) {
    throw new RangeError(`Cannot use the beacon config: its public key is ${publicKey.length} bytes, not 96`);
  }
  if (!Number.isSafeInteger(period) || period <= 0) {
    throw new RangeError(
      `Cannot use the beacon config: its period is ${value.period}, not a positive number of seconds`,
    );
  }
  if (!Number.isSafeInteger(genesisTime) || genesisTime < 0) {
    throw new RangeError(`Cannot use the beacon config: its genesis time is ${value.genesisTime}`);
  }
  return { publicKey, period, genesisTime };
}

/**
 * The stateful epoch schedule of one subnet as storage holds it at block `currentBlock` (after that
 * block's `on_initialize`), timelock.md §4.2.
 */
export interface EpochScheduleState {
  /** The best block the values were read at. */
  currentBlock: number;
  /** `Tempo(netuid)`; 0 means the subnet never runs an epoch. */
  tempo: number;
  /** `SubnetEpochIndex(netuid)`. */
  subnetEpochIndex: number;
  /** `LastEpochBlock(netuid)`. */
  lastEpochBlock: number;
  /** `PendingEpochAt(netuid)`: an owner-triggered epoch at this block, 0 for none. */
  pendingEpochAt: number;
  /** `BlocksSinceLastStep(netuid)`. */
  blocksSinceLastStep: number;
}

/** Options of {@link predictStatefulReveal}. */
export interface StatefulRevealOptions {
  /** `RevealPeriodEpochs(netuid)`. */
  revealPeriodEpochs: number;
  /** Blocks after `currentBlock` at which the commit is expected in a block (default 1: the next block). */
  inclusionOffsetBlocks?: number;
  /**
   * The `BlocksSinceLastStep` safety net: an epoch fires when the counter exceeds this. Subtensor
   * `14bc6f9` (timelock.md §4.2) uses `MAX_TEMPO` = 50400 (the default); later code uses `tempo`.
   */
  blocksSinceLastStepLimit?: number;
  /** Upper bound on simulated blocks (default `(revealPeriodEpochs + 2) · (tempo + 1) + 64`). */
  blocksMax?: number;
}

/** Where a commit lands and when the chain reveals it. */
export interface RevealPrediction {
  /** The block the commit is assumed to be included in. */
  commitBlock: number;
  /** The epoch key it is queued under (`current_epoch_with_lookahead` at inclusion). */
  commitEpoch: number;
  /** The epoch whose first block reveals it (`commitEpoch + revealPeriodEpochs`). */
  revealEpoch: number;
  /** The first block at which the chain tries to reveal it. */
  revealBlock: number;
}

/** Whether `tempo`, `LastEpochBlock`, `PendingEpochAt` and `BlocksSinceLastStep` make an epoch due at `block`. */
function due(s: EpochScheduleState, block: number, limit: number): boolean {
  if (s.tempo === 0) return false;
  if (s.pendingEpochAt > 0 && block >= s.pendingEpochAt) return true;
  if (s.blocksSinceLastStep > limit) return true;
  return block - s.lastEpochBlock >= s.tempo;
}

/**
 * `should_run_epoch(netuid, block)` of the stateful schedule (timelock.md §4.2).
 *
 * @example
 * ```ts
 * import { shouldRunEpoch } from "./reveal_round.ts";
 * const s = { currentBlock: 100, tempo: 10, subnetEpochIndex: 5, lastEpochBlock: 95, pendingEpochAt: 0, blocksSinceLastStep: 5 };
 * console.assert(shouldRunEpoch(s, 105) && !shouldRunEpoch(s, 104));
 * ```
 */
export function shouldRunEpoch(state: EpochScheduleState, block: number, blocksSinceLastStepLimit = 50400): boolean {
  return due(state, block, blocksSinceLastStepLimit);
}

/**
 * `current_epoch_with_lookahead` at extrinsic time of `state.currentBlock`: the epoch a commit in
 * this block is queued under.
 *
 * @example
 * ```ts
 * import { currentEpochWithLookahead } from "./reveal_round.ts";
 * const s = { currentBlock: 100, tempo: 10, subnetEpochIndex: 5, lastEpochBlock: 95, pendingEpochAt: 0, blocksSinceLastStep: 5 };
 * console.assert(currentEpochWithLookahead(s) === 5);
 * ```
 */
export function currentEpochWithLookahead(state: EpochScheduleState, blocksSinceLastStepLimit = 50400): number {
  return state.subnetEpochIndex + (due(state, state.currentBlock, blocksSinceLastStepLimit) ? 1 : 0);
}

/** Advances `s` through `block`'s `on_initialize` (the coinbase's epoch step). Returns the new state. */
function stepBlock(s: EpochScheduleState, block: number, limit: number): EpochScheduleState {
  const next = { ...s, currentBlock: block, blocksSinceLastStep: s.blocksSinceLastStep + 1 };
  if (!due(next, block, limit)) return next;
  return {
    ...next,
    lastEpochBlock: block,
    pendingEpochAt: 0,
    subnetEpochIndex: s.subnetEpochIndex + 1,
    blocksSinceLastStep: 0,
  };
}

/**
 * Predicts, on the stateful schedule, the epoch a commit sent now is queued under and the first
 * block that reveals it, by replaying the chain's per-block epoch step (reveal runs before the
 * coinbase, with the look-ahead epoch). Assumes no `MaxEpochsPerBlock` deferral and no owner
 * trigger other than the `pendingEpochAt` already set.
 *
 * @example
 * ```ts
 * import { predictStatefulReveal } from "./reveal_round.ts";
 * const s = { currentBlock: 100, tempo: 10, subnetEpochIndex: 5, lastEpochBlock: 95, pendingEpochAt: 0, blocksSinceLastStep: 5 };
 * const p = predictStatefulReveal(s, { revealPeriodEpochs: 1 });
 * console.assert(p.commitEpoch === 5 && p.revealBlock === 105);
 * ```
 */
export function predictStatefulReveal(state: EpochScheduleState, options: StatefulRevealOptions): RevealPrediction {
  const limit = options.blocksSinceLastStepLimit ?? 50400;
  const offset = options.inclusionOffsetBlocks ?? 1;
  const period = options.revealPeriodEpochs;
  if (state.tempo === 0) {
    throw new RangeError(`Cannot predict a reveal block: tempo is 0, so the subnet never runs an epoch`);
  }
  if (!Number.isSafeInteger(period) || period < 0) {
    throw new RangeError(`Cannot predict a reveal block: revealPeriodEpochs is ${period}`);
  }
  if (!Number.isSafeInteger(offset) || offset < 1) {
    throw new RangeError(`Cannot predict a reveal block: inclusionOffsetBlocks is ${offset}, it must be ≥ 1`);
  }
  const blocksMax = options.blocksMax ?? (period + 2) * (state.tempo + 1) + 64;
  let s = state;
  const commitBlock = state.currentBlock + offset;
  for (let b = state.currentBlock + 1; b <= commitBlock; b++) s = stepBlock(s, b, limit);
  const commitEpoch = currentEpochWithLookahead(s, limit);
  const revealEpoch = commitEpoch + period;
  for (let b = commitBlock + 1; b <= commitBlock + blocksMax; b++) {
    // Reveal runs in on_initialize before the coinbase's epoch step, with the look-ahead epoch.
    if (currentEpochWithLookahead({ ...s, currentBlock: b }, limit) === revealEpoch) {
      return { commitBlock, commitEpoch, revealEpoch, revealBlock: b };
    }
    s = stepBlock(s, b, limit);
  }
  throw new RangeError(
    `Cannot predict a reveal block: epoch ${revealEpoch} does not start within ${blocksMax} blocks of block ${commitBlock}`,
  );
}

/** Inputs of {@link legacyRevealBlock}: the modulo schedule of runtimes before `v3.4.8-423`. */
export interface LegacyScheduleInput {
  /** The best block now. */
  currentBlock: number;
  /** The netuid the epoch offset uses (the SDK passes `mechid·4096 + netuid`; the chain used the plain netuid). */
  netuid: number;
  /** `Tempo(netuid)`. */
  tempo: number;
  /** `RevealPeriodEpochs(netuid)`. */
  revealPeriodEpochs: number;
}

/**
 * The first block of the reveal epoch under the legacy modulo schedule, as bittensor-drand ≤ 1.3.0
 * computes it (timelock.md §4.1): `reveal_epoch·(tempo+1) − (netuid+1)`, saturating at 0.
 *
 * @example
 * ```ts
 * import { legacyRevealBlock } from "./reveal_round.ts";
 * // tempo 360, netuid 1: epoch 2 at block 1000; reveal epoch 3 starts at 3·361 − 2 = 1081
 * console.assert(legacyRevealBlock({ currentBlock: 1000, netuid: 1, tempo: 360, revealPeriodEpochs: 1 }) === 1081);
 * ```
 */
export function legacyRevealBlock(input: LegacyScheduleInput): number {
  const tp1 = input.tempo + 1;
  const np1 = input.netuid + 1;
  const currentEpoch = Math.floor((input.currentBlock + np1) / tp1);
  const revealEpoch = currentEpoch + input.revealPeriodEpochs;
  return Math.max(0, revealEpoch * tp1 - np1);
}

/**
 * The drand round published at Unix time `timeSeconds`: `max(1, floor((t − genesis) / period))`, the
 * rounding bittensor-drand uses (timelock.md §4.1).
 *
 * @example
 * ```ts
 * import { QUICKNET, roundAt } from "./reveal_round.ts";
 * console.assert(roundAt(QUICKNET.genesisTime + 30, QUICKNET) === 10n);
 * ```
 */
export function roundAt(timeSeconds: number, beacon: Pick<BeaconConfig, "genesisTime" | "period">): bigint {
  const r = Math.floor((timeSeconds - beacon.genesisTime) / beacon.period);
  return BigInt(Math.max(1, r));
}

/** Inputs of {@link revealRound}. */
export interface RevealRoundInput {
  /** The best block now. */
  currentBlock: number;
  /** The first block the chain tries to reveal at ({@link predictStatefulReveal} or {@link legacyRevealBlock}). */
  revealBlock: number;
  /** Wall-clock time now, Unix milliseconds (injected; the caller passes `Date.now()`). */
  nowMs: number;
  /** Block time in milliseconds (12000 on finney; 250 on fast-block local chains). */
  blockTimeMs: number;
  /** The beacon's genesis and period. */
  beacon: Pick<BeaconConfig, "genesisTime" | "period">;
  /** Blocks after `revealBlock` the pulse is aimed at (bittensor-drand's `SECURITY_BLOCK_OFFSET`, default 3). */
  securityOffsetBlocks?: number;
}

/**
 * The drand round to encrypt to: the round published `securityOffsetBlocks` blocks after the
 * reveal block, estimated from the wall clock (timelock.md §4.1, same rounding under §4.2).
 *
 * @example
 * ```ts
 * import { QUICKNET, revealRound } from "./reveal_round.ts";
 * const nowMs = (QUICKNET.genesisTime + 3000) * 1000;
 * const round = revealRound({ currentBlock: 10, revealBlock: 17, nowMs, blockTimeMs: 12000, beacon: QUICKNET });
 * console.assert(round === 1000n + 40n); // (17 + 3 − 10) · 12 s = 120 s = 40 rounds
 * ```
 */
export function revealRound(input: RevealRoundInput): bigint {
  const offset = input.securityOffsetBlocks ?? 3;
  const blocks = Math.max(0, input.revealBlock + offset - input.currentBlock);
  return roundAt((input.nowMs + blocks * input.blockTimeMs) / 1000, input.beacon);
}
