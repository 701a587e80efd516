/**
 * `subnet`: a toolkit for running Bittensor subnets — wire-compatible synapses, a verifying axon
 * and a concurrent dendrite, Python-compatible wallets, a chain client, and the subnets built on them.
 * Runs on Deno 2, Node ≥ 20 and Bun ≥ 1.1 (`serve()` picks `Deno.serve`, `node:http` or `Bun.serve`);
 * the `./devnet` export is Deno-only.
 *
 * @example
 * ```ts
 * import { PROTOCOL_VERSION } from "@subnet/subnet";
 * console.log(PROTOCOL_VERSION); // 10002000
 * ```
 *
 * @module
 */
export * from "./wallet/mod.ts";
export * from "./neurons/mod.ts";
export * from "./chain/mod.ts";
export * from "./protocol/mod.ts";
export * from "./subnets/mod.ts";
