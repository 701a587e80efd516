/**
 * The sparse Yuma Consensus epoch exactly as subtensor runs it on chain (`epoch_mechanism`).
 *
 * @module
 */
import { SubnetError } from "../../protocol/errors.ts";
import type { EpochInput, EpochOutput } from "./types.ts";

/**
 * Runs one epoch of the main mechanism of a subnet and returns what the chain stores.
 *
 * @example
 * ```ts ignore
 * import { runEpoch } from "./epoch.ts";
 * const out = runEpoch({ n: 1, block: 1, stake: [1n], blockAtRegistration: [0], lastUpdate: [0],
 *   validatorPermit: [], weights: [], bonds: [], emission: 1_000_000_000n });
 * ```
 */
export function runEpoch(input: EpochInput): EpochOutput {
  throw new SubnetError("devnet/not-implemented", `Cannot run the epoch for n=${input.n}: not implemented yet`);
}
