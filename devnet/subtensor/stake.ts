/**
 * Stake in the dTAO model, as far as metagraphs need it: TAO staked to a hotkey on a subnet is swapped
 * into the subnet's alpha and held as shares of the hotkey's pool (`TotalHotkeyAlpha`,
 * `TotalHotkeyShares`, `Alpha`; spec `chain.md` §2.2). Subnets with `SubnetMechanism` 0 (stable, like
 * the default genesis subnet) swap 1:1; dynamic subnets (1) swap on a constant-product pool with
 * subtensor's swap fee (`pool.ts`), and `add_stake_limit` / `remove_stake_limit` honour `limit_price` and
 * `allow_partial` (`staking/stake_utils.rs`).
 *
 * @module
 */
import type { PalletContext } from "./context.ts";
import { subtensorError } from "./dispatch_error.ts";
import { S } from "./items.ts";
import { hotkeyAccountExists, subnetExists } from "./neurons.ts";
import { maxAmountAdd, maxAmountRemove, type PoolReserves, quoteSwap, type SwapQuote } from "./pool.ts";
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

/** The subnet's pool reserves (`SubnetTAO`, `SubnetAlphaIn`); root and stable subnets are 1:1. */
export function poolOf(st: TypedStore, netuid: number): PoolReserves {
  return {
    tao: st.get(S.SubnetTAO, netuid),
    alpha: st.get(S.SubnetAlphaIn, netuid),
    dynamic: netuid !== 0 && st.get(S.SubnetMechanism, netuid) === 1,
  };
}

/** Swaps `tao` into alpha on the subnet's pool (fee included) and updates the reserves. */
export function swapTaoForAlpha(st: TypedStore, netuid: number, tao: bigint): SwapQuote {
  const pool = poolOf(st, netuid);
  const q = quoteSwap(pool, tao, true);
  if (pool.dynamic) st.put(S.SubnetAlphaIn, [netuid], pool.alpha - q.paidOut);
  st.mutate(S.SubnetTAO, [netuid], (t) => t + tao);
  st.mutate(S.SubnetAlphaOut, [netuid], (a) => a + q.paidOut);
  st.mutate(S.SubnetVolume, [netuid], (v) => v + tao);
  return q;
}

/** Swaps `alpha` back into TAO on the subnet's pool (fee included); returns the quote paid. */
export function swapAlphaForTao(st: TypedStore, netuid: number, alpha: bigint): SwapQuote {
  const pool = poolOf(st, netuid);
  const q = quoteSwap(pool, alpha, false);
  if (pool.dynamic) st.put(S.SubnetAlphaIn, [netuid], pool.alpha + alpha);
  st.put(S.SubnetTAO, [netuid], pool.tao - q.paidOut);
  st.mutate(S.SubnetAlphaOut, [netuid], (a) => (a > alpha ? a - alpha : 0n));
  st.mutate(S.SubnetVolume, [netuid], (v) => v + q.paidOut);
  return q;
}

/** The arguments of `add_stake` / `remove_stake` and their `_limit` forms. */
export interface StakeArgs {
  /** The hotkey to stake to. */
  hotkey: Uint8Array;
  /** Subnet. */
  netuid: number;
  /** RAO of TAO to stake (`add_stake`) or of alpha to unstake (`remove_stake`). */
  amount: bigint;
  /** `limit_price` of the `_limit` calls: RAO of TAO per alpha the trade may not pass. */
  limitPrice?: bigint;
  /** `allow_partial`: trade what fits under the limit instead of failing with `SlippageTooHigh`. */
  allowPartial?: boolean;
}

/**
 * `SubtensorModule.add_stake` / `add_stake_limit`, signed by the coldkey, in subtensor's order:
 * `ZeroMaxStakeAmount` (limit below the price), `SubnetNotExists`, `SubtokenDisabled`, `AmountTooLow`
 * (below the minimum stake plus its swap fee), `SlippageTooHigh` (over the limit without `allowPartial`),
 * `NotEnoughBalanceToStake`, `HotKeyAccountNotExists`, `InsufficientLiquidity`; then swaps the TAO (or
 * the part under the limit) into the pool and credits the bought alpha. Returns the alpha.
 *
 * @example
 * ```ts ignore
 * addStake(ctx, coldkey, { hotkey, netuid: 1, amount: 10_000_000_000n, limitPrice: 1_100_000_000n });
 * ```
 */
