/**
 * Serving and registration: announcing an axon (`serve_axon`) and registering a hotkey by burn
 * (`burned_register`). Each function takes the connection (`ChainCore`); `Subtensor` offers them
 * as methods.
 *
 * @module
 */
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import type { Keypair } from "../wallet/keypair.ts";
import type { ChainCore, ExtrinsicResult, SubmitOptions } from "./core.ts";
import { burnedRegisterTx, serveAxonTx } from "./extrinsics.ts";

/**
 * Announces the axon (`serve_axon`).
 *
 * @param core the chain connection
 * @param hotkey the neuron's hotkey
 * @param p subnet, public ip, port, version
 * @param options waits
 */
export function serveAxon(
  core: ChainCore,
  hotkey: Keypair,
  p: { netuid: number; ip: string; port: number; version?: number; protocol?: number },
  options: SubmitOptions = {},
): Promise<ExtrinsicResult> {
  const tx = serveAxonTx(core.api, { ...p, version: p.version ?? PROTOCOL_VERSION });
  return core.submit(tx, hotkey, `serve the axon ${p.ip}:${p.port} on netuid ${p.netuid}`, options);
}

/**
 * Registers `hotkey` on `netuid` by burning TAO from `coldkey` (`burned_register`).
 *
 * @param core the chain connection
 * @param coldkey the paying coldkey
 * @param p subnet and hotkey address
 * @param options waits
 */
export function burnedRegister(
  core: ChainCore,
  coldkey: Keypair,
  p: { netuid: number; hotkey: string },
  options: SubmitOptions = {},
): Promise<ExtrinsicResult> {
  const tx = burnedRegisterTx(core.api, p.netuid, p.hotkey);
  return core.submit(tx, coldkey, `register ${p.hotkey} on netuid ${p.netuid}`, options);
}
