/**
 * A faster sr25519 signer for the dendrite: schnorrkel compiled to WASM (`@polkadot/wasm-crypto`)
 * signs about 2.7× faster than the pure-JS `@scure/sr25519` that `@polkadot/util-crypto` 14 (and so a
 * wallet `Keypair`) uses. A validator fanning out to hundreds of axons signs once per axon, so this is
 * most of its CPU time per step.
 *
 * @module
 */
import { sr25519Sign } from "@polkadot/wasm-crypto";
import type { Signer } from "../protocol/signing.ts";
import { sr25519CanonicalToExpanded } from "../wallet/sr25519_secret.ts";

/** What {@linkcode wasmSr25519Signer} needs: a wallet `KeySecret` fits. */
export interface Sr25519Secret {
  /** The signing keypair's address and 32-byte public key. */
  readonly keypair: { readonly address: string; readonly publicKey: Uint8Array; readonly type: string };
  /** The 64-byte private key as bittensor stores it (schnorrkel canonical `scalar ‖ nonce`). */
  readonly privateKey: Uint8Array;
}

/**
 * Makes a WASM-backed signer from a key's secret (e.g. `keySecretFromUri("//Alice")` or a wallet
 * hotkey's secret). Its signatures verify exactly like the keypair's own. Requires `cryptoReady()`.
 *
 * @throws {RangeError} for a key that is not sr25519
 * @example
 * ```ts
 * import { cryptoReady, keySecretFromUri } from "../wallet/keypair.ts";
 * import { wasmSr25519Signer } from "./wasm_signer.ts";
 * import { sr25519VerifyCompat } from "./verify_pool.ts";
 * await cryptoReady();
 * const secret = keySecretFromUri("//Alice");
 * const signer = wasmSr25519Signer(secret);
 * const msg = new TextEncoder().encode("hi");
 * console.assert(sr25519VerifyCompat(msg, signer.sign(msg), secret.keypair.publicKey));
 * ```
 */
export function wasmSr25519Signer(secret: Sr25519Secret): Signer {
  if (secret.keypair.type !== "sr25519") {
    throw new RangeError(`Cannot make a WASM sr25519 signer for a ${secret.keypair.type} key`);
  }
  const publicKey = secret.keypair.publicKey.slice();
  const expanded = sr25519CanonicalToExpanded(secret.privateKey);
  return {
    address: secret.keypair.address,
    sign: (message: Uint8Array) => sr25519Sign(publicKey, expanded, message),
  };
}
