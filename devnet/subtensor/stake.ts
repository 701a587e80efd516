/**
 * Stake in the dTAO model, as far as metagraphs need it: TAO staked to a hotkey on a subnet is swapped
 * into the subnet's alpha and held as shares of the hotkey's pool (`TotalHotkeyAlpha`,
 * `TotalHotkeyShares`, `Alpha`; spec `chain.md` §2.2). Subnets with `SubnetMechanism` 0 (stable, like
 * the genesis subnet) swap 1:1; dynamic subnets (1) swap on a constant-product pool without fees.
 *
 * @module
 */
import type { PalletContext } from "./context.ts";
import { subtensorError } from "./dispatch_error.ts";
import { S } from "./items.ts";
import { hotkeyAccountExists, subnetExists } from "./neurons.ts";
import type { TypedStore } from "./store.ts";

/** The smallest stake operation in RAO (`DefaultMinStake`, 0.002 TAO). */
export const MIN_STAKE_RAO = 2_000_000n;

const U64_MAX = (1n << 64n) - 1n;
const SHARE_ONE = 1n << 64n; // U64F64 scale

/** The alpha staked to `hotkey` on `netuid` (`TotalHotkeyAlpha`). */
export function hotkeyAlpha(st: TypedStore, hotkey: Uint8Array, netuid: number): bigint {
  return st.get(S.TotalHotkeyAlpha, hotkey, netuid);
}

/**
 * The stake the epoch and weight checks use (`get_stake_weights_for_network`, no child keys):
 * `alpha + root_tao · TaoWeight / u64::MAX`, floored.
 */
export function weightStake(st: TypedStore, netuid: number, hotkey: Uint8Array): bigint {
  const alpha = hotkeyAlpha(st, hotkey, netuid);
  const tao = netuid === 0 ? 0n : hotkeyAlpha(st, hotkey, 0);
  return alpha + (tao * st.get(S.TaoWeight)) / U64_MAX;
}

/** The alpha `coldkey` holds in `hotkey`'s pool on `netuid`: `shares / total_shares × TotalHotkeyAlpha`. */
export function stakeOf(st: TypedStore, hotkey: Uint8Array, coldkey: Uint8Array, netuid: number): bigint {
  const shares = st.get(S.Alpha, hotkey, coldkey, netuid);
  if (shares === 0n) return 0n;
  const total = st.get(S.TotalHotkeyShares, hotkey, netuid);
  if (total === 0n) return 0n;
  return (shares * hotkeyAlpha(st, hotkey, netuid)) / total;
}

/** Adds `alpha` to `hotkey`'s pool as `coldkey`'s shares. */
export function increaseStake(
  st: TypedStore,
  hotkey: Uint8Array,
  coldkey: Uint8Array,
  netuid: number,
  alpha: bigint,
): void {
  if (alpha <= 0n) return;
  const totalAlpha = hotkeyAlpha(st, hotkey, netuid);
  const totalShares = st.get(S.TotalHotkeyShares, hotkey, netuid);
  const added = totalShares === 0n || totalAlpha === 0n ? alpha * SHARE_ONE : (alpha * totalShares) / totalAlpha;
  if (totalShares !== 0n && totalAlpha === 0n) {
    // A pool whose value went to zero restarts: old shares are worthless.
    st.put(S.TotalHotkeyShares, [hotkey, netuid], added);
  } else {
    st.put(S.TotalHotkeyShares, [hotkey, netuid], totalShares + added);
  }
  st.mutate(S.Alpha, [hotkey, coldkey, netuid], (s) => s + added);
  st.put(S.TotalHotkeyAlpha, [hotkey, netuid], totalAlpha + alpha);
}

