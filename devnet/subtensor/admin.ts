/**
 * Hyperparameter setters of `AdminUtils` (spec `chain.md` §2.4; subtensor `pallets/admin-utils`): who
 * may call each (root through `Sudo.sudo`, or the subnet owner), the value checks, the storage item and
 * the SubtensorModule event, with the admin freeze window before each epoch (§11.4).
 *
 * @module
 */
import type { PalletContext } from "./context.ts";
import { adminError, badOrigin, subtensorError } from "./dispatch_error.ts";
import { S } from "./items.ts";
import { sameAccount } from "./neurons.ts";
import { blocksUntilNextEpoch } from "./schedule.ts";
import type { StorageItem } from "./storage_item.ts";

/** Who dispatches an admin call. */
export type AdminOrigin = { readonly kind: "root" } | { readonly kind: "signed"; readonly who: Uint8Array } | {
  readonly kind: "none";
};

/** How one `sudo_set_*` call behaves. */
export interface AdminSetter {
  /** The call's value argument name in the metadata. */
  readonly arg: string;
  /** Whether the subnet owner may call it too (else root only). */
  readonly owner: boolean;
  /** Whether it takes a `netuid` first (subnet hyperparameter) or sets a global value. */
  readonly perSubnet: boolean;
  /** Whether the admin freeze window applies (`ensure_admin_window_open`). */
  readonly freeze: boolean;
  /** Writes the value; throws a `PalletError` when the value is refused. */
  apply(ctx: PalletContext, netuid: number, value: bigint | boolean): void;
}

type Num = bigint | boolean;

function setNet<V>(
  item: StorageItem<[number], V>,
  event: string | undefined,
  convert: (v: Num) => V,
  check?: (ctx: PalletContext, netuid: number, v: V) => void,
): (ctx: PalletContext, netuid: number, v: Num) => void {
  return (ctx, netuid, raw) => {
    const value = convert(raw);
    check?.(ctx, netuid, value);
    ctx.store.put(item, [netuid], value);
    if (event) ctx.emit("SubtensorModule", event, [netuid, value]);
  };
}

function setGlobal<V>(
  item: StorageItem<[], V>,
  event: string | undefined,
  convert: (v: Num) => V,
): (ctx: PalletContext, netuid: number, v: Num) => void {
  return (ctx, _netuid, raw) => {
    const value = convert(raw);
    ctx.store.put(item, [], value);
    if (event) ctx.emit("SubtensorModule", event, [value]);
  };
}

const num = (v: Num): number => Number(v);
const big = (v: Num): bigint => BigInt(v);
const flag = (v: Num): boolean => v === true || v === 1n;

/** `MinActivityCutoff`: the smallest `ActivityCutoff` accepted. */
export const MIN_ACTIVITY_CUTOFF = 360;
/** The largest `BondsMovingAverage` a subnet owner may set (root may set more). */
export const OWNER_MAX_BONDS_MOVING_AVERAGE = 975_000n;

function s(owner: boolean, arg: string, apply: AdminSetter["apply"], freeze = owner): AdminSetter {
  return { arg, owner, perSubnet: true, freeze, apply };
}
function g(arg: string, apply: AdminSetter["apply"]): AdminSetter {
  return { arg, owner: false, perSubnet: false, freeze: false, apply };
}

/**
 * The `AdminUtils` calls the devnet implements, by metadata call name.
 *
 * @example
 * ```ts
 * import { ADMIN_SETTERS } from "./admin.ts";
 * console.assert(ADMIN_SETTERS.sudo_set_tempo.owner === false);
 * ```
 */
