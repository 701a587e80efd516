/**
 * Timelock encryption to a drand round, wire-compatible with the `tle` crate subtensor runs
 * (timelock.md §3): Boneh–Franklin FullIdent IBE on BLS12-381 (identities in G1, the beacon key
 * in G2) wrapping a random 32-byte AES-256-GCM key, serialized as arkworks
 * `serialize_compressed(TLECiphertext<TinyBLS381>)`.
 *
 * Layout (timelock.md §3.4): `U (96, compressed G2) ‖ u64le(32) ‖ V ‖ u64le(32) ‖ W ‖
 * u64le(len body) ‖ body ‖ u64le(8) ‖ "AES_GCM_"`, `body = u64le(len ct) ‖ ct‖tag ‖ u64le(12) ‖ nonce`.
 *
 * @module
 */
import { bls12_381 } from "@noble/curves/bls12-381.js";
import type { WeierstrassPoint } from "@noble/curves/abstract/weierstrass.js";
import type { Fp12, Fp2 } from "@noble/curves/abstract/tower.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { gcm } from "@noble/ciphers/aes.js";
import { SubnetError } from "../errors.ts";

const { G1, G2, fields } = bls12_381;

/** The hash-to-G1 domain separation tag of drand quicknet (RFC 9380, timelock.md §3.1). */
export const QUICKNET_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";
/** The only cipher suite the chain accepts (timelock.md §3.3). */
export const CIPHER_SUITE = "AES_GCM_";
/** Bytes a commit adds to its plaintext: `len(commit) = len(plaintext) + 244` (timelock.md §3.4). */
export const TLE_OVERHEAD_BYTES = 244;
/** Length of a compressed G2 point (the beacon public key and `U`). */
export const G2_BYTES = 96;
/** Length of a compressed G1 point (a quicknet pulse signature). */
export const G1_BYTES = 48;

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const SUITE_BYTES = new TextEncoder().encode(CIPHER_SUITE);

/** Randomness for one encryption. Only known-answer tests pass it; callers leave it to the CSPRNG. */
export interface TleRandomness {
  /** The 32-byte AES-256 key (`esk`) the IBE wraps. */
  esk?: Uint8Array;
  /** The 32-byte IBE `sigma`. */
  sigma?: Uint8Array;
  /** The 12-byte AES-GCM nonce. */
  nonce?: Uint8Array;
}

/** Options of {@link encrypt}. */
export interface EncryptOptions {
  /** Fixed randomness for known-answer tests. Never set it in production: each value must be fresh. */
  randomness?: TleRandomness;
}

/** Options of {@link parseCiphertext} and {@link decrypt}. */
export interface ParseOptions {
  /**
   * Accept what subtensor's reveal accepts, for a devnet that must behave as the chain: bytes after
   * the ciphertext and after the AES-GCM nonce (arkworks deserializes from a reader and does not
   * check for the end), and any cipher-suite bytes (`tld` does not read them). Default false:
   * strict, as a client should be.
   */
  lenient?: boolean;
}

/** The parts of a parsed commit (`TLECiphertext`). */
export interface TleCiphertext {
  /** `U = r·G2`, compressed (96 bytes), checked on the curve and in the G2 subgroup. */
  u: Uint8Array;
  /** `V = sigma ⊕ H2(e(Q_ID, r·P))` (32 bytes). */
  v: Uint8Array;
  /** `W = esk ⊕ sha256(sigma)` (32 bytes). */
  w: Uint8Array;
  /** AES-GCM ciphertext with its 16-byte tag appended. */
  ciphertext: Uint8Array;
  /** The 12-byte AES-GCM nonce. */
  nonce: Uint8Array;
}

type TleErrorCode =
  | "chain/timelock-malformed"
  | "chain/timelock-invalid-point"
  | "chain/timelock-wrong-pulse"
  | "chain/timelock-undecryptable";

const HINT = "check that it is the raw TLECiphertext (no SCALE length prefix) and the pulse of its reveal round";

function fail(what: string, state: string, code: TleErrorCode = "chain/timelock-malformed"): never {
  if (what.startsWith("the beacon public key")) {
    throw new SubnetError(
      code,
      `Cannot use the beacon: ${what} (${state}); pass the 96-byte G2 key of Drand.BeaconConfig or drand quicknet`,
    );
  }
  throw new SubnetError(code, `Cannot use the timelocked commit: ${what} (${state}); ${HINT}`);
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u64le(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
}

function arkVec(bytes: Uint8Array): Uint8Array {
  return concat(u64le(bytes.length), bytes);
}

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] ^ b[i];
  return out;
}

function bytesToBigBE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

