/**
 * Neurons: the verifying axon (`createAxon`, `serve`) and the signing dendrite (`createDendrite`).
 *
 * @example
 * ```ts
 * import { createAxon, createDendrite, serve } from "./mod.ts";
 * console.assert(typeof createAxon === "function" && typeof createDendrite === "function" && typeof serve === "function");
 * ```
 *
 * @module
 */
export * from "./axon.ts";
export * from "./axon_nonces.ts";
export * from "./axon_rate_limit.ts";
export * from "./dendrite.ts";
export * from "./dendrite_errors.ts";
export * from "./serve.ts";
export * from "../runtime/connection_limits.ts";
export * from "./read_response.ts";
export * from "./verify_pool.ts";
export * from "./wasm_signer.ts";
export * from "./signed_fetch.ts";
export * from "./miner.ts";
export * from "./validator.ts";
export * from "./validator_state.ts";
export * from "./uids.ts";
export * from "./dev_neurons.ts";
