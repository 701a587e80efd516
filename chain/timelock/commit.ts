/**
 * Builds one timelocked weight commit end to end: payload, reveal block, drand round, ciphertext
 * (timelock.md §1.1). The chain client's `setWeights` calls this, then submits
 * `commit_timelocked_(mechanism_)weights(netuid, [mecid,] commit, revealRound, CommitRevealWeightsVersion)`.
 *
 * @module
 */
import { SubnetError } from "../../protocol/errors.ts";
import {
  type BeaconConfig,
  type EpochScheduleState,
  legacyRevealBlock,
  predictStatefulReveal,
  QUICKNET,
  revealRound,
} from "../reveal_round.ts";
import { encodeWeightsPayload, type WeightsTlockPayload } from "../../protocol/timelock/payload.ts";
import { encrypt, type TleRandomness } from "../../protocol/timelock/tle.ts";

/** The chain's bound on a commit (`MAX_CRV3_COMMIT_SIZE_BYTES`, timelock.md §1.2). */
export const COMMIT_BYTES_MAX = 5000;

/** The epoch schedule the runtime uses: stateful (`SubnetEpochIndex` exists) or the legacy modulo one. */
export type CommitSchedule =
  | {
    /** Runtimes from `v3.4.8-423`: storage has `SubnetEpochIndex`. */
    kind: "stateful";
    /** The schedule storage read at the best block. */
    state: EpochScheduleState;
  }
  | {
    /** Older runtimes: `(block + netuid + 1) / (tempo + 1)`. */
    kind: "legacy";
    /** The best block now. */
    currentBlock: number;
    /** The netuid (the plain one; see timelock.md §8 question 5). */
    netuid: number;
    /** `Tempo(netuid)`. */
    tempo: number;
  };

/** Inputs of {@link buildTimelockedCommit}. */
export interface TimelockedCommitInput {
  /** The weights and the signing hotkey's public key. */
  payload: WeightsTlockPayload;
  /** The subnet's epoch schedule. */
  schedule: CommitSchedule;
  /** `RevealPeriodEpochs(netuid)`. */
  revealPeriodEpochs: number;
  /** Wall-clock time now, Unix milliseconds (injected). */
  nowMs: number;
  /** Block time in milliseconds (12000 on finney). */
  blockTimeMs: number;
  /** The beacon (from `Drand.BeaconConfig` when the chain has it); default drand quicknet. */
  beacon?: BeaconConfig;
  /** `Drand.LastStoredRound`: the chain refuses rounds below it (`InvalidRevealRound`), so the round is raised to it. */
  lastStoredRound?: bigint;
  /** Fixed randomness for known-answer tests only. */
  randomness?: TleRandomness;
}

/** A commit ready to submit. */
export interface TimelockedCommit {
  /** The raw `TLECiphertext` bytes (the `commit` argument). */
  commit: Uint8Array;
  /** The drand round it is encrypted to (the `reveal_round` argument). */
  revealRound: bigint;
  /** The first block the chain is expected to try to reveal it. */
  revealBlock: number;
}

/**
 * Encodes the payload, predicts the reveal block on the runtime's schedule, picks the drand round
 * and encrypts. Throws `SubnetError` `chain/commit-too-large` past the chain's 5000-byte bound.
 *
 * @example
 * ```ts
 * import { buildTimelockedCommit } from "./commit.ts";
 * const c = buildTimelockedCommit({
 *   payload: { hotkey: new Uint8Array(32), uids: [0], values: [65535], versionKey: 0n },
 *   schedule: { kind: "legacy", currentBlock: 1000, netuid: 1, tempo: 360 },
 *   revealPeriodEpochs: 1,
 *   nowMs: 1_800_000_000_000,
 *   blockTimeMs: 12000,
 * });
 * console.assert(c.revealBlock === 1081 && c.commit.length === 48 + 244);
 * ```
 */
export function buildTimelockedCommit(input: TimelockedCommitInput): TimelockedCommit {
  const beacon = input.beacon ?? QUICKNET;
  const plaintext = encodeWeightsPayload(input.payload);
  const { schedule } = input;
  const currentBlock = schedule.kind === "stateful" ? schedule.state.currentBlock : schedule.currentBlock;
  const revealBlock = schedule.kind === "stateful"
    ? predictStatefulReveal(schedule.state, { revealPeriodEpochs: input.revealPeriodEpochs }).revealBlock
    : legacyRevealBlock({ ...schedule, revealPeriodEpochs: input.revealPeriodEpochs });
  let round = revealRound({ currentBlock, revealBlock, nowMs: input.nowMs, blockTimeMs: input.blockTimeMs, beacon });
  if (input.lastStoredRound !== undefined && round < input.lastStoredRound) round = input.lastStoredRound;
  const commit = encrypt(beacon.publicKey, round, plaintext, { randomness: input.randomness });
  if (commit.length > COMMIT_BYTES_MAX) {
    throw new SubnetError(
      "chain/commit-too-large",
      `Cannot commit ${input.payload.uids.length} weights timelocked: the commit is ${commit.length} bytes, over the chain's ${COMMIT_BYTES_MAX}-byte bound (at most ${
        Math.floor((COMMIT_BYTES_MAX - 244 - 1 - 32 - 2 - 2 - 8) / 4)
      } weights fit; drop zero weights or send fewer uids)`,
    );
  }
  return { commit, revealRound: round, revealBlock };
}