function fpLE(x: bigint): Uint8Array {
  const out = new Uint8Array(48);
  for (let i = 0; i < 48; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  return out;
}

/** arkworks' canonical Fp12 serialization: nested (c0, c1), each Fp 48 bytes little-endian (576 bytes). */
function gtBytes(f: Fp12): Uint8Array {
  const fp2s: Fp2[] = [f.c0.c0, f.c0.c1, f.c0.c2, f.c1.c0, f.c1.c1, f.c1.c2];
  return concat(...fp2s.flatMap((x) => [fpLE(x.c0), fpLE(x.c1)]));
}

/** H3(a, b) = sha256(a‖b) read big-endian, reduced mod r. */
function h3(sigma: Uint8Array, esk: Uint8Array): bigint {
  return fields.Fr.create(bytesToBigBE(sha256(concat(sigma, esk))));
}

/**
 * The drand message of a round: `sha256(u64be(round))` (timelock.md §3.1).
 *
 * @example
 * ```ts
 * import { roundMessage } from "./tle.ts";
 * console.assert(roundMessage(1000n).length === 32);
 * ```
 */
export function roundMessage(round: bigint): Uint8Array {
  if (round < 0n || round >= 1n << 64n) throw new RangeError(`Cannot use drand round ${round}: it is not a u64`);
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, round, false);
  return sha256(b);
}

function identityPoint(round: bigint): WeierstrassPoint<bigint> {
  return G1.hashToCurve(roundMessage(round), { DST: QUICKNET_DST }) as WeierstrassPoint<bigint>;
}

/**
 * The identity of a round as a compressed G1 point (48 bytes): `hash_to_G1(sha256(u64be(round)))`
 * with the quicknet DST. A pulse is this point times the beacon's secret key.
 *
 * @example
 * ```ts
 * import { roundIdentity } from "./tle.ts";
 * console.assert(roundIdentity(1000n).length === 48);
 * ```
 */
export function roundIdentity(round: bigint): Uint8Array {
  return identityPoint(round).toBytes(true);
}

function g2Point(bytes: Uint8Array, what: string): WeierstrassPoint<Fp2> {
  if (bytes.length !== G2_BYTES) {
    fail(
      `${what} must be a ${G2_BYTES}-byte compressed G2 point`,
      `${bytes.length} bytes`,
      "chain/timelock-invalid-point",
    );
  }
  try {
    const p = G2.Point.fromBytes(bytes);
    p.assertValidity();
    if (p.is0()) throw new Error("point at infinity");
    return p;
  } catch (err) {
    return fail(`${what} is not a valid G2 point`, message(err), "chain/timelock-invalid-point");
  }
}

function g1Point(bytes: Uint8Array, what: string): WeierstrassPoint<bigint> {
  if (bytes.length !== G1_BYTES) {
    fail(
      `${what} must be a ${G1_BYTES}-byte compressed G1 point`,
      `${bytes.length} bytes`,
      "chain/timelock-invalid-point",
    );
  }
  try {
    const p = G1.Point.fromBytes(bytes);
    p.assertValidity();
    if (p.is0()) throw new Error("point at infinity");
    return p;
  } catch (err) {
    return fail(`${what} is not a valid G1 point`, message(err), "chain/timelock-invalid-point");
  }
}

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

function fixed(value: Uint8Array | undefined, n: number, name: string): Uint8Array {
  if (value === undefined) return randomBytes(n);
  if (value.length !== n) {
    throw new RangeError(`Cannot encrypt with randomness.${name}: it must be ${n} bytes, not ${value.length}`);
  }
  return value;
}

/**
 * Encrypts `plaintext` to drand round `round` under the beacon's G2 public key (96 bytes), returning
 * the raw commit bytes the chain stores (`len = plaintext + 244`). Randomness comes from
 * `crypto.getRandomValues` unless `options.randomness` fixes it (known-answer tests only).
 *
 * @example
 * ```ts
 * import { encrypt } from "./tle.ts";
 * import { QUICKNET } from "../../chain/reveal_round.ts";
 * const commit = encrypt(QUICKNET.publicKey, 1000n, new TextEncoder().encode("hi"));
 * console.assert(commit.length === 2 + 244);
 * ```
 */
export function encrypt(
  publicKey: Uint8Array,
  round: bigint,
  plaintext: Uint8Array,
  options: EncryptOptions = {},
): Uint8Array {
  const pk = g2Point(publicKey, "the beacon public key");
  const esk = fixed(options.randomness?.esk, KEY_BYTES, "esk");
  const sigma = fixed(options.randomness?.sigma, KEY_BYTES, "sigma");
  const nonce = fixed(options.randomness?.nonce, NONCE_BYTES, "nonce");
  const r = h3(sigma, esk);
  const u = G2.Point.BASE.multiply(r);
  const gid = bls12_381.pairing(identityPoint(round), pk.multiply(r));
  const v = xor(sigma, sha256(gtBytes(gid)));
  const w = xor(esk, sha256(sigma));
  const body = concat(arkVec(gcm(esk, nonce).encrypt(plaintext)), arkVec(nonce));
  return concat(u.toBytes(true), arkVec(v), arkVec(w), arkVec(body), arkVec(SUITE_BYTES));
}

