/**
 * Keypairs: the one shape every signer in the project takes (dendrite, chain client, auth
 * dialects), built on `@polkadot/keyring` so `@polkadot/api` can sign with `pair` directly.
 *
 * @module
 */
import { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";

/** The signature schemes bittensor keys use. */
export type KeyType = "sr25519" | "ed25519";

/** A public/private keypair that can sign. Never log it. */
export interface Keypair {
  /** `sr25519` (the default everywhere) or `ed25519`. */
  readonly type: KeyType;
  /** The 32-byte public key. */
  readonly publicKey: Uint8Array;
  /** The SS58 address (format 42). */
  readonly address: string;
  /** Signs `message` (sr25519 with the `substrate` signing context). */
  sign(message: Uint8Array): Uint8Array;
  /** The `@polkadot/keyring` pair, for `@polkadot/api` extrinsic signing. */
  readonly pair: KeyringPair;
}

/**
 * Waits until the WASM crypto backend is ready. Call once before creating keypairs.
 *
 * @example
 * ```ts
 * import { cryptoReady } from "./keypair.ts";
 * await cryptoReady();
 * ```
 */
export async function cryptoReady(): Promise<void> {
  await cryptoWaitReady();
}

/**
 * Wraps a `@polkadot/keyring` pair as a `Keypair`.
 *
 * @example
 * ```ts
 * import { Keyring } from "@polkadot/keyring";
 * import { cryptoReady, keypairFromPair } from "./keypair.ts";
 * await cryptoReady();
 * const kp = keypairFromPair(new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice"));
 * ```
 */
export function keypairFromPair(pair: KeyringPair): Keypair {
  if (pair.type !== "sr25519" && pair.type !== "ed25519") {
    throw new RangeError(`Cannot use a ${pair.type} key: bittensor keys are sr25519 or ed25519`);
  }
  return {
    type: pair.type,
    publicKey: pair.publicKey,
    address: pair.address,
    sign: (message) => pair.sign(message),
    pair,
  };
}

/**
 * Makes a keypair from a secret URI: a dev URI such as `//Alice`, a mnemonic with optional
 * `//hard/soft` junctions, or a `0x` seed. Requires `cryptoReady()` first.
 *
 * @example
 * ```ts
 * import { cryptoReady, keypairFromUri } from "./keypair.ts";
 * await cryptoReady();
 * const alice = keypairFromUri("//Alice");
 * console.assert(alice.address === "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
 * ```
 */
export function keypairFromUri(uri: string, type: KeyType = "sr25519"): Keypair {
  return keypairFromPair(new Keyring({ type, ss58Format: 42 }).addFromUri(uri));
}
