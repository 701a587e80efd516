/**
 * Incentive mechanisms of a subnet as the served runtime (spec 343) keeps them (subtensor
 * `subnets/mechanism.rs`): `MechanismCountCurrent` and `MechanismEmissionSplit` per subnet, and the
 * storage index `netuid + mecid · 4096` under which `Weights`, `Bonds`, `Incentive`, `LastUpdate`,
 * `WeightCommits` and `TimelockedWeightCommits` are kept per mechanism (mechanism 0's index is the netuid).
 *
 * @module
 */
import type { PalletContext } from "./context.ts";
import { subtensorError } from "./dispatch_error.ts";
import { S } from "./items.ts";
import type { TypedStore } from "./store.ts";

const subnetExists = (st: TypedStore, netuid: number): boolean => st.get(S.NetworksAdded, netuid);

/** `GLOBAL_MAX_SUBNET_COUNT`: the stride of the mechanism storage index. */
export const GLOBAL_MAX_SUBNET_COUNT = 4096;
/** `MAX_MECHANISM_COUNT_PER_SUBNET`: what the index arithmetic allows. */
export const MAX_MECHANISM_COUNT_PER_SUBNET = 16;
/** `MaxMechanismCount` of spec 343 (a constant there; a storage value from spec 344 on). */
export const MAX_MECHANISM_COUNT = 2;

/**
 * `get_mechanism_storage_index`: `mecid · 4096 + netuid`, saturating at 65535.
 *
 * @example
 * ```ts
 * import { mechanismIndex } from "./mechanism.ts";
 * console.assert(mechanismIndex(3, 0) === 3 && mechanismIndex(3, 1) === 4099);
 * ```
 */
export function mechanismIndex(netuid: number, mecid: number): number {
  return Math.min(65535, mecid * GLOBAL_MAX_SUBNET_COUNT + netuid);
}

/** `MechanismCountCurrent` of the subnet (1 unless set). */
export function mechanismCount(st: TypedStore, netuid: number): number {
  return st.get(S.MechanismCountCurrent, netuid);
}

/** The storage indexes of every current mechanism of the subnet, mechanism 0 first. */
export function mechanismIndexes(st: TypedStore, netuid: number): number[] {
  return Array.from({ length: mechanismCount(st, netuid) }, (_, m) => mechanismIndex(netuid, m));
}

/** `ensure_mechanism_exists`: throws `MechanismDoesNotExist` unless the subnet exists and `mecid` is below its count. */
export function ensureMechanismExists(st: TypedStore, netuid: number, mecid: number): void {
  if (!subnetExists(st, netuid)) throw subtensorError("MechanismDoesNotExist", `netuid ${netuid} does not exist`);
  const count = mechanismCount(st, netuid);
  if (mecid >= count) {
    throw subtensorError(
      "MechanismDoesNotExist",
      `netuid ${netuid} has ${count} mechanism(s); mecid ${mecid} is not one`,
    );
  }
}

/**
 * `do_set_mechanism_count`: 1 ≤ count ≤ `MaxMechanismCount` (`InvalidValue` otherwise). A smaller count
 * clears the dropped mechanisms' weights, bonds, incentive, last updates and commits; any change resets
 * the emission split to even.
 *
 * @example
 * ```ts ignore
 * setMechanismCount(ctx, 1, 2);
 * ```
 */
export function setMechanismCount(ctx: PalletContext, netuid: number, count: number): void {
  const st = ctx.store;
  if (!subnetExists(st, netuid)) throw subtensorError("MechanismDoesNotExist", `netuid ${netuid} does not exist`);
  if (count < 1) throw subtensorError("InvalidValue", "the mechanism count cannot be 0");
  if (count > MAX_MECHANISM_COUNT || count > MAX_MECHANISM_COUNT_PER_SUBNET) {
    throw subtensorError("InvalidValue", `mechanism count ${count} above MaxMechanismCount ${MAX_MECHANISM_COUNT}`);
  }
  const old = mechanismCount(st, netuid);
  if (old === count) return;
  for (let mecid = count; mecid < old; mecid++) clearMechanism(st, mechanismIndex(netuid, mecid));
  st.put(S.MechanismCountCurrent, [netuid], count);
  st.remove(S.MechanismEmissionSplit, netuid);
}

function clearMechanism(st: TypedStore, index: number): void {
  for (const item of [S.Weights, S.Bonds]) {
    for (const [, uid] of st.keysOf(item).filter(([i]) => i === index)) st.remove(item, index, uid);
  }
  for (const [, who] of st.keysOf(S.WeightCommits).filter(([i]) => i === index)) st.remove(S.WeightCommits, index, who);
  for (const [, epoch] of st.keysOf(S.TimelockedWeightCommits).filter(([i]) => i === index)) {
    st.remove(S.TimelockedWeightCommits, index, epoch);
  }
  st.remove(S.Incentive, index);
  st.remove(S.LastUpdate, index);
}

/**
 * `do_set_emission_split`: `undefined` clears the split (even); otherwise 1 to `count` u16 shares that
 * sum to exactly 65535 (`InvalidValue` otherwise).
 *
 * @example
 * ```ts ignore
 * setEmissionSplit(ctx, 1, [19660, 45875]); // 30 % / 70 %
 * ```
 */
export function setEmissionSplit(ctx: PalletContext, netuid: number, split: readonly number[] | undefined): void {
  const st = ctx.store;
  if (!subnetExists(st, netuid)) throw subtensorError("MechanismDoesNotExist", `netuid ${netuid} does not exist`);
  if (split === undefined) {
    st.remove(S.MechanismEmissionSplit, netuid);
    return;
  }
  const count = mechanismCount(st, netuid);
  if (split.length === 0 || split.length > count) {
    throw subtensorError("InvalidValue", `${split.length} shares for ${count} mechanism(s)`);
  }
  const sum = split.reduce((a, b) => a + b, 0);
  if (sum !== 65535) throw subtensorError("InvalidValue", `the shares sum to ${sum}, not 65535`);
  st.put(S.MechanismEmissionSplit, [netuid], [...split]);
}
