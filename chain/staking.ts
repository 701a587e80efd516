/**
 * Staking and transfers: moving TAO between coldkeys and staking it to hotkeys. Each function takes
 * the connection (`ChainCore`); `Subtensor` offers them as methods.
 *
 * @module
 */
import type { Keypair } from "../wallet/keypair.ts";
import type { ChainCore, ExtrinsicResult, SubmitOptions } from "./core.ts";
import { addStakeTx, transferTx } from "./extrinsics.ts";

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
