/**
 * Setting weights on chain: plain `set_weights`, timelocked commits, and hash commit–reveal with its
 * reveal. Each function takes the connection (`ChainCore`); `Subtensor` offers them as methods.
 *
 * @module
 */
import { SubnetError } from "../protocol/errors.ts";
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import type { Keypair } from "../wallet/keypair.ts";
import type { ChainCore, ExtrinsicResult, SubmitOptions } from "./core.ts";
import {
  commitTimelockedWeightsTx,
  commitWeightsTx,
  hasCall,
  revealBlockFor,
  revealWeightsTx,
  setWeightsTx,
  weightsPath,
} from "./extrinsics.ts";
import { mechanismStorageIndex } from "./mechagraph.ts";
import { hyperparameter, uidForHotkey } from "./reads.ts";
import { convertWeightsAndUidsForEmit, weightCommitHash } from "./weights.ts";

/** The timelock branch point: another module turns weights into a drand TLE commit. */
export interface TimelockCommitter {
  /**
   * Encrypts the weights for the reveal round Python would use.
   *
   * @param p the weights and the subnet's timing
   */
  encrypt(p: {
    hotkey: Uint8Array;
    netuid: number;
    uids: number[];
    values: number[];
    versionKey: bigint;
    currentBlock: number;
    tempo: number;
    revealPeriodEpochs: number;
  }): Promise<{ commit: Uint8Array; revealRound: bigint }>;
}

/** Options of `setWeights`. */
export interface SetWeightsOptions extends SubmitOptions {
  /** Version key (default `PROTOCOL_VERSION`, Python's `version_as_int`). */
  versionKey?: bigint | number;
  /** Use hash commit–reveal (v2) even when the runtime has timelocked commits. */
  preferHash?: boolean;
  /** Builds timelocked commits when the subnet needs them (see `chain/timelock*`). */
  timelock?: TimelockCommitter;
  /** Salt for hash commit–reveal (default: 8 random u16). */
  salt?: number[];
}

/** A hash commit waiting for its reveal. */
export interface PendingReveal {
  /** The subnet. */
  netuid: number;
  /** The incentive mechanism (absent: 0). */
  mechid?: number;
  /** Committed uids. */
  uids: number[];
  /** Committed u16 values. */
  values: number[];
  /** Committed salt. */
  salt: number[];
  /** Committed version key. */
  versionKey: bigint;
  /** Block the commit was sent at. */
  commitBlock: number;
  /** Estimated first block of the reveal epoch. */
  revealBlock: number;
}

/** What `setWeights` did. */
export type SetWeightsResult =
  | { kind: "set"; result: ExtrinsicResult }
  | { kind: "commit-hash"; result: ExtrinsicResult; reveal: PendingReveal }
  | { kind: "commit-timelocked"; result: ExtrinsicResult };

/**
 * Sets weights the way the subnet requires: plain `set_weights` when commit–reveal is off;
 * when it is on, a timelocked commit if the runtime has `commit_timelocked_weights` (needs
 * `options.timelock`), else hash commit–reveal v2 (the result says when to reveal). Weights may
 * be floats; they are converted as Python's `convert_weights_and_uids_for_emit` does. With
 * `params.mechid` > 0 the `*_mechanism_*` calls go to that incentive mechanism (hash commits then
 * cover its storage index `mechid × 4096 + netuid`; reveal rounds follow the subnet's epochs).
 *
 * @param core the chain connection
 * @param hotkey the validator's hotkey
 * @param params subnet, uids and weights
 * @param options version key, commit–reveal choices, waits
 * @throws {SubnetError} `chain/not-registered`, `chain/timelock-required`, `chain/dispatch`, …
 */
