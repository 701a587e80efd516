/**
 * Keypairs: the one shape every signer in the project takes (dendrite, chain client, auth
 * dialects), built on `@polkadot/keyring` so `@polkadot/api` can sign with `pair` directly.
 *
 * @module
 */
import { Keyring } from "@polkadot/keyring";
import {
  isReady as wasmIsReady,
  sr25519Sign as wasmSr25519Sign,
  waitReady as wasmWaitReady,
} from "@polkadot/wasm-crypto";
import {
  cryptoWaitReady,
  ed25519PairFromSeed,
  encodeAddress,
  keyExtractSuri,
  keyFromPath,
  mnemonicToMiniSecret,
  mnemonicValidate,
  sr25519PairFromSeed,
} from "@polkadot/util-crypto";
import { ristretto255 } from "@noble/curves/ed25519.js";
import { hexToBytes } from "./_hex.ts";
import { sr25519CanonicalToExpanded, sr25519ExpandedToCanonical } from "./sr25519_secret.ts";

/** The signature schemes bittensor keys use. */
export type KeyType = "sr25519" | "ed25519";

/**
 * What `@polkadot/api` needs to sign an extrinsic (structurally its `IKeyringPair`); a
 * `@polkadot/keyring` pair satisfies it.
 */
export interface SigningPair {
  /** SS58 address. */
  readonly address: string;
  /** The raw account id. */
  readonly addressRaw: Uint8Array;
  /** The 32-byte public key. */
  readonly publicKey: Uint8Array;
  /** The scheme, such as `sr25519`. */
  readonly type: string;
  /** Signs `data`; `withType` prefixes the scheme byte (MultiSignature). */
  sign(data: Uint8Array, options?: { withType?: boolean }): Uint8Array;
}

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
  /** The `@polkadot/keyring` pair, for `@polkadot/api` extrinsic signing (`signAndSend(pair)`). */
  readonly pair: SigningPair;
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
  await Promise.all([cryptoWaitReady(), wasmWaitReady()]);
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
export function keypairFromPair(pair: SigningPair): Keypair {
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
 * `//hard/soft` junctions, or a `0x` seed (see `keySecretFromUri`). Requires `cryptoReady()` first.
 *
 * @throws {RangeError} when the URI is not one of those forms
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
  return keySecretFromUri(uri, type).keypair;
}

/** The Substrate development phrase that `//Alice`-style URIs derive from (wire-protocol.md §4.4). */
export const DEV_PHRASE = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

/**
 * A keypair together with the secrets a keyfile stores. Never log it or put it in an error.
 */
export interface KeySecret {
  /** The signing keypair. */
  readonly keypair: Keypair;
  /** The mnemonic, when the key was made from one without a derivation path. */
  readonly secretPhrase?: string;
  /** The 32-byte mini-secret (`secretSeed`), when known (no soft or hard junctions). */
  readonly secretSeed?: Uint8Array;
  /**
   * The 64-byte private key as bittensor stores it: schnorrkel canonical `scalar ‖ nonce` for
   * sr25519, `seed ‖ public key` for ed25519.
   */
  readonly privateKey: Uint8Array;
}

const HEX_SEED = /^0x[0-9a-fA-F]{64}$/;

/**
 * Normalizes a mnemonic's whitespace (trim, single spaces) as it is stored in `secretPhrase`.
 *
 * @example
 * ```ts
 * import { normalizeMnemonic } from "./keypair.ts";
 * console.assert(normalizeMnemonic("  a  b\n c ") === "a b c");
 * ```
 */
export function normalizeMnemonic(mnemonic: string): string {
  return mnemonic.trim().split(/\s+/).join(" ");
}

/**
 * Encodes a 32-byte public key as an SS58 address (format 42 unless given).
 *
 * @example
 * ```ts
 * import { ss58Address } from "./keypair.ts";
 * const pub = new Uint8Array(32);
 * console.assert(ss58Address(pub).startsWith("5"));
 * ```
 */
export function ss58Address(publicKey: Uint8Array, format = 42): string {
  return encodeAddress(publicKey, format);
}

function fromSecretKey(
  pair: { publicKey: Uint8Array; secretKey: Uint8Array },
  type: KeyType,
  extra: { secretPhrase?: string; secretSeed?: Uint8Array },
): KeySecret {
  let keypair = keypairFromPair(new Keyring({ type, ss58Format: 42 }).addFromPair(pair));
  if (type === "sr25519") {
    // @polkadot/util-crypto 14 signs sr25519 in pure JS; schnorrkel's WASM build (same signatures,
    // same key form) is about 3x faster, which the dendrite feels on every request.
    const { publicKey, secretKey } = pair;
    const slow = keypair.sign;
    keypair = { ...keypair, sign: (m) => wasmIsReady() ? wasmSr25519Sign(publicKey, secretKey, m) : slow(m) };
  }
  const privateKey = type === "sr25519" ? sr25519ExpandedToCanonical(pair.secretKey) : pair.secretKey.slice();
  return { keypair, privateKey, ...extra };
}

/**
 * Makes a key from a 32-byte mini-secret (`secretSeed`): sr25519 via schnorrkel's ed25519-mode
 * expansion, ed25519 as a plain seed. Requires `cryptoReady()` first.
 *
 * @param seed 32 bytes, or `0x` + 64 hex digits
 * @throws {RangeError} when the seed is not 32 bytes
 * @example
 * ```ts
 * import { cryptoReady, keySecretFromSeed } from "./keypair.ts";
 * await cryptoReady();
 * const alice = keySecretFromSeed("0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a");
 * console.assert(alice.keypair.address === "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
 * ```
 */
