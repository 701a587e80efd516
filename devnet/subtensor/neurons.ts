/**
 * Subnet membership: uid lookups, hotkey ownership, appending and replacing neurons (subtensor
 * `subnets/uids.rs`, `staking/helpers.rs`; spec `chain.md` §4.4).
 *
 * @module
 */
import { S, ZERO_ACCOUNT } from "./items.ts";
import { mechanismIndexes } from "./mechanism.ts";
import type { TypedStore } from "./store.ts";

/** Whether the subnet exists (`NetworksAdded`). */
export function subnetExists(st: TypedStore, netuid: number): boolean {
  return st.get(S.NetworksAdded, netuid);
}

/** Every added netuid (root included), ascending; netuids may have gaps (the genesis subnet is configurable). */
export function addedNetuids(st: TypedStore): number[] {
  return st.keysOf(S.NetworksAdded).map(([n]) => n).filter((n) => st.get(S.NetworksAdded, n)).sort((a, b) => a - b);
}

/** The uid of `hotkey` on the subnet, if registered. */
export function uidOf(st: TypedStore, netuid: number, hotkey: Uint8Array): number | undefined {
  return st.get(S.Uids, netuid, hotkey);
}

/** Whether `uid` has a hotkey on the subnet (`Keys` contains it). */
export function uidExists(st: TypedStore, netuid: number, uid: number): boolean {
  return st.has(S.Keys, netuid, uid);
}

/** The uid of `SubnetOwnerHotkey`, if that hotkey is registered on the subnet. */
export function ownerUid(st: TypedStore, netuid: number): number | undefined {
  if (!st.has(S.SubnetOwnerHotkey, netuid)) return undefined;
  return uidOf(st, netuid, st.get(S.SubnetOwnerHotkey, netuid));
}

/** Whether the hotkey has an owning coldkey (`Owner` is set). */
export function hotkeyAccountExists(st: TypedStore, hotkey: Uint8Array): boolean {
  return st.has(S.Owner, hotkey);
}

/** The coldkey owning `hotkey` (the zero account when none). */
export function owningColdkey(st: TypedStore, hotkey: Uint8Array): Uint8Array {
  return st.get(S.Owner, hotkey);
}

