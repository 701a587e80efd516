/**
 * Staking and transfers: moving TAO between coldkeys and staking it to hotkeys. Each function takes
 * the connection (`ChainCore`); `Subtensor` offers them as methods.
 *
 * @module
 */
import type { Keypair } from "../wallet/keypair.ts";
import { type ChainCore, type ExtrinsicResult, publicKeyOf, type SubmitOptions } from "./core.ts";
import { addStakeTx, removeStakeTx, transferTx } from "./extrinsics.ts";

/**
 * Sends TAO (`transfer_keep_alive` unless `keepAlive` is false).
 *
 * @param core the chain connection
 * @param coldkey the sender
 * @param p destination and amount in RAO
 * @param options waits
 */
export function transfer(
  core: ChainCore,
  coldkey: Keypair,
  p: { dest: string; amountRao: bigint; keepAlive?: boolean },
  options: SubmitOptions = {},
): Promise<ExtrinsicResult> {
  const tx = transferTx(core.api, p.dest, p.amountRao, p.keepAlive ?? true);
  return core.submit(tx, coldkey, `transfer ${p.amountRao} RAO to ${p.dest}`, options);
}

/**
 * Stakes TAO from `coldkey` to `hotkey` on `netuid` (`add_stake`).
 *
 * @param core the chain connection
 * @param coldkey the staking coldkey
 * @param p hotkey, subnet and amount in RAO
 * @param options waits
 */
export function addStake(
  core: ChainCore,
  coldkey: Keypair,
  p: { hotkey: string; netuid: number; amountRao: bigint },
  options: SubmitOptions = {},
): Promise<ExtrinsicResult> {
  const tx = addStakeTx(core.api, p.hotkey, p.netuid, p.amountRao);
  return core.submit(tx, coldkey, `stake ${p.amountRao} RAO to ${p.hotkey} on netuid ${p.netuid}`, options);
}

/**
 * Unstakes alpha from `hotkey` on `netuid` back to `coldkey` as TAO (`remove_stake`).
 *
 * @param core the chain connection
 * @param coldkey the staking coldkey
 * @param p hotkey, subnet and alpha amount (RAO units)
 * @param options waits
 */
export function removeStake(
  core: ChainCore,
  coldkey: Keypair,
  p: { hotkey: string; netuid: number; amountRao: bigint },
  options: SubmitOptions = {},
): Promise<ExtrinsicResult> {
  const tx = removeStakeTx(core.api, p.hotkey, p.netuid, p.amountRao);
  return core.submit(tx, coldkey, `unstake ${p.amountRao} RAO from ${p.hotkey} on netuid ${p.netuid}`, options);
}

/** One stake of a coldkey (`StakeInfoRuntimeApi`). */
export interface StakeEntry {
  /** The hotkey (SS58). */
  hotkey: string;
  /** The subnet. */
  netuid: number;
  /** Alpha staked, in RAO units. */
  stakeRao: bigint;
}

type RawStake = { hotkey: Uint8Array; netuid: number | bigint; stake: bigint | number };

/**
 * Every non-zero stake of `coldkey`, sorted by netuid then hotkey
 * (`StakeInfoRuntimeApi.get_stake_info_for_coldkey`).
 *
 * @param core the chain connection
 * @param coldkey SS58 address or public key
 */
export async function coldkeyStakes(core: ChainCore, coldkey: string | Uint8Array): Promise<StakeEntry[]> {
  const raw = await core.runtimeCall("StakeInfoRuntimeApi", "get_stake_info_for_coldkey", [
    publicKeyOf(coldkey),
  ]) as unknown as RawStake[];
  return raw
    .map((s) => ({ hotkey: core.ss58.encode(s.hotkey), netuid: Number(s.netuid), stakeRao: BigInt(s.stake) }))
    .filter((s) => s.stakeRao > 0n)
    .sort((a, b) => a.netuid - b.netuid || a.hotkey.localeCompare(b.hotkey));
}

/**
 * The alpha `coldkey` has staked to `hotkey` on `netuid`, 0 when none
 * (`StakeInfoRuntimeApi.get_stake_info_for_hotkey_coldkey_netuid`).
 *
 * @param core the chain connection
 * @param p coldkey, hotkey (SS58 or public keys) and subnet
 */
export async function stakeOf(
  core: ChainCore,
  p: { coldkey: string | Uint8Array; hotkey: string | Uint8Array; netuid: number },
): Promise<bigint> {
  const raw = await core.runtimeCall("StakeInfoRuntimeApi", "get_stake_info_for_hotkey_coldkey_netuid", [
    publicKeyOf(p.hotkey),
    publicKeyOf(p.coldkey),
    p.netuid,
  ]) as unknown as RawStake | null;
  return raw ? BigInt(raw.stake) : 0n;
}
