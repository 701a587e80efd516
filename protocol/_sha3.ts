/**
 * SHA3-256 as lowercase hex, on hash-wasm's WebAssembly build when it loads (≈7× @noble's pure JS on
 * large inputs, ≈4× on small ones) and on @noble/hashes otherwise. Body hashes sit on the axon's
 * request path and on every dendrite call, so this is a hot function.
 *
 * @module
 */
import { sha3_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { createSHA3, type IHasher } from "hash-wasm";

// One hasher, created once; init/update/digest run synchronously, so calls never interleave.
const wasm: IHasher | undefined = await createSHA3(256).catch(() => undefined);

/**
 * SHA3-256 of `bytes` as lowercase hex.
 *
 * @example
 * ```ts
 * import { sha3HexOfBytes } from "./_sha3.ts";
 * console.assert(sha3HexOfBytes(new Uint8Array()) === "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
 * ```
 */
export function sha3HexOfBytes(bytes: Uint8Array): string {
  return wasm ? wasm.init().update(bytes).digest("hex") : bytesToHex(sha3_256(bytes));
}
