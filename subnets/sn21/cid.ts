/**
 * Subnet 21 (FileTao) content ids: CIDv1, raw codec, sha2-256 multihash, base32 — every CID starts
 * with `bafkrei` (subnet-template.md §4.2).
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { CID } from "multiformats/cid";
import * as Digest from "multiformats/hashes/digest";
import * as raw from "multiformats/codecs/raw";

const SHA2_256 = 0x12;

/**
 * The CID FileTao gives `data`.
 *
 * @example
 * ```ts
 * import { cidFor } from "./cid.ts";
 * console.assert(cidFor(new Uint8Array()) === "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
 * ```
 */
export function cidFor(data: Uint8Array): string {
  return CID.create(1, raw.code, Digest.create(SHA2_256, sha256(data))).toString();
}

/**
 * Parses a CID string and returns its sha2-256 digest, or throws a `SyntaxError` naming the problem.
 * Accepts CIDv1 (`b…` base32) and CIDv0 (`Qm…`) strings whose multihash is sha2-256.
 *
 * @example
 * ```ts
 * import { cidDigest } from "./cid.ts";
 * console.assert(cidDigest("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku").length === 32);
 * ```
 */
export function cidDigest(cid: string): Uint8Array {
  let parsed: CID;
  try {
    parsed = CID.parse(cid.trim());
  } catch (err) {
    throw new SyntaxError(`Cannot parse CID "${cid}": ${(err as Error).message}`);
  }
  if (parsed.multihash.code !== SHA2_256 || parsed.multihash.digest.length !== 32) {
    throw new SyntaxError(`Cannot use CID "${cid}": its hash is not sha2-256`);
  }
  return parsed.multihash.digest;
}

/**
 * Whether `data` hashes to `cid` (upstream's client never checks this; ours always does).
 *
 * @example
 * ```ts
 * import { cidFor, matchesCid } from "./cid.ts";
 * const data = new TextEncoder().encode("Hello World!");
 * console.assert(matchesCid(data, cidFor(data)));
 * ```
 */
export function matchesCid(data: Uint8Array, cid: string): boolean {
  const expected = cidDigest(cid);
  const actual = sha256(data);
  let diff = 0;
  for (let i = 0; i < 32; i++) diff |= expected[i] ^ actual[i];
  return diff === 0;
}