export const ADMIN_SETTERS: Readonly<Record<string, AdminSetter>> = {
  sudo_set_tempo: s(false, "tempo", setNet(S.Tempo, "TempoSet", num), true),
  sudo_set_weights_set_rate_limit: s(
    false,
    "weights_set_rate_limit",
    setNet(S.WeightsSetRateLimit, "WeightsSetRateLimitSet", big),
    false,
  ),
  sudo_set_commit_reveal_weights_enabled: s(
    true,
    "enabled",
    setNet(S.CommitRevealWeightsEnabled, "CommitRevealEnabled", flag),
  ),
  sudo_set_commit_reveal_weights_interval: s(
    true,
    "interval",
    setNet(S.RevealPeriodEpochs, "CommitRevealPeriodsSet", big, (_c, _n, v) => {
      if (v > 100n) throw subtensorError("RevealPeriodTooLarge", `${v} > 100`);
      if (v < 1n) throw subtensorError("RevealPeriodTooSmall", `${v} < 1`);
    }),
  ),
  sudo_set_min_allowed_weights: s(true, "min_allowed_weights", setNet(S.MinAllowedWeights, "MinAllowedWeightSet", num)),
  sudo_set_weights_version_key: s(
    true,
    "weights_version_key",
    setNet(S.WeightsVersionKey, "WeightsVersionKeySet", big),
  ),
  sudo_set_activity_cutoff: s(
    true,
    "activity_cutoff",
    setNet(S.ActivityCutoff, "ActivityCutoffSet", num, (_c, _n, v) => {
      if (v < MIN_ACTIVITY_CUTOFF) throw subtensorError("ActivityCutoffTooLow", `${v} < ${MIN_ACTIVITY_CUTOFF}`);
    }),
  ),
  sudo_set_kappa: s(false, "kappa", setNet(S.Kappa, "KappaSet", num)),
  sudo_set_rho: s(true, "rho", setNet(S.Rho, "RhoSet", num)),
  sudo_set_bonds_moving_average: s(
    true,
    "bonds_moving_average",
    setNet(S.BondsMovingAverage, "BondsMovingAverageSet", big),
  ),
  sudo_set_bonds_penalty: s(true, "bonds_penalty", setNet(S.BondsPenalty, "BondsPenaltySet", num)),
  sudo_set_bonds_reset_enabled: s(true, "enabled", setNet(S.BondsResetOn, "BondsResetOnSet", flag)),
  sudo_set_max_allowed_validators: s(
    false,
    "max_allowed_validators",
    setNet(S.MaxAllowedValidators, "MaxAllowedValidatorsSet", num, (ctx, netuid, v) => {
      if (v > ctx.store.get(S.MaxAllowedUids, netuid)) {
        throw adminError("MaxValidatorsLargerThanMaxUIds", `${v} > MaxAllowedUids`);
      }
    }),
  ),
  sudo_set_max_allowed_uids: s(
    true,
    "max_allowed_uids",
    setNet(S.MaxAllowedUids, "MaxAllowedUidsSet", num, (ctx, netuid, v) => {
      if (v < ctx.store.get(S.SubnetworkN, netuid)) {
        throw adminError("MaxAllowedUIdsLessThanCurrentUIds", `${v} < SubnetworkN`);
      }
    }),
  ),
  sudo_set_immunity_period: s(true, "immunity_period", setNet(S.ImmunityPeriod, "ImmunityPeriodSet", num)),
  sudo_set_serving_rate_limit: s(
    true,
    "serving_rate_limit",
    setNet(S.ServingRateLimit, "ServingRateLimitSet", big),
    false,
  ),
  sudo_set_network_registration_allowed: s(
    false,
    "registration_allowed",
    setNet(S.NetworkRegistrationAllowed, "RegistrationAllowed", flag),
    false,
  ),
  sudo_set_network_pow_registration_allowed: s(
    true,
    "registration_allowed",
    setNet(S.NetworkPowRegistrationAllowed, "PowRegistrationAllowed", flag),
  ),
  sudo_set_min_burn: s(true, "min_burn", setNet(S.MinBurn, "MinBurnSet", big)),
  sudo_set_max_burn: s(true, "max_burn", setNet(S.MaxBurn, "MaxBurnSet", big)),
  sudo_set_difficulty: s(false, "difficulty", setNet(S.Difficulty, "DifficultySet", big)),
  sudo_set_max_registrations_per_block: s(
    false,
    "max_registrations_per_block",
    setNet(S.MaxRegistrationsPerBlock, "MaxRegistrationsPerBlockSet", num),
    false,
  ),
  sudo_set_target_registrations_per_interval: s(
    false,
    "target_registrations_per_interval",
    setNet(S.TargetRegistrationsPerInterval, "RegistrationPerIntervalSet", num),
    false,
  ),
  sudo_set_adjustment_interval: s(
    false,
    "adjustment_interval",
    setNet(S.AdjustmentInterval, "AdjustmentIntervalSet", num),
  ),
  sudo_set_liquid_alpha_enabled: s(true, "enabled", setNet(S.LiquidAlphaOn, undefined, flag)),
  sudo_set_yuma3_enabled: s(true, "enabled", setNet(S.Yuma3On, undefined, flag)),
  sudo_set_alpha_sigmoid_steepness: s(
    true,
    "steepness",
    setNet(S.AlphaSigmoidSteepness, "AlphaSigmoidSteepnessSet", num, (_c, _n, v) => {
      if (v < 0) throw adminError("NegativeSigmoidSteepness", `${v} < 0`);
    }),
  ),
  sudo_set_subtoken_enabled: s(false, "subtoken_enabled", setNet(S.SubtokenEnabled, undefined, flag), false),
  sudo_set_admin_freeze_window: g("window", setGlobal(S.AdminFreezeWindow, "AdminFreezeWindowSet", num)),
  sudo_set_stake_threshold: g("min_stake", setGlobal(S.StakeThreshold, "StakeThresholdSet", big)),
  sudo_set_network_rate_limit: g("rate_limit", setGlobal(S.NetworkRateLimit, "NetworkRateLimitSet", big)),
  sudo_set_network_min_lock_cost: g("lock_cost", setGlobal(S.NetworkMinLockCost, "NetworkMinLockCostSet", big)),
  sudo_set_subnet_owner_cut: g("subnet_owner_cut", setGlobal(S.SubnetOwnerCut, "SubnetOwnerCutSet", num)),
  sudo_set_subnet_limit: g("max_subnets", setGlobal(S.SubnetLimit, "SubnetLimitSet", num)),
  sudo_set_commit_reveal_version: g(
    "version",
    setGlobal(S.CommitRevealWeightsVersion, "CommitRevealVersionSet", num),
  ),
};

