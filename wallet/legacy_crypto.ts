/**
 * Decryption of the two legacy keyfile formats bittensor 6.x still read (wire-protocol.md §4.3):
 * Ansible Vault 1.1/1.2 AES256 (PBKDF2-HMAC-SHA256 10,000 iterations → AES-256-CTR key, HMAC key,
 * counter; HMAC-SHA256 over the ciphertext; double hex) and Fernet tokens keyed with
 * PBKDF2-HMAC-SHA256(password, bittensor's salt, 10,000,000 iterations).
 *
 * AES and HMAC run on `@noble/ciphers` / `@noble/hashes`; the 10-million-iteration PBKDF2 runs on
 * WebCrypto, which is about ten times faster than pure JS here.
 *
 * @module
 */
import { cbc, ctr } from "@noble/ciphers/aes.js";
import { hmac } from "@noble/hashes/hmac.js";
import { pbkdf2 } from "@noble/hashes/pbkdf2.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { SubnetError } from "../protocol/errors.ts";

/** The salt bittensor 6.x used to turn a password into a Fernet key. */
export const LEGACY_FERNET_SALT = "Iguesscyborgslikemyselfhaveatendencytobeparanoidaboutourorigins";
/** PBKDF2 iterations for the Fernet key. */
export const LEGACY_FERNET_ITERATIONS = 10_000_000;
/** PBKDF2 iterations of Ansible Vault's AES256 scheme. */
export const ANSIBLE_VAULT_ITERATIONS = 10_000;

function invalid(what: string): SubnetError {
  return new SubnetError("wallet/invalid-keyfile", `Cannot decrypt the keyfile: ${what}`);
}

function wrongPassword(): SubnetError {
  return new SubnetError(
    "wallet/wrong-password",
    "Cannot decrypt the keyfile: the password is wrong (nothing was changed; try again)",
  );
}

