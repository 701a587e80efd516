/**
 * Keyfile encryption as Python bittensor does it (wire-protocol.md §4.3): `$NACL` (argon2i v1.3,
 * t = 8, 512 MiB, fixed salt; XSalsa20-Poly1305) both ways, plus decryption of the legacy
 * `$ANSIBLE_VAULT` and Fernet (`gAAAAA`) formats.
 *
 * argon2i runs on `hash-wasm` (WASM; about 11 s and 512 MiB per derivation on our machines, where
 * pure JS is several times slower); XSalsa20-Poly1305 on `@noble/ciphers`.
 *
 * @module
 */
import { argon2i } from "hash-wasm";
import { xsalsa20poly1305 } from "@noble/ciphers/salsa.js";
import { SubnetError } from "../protocol/errors.ts";
import { decryptAnsibleVault, decryptLegacyFernet } from "./legacy_crypto.ts";

/** libsodium `crypto_pwhash` salt bittensor uses for every `$NACL` keyfile. */
export const NACL_SALT: Uint8Array = new Uint8Array([
  0x13,
  0x71,
  0x83,
  0xdf,
  0xf1,
  0x5a,
  0x09,
  0xbc,
  0x9c,
  0x90,
  0xb5,
  0x51,
  0x87,
  0x39,
  0xe9,
  0xb1,
]);
/** argon2i passes (`OPSLIMIT_SENSITIVE`). */
export const NACL_ITERATIONS = 8;
/** argon2i memory in KiB (`MEMLIMIT_SENSITIVE` = 512 MiB). */
export const NACL_MEMORY_KIB = 524288;

const PREFIX = new TextEncoder().encode("$NACL");
const NONCE_BYTES = 24;
const TAG_BYTES = 16;

/** Turns a password into the 32-byte secretbox key. Injectable so tests can avoid 512 MiB runs. */
export type DeriveKey = (password: string) => Promise<Uint8Array>;

/** How a keyfile's bytes are encrypted, detected by prefix. */
export type KeyfileEncryption = "nacl" | "ansible" | "legacy";

/**
 * Derives the `$NACL` key: argon2i v1.3, t = 8, m = 512 MiB, p = 1, 32 bytes, fixed salt. Slow
 * (seconds) and memory-hungry by design.
 *
 * @example
 * ```ts ignore
 * import { deriveNaclKey } from "./keyfile_crypto.ts";
 * const key = await deriveNaclKey("thisisafakepassword"); // a17c46ec…
 * ```
 */
export async function deriveNaclKey(password: string): Promise<Uint8Array> {
  return await argon2i({
    password: new TextEncoder().encode(password),
    salt: NACL_SALT,
    parallelism: 1,
    iterations: NACL_ITERATIONS,
    memorySize: NACL_MEMORY_KIB,
    hashLength: 32,
    outputType: "binary",
  });
}

/**
 * Tells how keyfile bytes are encrypted, or `undefined` when they are plaintext.
 *
 * @example
 * ```ts
 * import { keyfileEncryption } from "./keyfile_crypto.ts";
 * console.assert(keyfileEncryption(new TextEncoder().encode("$NACL...")) === "nacl");
 * console.assert(keyfileEncryption(new TextEncoder().encode("{}")) === undefined);
 * ```
 */
export function keyfileEncryption(data: Uint8Array): KeyfileEncryption | undefined {
  const head = new TextDecoder().decode(data.subarray(0, 14));
  if (head.startsWith("$NACL")) return "nacl";
  if (head.startsWith("$ANSIBLE_VAULT")) return "ansible";
  if (head.startsWith("gAAAAA")) return "legacy";
  return undefined;
}

/**
 * Seals plaintext with a derived key: `$NACL` ‖ nonce(24) ‖ tag(16) ‖ ciphertext.
 *
 * @param nonce 24 bytes; pass fresh random bytes for every encryption
 * @example
 * ```ts
 * import { naclSeal } from "./keyfile_crypto.ts";
 * const file = naclSeal(new Uint8Array([1]), new Uint8Array(32), new Uint8Array(24));
 * console.assert(file.length === 5 + 24 + 16 + 1);
 * ```
 */