/**
 * The origin and timing checks every subnet-level admin call starts with
 * (`ensure_sn_owner_or_root_with_limits`, `ensure_admin_window_open`): `BadOrigin` unless root or, where
 * `owner` allows it, the subnet's owner; `AdminActionProhibitedDuringWeightsWindow` inside the freeze
 * window when `freeze`. The owner rate limits of newer runtimes are not applied.
 *
 * @example
 * ```ts ignore
 * ensureAdminCall(ctx, origin, "sudo_set_mechanism_count", 1, { owner: true, freeze: true });
 * ```
 */
export function ensureAdminCall(
  ctx: PalletContext,
  origin: AdminOrigin,
  call: string,
  netuid: number,
  rules: { owner: boolean; freeze: boolean },
): void {
  const st = ctx.store;
  if (origin.kind !== "root") {
    const ownerOk = rules.owner && origin.kind === "signed" && st.get(S.NetworksAdded, netuid) &&
      sameAccount(st.get(S.SubnetOwner, netuid), origin.who);
    if (!ownerOk) throw badOrigin(`AdminUtils.${call} needs ${rules.owner ? "the subnet owner or " : ""}root`);
  }
  if (rules.freeze && st.get(S.NetworksAdded, netuid)) {
    const window = st.get(S.AdminFreezeWindow);
    const until = blocksUntilNextEpoch(st, ctx.config, netuid, ctx.block);
    if (window > 0 && until < window) {
      throw subtensorError(
        "AdminActionProhibitedDuringWeightsWindow",
        `${until} blocks to the next epoch, freeze window ${window}: set AdminFreezeWindow to 0 with sudo`,
      );
    }
  }
}

/**
 * Runs one `AdminUtils.sudo_set_*` call: origin (`BadOrigin` unless root, or the subnet owner where
 * allowed), `SubnetDoesNotExist`, the freeze window (`AdminActionProhibitedDuringWeightsWindow`), then
 * the setter's own checks and write.
 *
 * @example
 * ```ts ignore
 * runAdminSetter(ctx, { kind: "root" }, "sudo_set_tempo", 1, 20n);
 * ```
 */
export function runAdminSetter(
  ctx: PalletContext,
  origin: AdminOrigin,
  call: string,
  netuid: number,
  value: bigint | boolean,
): void {
  const setter = ADMIN_SETTERS[call];
  if (!setter) throw new RangeError(`AdminUtils.${call} is not implemented by the devnet`);
  const st = ctx.store;
  if (origin.kind !== "root") {
    const ownerOk = setter.owner && setter.perSubnet && origin.kind === "signed" &&
      st.get(S.NetworksAdded, netuid) && sameAccount(st.get(S.SubnetOwner, netuid), origin.who);
    if (!ownerOk) throw badOrigin(`AdminUtils.${call} needs ${setter.owner ? "the subnet owner or " : ""}root`);
  }
  if (setter.perSubnet && !st.get(S.NetworksAdded, netuid)) {
    throw adminError("SubnetDoesNotExist", `netuid ${netuid} does not exist`);
  }
  if (setter.perSubnet) ensureAdminCall(ctx, { kind: "root" }, call, netuid, { owner: false, freeze: setter.freeze });
  setter.apply(ctx, netuid, value);
}