export async function setWeights(
  core: ChainCore,
  hotkey: Keypair,
  params: { netuid: number; mechid?: number; uids: readonly number[]; weights: readonly number[] },
  options: SetWeightsOptions = {},
): Promise<SetWeightsResult> {
  const { netuid } = params;
  const mechid = params.mechid ?? 0;
  // Commit hashes and epoch storage cover the mechanism's index; epochs run on the subnet's schedule.
  const storageIndex = mechanismStorageIndex(netuid, mechid);
  const on = mechid === 0 ? `netuid ${netuid}` : `netuid ${netuid} mechanism ${mechid}`;
  const action = `set weights on ${on}`;
  const uid = await uidForHotkey(core, netuid, hotkey.publicKey);
  if (uid === null) {
    throw new SubnetError(
      "chain/not-registered",
      `Cannot ${action}: hotkey ${hotkey.address} is not registered there (register with: subnet register --netuid ${netuid})`,
    );
  }
  const [uids, values] = convertWeightsAndUidsForEmit(params.uids, params.weights);
  const versionKey = BigInt(options.versionKey ?? PROTOCOL_VERSION);
  const crEnabled = core.hasStorage("SubtensorModule", "CommitRevealWeightsEnabled")
    ? (await hyperparameter(core, netuid, "CommitRevealWeightsEnabled")) === true
    : false;
  const path = weightsPath({
    commitRevealEnabled: crEnabled,
    hasTimelocked: hasCall(core.api, "subtensorModule", "commitTimelockedWeights"),
    preferHash: options.preferHash,
  });
  if (path === "set") {
    const tx = setWeightsTx(core.api, { netuid, mechid, uids, values, versionKey });
    return { kind: "set", result: await core.submit(tx, hotkey, action, options) };
  }
  const tempo = Number(await hyperparameter(core, netuid, "Tempo"));
  const period = core.hasStorage("SubtensorModule", "RevealPeriodEpochs")
    ? Number(await hyperparameter(core, netuid, "RevealPeriodEpochs"))
    : 1;
  const currentBlock = await core.blockNumber();
  if (path === "commit-timelocked") {
    // Branch point: the timelock helper (chain/timelock*) supplies `options.timelock`.
    if (!options.timelock) {
      throw new SubnetError(
        "chain/timelock-required",
        `Cannot ${action}: the subnet has commit-reveal on and this runtime takes timelocked (drand) commits; ` +
          `pass a timelock committer (chain/timelock) or, if the runtime still accepts hash commits, preferHash`,
      );
    }
    const { commit, revealRound } = await options.timelock.encrypt({
      hotkey: hotkey.publicKey,
      netuid,
      uids,
      values,
      versionKey,
      currentBlock,
      tempo,
      revealPeriodEpochs: period,
    });
    const commitRevealVersion = core.hasStorage("SubtensorModule", "CommitRevealWeightsVersion")
      ? Number(await core.storage("SubtensorModule", "CommitRevealWeightsVersion"))
      : 4;
    const tx = commitTimelockedWeightsTx(core.api, { netuid, mechid, commit, revealRound, commitRevealVersion });
    return { kind: "commit-timelocked", result: await core.submit(tx, hotkey, action, options) };
  }
  const salt = options.salt ?? Array.from(crypto.getRandomValues(new Uint16Array(8)));
  const hash = weightCommitHash({ hotkey: hotkey.publicKey, netuid: storageIndex, uids, values, salt, versionKey });
  const result = await core.submit(
    commitWeightsTx(core.api, netuid, hash, mechid),
    hotkey,
    `commit weights on ${on}`,
    options,
  );
  const reveal: PendingReveal = {
    netuid,
    ...(mechid === 0 ? {} : { mechid }),
    uids,
    values,
    salt,
    versionKey,
    commitBlock: currentBlock,
    revealBlock: revealBlockFor({ commitBlock: currentBlock, netuid, tempo, revealPeriodEpochs: period }),
  };
  return { kind: "commit-hash", result, reveal };
}

/**
 * Reveals a hash commit (`reveal_weights`).
 *
 * @param core the chain connection
 * @param hotkey the hotkey that committed
 * @param pending what `setWeights` returned
 * @param options waits
 */
export function revealWeights(
  core: ChainCore,
  hotkey: Keypair,
  pending: PendingReveal,
  options: SubmitOptions = {},
): Promise<ExtrinsicResult> {
  const tx = revealWeightsTx(core.api, pending);
  const on = pending.mechid ? `netuid ${pending.netuid} mechanism ${pending.mechid}` : `netuid ${pending.netuid}`;
  return core.submit(tx, hotkey, `reveal weights on ${on}`, options);
}

/**
 * Waits until the reveal block of a hash commit, then reveals; retries once per block while the
 * chain says `RevealTooEarly` (dynamic-tempo runtimes), up to `attemptsMax` times.
 *
 * @param core the chain connection
 * @param hotkey the hotkey that committed
 * @param pending what `setWeights` returned
 * @param options `signal` to stop, `pollMs` between block checks (default 1000), `sleep` (injectable)
 */
export async function revealWhenDue(
  core: ChainCore,
  hotkey: Keypair,
  pending: PendingReveal,
  options: SubmitOptions & {
    signal?: AbortSignal;
    pollMs?: number;
    attemptsMax?: number;
    sleep?: (ms: number) => Promise<void>;
  } = {},
): Promise<ExtrinsicResult> {
  const pollMs = options.pollMs ?? 1_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attemptsMax = options.attemptsMax ?? 1_000;
  for (let attempt = 0; attempt < attemptsMax; attempt++) {
    options.signal?.throwIfAborted();
    if ((await core.blockNumber()) >= pending.revealBlock) {
      try {
        return await revealWeights(core, hotkey, pending, options);
      } catch (err) {
        if (!(err instanceof SubnetError && /RevealTooEarly|Custom error: 17/.test(err.message))) throw err;
      }
    }
    await sleep(pollMs);
  }
  throw new SubnetError(
    "chain/timeout",
    `Cannot reveal weights on netuid ${pending.netuid}: still too early after ${attemptsMax} attempts (expected block ${pending.revealBlock})`,
  );
}
