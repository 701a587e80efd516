/**
 * Keyfile JSON (the decrypted content of `coldkey`, `hotkeys/<name>`, `coldkeypub.txt`), read in
 * every layout Python wrote and written the way bittensor 6.11+/7.x writes it (wire-protocol.md §4.2).
 *
 * @module
 */
import { bytesToHex, hexToBytes } from "./_hex.ts";
import { SubnetError } from "../protocol/errors.ts";
import {
  type KeySecret,
  keySecretFromMnemonic,
  keySecretFromPrivateKey,
  keySecretFromSeed,
  ss58Address,
} from "./keypair.ts";
import { decodeAddress } from "@polkadot/util-crypto";

/** The fields of a keyfile. Any may be absent or `null`; secrets are never logged. */
export interface KeyfileData {
  /** `0x` + hex public key (same as `publicKey`). */
  accountId?: string | null;
  /** `0x` + hex 32-byte public key. */
  publicKey?: string | null;
  /** `0x` + hex 64-byte schnorrkel canonical private key (from bittensor 6.11). */
  privateKey?: string | null;
  /** The mnemonic. */
  secretPhrase?: string | null;
  /** `0x` + hex 32-byte mini-secret. */
  secretSeed?: string | null;
  /** The SS58 address (format 42). */
  ss58Address?: string | null;
}

const FIELDS = ["accountId", "publicKey", "privateKey", "secretPhrase", "secretSeed", "ss58Address"] as const;
const HEX_32 = /^0x[0-9a-fA-F]{64}$/;
const HEX_64 = /^0x[0-9a-fA-F]{128}$/;

function invalid(what: string): SubnetError {
  return new SubnetError(
    "wallet/invalid-keyfile",
    `Cannot read the keyfile: ${what} (regenerate it with: subnet wallet regen-coldkey or regen-hotkey)`,
  );
}

/**
 * Parses decrypted keyfile bytes: JSON with any key order and spacing (Python 6.x/7.x with or without
 * `privateKey`, btwallet's compact form), or, as Python 6.x/7.x accept, a bare `0x` public key.
 *
 * @throws {SubnetError} `wallet/invalid-keyfile` when it is neither
 * @example
 * ```ts
 * import { parseKeyfileData } from "./keyfile_data.ts";
 * const data = parseKeyfileData(new TextEncoder().encode('{"ss58Address":"5F","publicKey":"0x00"}'));
 * console.assert(data.ss58Address === "5F");
 * ```
 */
export function parseKeyfileData(bytes: Uint8Array): KeyfileData {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes).trim();
  } catch {
    throw invalid("it is not UTF-8 text (is it encrypted with an unknown scheme?)");
  }
  if (text.startsWith("0x") && !text.includes("{")) return { publicKey: text };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid("it is not JSON");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw invalid("it is not a JSON object");
  const out: KeyfileData = {};
  for (const field of FIELDS) {
    const v = (value as Record<string, unknown>)[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== "string") throw invalid(`the field "${field}" is not a string`);
    out[field] = v;
  }
  return out;
}

/**
 * Makes the signing key a keyfile holds, trying its secrets in btwallet's order: `secretPhrase`,
 * `secretSeed`, `privateKey` (a field that does not parse is skipped: btwallet may write a
 * `secretSeed` as text rather than hex). Requires `cryptoReady()` first.
 *
 * @throws {SubnetError} `wallet/no-secret` when the file has only public data
 * @example
 * ```ts
 * import { cryptoReady } from "./keypair.ts";
 * import { keySecretFromKeyfileData } from "./keyfile_data.ts";
 * await cryptoReady();
 * const key = keySecretFromKeyfileData({
 *   secretSeed: "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a",
 * });
 * console.assert(key.keypair.address === "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
 * ```
 */