export function addStake(ctx: PalletContext, coldkey: Uint8Array, args: StakeArgs): bigint {
  const { store: st } = ctx;
  const { hotkey, netuid } = args;
  let amount = args.amount;
  const pool = poolOf(st, netuid);
  const max = args.limitPrice === undefined ? U64_MAX : maxAmountAdd(pool, args.limitPrice);
  if (max === 0n) {
    throw subtensorError("ZeroMaxStakeAmount", `limit price ${args.limitPrice} RAO/alpha is below the pool's price`);
  }
  if (!subnetExists(st, netuid)) throw subtensorError("SubnetNotExists", `netuid ${netuid} does not exist`);
  if (!st.get(S.SubtokenEnabled, netuid)) {
    throw subtensorError("SubtokenDisabled", `netuid ${netuid} is not started: its owner must call start_call`);
  }
  const minAmount = MIN_STAKE_RAO + quoteSwap(pool, MIN_STAKE_RAO, true).fee;
  if (amount < minAmount) {
    throw subtensorError("AmountTooLow", `${amount} RAO < ${minAmount} (minimum stake plus its swap fee)`);
  }
  if (amount > max) {
    if (!args.allowPartial) {
      throw subtensorError("SlippageTooHigh", `${amount} RAO would move the price past the limit; at most ${max} fits`);
    }
    amount = max;
  }
  const free = ctx.balances.free(coldkey);
  if (free < amount) throw subtensorError("NotEnoughBalanceToStake", `free balance ${free} RAO < ${amount}`);
  if (!hotkeyAccountExists(st, hotkey)) {
    throw subtensorError("HotKeyAccountNotExists", "the hotkey has no owner: register it first");
  }
  const sim = quoteSwap(pool, amount, true);
  if (sim.paidIn < MIN_STAKE_RAO) throw subtensorError("AmountTooLow", `${sim.paidIn} RAO < ${MIN_STAKE_RAO}`);
  if (sim.paidOut === 0n) throw subtensorError("InsufficientLiquidity", "the pool would pay out no alpha");
  ctx.balances.withdraw(coldkey, amount);
  const q = swapTaoForAlpha(st, netuid, amount);
  increaseStake(st, hotkey, coldkey, netuid, q.paidOut);
  st.mutate(S.TotalStake, [], (t) => t + amount);
  const staking = st.get(S.StakingHotkeys, coldkey);
  if (!staking.some((h) => h.every((b, i) => b === hotkey[i]))) {
    st.put(S.StakingHotkeys, [coldkey], [...staking, hotkey]);
  }
  ctx.emit("SubtensorModule", "StakeAdded", [coldkey, hotkey, amount, q.paidOut, netuid, q.fee]);
  return q.paidOut;
}

/**
 * `SubtensorModule.remove_stake` / `remove_stake_limit`, signed by the coldkey: `amount` is alpha, cut to
 * what fits above `limitPrice`. Checks `ZeroMaxStakeAmount`, `SubnetNotExists`, `AmountTooLow` (zero),
 * `NotEnoughStakeToWithdraw`, `AmountTooLow` (under the minimum in TAO unless everything is withdrawn),
 * `SlippageTooHigh`, `HotKeyAccountNotExists`; then sells the alpha for TAO. Returns the TAO.
 *
 * @example
 * ```ts ignore
 * removeStake(ctx, coldkey, { hotkey, netuid: 1, amount: 5_000_000_000n });
 * ```
 */
export function removeStake(ctx: PalletContext, coldkey: Uint8Array, args: StakeArgs): bigint {
  const { store: st } = ctx;
  const { hotkey, netuid } = args;
  const pool = poolOf(st, netuid);
  const max = args.limitPrice === undefined ? U64_MAX : maxAmountRemove(pool, args.limitPrice);
  if (max === 0n) {
    throw subtensorError("ZeroMaxStakeAmount", `limit price ${args.limitPrice} RAO/alpha is above the pool's price`);
  }
  const amount = args.amount < max ? args.amount : max;
  if (!subnetExists(st, netuid)) throw subtensorError("SubnetNotExists", `netuid ${netuid} does not exist`);
  if (amount === 0n) throw subtensorError("AmountTooLow", "cannot unstake 0");
  const held = stakeOf(st, hotkey, coldkey, netuid);
  if (held < amount) throw subtensorError("NotEnoughStakeToWithdraw", `stake ${held} < ${amount}`);
  const out = quoteSwap(pool, amount, false).paidOut;
  if (held > amount && out < MIN_STAKE_RAO) {
    throw subtensorError("AmountTooLow", `${out} RAO < ${MIN_STAKE_RAO} and stake would remain`);
  }
  if (!args.allowPartial && args.amount > max) {
    throw subtensorError("SlippageTooHigh", `${args.amount} alpha would move the price past the limit; ${max} fits`);
  }
  if (!hotkeyAccountExists(st, hotkey)) throw subtensorError("HotKeyAccountNotExists", "the hotkey has no owner");
  decreaseStake(st, hotkey, coldkey, netuid, amount);
  const q = swapAlphaForTao(st, netuid, amount);
  ctx.balances.deposit(coldkey, q.paidOut);
  st.mutate(S.TotalStake, [], (t) => (t > q.paidOut ? t - q.paidOut : 0n));
  ctx.emit("SubtensorModule", "StakeRemoved", [coldkey, hotkey, q.paidOut, amount, netuid, q.fee]);
  return q.paidOut;
}
