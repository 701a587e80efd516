/**
 * Submission-time rate-limit guards of subtensor's transaction extension (`guards/check_rate_limits.rs`
 * via `extensions/subtensor.rs` at HEAD; the registration guard of spec 343's
 * `SubtensorTransactionExtension`): a call they refuse never enters the pool (`1010`, `Custom(6)`,
 * `RateLimitExceeded`) instead of failing inside a block.
 *
 * @module
 */
import { S } from "./items.ts";
import { mechanismCount } from "./mechanism.ts";
import { uidOf } from "./neurons.ts";
import type { TypedStore } from "./store.ts";
import { lastUpdateOf, passesWeightsRateLimit } from "./weights.ts";

/** A weights call as the rate-limit guard sees it. */
export interface WeightsGuardCall {
  /** Subnet. */
  netuid: number;
  /** Mechanism (0 for the plain calls). */
  mecid: number;
  /** `set` (`set_weights`, `set_mechanism_weights`) or `commit` (`commit_weights`, `commit_mechanism_weights`). */
  kind: "set" | "commit";
}

/**
 * `CheckRateLimits` for weights: why the call is refused (`SettingWeightsTooFast` /
 * `CommittingWeightsTooFast`, both `RateLimitExceeded` at the pool), or `undefined`. An unregistered
 * signer passes (the call fails in the block); `set` passes while commit–reveal is on; a mechanism the
 * subnet does not have is refused, as `check_rate_limit` does.
 *
 * @example
 * ```ts
 * import { MapStorage, TypedStore } from "./store.ts";
 * import { weightsRateLimitGuard } from "./guards.ts";
 * const st = new TypedStore(new MapStorage());
 * console.assert(weightsRateLimitGuard(st, 5, new Uint8Array(32), { netuid: 1, mecid: 0, kind: "set" }) === undefined);
 * ```
 */
export function weightsRateLimitGuard(
  st: TypedStore,
  block: number,
  who: Uint8Array,
  call: WeightsGuardCall,
): string | undefined {
  const { netuid, mecid, kind } = call;
  const uid = uidOf(st, netuid, who);
  if (uid === undefined) return undefined;
  if (kind === "set" && st.get(S.CommitRevealWeightsEnabled, netuid)) return undefined;
  const error = kind === "set" ? "SettingWeightsTooFast" : "CommittingWeightsTooFast";
  if (mecid >= mechanismCount(st, netuid)) return `${error}: netuid ${netuid} has no mechanism ${mecid}`;
  if (passesWeightsRateLimit(st, netuid, uid, block, mecid)) return undefined;
  return `${error}: uid ${uid} last updated at block ${lastUpdateOf(st, netuid, uid, mecid)}, now ${block}, ` +
    `WeightsSetRateLimit ${st.get(S.WeightsSetRateLimit, netuid)}`;
}

/**
 * The registration guard (`register`, `burned_register`): refused once `RegistrationsThisInterval`
 * reaches three times `TargetRegistrationsPerInterval`.
 *
 * @example
 * ```ts
 * import { MapStorage, TypedStore } from "./store.ts";
 * import { registrationRateGuard } from "./guards.ts";
 * console.assert(registrationRateGuard(new TypedStore(new MapStorage()), 1) === undefined);
 * ```
 */
export function registrationRateGuard(st: TypedStore, netuid: number): string | undefined {
  const done = st.get(S.RegistrationsThisInterval, netuid);
  const cap = st.get(S.TargetRegistrationsPerInterval, netuid) * 3;
  if (done < cap) return undefined;
  return `${done} registrations this interval on netuid ${netuid}, at most ${cap} (3 × TargetRegistrationsPerInterval)`;
}
