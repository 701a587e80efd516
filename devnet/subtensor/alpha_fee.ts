/**
 * An unstake's fee paid in alpha, as subtensor's transaction-fee pallet does at spec 343
 * (`pallets/transaction-fee` `SubtensorTxFeeHandler`, `TransactionFeeHandler`): when the signer's free TAO
 * cannot pay the fee of a call that takes stake out (`remove_stake`, `unstake_all`, `move_stake`,
 * `transfer_stake`, …), the fee is taken from the stake it moves. The TAO fee is split evenly over the
 * `(hotkey, netuid)` stakes concerned; each pays `fee / price` alpha (all it has if that is less), removed
 * from the stake without a swap. The pool accepts the call when at least one stake is worth its share.
 *
 * @module
 */
import type { CallArgs, DecodedCall } from "../pallet.ts";
import { S } from "./items.ts";
import { poolOf, stakeOf } from "./stake.ts";
import type { TypedStore } from "./store.ts";
import { decreaseStake } from "./stake.ts";

/** One stake a fee can come from. */
interface AlphaSource {
  readonly hotkey: Uint8Array;
  readonly netuid: number;
}

function bytes(c: CallArgs[string]): Uint8Array {
  return c.toU8a();
}

function num(c: CallArgs[string]): number {
  return Number(c.toString());
}

/** Every started subnet where `coldkey` has stake on `hotkey` (`get_all_netuids_for_coldkey_and_hotkey`). */
function stakedSubnets(st: TypedStore, coldkey: Uint8Array, hotkey: Uint8Array): AlphaSource[] {
  return st.keysOf(S.NetworksAdded).map(([n]) => n).sort((a, b) => a - b)
    .filter((netuid) => st.get(S.SubtokenEnabled, netuid) && stakeOf(st, hotkey, coldkey, netuid) > 0n)
    .map((netuid) => ({ hotkey, netuid }));
}

/**
 * The stakes a call's fee may come from (`fees_in_alpha`): none for calls that do not take stake out.
 *
 * @example
 * ```ts ignore
 * alphaFeeSources(st, coldkey, runtime.decodeCall(removeStakeBytes)); // [{ hotkey, netuid: 1 }]
 * ```
 */
export function alphaFeeSources(st: TypedStore, coldkey: Uint8Array, call: DecodedCall): AlphaSource[] {
  if (call.pallet !== "SubtensorModule") return [];
  const a = call.args;
  switch (call.name) {
    case "remove_stake":
    case "remove_stake_limit":
    case "remove_stake_full_limit":
    case "recycle_alpha":
    case "burn_alpha":
      return [{ hotkey: bytes(a.hotkey), netuid: num(a.netuid) }];
    case "unstake_all":
    case "unstake_all_alpha":
      return stakedSubnets(st, coldkey, bytes(a.hotkey));
    case "move_stake":
      return [{ hotkey: bytes(a.origin_hotkey), netuid: num(a.origin_netuid) }];
    case "transfer_stake":
    case "swap_stake":
    case "swap_stake_limit":
      return [{ hotkey: bytes(a.hotkey), netuid: num(a.origin_netuid) }];
    default:
      return [];
  }
}

/** `tao` in alpha at the pool's price (no slippage), or `undefined` when the price is 0. */
function alphaFor(st: TypedStore, netuid: number, tao: bigint): bigint | undefined {
  const pool = poolOf(st, netuid);
  if (!pool.dynamic) return tao;
  if (pool.alpha === 0n) return tao;
  if (pool.tao === 0n) return undefined;
  return (tao * pool.alpha) / pool.tao;
}

/**
 * Whether `coldkey` can pay `fee` RAO for `call` in alpha (`can_withdraw_in_alpha`): one of its stakes is
 * worth at least its share of the fee.
 *
 * @example
 * ```ts ignore
 * canPayFeeInAlpha(st, coldkey, removeStakeCall, 36_000n); // true when the stake is worth 36,000 RAO
 * ```
 */
export function canPayFeeInAlpha(st: TypedStore, coldkey: Uint8Array, call: DecodedCall, fee: bigint): boolean {
  const sources = alphaFeeSources(st, coldkey, call);
  if (sources.length === 0) return false;
  const share = fee / BigInt(sources.length);
  return sources.some(({ hotkey, netuid }) => {
    const need = alphaFor(st, netuid, share);
    return need !== undefined && stakeOf(st, hotkey, coldkey, netuid) >= need;
  });
}

/**
 * Takes `fee` RAO for `call` from `coldkey`'s stakes in alpha (`withdraw_in_alpha`); returns the alpha
 * taken from each stake.
 *
 * @example
 * ```ts ignore
 * payFeeInAlpha(st, coldkey, removeStakeCall, 36_000n); // [36_000n] on a 1:1 pool
 * ```
 */
export function payFeeInAlpha(st: TypedStore, coldkey: Uint8Array, call: DecodedCall, fee: bigint): bigint[] {
  const sources = alphaFeeSources(st, coldkey, call);
  if (sources.length === 0) return [];
  const share = fee / BigInt(sources.length);
  return sources.map(({ hotkey, netuid }) => {
    const held = stakeOf(st, hotkey, coldkey, netuid);
    const want = alphaFor(st, netuid, share) ?? held;
    const take = want < held ? want : held;
    if (take > 0n) decreaseStake(st, hotkey, coldkey, netuid, take);
    return take;
  });
}
