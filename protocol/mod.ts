/**
 * The Bittensor v10 synapse wire protocol: synapse types from zod schemas, Python `str()` for body
 * hashes, headers in Python's order, lossless JSON bodies, the dendrite's signing message and sr25519
 * signatures, nanosecond nonces, and the status codes and messages Python sends.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { defineSynapse } from "./mod.ts";
 * const Echo = defineSynapse({ name: "Echo", fields: z.object({ text: z.string() }), requiredHashFields: ["text"] });
 * const s = Echo.create({ text: "hi" });
 * console.assert(Echo.fromJson(Echo.toJson(s)).text === "hi");
 * ```
 *
 * @module
 */
export * from "./errors.ts";
export * from "./logger.ts";
export * from "./version.ts";
export * from "./schema.ts";
export * from "./synapse_error.ts";
export * from "./py_str.ts";
export * from "./json.ts";
export * from "./json_limits.ts";
export * from "./terminal_info.ts";
export * from "./synapse.ts";
export {
  type HeaderInputs,
  type HeaderSource,
  type ParseHeadersOptions,
  parseHeadersToInputs,
  type ToHeadersOptions,
} from "./headers.ts";
export * from "./signing.ts";
export * from "./nonce.ts";
export * from "./status.ts";
export * from "./replay_store.ts";
export * from "./btauth.ts";
export * from "./epistula.ts";
export * from "./signed_route.ts";
