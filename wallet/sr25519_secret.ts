/**
 * sr25519 secret key forms: the schnorrkel canonical 64 bytes that bittensor stores as `privateKey`
 * (`scalar ‖ nonce`) and the ed25519-expanded form `@polkadot/util-crypto` uses (`scalar × 8 ‖ nonce`),
 * per wire-protocol.md §4.4.
 *
 * @module
 */

const SECRET_BYTES = 64;
const SCALAR_BYTES = 32;

function checkLength(secret: Uint8Array, what: string): void {
  if (secret.length !== SECRET_BYTES) {
    throw new RangeError(`Cannot convert the ${what} sr25519 secret key: it has ${secret.length} bytes, not 64`);
  }
}

function readLe(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]);
  return n;
}

function writeLe(n: bigint, out: Uint8Array): void {
  for (let i = 0; i < out.length; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
}

/**
 * Converts a schnorrkel canonical secret key (`privateKey` in bittensor keyfiles) to the
 * ed25519-expanded form `@polkadot/util-crypto` signs with: the scalar is multiplied by the
 * cofactor 8, the nonce half is unchanged.
 *
 * @param canonical 64 bytes: scalar ‖ nonce
 * @returns 64 bytes: scalar × 8 ‖ nonce
 * @throws {RangeError} when the input is not 64 bytes or its scalar does not fit after × 8
 * @example
 * ```ts
 * import { sr25519CanonicalToExpanded, sr25519ExpandedToCanonical } from "./sr25519_secret.ts";
 * const canonical = new Uint8Array(64).fill(1, 32);
 * canonical[0] = 3;
 * const expanded = sr25519CanonicalToExpanded(canonical);
 * console.assert(expanded[0] === 24);
 * console.assert(sr25519ExpandedToCanonical(expanded)[0] === 3);
 * ```
 */
export function sr25519CanonicalToExpanded(canonical: Uint8Array): Uint8Array {
  checkLength(canonical, "canonical");
  const scalar = readLe(canonical.subarray(0, SCALAR_BYTES)) * 8n;
  if (scalar >> 256n) throw new RangeError("Cannot convert the canonical sr25519 secret key: its scalar is too large");
  const out = new Uint8Array(SECRET_BYTES);
  writeLe(scalar, out.subarray(0, SCALAR_BYTES));
  out.set(canonical.subarray(SCALAR_BYTES), SCALAR_BYTES);
  return out;
}

/**
 * Converts an ed25519-expanded sr25519 secret key (`@polkadot/util-crypto` form) to the schnorrkel
 * canonical form bittensor stores as `privateKey`: the scalar is divided by the cofactor 8.
 *
 * @param expanded 64 bytes: scalar × 8 ‖ nonce
 * @returns 64 bytes: scalar ‖ nonce
 * @throws {RangeError} when the input is not 64 bytes or its scalar is not a multiple of 8
 * @example
 * ```ts
 * import { sr25519ExpandedToCanonical } from "./sr25519_secret.ts";
 * const expanded = new Uint8Array(64);
 * expanded[0] = 16;
 * console.assert(sr25519ExpandedToCanonical(expanded)[0] === 2);
 * ```
 */
export function sr25519ExpandedToCanonical(expanded: Uint8Array): Uint8Array {
  checkLength(expanded, "expanded");
  const scalar = readLe(expanded.subarray(0, SCALAR_BYTES));
  if (scalar & 7n) {
    throw new RangeError("Cannot convert the expanded sr25519 secret key: its scalar is not a multiple of 8");
  }
  const out = new Uint8Array(SECRET_BYTES);
  writeLe(scalar >> 3n, out.subarray(0, SCALAR_BYTES));
  out.set(expanded.subarray(SCALAR_BYTES), SCALAR_BYTES);
  return out;
}
