/**
 * Stake moves operators use (spec 343 `staking/move_stake.rs`, `remove_stake.rs`): `unstake_all` (every
 * started subnet's stake of a coldkey on a hotkey back to TAO), `move_stake` (to another hotkey and/or
 * subnet) and `transfer_stake` (to another coldkey). Within one subnet stake moves as alpha with no
 * swap; across subnets it is sold on the origin pool and bought on the destination pool (with fees).
 *
 * @module
 */
import type { PalletContext } from "./context.ts";
import { subtensorError } from "./dispatch_error.ts";
import { S } from "./items.ts";
import { hotkeyAccountExists, sameAccount, subnetExists } from "./neurons.ts";
import { quoteSwap } from "./pool.ts";
import {
  decreaseStake,
  increaseStake,
  MIN_STAKE_RAO,
  poolOf,
  removeStake,
  stakeOf,
  swapAlphaForTao,
  swapTaoForAlpha,
} from "./stake.ts";

/** A stake transition: from `(originHotkey, originNetuid)` of the signer to `(destination…)`. */
export interface StakeTransition {
  /** Hotkey the stake is on. */
  originHotkey: Uint8Array;
  /** Hotkey it goes to. */
  destinationHotkey: Uint8Array;
  /** Subnet it is on. */
  originNetuid: number;
  /** Subnet it goes to. */
  destinationNetuid: number;
  /** Alpha (RAO) to move. */
  alpha: bigint;
  /** Coldkey that will own it (the signer for `move_stake`). */
  destinationColdkey: Uint8Array;
}

/**
 * `validate_stake_transition` and the move (`transition_stake_internal`): `SubnetNotExists`,
 * `SubtokenDisabled`, `HotKeyAccountNotExists`, `NotEnoughStakeToWithdraw`, `AmountTooLow` (worth under
 * the minimum stake in TAO); then the alpha moves. Returns the TAO equivalent moved.
 */
export function transitionStake(ctx: PalletContext, coldkey: Uint8Array, t: StakeTransition): bigint {
  const st = ctx.store;
  for (const n of [t.originNetuid, t.destinationNetuid]) {
    if (!subnetExists(st, n)) throw subtensorError("SubnetNotExists", `netuid ${n} does not exist`);
  }
  for (const n of [t.originNetuid, t.destinationNetuid]) {
    if (!st.get(S.SubtokenEnabled, n)) throw subtensorError("SubtokenDisabled", `netuid ${n} is not started`);
  }
  for (const h of [t.originHotkey, t.destinationHotkey]) {
    if (!hotkeyAccountExists(st, h)) throw subtensorError("HotKeyAccountNotExists", "the hotkey has no owner");
  }
  const held = stakeOf(st, t.originHotkey, coldkey, t.originNetuid);
  if (t.alpha === 0n || held < t.alpha) {
    throw subtensorError("NotEnoughStakeToWithdraw", `stake ${held} alpha, asked to move ${t.alpha}`);
  }
  const worth = quoteSwap(poolOf(st, t.originNetuid), t.alpha, false).paidOut;
  if (worth < MIN_STAKE_RAO) throw subtensorError("AmountTooLow", `${worth} RAO < ${MIN_STAKE_RAO}`);
  decreaseStake(st, t.originHotkey, coldkey, t.originNetuid, t.alpha);
  if (t.originNetuid === t.destinationNetuid) {
    increaseStake(st, t.destinationHotkey, t.destinationColdkey, t.destinationNetuid, t.alpha);
    return worth;
  }
  const tao = swapAlphaForTao(st, t.originNetuid, t.alpha).paidOut;
  const bought = swapTaoForAlpha(st, t.destinationNetuid, tao).paidOut;
  increaseStake(st, t.destinationHotkey, t.destinationColdkey, t.destinationNetuid, bought);
  return tao;
}

/**
 * `SubtensorModule.move_stake`, signed by the coldkey; emits `StakeMoved`.
 *
 * @example
 * ```ts ignore
 * moveStake(ctx, coldkey, { originHotkey, destinationHotkey, originNetuid: 1, destinationNetuid: 1, alpha });
 * ```
 */
export function moveStake(
  ctx: PalletContext,
  coldkey: Uint8Array,
  t: Omit<StakeTransition, "destinationColdkey">,
): void {
  const tao = transitionStake(ctx, coldkey, { ...t, destinationColdkey: coldkey });
  ctx.emit("SubtensorModule", "StakeMoved", [
    coldkey,
    t.originHotkey,
    t.originNetuid,
    t.destinationHotkey,
    t.destinationNetuid,
    tao,
  ]);
}

/**
 * `SubtensorModule.transfer_stake`, signed by the coldkey: the stake stays on `hotkey` and goes to
 * `destinationColdkey`; across subnets only where the origin subnet allows transfers
 * (`TransferDisallowed`). Emits `StakeTransferred`.
 *
 * @example
 * ```ts ignore
 * transferStake(ctx, coldkey, { destinationColdkey, hotkey, originNetuid: 1, destinationNetuid: 1, alpha });
 * ```
 */
export function transferStake(
  ctx: PalletContext,
  coldkey: Uint8Array,
  a: {
    destinationColdkey: Uint8Array;
    hotkey: Uint8Array;
    originNetuid: number;
    destinationNetuid: number;
    alpha: bigint;
  },
): void {
  const tao = transitionStake(ctx, coldkey, {
    originHotkey: a.hotkey,
    destinationHotkey: a.hotkey,
    originNetuid: a.originNetuid,
    destinationNetuid: a.destinationNetuid,
    alpha: a.alpha,
    destinationColdkey: a.destinationColdkey,
  });
  const staking = ctx.store.get(S.StakingHotkeys, a.destinationColdkey);
  if (!staking.some((h) => sameAccount(h, a.hotkey))) {
    ctx.store.put(S.StakingHotkeys, [a.destinationColdkey], [...staking, a.hotkey]);
  }
  ctx.emit("SubtensorModule", "StakeTransferred", [
    coldkey,
    a.destinationColdkey,
    a.hotkey,
    a.originNetuid,
    a.destinationNetuid,
    tao,
  ]);
}

/**
 * `SubtensorModule.unstake_all`, signed by the coldkey: `HotKeyAccountNotExists`, then on every started
 * subnet (root included) the coldkey's whole stake on `hotkey` is sold for TAO; subnets where that
 * would fail are skipped, as subtensor does.
 *
 * @example
 * ```ts ignore
 * unstakeAll(ctx, coldkey, hotkey);
 * ```
 */
export function unstakeAll(ctx: PalletContext, coldkey: Uint8Array, hotkey: Uint8Array): void {
  const st = ctx.store;
  if (!hotkeyAccountExists(st, hotkey)) throw subtensorError("HotKeyAccountNotExists", "the hotkey has no owner");
  for (const netuid of st.keysOf(S.NetworksAdded).map(([n]) => n).sort((a, b) => a - b)) {
    if (!st.get(S.SubtokenEnabled, netuid)) continue;
    const alpha = stakeOf(st, hotkey, coldkey, netuid);
    if (alpha === 0n) continue;
    try {
      removeStake(ctx, coldkey, { hotkey, netuid, amount: alpha });
    } catch (e) {
      if ((e as { name?: string }).name !== "DispatchError") throw e;
    }
  }
}