export function keySecretFromSeed(seed: Uint8Array | string, type: KeyType = "sr25519"): KeySecret {
  const bytes = typeof seed === "string" ? hexSeed(seed) : seed;
  if (bytes.length !== 32) throw new RangeError(`Cannot use the seed: it has ${bytes.length} bytes, not 32`);
  const pair = type === "sr25519" ? sr25519PairFromSeed(bytes) : ed25519PairFromSeed(bytes);
  return fromSecretKey(pair, type, { secretSeed: bytes.slice() });
}

function hexSeed(text: string): Uint8Array {
  if (!HEX_SEED.test(text)) throw new RangeError("Cannot use the seed: it is not 0x followed by 64 hex digits");
  return hexToBytes(text);
}

/**
 * Makes a key from a BIP39 mnemonic the Substrate way: the mini-secret is
 * PBKDF2-HMAC-SHA512(entropy, "mnemonic", 2048)[0..32], not the BIP39 seed (wire-protocol.md §4.4).
 *
 * @throws {RangeError} when the mnemonic is not a valid English BIP39 phrase
 * @example
 * ```ts
 * import { cryptoReady, keySecretFromMnemonic } from "./keypair.ts";
 * await cryptoReady();
 * const key = keySecretFromMnemonic("old leopard transfer rib spatial phone calm indicate online fire caution review");
 * console.assert(key.keypair.address === "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX");
 * ```
 */
export function keySecretFromMnemonic(mnemonic: string, type: KeyType = "sr25519"): KeySecret {
  const phrase = normalizeMnemonic(mnemonic);
  if (!mnemonicValidate(phrase)) {
    throw new RangeError(
      `Cannot use the mnemonic: it is not a valid English BIP39 phrase (${phrase.split(" ").length} words)`,
    );
  }
  const key = keySecretFromSeed(mnemonicToMiniSecret(phrase), type);
  return { ...key, secretPhrase: phrase };
}

/**
 * Makes a key from the 64-byte `privateKey` a keyfile stores: schnorrkel canonical for sr25519
 * (converted to the `@polkadot/util-crypto` form to sign), `seed ‖ public` for ed25519.
 *
 * @param privateKey 64 bytes, or `0x` + 128 hex digits
 * @throws {RangeError} when the key has the wrong length
 * @example
 * ```ts
 * import { cryptoReady, keySecretFromPrivateKey } from "./keypair.ts";
 * await cryptoReady();
 * const key = keySecretFromPrivateKey(
 *   "0x33a6f3093f158a7109f679410bef1a0c54168145e0cecb4df006c1c2fffb1f09" +
 *     "925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011",
 * );
 * console.assert(key.keypair.address === "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
 * ```
 */
export function keySecretFromPrivateKey(privateKey: Uint8Array | string, type: KeyType = "sr25519"): KeySecret {
  const bytes = typeof privateKey === "string" ? hexToBytes(privateKey) : privateKey;
  if (bytes.length !== 64) {
    throw new RangeError(`Cannot use the private key: it has ${bytes.length} bytes, not 64`);
  }
  if (type === "ed25519") return keySecretFromSeed(bytes.slice(0, 32), "ed25519");
  const secretKey = sr25519CanonicalToExpanded(bytes);
  let scalar = 0n;
  for (let i = 31; i >= 0; i--) scalar = (scalar << 8n) | BigInt(bytes[i]);
  scalar %= ristretto255.Point.Fn.ORDER;
  if (scalar === 0n) throw new RangeError("Cannot use the private key: its scalar is zero");
  const publicKey = ristretto255.Point.BASE.multiply(scalar).toBytes();
  return fromSecretKey({ publicKey, secretKey }, type, {});
}

/**
 * Makes a key from a secret URI: `//Alice` or `/soft` (the dev phrase plus junctions), a mnemonic, or a
 * `0x` seed, each with optional `//hard` and `/soft` junctions and `///password`. The
 * mnemonic and seed are kept only when there is no junction. Requires `cryptoReady()` first.
 *
 * @throws {RangeError} when the URI is not one of those forms
 * @example
 * ```ts
 * import { cryptoReady, keySecretFromUri } from "./keypair.ts";
 * await cryptoReady();
 * console.assert(keySecretFromUri("//Bob").keypair.address === "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty");
 * ```
 */
export function keySecretFromUri(uri: string, type: KeyType = "sr25519"): KeySecret {
  const suri = uri.startsWith("/") ? `${DEV_PHRASE}${uri}` : uri;
  let parts: ReturnType<typeof keyExtractSuri>;
  try {
    parts = keyExtractSuri(suri);
  } catch {
    throw new RangeError("Cannot use the secret URI: expected //Name, a mnemonic or a 0x seed, with /junctions");
  }
  const { phrase, path, password } = parts;
  let root: KeySecret;
  if (HEX_SEED.test(phrase)) root = keySecretFromSeed(phrase, type);
  else if (password) {
    if (!mnemonicValidate(phrase)) {
      throw new RangeError("Cannot use the secret URI: its phrase is not a valid mnemonic");
    }
    root = { ...keySecretFromSeed(mnemonicToMiniSecret(phrase, password), type), secretPhrase: undefined };
  } else root = keySecretFromMnemonic(phrase, type);
  if (path.length === 0) return root;
  const rootPair = type === "sr25519" ? sr25519PairFromSeed(root.secretSeed!) : ed25519PairFromSeed(root.secretSeed!);
  const derived = keyFromPath(rootPair, path, type);
  return fromSecretKey(derived, type, {});
}