/** Removes `alpha` of `coldkey`'s stake from `hotkey`'s pool (all of it when `alpha` is its whole stake). */
export function decreaseStake(
  st: TypedStore,
  hotkey: Uint8Array,
  coldkey: Uint8Array,
  netuid: number,
  alpha: bigint,
): void {
  const totalAlpha = hotkeyAlpha(st, hotkey, netuid);
  const totalShares = st.get(S.TotalHotkeyShares, hotkey, netuid);
  const shares = st.get(S.Alpha, hotkey, coldkey, netuid);
  const held = stakeOf(st, hotkey, coldkey, netuid);
  let removed = held <= alpha ? shares : (alpha * totalShares + totalAlpha - 1n) / totalAlpha;
  if (removed > shares) removed = shares;
  st.put(S.Alpha, [hotkey, coldkey, netuid], shares - removed);
  st.put(S.TotalHotkeyShares, [hotkey, netuid], totalShares - removed);
  st.put(S.TotalHotkeyAlpha, [hotkey, netuid], totalAlpha > alpha ? totalAlpha - alpha : 0n);
}

/** Credits emission to a hotkey's pool without new shares (every holder's stake grows). */
export function creditHotkeyAlpha(
  st: TypedStore,
  hotkey: Uint8Array,
  coldkey: Uint8Array,
  netuid: number,
  alpha: bigint,
): void {
  if (alpha <= 0n) return;
  if (st.get(S.TotalHotkeyShares, hotkey, netuid) === 0n) return increaseStake(st, hotkey, coldkey, netuid, alpha);
  st.mutate(S.TotalHotkeyAlpha, [hotkey, netuid], (a) => a + alpha);
}

/** Swaps `tao` into alpha on the subnet's pool and updates the reserves; returns the alpha bought. */
export function swapTaoForAlpha(st: TypedStore, netuid: number, tao: bigint): bigint {
  let alpha: bigint;
  if (st.get(S.SubnetMechanism, netuid) === 0) {
    alpha = tao;
  } else {
    const taoIn = st.get(S.SubnetTAO, netuid);
    const alphaIn = st.get(S.SubnetAlphaIn, netuid);
    alpha = taoIn + tao === 0n ? 0n : (alphaIn * tao) / (taoIn + tao);
    st.put(S.SubnetAlphaIn, [netuid], alphaIn - alpha);
  }
  st.mutate(S.SubnetTAO, [netuid], (t) => t + tao);
  st.mutate(S.SubnetAlphaOut, [netuid], (a) => a + alpha);
  st.mutate(S.SubnetVolume, [netuid], (v) => v + tao);
  return alpha;
}

/** Swaps `alpha` back into TAO on the subnet's pool; returns the TAO paid out. */
export function swapAlphaForTao(st: TypedStore, netuid: number, alpha: bigint): bigint {
  const taoIn = st.get(S.SubnetTAO, netuid);
  let tao: bigint;
  if (st.get(S.SubnetMechanism, netuid) === 0) {
    tao = alpha < taoIn ? alpha : taoIn;
  } else {
    const alphaIn = st.get(S.SubnetAlphaIn, netuid);
    tao = alphaIn + alpha === 0n ? 0n : (taoIn * alpha) / (alphaIn + alpha);
    st.put(S.SubnetAlphaIn, [netuid], alphaIn + alpha);
  }
  st.put(S.SubnetTAO, [netuid], taoIn - tao);
  st.mutate(S.SubnetAlphaOut, [netuid], (a) => (a > alpha ? a - alpha : 0n));
  st.mutate(S.SubnetVolume, [netuid], (v) => v + tao);
  return tao;
}

/** The arguments of `add_stake` / `remove_stake`. */
export interface StakeArgs {
  /** The hotkey to stake to. */
  hotkey: Uint8Array;
  /** Subnet. */
  netuid: number;
  /** RAO of TAO to stake (`add_stake`) or of alpha to unstake (`remove_stake`). */
  amount: bigint;
}

