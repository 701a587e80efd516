/**
 * Setting up neurons on a development chain: fund hotkeys from a dev account, register them, stake
 * the validators. Used by `subnet demo` and the end-to-end tests.
 *
 * @module
 */
import type { Subtensor } from "../chain/client.ts";
import type { Keypair } from "../wallet/keypair.ts";

/** How to set up development neurons. */
export interface DevNeuronsOptions {
  /** The account that pays (on the devnet: `//Alice`). */
  funder: Keypair;
  /** The subnet to register on. */
  netuid: number;
  /** Hotkeys to fund and register (each pays its own burn; coldkey = hotkey). */
  keys: readonly Keypair[];
  /** Keys among `keys` that get stake (validators). */
  validators?: readonly Keypair[];
  /** RAO sent to each key. @default 100 TAO */
  fundRao?: bigint;
  /** RAO each validator stakes to itself. @default 50 TAO */
  stakeRao?: bigint;
}

/**
 * Funds, registers and stakes development neurons, in that order, waiting for inclusion each time.
 *
 * @example
 * ```ts ignore
 * import { registerDevNeurons } from "./dev_neurons.ts";
 * await registerDevNeurons(chain, { funder: alice, netuid: 1, keys: [v, m], validators: [v] });
 * ```
 */
export async function registerDevNeurons(chain: Subtensor, options: DevNeuronsOptions): Promise<void> {
  const fundRao = options.fundRao ?? 100_000_000_000n;
  const stakeRao = options.stakeRao ?? 50_000_000_000n;
  for (const key of options.keys) {
    await chain.transfer(options.funder, { dest: key.address, amountRao: fundRao });
    await chain.burnedRegister(key, { netuid: options.netuid, hotkey: key.address });
  }
  for (const key of options.validators ?? []) {
    await chain.addStake(key, { hotkey: key.address, netuid: options.netuid, amountRao: stakeRao });
  }
}
