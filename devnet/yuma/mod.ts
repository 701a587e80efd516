/**
 * Yuma Consensus: subtensor's epoch in exact fixed point (I32F32 / I64F64 / I96F32), pure and
 * deterministic. The devnet calls {@link runEpoch} at each tempo and writes its outputs to storage;
 * `subnet simulate` runs it over scenario files.
 *
 * @example
 * ```ts
 * import { runEpoch } from "./mod.ts";
 * const out = runEpoch({
 *   n: 2, block: 10, stake: [1n, 0n], blockAtRegistration: [0, 0], lastUpdate: [5, 5],
 *   validatorPermit: [true, false], weights: [[[1, 65535]]], bonds: [], emission: 1_000_000_000n,
 * });
 * console.assert(out.incentive[1] === 65535);
 * ```
 *
 * @module
 */
export type { EpochInput, EpochOutput, SparseRowU16, YumaHyperparameters } from "./types.ts";
export { DEFAULT_HYPERPARAMETERS } from "./types.ts";
export { runEpoch } from "./epoch.ts";
export { runEpochDense } from "./dense.ts";
export { SubnetSim, type SubnetSimOptions } from "./chain_sim.ts";
export { parseScenario, type Scenario, simulate, type SimulatedEpoch } from "./scenario.ts";
export { aggregateMechanisms, splitEmission } from "./mechanisms.ts";