export function naclSeal(plaintext: Uint8Array, key: Uint8Array, nonce: Uint8Array): Uint8Array {
  if (nonce.length !== NONCE_BYTES) throw new RangeError(`Cannot seal: the nonce has ${nonce.length} bytes, not 24`);
  const boxed = xsalsa20poly1305(key, nonce).encrypt(plaintext);
  const out = new Uint8Array(PREFIX.length + NONCE_BYTES + boxed.length);
  out.set(PREFIX);
  out.set(nonce, PREFIX.length);
  out.set(boxed, PREFIX.length + NONCE_BYTES);
  return out;
}

/**
 * Opens a `$NACL` file with a derived key.
 *
 * @throws {SubnetError} `wallet/wrong-password` when authentication fails
 * @example
 * ```ts
 * import { naclOpen, naclSeal } from "./keyfile_crypto.ts";
 * const key = new Uint8Array(32);
 * const file = naclSeal(new Uint8Array([7]), key, new Uint8Array(24));
 * console.assert(naclOpen(file, key)[0] === 7);
 * ```
 */
export function naclOpen(file: Uint8Array, key: Uint8Array): Uint8Array {
  if (keyfileEncryption(file) !== "nacl" || file.length < PREFIX.length + NONCE_BYTES + TAG_BYTES) {
    throw new SubnetError("wallet/invalid-keyfile", "Cannot decrypt the keyfile: it is not a complete $NACL file");
  }
  const nonce = file.subarray(PREFIX.length, PREFIX.length + NONCE_BYTES);
  try {
    return xsalsa20poly1305(key, nonce).decrypt(file.subarray(PREFIX.length + NONCE_BYTES));
  } catch (cause) {
    throw wrongPassword(cause);
  }
}

function wrongPassword(cause: unknown): SubnetError {
  return new SubnetError(
    "wallet/wrong-password",
    "Cannot decrypt the keyfile: the password is wrong (nothing was changed; try again)",
    { cause },
  );
}

/** Options for `encryptKeyfileData`. */
export interface EncryptOptions {
  /** Source of the 24-byte nonce. Default: `crypto.getRandomValues`. */
  random?: (bytes: number) => Uint8Array;
  /** Key derivation. Default: `deriveNaclKey`. */
  deriveKey?: DeriveKey;
}

/**
 * Encrypts keyfile bytes the way bittensor writes coldkeys (`$NACL`).
 *
 * @example
 * ```ts ignore
 * import { encryptKeyfileData } from "./keyfile_crypto.ts";
 * const file = await encryptKeyfileData(new TextEncoder().encode("{}"), "a password");
 * ```
 */
export async function encryptKeyfileData(
  plaintext: Uint8Array,
  password: string,
  options: EncryptOptions = {},
): Promise<Uint8Array> {
  const random = options.random ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
  const key = await (options.deriveKey ?? deriveNaclKey)(password);
  return naclSeal(plaintext, key, random(NONCE_BYTES));
}

/** Options for `decryptKeyfileData`. */
export interface DecryptOptions {
  /** Key derivation for `$NACL`. Default: `deriveNaclKey`. */
  deriveKey?: DeriveKey;
  /** PBKDF2 iterations for legacy Fernet files. Default: 10,000,000 as Python; tests lower it. */
  legacyIterations?: number;
}

/**
 * Decrypts keyfile bytes in any format Python wrote: `$NACL`, `$ANSIBLE_VAULT`, or legacy Fernet.
 *
 * @throws {SubnetError} `wallet/wrong-password` when the password does not open it,
 *   `wallet/invalid-keyfile` when the format is unknown
 * @example
 * ```ts ignore
 * import { readFile } from "node:fs/promises";
 * import { decryptKeyfileData } from "./keyfile_crypto.ts";
 * const json = await decryptKeyfileData(new Uint8Array(await readFile("coldkey")), "password");
 * ```
 */
export async function decryptKeyfileData(
  data: Uint8Array,
  password: string,
  options: DecryptOptions = {},
): Promise<Uint8Array> {
  switch (keyfileEncryption(data)) {
    case "nacl":
      return naclOpen(data, await (options.deriveKey ?? deriveNaclKey)(password));
    case "ansible":
      return await decryptAnsibleVault(new TextDecoder().decode(data), password);
    case "legacy":
      return await decryptLegacyFernet(new TextDecoder().decode(data), password, {
        iterations: options.legacyIterations,
      });
    default:
      throw new SubnetError(
        "wallet/invalid-keyfile",
        "Cannot decrypt the keyfile: it is not encrypted with $NACL, Ansible Vault or Fernet",
      );
  }
}