/** Equality of two 32-byte accounts. */
export function sameAccount(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether `b` is in the list. */
function includesAccount(list: readonly Uint8Array[], b: Uint8Array): boolean {
  return list.some((a) => sameAccount(a, b));
}

/** Pairs a new hotkey with `coldkey` (`create_account_if_non_existent`); an owned hotkey is left alone. */
export function createAccountIfNonExistent(st: TypedStore, coldkey: Uint8Array, hotkey: Uint8Array): void {
  if (hotkeyAccountExists(st, hotkey)) return;
  st.put(S.Owner, [hotkey], coldkey);
  const owned = st.get(S.OwnedHotkeys, coldkey);
  if (!includesAccount(owned, hotkey)) st.put(S.OwnedHotkeys, [coldkey], [...owned, hotkey]);
  const staking = st.get(S.StakingHotkeys, coldkey);
  if (!includesAccount(staking, hotkey)) st.put(S.StakingHotkeys, [coldkey], [...staking, hotkey]);
}

/** Whether `coldkey` owns `hotkey`. */
export function coldkeyOwnsHotkey(st: TypedStore, coldkey: Uint8Array, hotkey: Uint8Array): boolean {
  return hotkeyAccountExists(st, hotkey) && sameAccount(owningColdkey(st, hotkey), coldkey);
}

function pushed<T>(list: T[], value: T): T[] {
  list.push(value);
  return list;
}

/**
 * Appends `hotkey` as uid `SubnetworkN` (`append_neuron`): vectors grow, and on every mechanism
 * `Incentive` grows and `LastUpdate` = registration block.
 */
export function appendNeuron(st: TypedStore, netuid: number, hotkey: Uint8Array, block: number): number {
  const uid = st.get(S.SubnetworkN, netuid);
  st.put(S.SubnetworkN, [netuid], uid + 1);
  st.mutate(S.Active, [netuid], (v) => pushed(v, true));
  st.mutate(S.Emission, [netuid], (v) => pushed(v, 0n));
  st.mutate(S.Consensus, [netuid], (v) => pushed(v, 0));
  for (const index of mechanismIndexes(st, netuid)) {
    st.mutate(S.Incentive, [index], (v) => pushed(v, 0));
    st.mutate(S.LastUpdate, [index], (v) => setAt(v, uid, BigInt(block), 0n));
  }
  st.mutate(S.Dividends, [netuid], (v) => pushed(v, 0));
  st.mutate(S.ValidatorTrust, [netuid], (v) => pushed(v, 0));
  st.mutate(S.ValidatorPermit, [netuid], (v) => pushed(v, false));
  st.put(S.Keys, [netuid, uid], hotkey);
  st.put(S.Uids, [netuid, hotkey], uid);
  st.put(S.BlockAtRegistration, [netuid, uid], BigInt(block));
  st.put(S.IsNetworkMember, [hotkey, netuid], true);
  return uid;
}

/** Sets `v[i] = value`, padding with `fill` (subtensor's `set_last_update_for_uid` pads with 0). */
export function setAt<T>(v: T[], i: number, value: T, fill: T): T[] {
  while (v.length <= i) v.push(fill);
  v[i] = value;
  return v;
}

/**
 * Replaces the neuron at `uid` with `hotkey` (`replace_neuron`): the old hotkey's axon, prometheus and
 * per-uid terms are cleared and, on every mechanism, its weights and bonds rows removed and every other
 * row's weight to `uid` set to 0.
 */
export function replaceNeuron(st: TypedStore, netuid: number, uid: number, hotkey: Uint8Array, block: number): void {
  const old = st.get(S.Keys, netuid, uid);
  st.remove(S.Uids, netuid, old);
  st.remove(S.IsNetworkMember, old, netuid);
  st.remove(S.Axons, netuid, old);
  st.remove(S.Prometheus, netuid, old);
  st.put(S.Keys, [netuid, uid], hotkey);
  st.put(S.Uids, [netuid, hotkey], uid);
  st.put(S.IsNetworkMember, [hotkey, netuid], true);
  st.put(S.BlockAtRegistration, [netuid, uid], BigInt(block));
  st.mutate(S.Emission, [netuid], (v) => setAt(v, uid, 0n, 0n));
  const zeroAt = (item: typeof S.Consensus, key: number) => {
    if (st.has(item, key)) st.mutate(item, [key], (v) => (uid < v.length ? setAt(v, uid, 0, 0) : v));
  };
  for (const item of [S.Consensus, S.Dividends, S.ValidatorTrust, S.StakeWeight]) zeroAt(item, netuid);
  st.mutate(S.ValidatorPermit, [netuid], (v) => (uid < v.length ? setAt(v, uid, false, false) : v));
  const n = st.get(S.SubnetworkN, netuid);
  for (const index of mechanismIndexes(st, netuid)) {
    zeroAt(S.Incentive, index);
    st.mutate(S.LastUpdate, [index], (v) => setAt(v, uid, BigInt(block), 0n));
    st.remove(S.Weights, index, uid);
    st.remove(S.Bonds, index, uid);
    for (let i = 0; i < n; i++) {
      if (i === uid) continue;
      const row = st.get(S.Weights, index, i);
      if (row.some(([d]) => d === uid)) {
        st.put(S.Weights, [index, i], row.map(([d, w]) => [d, d === uid ? 0 : w] as [number, number]));
      }
    }
  }
}

/**
 * The uid a full subnet replaces (`get_neuron_to_prune`, spec §4.4): never the owner's immune hotkeys;
 * the lowest `Emission`, then the older registration, then the lower uid; non-immune uids first while
 * more than `MinNonImmuneUids` (10) of them exist.
 */
export function neuronToPrune(st: TypedStore, netuid: number, block: number): number | undefined {
  const n = st.get(S.SubnetworkN, netuid);
  const emission = st.get(S.Emission, netuid);
  const immunity = BigInt(st.get(S.ImmunityPeriod, netuid));
  const ownerHot = st.has(S.SubnetOwnerHotkey, netuid) ? st.get(S.SubnetOwnerHotkey, netuid) : ZERO_ACCOUNT;
  const ownerCold = st.get(S.SubnetOwner, netuid);
  const immuneOwned = new Set<number>();
  const limit = st.get(S.ImmuneOwnerUidsLimit, netuid);
  const ownerUidNow = uidOf(st, netuid, ownerHot);
  if (ownerUidNow !== undefined) immuneOwned.add(ownerUidNow);
  for (const hk of st.get(S.OwnedHotkeys, ownerCold)) {
    if (immuneOwned.size >= limit + (ownerUidNow === undefined ? 0 : 1)) break;
    const u = uidOf(st, netuid, hk);
    if (u !== undefined) immuneOwned.add(u);
  }
  type Cand = { uid: number; emission: bigint; reg: bigint; immune: boolean };
  const cands: Cand[] = [];
  for (let uid = 0; uid < n; uid++) {
    if (immuneOwned.has(uid)) continue;
    const reg = st.get(S.BlockAtRegistration, netuid, uid);
    cands.push({ uid, emission: emission[uid] ?? 0n, reg, immune: BigInt(block) - reg < immunity });
  }
  const better = (a: Cand, b: Cand): boolean =>
    a.emission !== b.emission ? a.emission < b.emission : a.reg !== b.reg ? a.reg < b.reg : a.uid < b.uid;
  const pick = (list: Cand[]): number | undefined => {
    let best: Cand | undefined;
    for (const c of list) if (best === undefined || better(c, best)) best = c;
    return best?.uid;
  };
  const nonImmune = cands.filter((c) => !c.immune);
  if (nonImmune.length > 10) return pick(nonImmune);
  return pick(cands);
}
