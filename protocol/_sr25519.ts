/**
 * sr25519 verification on schnorrkel compiled to WASM (`@polkadot/wasm-crypto`), about 3–4× faster
 * than the pure-JS `@scure/sr25519` behind `@polkadot/util-crypto` 14's `sr25519Verify`, with the same
 * argument order and result; falls back to util-crypto until the WASM is ready.
 *
 * @module
 */
import { sr25519Verify as jsVerify } from "@polkadot/util-crypto";
import { isReady as wasmReady, sr25519Verify as wasmVerify } from "@polkadot/wasm-crypto";

/**
 * Verifies `signature` over `message` by `publicKey` (signing context `substrate`). Call after
 * `cryptoWaitReady()`. Throws on malformed input as util-crypto's does; callers catch.
 *
 * @example
 * ```ts
 * import { cryptoWaitReady, sr25519PairFromSeed, sr25519Sign } from "@polkadot/util-crypto";
 * import { sr25519Verify } from "./_sr25519.ts";
 * await cryptoWaitReady();
 * const pair = sr25519PairFromSeed(new Uint8Array(32).fill(1));
 * const message = new TextEncoder().encode("hi");
 * console.assert(sr25519Verify(message, sr25519Sign(message, pair), pair.publicKey));
 * ```
 */
export function sr25519Verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (!wasmReady()) return jsVerify(message, signature, publicKey);
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  return wasmVerify(signature, message, publicKey);
}