export function keySecretFromKeyfileData(data: KeyfileData): KeySecret {
  const { secretPhrase, secretSeed, privateKey } = data;
  if (secretPhrase) {
    try {
      const key = keySecretFromMnemonic(secretPhrase);
      if (secretSeed && HEX_32.test(secretSeed)) return { ...key, secretSeed: hexToBytes(secretSeed) };
      return key;
    } catch {
      // fall through to the seed or private key
    }
  }
  if (secretSeed && HEX_32.test(secretSeed)) return keySecretFromSeed(secretSeed);
  if (privateKey && HEX_64.test(privateKey)) return keySecretFromPrivateKey(privateKey);
  if (secretPhrase || secretSeed || privateKey) throw invalid("none of its secret fields is well-formed");
  throw new SubnetError(
    "wallet/no-secret",
    "Cannot sign with this keyfile: it holds only a public key (use the wallet's coldkey or hotkey file)",
  );
}

/**
 * The public key a keyfile names: `publicKey`, `accountId`, or the decoded `ss58Address`.
 *
 * @throws {SubnetError} `wallet/invalid-keyfile` when none is present and well-formed
 * @example
 * ```ts
 * import { publicKeyFromKeyfileData } from "./keyfile_data.ts";
 * const pub = publicKeyFromKeyfileData({ ss58Address: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY" });
 * console.assert(pub.length === 32);
 * ```
 */
export function publicKeyFromKeyfileData(data: KeyfileData): Uint8Array {
  for (const hex of [data.publicKey, data.accountId]) if (hex && HEX_32.test(hex)) return hexToBytes(hex);
  if (data.ss58Address) {
    try {
      return decodeAddress(data.ss58Address);
    } catch {
      throw invalid("its ss58Address is not a valid address");
    }
  }
  throw invalid("it has no public key");
}

/**
 * Serializes a key as Python bittensor 6.11+/7.x does (`json.dumps`, fixed key order, `", "` and
 * `": "` separators, `null` for what is absent). Pass only `publicKey` for `coldkeypub.txt`.
 *
 * @example
 * ```ts
 * import { serializeKeyfileData } from "./keyfile_data.ts";
 * const text = new TextDecoder().decode(serializeKeyfileData({ publicKey: new Uint8Array(32) }));
 * console.assert(text.startsWith('{"accountId": "0x0000'));
 * ```
 */
export function serializeKeyfileData(
  key: Pick<KeySecret, "secretPhrase" | "secretSeed"> & { publicKey: Uint8Array; privateKey?: Uint8Array },
): Uint8Array {
  const pub = bytesToHex(key.publicKey);
  const fields: [string, string | null][] = [
    ["accountId", pub],
    ["publicKey", pub],
    ["privateKey", key.privateKey ? bytesToHex(key.privateKey) : null],
    ["secretPhrase", key.secretPhrase ?? null],
    ["secretSeed", key.secretSeed ? bytesToHex(key.secretSeed) : null],
    ["ss58Address", ss58Address(key.publicKey)],
  ];
  const body = fields.map(([k, v]) => `${JSON.stringify(k)}: ${v === null ? "null" : pyJsonString(v)}`).join(", ");
  return new TextEncoder().encode(`{${body}}`);
}

/** `json.dumps` of a str with `ensure_ascii=True`. */
function pyJsonString(value: string): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * The keyfile fields of a key with secrets, ready for `serializeKeyfileData`.
 *
 * @example
 * ```ts
 * import { cryptoReady, keySecretFromUri } from "./keypair.ts";
 * import { keyfileFields, serializeKeyfileData } from "./keyfile_data.ts";
 * await cryptoReady();
 * serializeKeyfileData(keyfileFields(keySecretFromUri("//Alice")));
 * ```
 */
export function keyfileFields(
  key: KeySecret,
): { publicKey: Uint8Array; privateKey: Uint8Array; secretPhrase?: string; secretSeed?: Uint8Array } {
  return {
    publicKey: key.keypair.publicKey,
    privateKey: key.privateKey,
    secretPhrase: key.secretPhrase,
    secretSeed: key.secretSeed,
  };
}