function unhex(text: string, what: string): Uint8Array {
  const t = text.trim();
  if (t.length % 2 || !/^[0-9a-fA-F]*$/.test(t)) throw invalid(`${what} is not hex`);
  const out = new Uint8Array(t.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(t.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function unpadPkcs7(data: Uint8Array): Uint8Array {
  const n = data[data.length - 1];
  if (!n || n > 16 || n > data.length) throw invalid("its padding is malformed");
  for (let i = data.length - n; i < data.length; i++) if (data[i] !== n) throw invalid("its padding is malformed");
  return data.subarray(0, data.length - n);
}

/**
 * The plaintext of an Ansible Vault that Python's `ansible_vault` wrote. A YAML `!!binary` scalar is
 * decoded; anything else (bittensor's JSON) is returned as it is.
 */
function yamlPayload(plain: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(plain).trim();
  const m = /^!!binary\s*\|?\s*([A-Za-z0-9+/=\s]+)$/.exec(text);
  if (!m) return plain;
  return Uint8Array.from(atob(m[1].replace(/\s+/g, "")), (c) => c.charCodeAt(0));
}

/**
 * Decrypts an Ansible Vault (`$ANSIBLE_VAULT;1.1;AES256` or `1.2` with a vault id).
 *
 * @throws {SubnetError} `wallet/wrong-password` when the HMAC does not match,
 *   `wallet/invalid-keyfile` when the text is not a vault
 * @example
 * ```ts ignore
 * import { readFile } from "node:fs/promises";
 * import { decryptAnsibleVault } from "./legacy_crypto.ts";
 * const json = await decryptAnsibleVault(await readFile("coldkey", "utf8"), "password");
 * ```
 */
export function decryptAnsibleVault(text: string, password: string): Promise<Uint8Array> {
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const fields = header.trim().split(";");
  if (fields[0] !== "$ANSIBLE_VAULT" || !["1.1", "1.2"].includes(fields[1]) || fields[2] !== "AES256") {
    return Promise.reject(invalid(`the vault header "${fields.slice(0, 3).join(";")}" is not 1.1/1.2 AES256`));
  }
  try {
    const inner = new TextDecoder().decode(unhex(lines.join(""), "the vault body")).split("\n");
    if (inner.length < 3) throw invalid("the vault body does not hold salt, HMAC and ciphertext");
    const salt = unhex(inner[0], "the vault salt");
    const mac = unhex(inner[1], "the vault HMAC");
    const ciphertext = unhex(inner[2], "the vault ciphertext");
    const material = pbkdf2(sha256, new TextEncoder().encode(password), salt, {
      c: ANSIBLE_VAULT_ITERATIONS,
      dkLen: 80,
    });
    const [aesKey, macKey, iv] = [material.subarray(0, 32), material.subarray(32, 64), material.subarray(64, 80)];
    if (!equalBytes(hmac(sha256, macKey, ciphertext), mac)) throw wrongPassword();
    return Promise.resolve(yamlPayload(unpadPkcs7(ctr(aesKey, iv).decrypt(ciphertext))));
  } catch (err) {
    return Promise.reject(err);
  }
}

function base64UrlDecode(text: string): Uint8Array {
  const b64 = text.trim().replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*=*$/.test(b64)) throw invalid("the Fernet token is not base64url");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

/** Options for `decryptLegacyFernet`. */
export interface LegacyFernetOptions {
  /** PBKDF2 iterations. Default `LEGACY_FERNET_ITERATIONS` (Python's); only tests change it. */
  iterations?: number;
}

/**
 * Derives bittensor 6.x's 32-byte Fernet key from a password (PBKDF2-HMAC-SHA256, its fixed salt).
 *
 * @example
 * ```ts ignore
 * import { legacyFernetKey } from "./legacy_crypto.ts";
 * const key = await legacyFernetKey("password"); // about 2 s
 * ```
 */
export async function legacyFernetKey(password: string, options: LegacyFernetOptions = {}): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    {
      name: "PBKDF2",
      hash: "SHA-256",
      salt: new TextEncoder().encode(LEGACY_FERNET_SALT),
      iterations: options.iterations ?? LEGACY_FERNET_ITERATIONS,
    },
    base,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * Opens a Fernet token with a 32-byte Fernet key (signing key ‖ AES-128 key).
 *
 * @throws {SubnetError} `wallet/wrong-password` when the HMAC does not match
 * @example
 * ```ts ignore
 * import { fernetOpen } from "./legacy_crypto.ts";
 * const plain = fernetOpen("gAAAAA…", key);
 * ```
 */
export function fernetOpen(token: string, key: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new RangeError(`Cannot open a Fernet token: the key has ${key.length} bytes, not 32`);
  const raw = base64UrlDecode(token);
  if (raw.length < 1 + 8 + 16 + 16 + 32 || raw[0] !== 0x80 || (raw.length - 57) % 16) {
    throw invalid("the Fernet token is malformed");
  }
  const signed = raw.subarray(0, raw.length - 32);
  if (!equalBytes(hmac(sha256, key.subarray(0, 16), signed), raw.subarray(raw.length - 32))) throw wrongPassword();
  try {
    return cbc(key.subarray(16, 32), raw.subarray(9, 25)).decrypt(raw.subarray(25, raw.length - 32));
  } catch (cause) {
    throw new SubnetError("wallet/invalid-keyfile", "Cannot decrypt the keyfile: its Fernet padding is malformed", {
      cause,
    });
  }
}

/**
 * Decrypts a bittensor 6.x legacy keyfile (a Fernet token starting `gAAAAA`). Takes about 2 s.
 *
 * @throws {SubnetError} `wallet/wrong-password` when the password does not open it
 * @example
 * ```ts ignore
 * import { readFile } from "node:fs/promises";
 * import { decryptLegacyFernet } from "./legacy_crypto.ts";
 * const json = await decryptLegacyFernet(await readFile("coldkey", "utf8"), "password");
 * ```
 */
export async function decryptLegacyFernet(
  token: string,
  password: string,
  options: LegacyFernetOptions = {},
): Promise<Uint8Array> {
  return fernetOpen(token, await legacyFernetKey(password, options));
}