/**
 * `SubtensorModule.add_stake` (call 2), signed by the coldkey: checks in subtensor's order
 * (`SubnetNotExists`, `SubtokenDisabled`, `AmountTooLow`, `NotEnoughBalanceToStake`,
 * `HotKeyAccountNotExists`), then moves the TAO into the pool and credits the bought alpha.
 *
 * @example
 * ```ts ignore
 * addStake(ctx, coldkey, { hotkey, netuid: 1, amount: 10_000_000_000n });
 * ```
 */
export function addStake(ctx: PalletContext, coldkey: Uint8Array, args: StakeArgs): bigint {
  const { store: st } = ctx;
  const { hotkey, netuid, amount } = args;
  if (!subnetExists(st, netuid)) throw subtensorError("SubnetNotExists", `netuid ${netuid} does not exist`);
  if (!st.get(S.SubtokenEnabled, netuid)) {
    throw subtensorError("SubtokenDisabled", `netuid ${netuid} is not started: its owner must call start_call`);
  }
  if (amount < MIN_STAKE_RAO) throw subtensorError("AmountTooLow", `${amount} RAO < ${MIN_STAKE_RAO}`);
  const free = ctx.balances.free(coldkey);
  if (free < amount) throw subtensorError("NotEnoughBalanceToStake", `free balance ${free} RAO < ${amount}`);
  if (!hotkeyAccountExists(st, hotkey)) {
    throw subtensorError("HotKeyAccountNotExists", "the hotkey has no owner: register it first");
  }
  ctx.balances.withdraw(coldkey, amount);
  const alpha = swapTaoForAlpha(st, netuid, amount);
  increaseStake(st, hotkey, coldkey, netuid, alpha);
  st.mutate(S.TotalStake, [], (t) => t + amount);
  const staking = st.get(S.StakingHotkeys, coldkey);
  if (!staking.some((h) => h.every((b, i) => b === hotkey[i]))) {
    st.put(S.StakingHotkeys, [coldkey], [...staking, hotkey]);
  }
  ctx.emit("SubtensorModule", "StakeAdded", [coldkey, hotkey, amount, alpha, netuid, 0n]);
  return alpha;
}

/**
 * `SubtensorModule.remove_stake` (call 3), signed by the coldkey: `amount` is alpha. Checks
 * `SubnetNotExists`, `AmountTooLow` (zero), `NotEnoughStakeToWithdraw`, `AmountTooLow` (below the
 * minimum unless everything is withdrawn), `HotKeyAccountNotExists`; then sells the alpha for TAO.
 *
 * @example
 * ```ts ignore
 * removeStake(ctx, coldkey, { hotkey, netuid: 1, amount: 5_000_000_000n });
 * ```
 */
export function removeStake(ctx: PalletContext, coldkey: Uint8Array, args: StakeArgs): bigint {
  const { store: st } = ctx;
  const { hotkey, netuid, amount } = args;
  if (!subnetExists(st, netuid)) throw subtensorError("SubnetNotExists", `netuid ${netuid} does not exist`);
  if (amount === 0n) throw subtensorError("AmountTooLow", "cannot unstake 0");
  const held = stakeOf(st, hotkey, coldkey, netuid);
  if (held < amount) throw subtensorError("NotEnoughStakeToWithdraw", `stake ${held} < ${amount}`);
  if (held > amount && amount < MIN_STAKE_RAO) {
    throw subtensorError("AmountTooLow", `${amount} < ${MIN_STAKE_RAO} and stake would remain`);
  }
  if (!hotkeyAccountExists(st, hotkey)) throw subtensorError("HotKeyAccountNotExists", "the hotkey has no owner");
  decreaseStake(st, hotkey, coldkey, netuid, amount);
  const tao = swapAlphaForTao(st, netuid, amount);
  ctx.balances.deposit(coldkey, tao);
  st.mutate(S.TotalStake, [], (t) => (t > tao ? t - tao : 0n));
  ctx.emit("SubtensorModule", "StakeRemoved", [coldkey, hotkey, tao, amount, netuid, 0n]);
  return tao;
}
