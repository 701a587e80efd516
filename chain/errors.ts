/**
 * Turns a failed extrinsic's `DispatchError` (decoded with the metadata, so indices never need
 * hard-coding) and a node's pool rejection (`1010 Invalid Transaction: Custom error: N`) into a
 * `SubnetError` whose message says what failed, the pallet and error name, and what to do.
 *
 * @module
 */
import { SubnetError } from "../protocol/errors.ts";

/** A decoded module error. */
export interface ModuleErrorInfo {
  /** Pallet name, such as `SubtensorModule`. */
  section: string;
  /** Error name, such as `SettingWeightsTooFast`. */
  name: string;
  /** The metadata's documentation, joined. */
  docs: string;
}

/** What to do about the common subtensor errors. */
const ADVICE: Record<string, string> = {
  HotKeyNotRegisteredInSubNet: "register the hotkey first: subnet register --netuid N",
  HotKeyNotRegisteredInNetwork: "register the hotkey first: subnet register --netuid N",
  SettingWeightsTooFast: "wait WeightsSetRateLimit blocks since the last update, then retry",
  CommittingWeightsTooFast: "wait WeightsSetRateLimit blocks since the last commit, then retry",
  CommitRevealEnabled: "this subnet uses commit-reveal: commit the weights instead of setting them",
  CommitRevealDisabled: "this subnet has commit-reveal off: set the weights directly",
  NeuronNoValidatorPermit: "only neurons with a validator permit may set weights on others",
  NotEnoughStakeToSetWeights: "add stake to the hotkey (subnet stake) up to the subnet's StakeThreshold",
  WeightVecLengthIsLow: "send at least MinAllowedWeights weights",
  MaxWeightExceeded: "normalize weights to MaxWeightsLimit (processWeightsForNetuid does this)",
  IncorrectWeightVersionKey: "send a version_key at least the subnet's WeightsVersionKey",
  ServingRateLimitExceeded: "wait ServingRateLimit blocks since the last serve_axon",
  InvalidIpAddress: "announce a public IP (127.0.0.1 and 0.0.0.0-style addresses are refused on IPv4)",
  InvalidPort: "announce a non-zero port",
  HotKeyAlreadyRegisteredInSubNet: "the hotkey is already registered on this subnet",
  NotEnoughBalanceToStake: "the coldkey's free balance does not cover the amount (or the burn)",
  TooManyRegistrationsThisBlock: "try again in the next block",
  SubNetRegistrationDisabled: "registration is closed on this subnet",
  RevealTooEarly: "wait for the reveal epoch (RevealPeriodEpochs after the commit)",
  ExpiredWeightCommit: "the commit expired: commit again",
  InvalidRevealCommitHashNotMatch: "reveal exactly the uids, values, salt and version key committed",
  NoWeightsCommitFound: "commit the weights before revealing them",
  TooManyUnrevealedCommits: "reveal pending commits before committing more",
  SubnetNotExists: "check --netuid",
  "Token.FundsUnavailable": "the account's free balance does not cover the amount and fees",
  "Token.BelowMinimum": "the amount would leave an account below the existential deposit",
};

/** Subtensor pool error codes (`common/src/transaction_error.rs`, spec/chain.md §4.6). */
const POOL_ERRORS: Record<number, string> = {
  1: "StakeAmountTooLow (not enough stake to set weights)",
  6: "RateLimitExceeded (setting or committing weights too fast)",
  10: "HotKeyNotRegisteredInNetwork",
  11: "InvalidIpAddress",
  12: "ServingRateLimitExceeded",
  13: "InvalidPort",
  15: "InvalidRevealRound (the timelocked commit's round is below Drand.LastStoredRound: encrypt to a later round)",
  16: "CommitNotFound",
  17: "CommitBlockNotInRevealRange",
  18: "InputLengthsUnequal",
  19: "UidNotFound (hotkey not registered on the subnet)",
  255: "BadRequest",
};

/** What decoding a module error needs: `api.registry` has it. */
export interface MetaErrorSource {
  /** Finds a module error's pallet, name and docs in the metadata. */
  // deno-lint-ignore no-explicit-any
  findMetaError(error: any): { section: string; name: string; docs: string[] };
}

interface DispatchErrorLike {
  isModule: boolean;
  asModule: unknown;
  type?: string;
  toString(): string;
}

/**
 * Decodes a module error with the registry's metadata, or `undefined` when the error is not a
 * module error.
 *
 * @example
 * ```ts
 * import { moduleError } from "./errors.ts";
 * // const info = moduleError(api.registry, result.dispatchError);
 * ```
 */
export function moduleError(registry: MetaErrorSource, dispatchError: unknown): ModuleErrorInfo | undefined {
  const err = dispatchError as DispatchErrorLike;
  if (!err?.isModule) return undefined;
  const meta = registry.findMetaError(err.asModule);
  // `@polkadot/types` camel-cases pallet names; messages use the metadata's own (`SubtensorModule`).
  const section = meta.section.charAt(0).toUpperCase() + meta.section.slice(1);
  return { section, name: meta.name, docs: meta.docs.join(" ").trim() };
}

/**
 * A `SubnetError` (`chain/dispatch`) for a failed extrinsic: `Cannot <action>: Pallet.Error (docs;
 * what to do)`.
 *
 * @param registry the registry holding the metadata
 * @param dispatchError the `dispatchError` of the result
 * @param action what was attempted, such as `set weights on netuid 1`
 * @example
 * ```ts
 * import { dispatchFailure } from "./errors.ts";
 * // throw dispatchFailure(api.registry, result.dispatchError, "set weights on netuid 1");
 * ```
 */
export function dispatchFailure(registry: MetaErrorSource, dispatchError: unknown, action: string): SubnetError {
  const info = moduleError(registry, dispatchError);
  if (!info) {
    const e = dispatchError as { type?: string; value?: { type?: string } } | undefined;
    const name = e?.type ? `${e.type}${e.value?.type ? `.${e.value.type}` : ""}` : String(dispatchError);
    const advice = ADVICE[name];
    return new SubnetError(
      "chain/dispatch",
      `Cannot ${action}: the chain refused it (${name}${advice ? `; ${advice}` : ""})`,
    );
  }
  const advice = ADVICE[info.name];
  const detail = [info.docs, advice].filter(Boolean).join("; ");
  const err = new SubnetError(
    "chain/dispatch",
    `Cannot ${action}: ${info.section}.${info.name}${detail ? ` (${detail})` : ""}`,
  );
  return Object.assign(err, { pallet: info.section, error: info.name });
}

/**
 * A `SubnetError` (`chain/rejected`) for a transaction the node refused before inclusion, with
 * subtensor's custom pool codes named.
 *
 * @param error what the node answered
 * @param action what was attempted
 * @example
 * ```ts
 * import { poolRejection } from "./errors.ts";
 * const e = poolRejection(new Error("1010: Invalid Transaction: Custom error: 6"), "set weights");
 * console.assert(e.message.includes("RateLimitExceeded"));
 * ```
 */
export function poolRejection(error: unknown, action: string): SubnetError {
  const text = error instanceof Error ? error.message : String(error);
  const custom = /Custom error: (\d+)/.exec(text);
  const named = custom ? POOL_ERRORS[Number(custom[1])] : undefined;
  return new SubnetError(
    "chain/rejected",
    `Cannot ${action}: the node refused the transaction: ${text}${named ? ` (subtensor: ${named})` : ""}`,
    { cause: error },
  );
}
