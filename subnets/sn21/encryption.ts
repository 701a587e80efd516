/**
 * Subnet 21 (FileTao) client-side encryption, compatible with the Python client
 * (subnet-template.md §4.3): AES-256-GCM with a 16-byte nonce over the data, and the AES key, nonce
 * and tag as JSON sealed in a NaCl SecretBox under an argon2i key derived from the hex string of
 * the coldkey's private key.
 *
 * @module
 */
import { gcm } from "@noble/ciphers/aes.js";
import { xsalsa20poly1305 } from "@noble/ciphers/salsa.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { SubnetError } from "../../protocol/errors.ts";
import { deriveNaclKey } from "../../wallet/keyfile_crypto.ts";

/** Randomness for encryption; injectable only for known-answer tests. */
export interface Sn21Randomness {
  /** 32-byte AES key. */
  aesKey: Uint8Array;
  /** 16-byte AES-GCM nonce. */
  gcmNonce: Uint8Array;
  /** 24-byte SecretBox nonce. */
  boxNonce: Uint8Array;
}

/** What `encryptForStorage` returns: the bytes to upload and the payload JSON to send beside them. */
export interface Sn21Encrypted {
  /** AES-GCM ciphertext without its tag (what the CID covers). */
  ciphertext: Uint8Array;
  /** `{"nonce": "<hex>", "ciphertext": "<hex>"}`, exactly as Python's `json.dumps` writes it. */
  payload: string;
}

/**
 * Derives the SecretBox key from a password: the same argon2i v1.3 derivation (8 passes, 512 MiB,
 * bittensor's fixed salt) as a `$NACL` keyfile (`deriveNaclKey`). Slow on purpose (seconds).
 *
 * @example
 * ```ts ignore
 * import { coldkeyPassword, deriveSecretBoxKey } from "./encryption.ts";
 * const key = await deriveSecretBoxKey(coldkeyPassword(new Uint8Array(64))); // 8870b702…
 * ```
 */
export async function deriveSecretBoxKey(password: string): Promise<Uint8Array> {
  return await deriveNaclKey(password);
}

/**
 * The password Python derives from a coldkey: its private key's hex string (`private_key.hex()`),
 * used as UTF-8 bytes.
 *
 * @example
 * ```ts
 * import { coldkeyPassword } from "./encryption.ts";
 * console.assert(coldkeyPassword(new Uint8Array(64)) === "00".repeat(64));
 * ```
 */
export function coldkeyPassword(privateKey: Uint8Array): string {
  return bytesToHex(privateKey);
}

function random(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

/**
 * Encrypts `data` for storage as the Python client does (`encrypt_data`). `key` is the SecretBox
 * key from `deriveSecretBoxKey(coldkeyPassword(privateKey))`.
 *
 * @example
 * ```ts
 * import { encryptForStorage } from "./encryption.ts";
 * const { ciphertext, payload } = encryptForStorage(new Uint8Array([1]), new Uint8Array(32));
 * console.assert(ciphertext.length === 1 && payload.startsWith('{"nonce": "'));
 * ```
 */
export function encryptForStorage(
  data: Uint8Array,
  key: Uint8Array,
  randomness: Sn21Randomness = { aesKey: random(32), gcmNonce: random(16), boxNonce: random(24) },
): Sn21Encrypted {
  const sealed = gcm(randomness.aesKey, randomness.gcmNonce).encrypt(data);
  const ciphertext = sealed.subarray(0, sealed.length - 16);
  const tag = sealed.subarray(sealed.length - 16);
  const aesInfo = `{"aes_key": "${bytesToHex(randomness.aesKey)}", "nonce": "${
    bytesToHex(randomness.gcmNonce)
  }", "tag": "${bytesToHex(tag)}"}`;
  const box = xsalsa20poly1305(key, randomness.boxNonce).encrypt(new TextEncoder().encode(aesInfo));
  const payload = `{"nonce": "${bytesToHex(randomness.boxNonce)}", "ciphertext": "${bytesToHex(box)}"}`;
  return { ciphertext: ciphertext.slice(), payload };
}

/**
 * Whether an encryption payload means "not encrypted" (`None`, `""` or `"{}"` upstream).
 *
 * @example
 * ```ts
 * import { isPlainPayload } from "./encryption.ts";
 * console.assert(isPlainPayload("{}"));
 * ```
 */
export function isPlainPayload(payload: string | null | undefined): boolean {
  return payload === null || payload === undefined || payload.trim() === "" || payload.trim() === "{}";
}

function hexField(value: unknown, name: string, bytes: number): Uint8Array {
  if (typeof value !== "string" || !/^[0-9a-fA-F]*$/.test(value) || (bytes > 0 && value.length !== bytes * 2)) {
    throw new SubnetError("subnet/bad-payload", `Cannot decrypt: the payload's "${name}" is not valid hex`);
  }
  return hexToBytes(value);
}

/**
 * Decrypts data stored with `encryptForStorage` (Python's `decrypt_data_with_private_key`). A wrong
 * key or tampered bytes give a `SubnetError` with code `subnet/wrong-key` or `subnet/bad-payload`.
 *
 * @example
 * ```ts
 * import { decryptFromStorage, encryptForStorage } from "./encryption.ts";
 * const key = new Uint8Array(32);
 * const sealed = encryptForStorage(new Uint8Array([7]), key);
 * console.assert(decryptFromStorage(sealed.ciphertext, sealed.payload, key)[0] === 7);
 * ```
 */
export function decryptFromStorage(ciphertext: Uint8Array, payload: string, key: Uint8Array): Uint8Array {
  let outer: Record<string, unknown>;
  try {
    outer = JSON.parse(payload);
  } catch {
    throw new SubnetError("subnet/bad-payload", "Cannot decrypt: the encryption payload is not JSON");
  }
  const boxNonce = hexField(outer.nonce, "nonce", 24);
  const box = hexField(outer.ciphertext, "ciphertext", 0);
  let aesInfo: Record<string, unknown>;
  try {
    aesInfo = JSON.parse(new TextDecoder().decode(xsalsa20poly1305(key, boxNonce).decrypt(box)));
  } catch {
    throw new SubnetError(
      "subnet/wrong-key",
      "Cannot decrypt: the encryption payload does not open with this coldkey (wrong wallet?)",
    );
  }
  const aesKey = hexField(aesInfo.aes_key, "aes_key", 32);
  const nonce = hexField(aesInfo.nonce, "nonce", 16);
  const tag = hexField(aesInfo.tag, "tag", 16);
  const sealed = new Uint8Array(ciphertext.length + 16);
  sealed.set(ciphertext);
  sealed.set(tag, ciphertext.length);
  try {
    return gcm(aesKey, nonce).decrypt(sealed);
  } catch {
    throw new SubnetError("subnet/bad-payload", "Cannot decrypt: the data does not match its authentication tag");
  }
}
