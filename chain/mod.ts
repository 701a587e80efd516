/**
 * The chain client: `Subtensor` (connect by network name, URL or injected provider), the
 * `Metagraph`, weight utilities with Python's semantics, extrinsic builders, and decoded
 * dispatch errors.
 *
 * @example
 * ```ts ignore
 * import { Subtensor } from "./mod.ts";
 * await using chain = await Subtensor.connect({ network: "local" });
 * console.log((await chain.metagraph(1)).n);
 * ```
 *
 * @module
 */
export * from "./client.ts";
export * from "./errors.ts";
export { revealBlockFor, type WeightsPath, weightsPath } from "./extrinsics.ts";
export * from "./mechagraph.ts";
export * from "./metagraph.ts";
export * from "./network.ts";
export * from "./pool.ts";
export * from "./scale.ts";
export * from "./ss58.ts";
export * from "./weights.ts";