class Reader {
  #at = 0;
  constructor(readonly bytes: Uint8Array) {}
  take(n: number, what: string): Uint8Array {
    if (this.#at + n > this.bytes.length) {
      fail(`it ends inside ${what}`, `needs ${n} bytes at offset ${this.#at}, ${this.bytes.length} bytes in total`);
    }
    const out = this.bytes.subarray(this.#at, this.#at + n);
    this.#at += n;
    return out;
  }
  vec(what: string, expected?: number): Uint8Array {
    const len = new DataView(this.take(8, `the length of ${what}`).slice().buffer).getBigUint64(0, true);
    if (expected !== undefined && len !== BigInt(expected)) fail(`${what} must be ${expected} bytes`, `length ${len}`);
    if (len > BigInt(this.bytes.length)) fail(`${what} claims more bytes than the commit holds`, `length ${len}`);
    return this.take(Number(len), what);
  }
  end(what: string): void {
    if (this.#at !== this.bytes.length) {
      fail(`${this.bytes.length - this.#at} trailing bytes after ${what}`, `${this.bytes.length} bytes in total`);
    }
  }
}

/**
 * Parses raw commit bytes into their parts, validating every length, `U` (on the curve and in the
 * G2 subgroup), the cipher suite, and that no bytes trail. Throws `SubnetError` with code
 * `chain/timelock-malformed` or `chain/timelock-invalid-point` otherwise.
 *
 * @example
 * ```ts
 * import { encrypt, parseCiphertext } from "./tle.ts";
 * import { QUICKNET } from "../../chain/reveal_round.ts";
 * const parts = parseCiphertext(encrypt(QUICKNET.publicKey, 7n, new Uint8Array(3)));
 * console.assert(parts.ciphertext.length === 3 + 16);
 * ```
 */
export function parseCiphertext(commit: Uint8Array, options: ParseOptions = {}): TleCiphertext {
  const strict = !options.lenient;
  const r = new Reader(commit);
  const u = r.take(G2_BYTES, "U");
  g2Point(u, "U");
  const v = r.vec("V", KEY_BYTES);
  const w = r.vec("W", KEY_BYTES);
  const body = new Reader(r.vec("the AES-GCM body"));
  const ciphertext = body.vec("the AES-GCM ciphertext");
  if (ciphertext.length < TAG_BYTES) {
    fail("the AES-GCM ciphertext is shorter than its tag", `${ciphertext.length} bytes`);
  }
  const nonce = body.vec("the AES-GCM nonce", NONCE_BYTES);
  if (strict) body.end("the AES-GCM nonce");
  const suite = r.vec("the cipher suite");
  if (strict && (suite.length !== SUITE_BYTES.length || suite.some((b, i) => b !== SUITE_BYTES[i]))) {
    fail(`the cipher suite must be "${CIPHER_SUITE}"`, `got ${JSON.stringify(new TextDecoder().decode(suite))}`);
  }
  if (strict) r.end("the cipher suite");
  return { u, v, w, ciphertext, nonce };
}

/**
 * Decrypts a commit with the pulse signature of its round (the raw 48-byte compressed G1 point the
 * drand pallet stores). Throws `SubnetError` with code `chain/timelock-malformed` (bytes),
 * `chain/timelock-invalid-point` (a point), `chain/timelock-wrong-pulse` (a pulse of another round or
 * beacon) or `chain/timelock-undecryptable` (the AES-GCM tag fails).
 *
 * @example
 * ```ts
 * import { decrypt } from "./tle.ts";
 * // const plaintext = decrypt(commitBytes, pulse.signature);
 * ```
 */
export function decrypt(commit: Uint8Array, pulseSignature: Uint8Array, options: ParseOptions = {}): Uint8Array {
  const parts = parseCiphertext(commit, options);
  const sig = g1Point(pulseSignature, "the pulse signature");
  const u = G2.Point.fromBytes(parts.u);
  const sigma = xor(parts.v, sha256(gtBytes(bls12_381.pairing(sig, u))));
  const esk = xor(parts.w, sha256(sigma));
  if (!G2.Point.BASE.multiply(h3(sigma, esk)).equals(u)) {
    fail(
      "the pulse does not open it",
      "U ≠ H3(sigma, esk)·G2: the signature belongs to another round or beacon",
      "chain/timelock-wrong-pulse",
    );
  }
  try {
    return gcm(esk, parts.nonce).decrypt(parts.ciphertext);
  } catch (err) {
    return fail("the AES-GCM tag does not verify", message(err), "chain/timelock-undecryptable");
  }
}

/**
 * Checks a drand pulse as the drand pallet does: `e(sig, G2) == e(H(sha256(u64be(round))), pk)`.
 * Returns false for a valid point that does not verify; throws `SubnetError` for malformed bytes.
 *
 * @example
 * ```ts
 * import { verifyPulse } from "./tle.ts";
 * // verifyPulse(QUICKNET.publicKey, 1000n, signature) === true
 * ```
 */
export function verifyPulse(publicKey: Uint8Array, round: bigint, signature: Uint8Array): boolean {
  const pk = g2Point(publicKey, "the beacon public key");
  const sig = g1Point(signature, "the pulse signature");
  // e(sig, −G2)·e(H(round), pk) == 1: one shared final exponentiation instead of two.
  const product = bls12_381.pairingBatch([
    { g1: sig, g2: G2.Point.BASE.negate() },
    { g1: identityPoint(round), g2: pk },
  ]);
  return fields.Fp12.eql(product, fields.Fp12.ONE);
}
