/**
 * `StakeInfoRuntimeApi` and `SwapRuntimeApi` for the devnet's stake model (spec `chain.md` §3): stake
 * per (hotkey, coldkey, netuid) from the share pools, the spot price, and swap simulations without
 * fees (the devnet's pools take none).
 *
 * @module
 */
import { ScaleWriter } from "./_scale.ts";
import { S } from "./items.ts";
import { poolPrice, quoteSwap } from "./pool.ts";
import { addedNetuids } from "./neurons.ts";
import { poolOf, stakeOf } from "./stake.ts";
import type { TypedStore } from "./store.ts";

function netuidsOf(st: TypedStore): number[] {
  return addedNetuids(st);
}

function writeStakeInfo(w: ScaleWriter, st: TypedStore, hotkey: Uint8Array, coldkey: Uint8Array, netuid: number): void {
  w.raw(hotkey);
  w.raw(coldkey);
  w.compact(netuid);
  w.compact(stakeOf(st, hotkey, coldkey, netuid));
  w.compact(0); // locked
  w.compact(st.get(S.AlphaDividendsPerSubnet, netuid, hotkey)); // emission
  w.compact(0); // tao_emission
  w.compact(0); // drain
  w.bool(st.get(S.IsNetworkMember, hotkey, netuid));
}

function writeColdkeyStakes(w: ScaleWriter, st: TypedStore, coldkey: Uint8Array, nets: number[]): void {
  const rows: [Uint8Array, number][] = [];
  for (const hotkey of st.get(S.StakingHotkeys, coldkey)) {
    for (const netuid of nets) if (stakeOf(st, hotkey, coldkey, netuid) > 0n) rows.push([hotkey, netuid]);
  }
  w.compact(rows.length);
  for (const [hotkey, netuid] of rows) writeStakeInfo(w, st, hotkey, coldkey, netuid);
}

/**
 * `StakeInfoRuntimeApi_get_stake_info_for_coldkey`: `Vec<StakeInfo>`, one per (hotkey, netuid) with stake.
 *
 * @example
 * ```ts
 * import { MapStorage, TypedStore } from "./store.ts";
 * import { encodeStakeInfoForColdkey } from "./stake_api.ts";
 * console.assert(encodeStakeInfoForColdkey(new TypedStore(new MapStorage()), new Uint8Array(32))[0] === 0);
 * ```
 */
export function encodeStakeInfoForColdkey(st: TypedStore, coldkey: Uint8Array): Uint8Array {
  const w = new ScaleWriter(512);
  writeColdkeyStakes(w, st, coldkey, netuidsOf(st));
  return w.finish();
}

/** `StakeInfoRuntimeApi_get_stake_info_for_coldkeys`: `Vec<(AccountId, Vec<StakeInfo>)>`. */
export function encodeStakeInfoForColdkeys(st: TypedStore, coldkeys: readonly Uint8Array[]): Uint8Array {
  const w = new ScaleWriter(1024);
  const nets = netuidsOf(st);
  w.compact(coldkeys.length);
  for (const c of coldkeys) {
    w.raw(c);
    writeColdkeyStakes(w, st, c, nets);
  }
  return w.finish();
}

/** `StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid`: `Option<StakeInfo>`. */
export function encodeStakeInfo(st: TypedStore, hotkey: Uint8Array, coldkey: Uint8Array, netuid: number): Uint8Array {
  const w = new ScaleWriter(160);
  if (!st.get(S.NetworksAdded, netuid)) w.u8(0);
  else {
    w.u8(1);
    writeStakeInfo(w, st, hotkey, coldkey, netuid);
  }
  return w.finish();
}

/** The subnet's price in RAO of TAO per alpha (1 TAO for stable subnets and empty pools). */
export function alphaPriceRao(st: TypedStore, netuid: number): bigint {
  return poolPrice(poolOf(st, netuid));
}

/** `SwapRuntimeApi_current_alpha_price`: `u64`. */
export function encodeCurrentAlphaPrice(st: TypedStore, netuid: number): Uint8Array {
  const w = new ScaleWriter(8);
  w.u64(alphaPriceRao(st, netuid));
  return w.finish();
}

/**
 * `SwapRuntimeApi_sim_swap_tao_for_alpha` / `sim_swap_alpha_for_tao`: `{tao_amount, alpha_amount,
 * tao_fee, alpha_fee}` as the devnet's pool would trade now (state untouched).
 */
export function encodeSimSwap(st: TypedStore, netuid: number, amount: bigint, taoForAlpha: boolean): Uint8Array {
  const q = quoteSwap(poolOf(st, netuid), amount, taoForAlpha);
  const w = new ScaleWriter(32);
  w.u64(taoForAlpha ? amount : q.paidOut);
  w.u64(taoForAlpha ? q.paidOut : amount);
  w.u64(taoForAlpha ? q.fee : 0n);
  w.u64(taoForAlpha ? 0n : q.fee);
  return w.finish();
}

/**
 * `StakeInfoRuntimeApi_get_stake_fee`: `u64`, the swap fee of moving `amount` into the destination
 * subnet's pool (or out of the origin's when there is no destination).
 */
export function encodeStakeFee(st: TypedStore, netuid: number | undefined, amount: bigint): Uint8Array {
  const w = new ScaleWriter(8);
  w.u64(netuid === undefined ? 0n : quoteSwap(poolOf(st, netuid), amount, true).fee);
  return w.finish();
}
