/**
 * One identity per public key: the only accepted spelling of a hotkey on the wire is its SS58 address
 * with prefix 42 (what Python dendrites always send). Any other encoding of the same key (another
 * prefix, hex) is refused, so a blacklist, rate limit or nonce budget keyed on a key cannot be
 * sidestepped by re-encoding it.
 *
 * @module
 */
import { decodeAddress, encodeAddress } from "@polkadot/util-crypto";
import { bytesToHex } from "@noble/hashes/utils.js";

/** The SS58 prefix Bittensor uses (the generic Substrate one). */
export const SS58_PREFIX = 42;

/** A hotkey in its one canonical form. */
export interface CanonicalHotkey {
  /** The SS58 address with prefix 42 (equal to the text given). */
  address: string;
  /** The 32-byte public key. */
  publicKey: Uint8Array;
  /** The public key as lowercase hex without `0x`: the key every per-caller table uses. */
  keyHex: string;
}

/**
 * The hotkey `text` names, when `text` is the canonical SS58 (prefix 42, valid checksum, 32-byte
 * key); `null` for anything else, including another prefix or hex encoding of the same key.
 *
 * @example
 * ```ts
 * import { canonicalHotkey } from "./ss58.ts";
 * const alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
 * console.assert(canonicalHotkey(alice)?.keyHex.startsWith("d43593c7"));
 * console.assert(canonicalHotkey("15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5") === null); // prefix 0
 * ```
 */
export function canonicalHotkey(text: string): CanonicalHotkey | null {
  if (text.length < 46 || text.length > 50 || text.startsWith("0x")) return null;
  let publicKey: Uint8Array;
  try {
    publicKey = decodeAddress(text);
  } catch {
    return null;
  }
  if (publicKey.length !== 32 || encodeAddress(publicKey, SS58_PREFIX) !== text) return null;
  return { address: text, publicKey, keyHex: bytesToHex(publicKey) };
}
