/**
 * Stake reads the stake commands, `balance` and `wallet overview` share, through
 * `StakeInfoRuntimeApi` (as btcli does).
 *
 * @module
 */
import { decodeAddress, encodeAddress } from "@polkadot/util-crypto";
import type { Subtensor } from "../chain/client.ts";

/** One stake of a coldkey. */
export interface StakeEntry {
  /** The hotkey (SS58). */
  hotkey: string;
  /** The subnet. */
  netuid: number;
  /** Alpha staked, in RAO units. */
  stakeRao: bigint;
}

type RawStake = { hotkey: Uint8Array; netuid: number | bigint; stake: bigint | number };

const ss58 = (key: Uint8Array | string): string => typeof key === "string" ? key : encodeAddress(key, 42);

/**
 * Every non-zero stake of `coldkey`, sorted by netuid then hotkey.
 *
 * @example
 * ```ts ignore
 * import { coldkeyStakes } from "./_stake_info.ts";
 * const stakes = await coldkeyStakes(chain, "5Grw…");
 * ```
 */
export async function coldkeyStakes(chain: Subtensor, coldkey: string): Promise<StakeEntry[]> {
  const raw = await chain.runtimeCall("StakeInfoRuntimeApi", "get_stake_info_for_coldkey", [
    decodeAddress(coldkey),
  ]) as unknown as RawStake[];
  return raw
    .map((s) => ({ hotkey: ss58(s.hotkey), netuid: Number(s.netuid), stakeRao: BigInt(s.stake) }))
    .filter((s) => s.stakeRao > 0n)
    .sort((a, b) => a.netuid - b.netuid || a.hotkey.localeCompare(b.hotkey));
}

/**
 * The alpha `coldkey` has staked to `hotkey` on `netuid` (0 when none).
 *
 * @example
 * ```ts ignore
 * import { stakeOf } from "./_stake_info.ts";
 * const rao = await stakeOf(chain, coldkey, hotkey, 1);
 * ```
 */
export async function stakeOf(chain: Subtensor, coldkey: string, hotkey: string, netuid: number): Promise<bigint> {
  const raw = await chain.runtimeCall("StakeInfoRuntimeApi", "get_stake_info_for_hotkey_coldkey_netuid", [
    decodeAddress(hotkey),
    decodeAddress(coldkey),
    netuid,
  ]) as unknown as RawStake | null;
  return raw ? BigInt(raw.stake) : 0n;
}
