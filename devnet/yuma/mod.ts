/**
 * Yuma Consensus: subtensor's epoch in exact fixed point (I32F32 / I64F64 / I96F32), pure and
 * deterministic. The devnet calls {@link runEpoch} at each tempo and writes its outputs to storage;
 * `subnet simulate` runs it over scenario files.
 *
 * @module
 */
export type { EpochInput, EpochOutput, SparseRowU16, YumaHyperparameters } from "./types.ts";
export { DEFAULT_HYPERPARAMETERS } from "./types.ts";
export { runEpoch } from "./epoch.ts";
