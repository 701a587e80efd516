/**
 * A fast SS58 address encoder for bulk work (a 1024-neuron metagraph holds 2048+ keys): the
 * checksum uses a WASM blake2b-512 (`hash-wasm`), base58 works in 58⁵ limbs. Results equal
 * `@polkadot/util-crypto`'s `encodeAddress` (checked in tests).
 *
 * @module
 */
import { createBLAKE2b } from "hash-wasm";

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const LIMB = 58 ** 5;
const SS58PRE = new TextEncoder().encode("SS58PRE");

/**
 * Base58 (Bitcoin alphabet) of `bytes`.
 *
 * @example
 * ```ts
 * import { base58Encode } from "./ss58.ts";
 * console.assert(base58Encode(new Uint8Array([0, 1])) === "12");
 * ```
 */
export function base58Encode(bytes: Uint8Array): string {
  const limbs: number[] = [0];
  for (let i = 0; i < bytes.length; i++) {
    let carry = bytes[i];
    for (let j = 0; j < limbs.length; j++) {
      const v = limbs[j] * 256 + carry;
      carry = Math.floor(v / LIMB);
      limbs[j] = v - carry * LIMB;
    }
    while (carry > 0) {
      const next = Math.floor(carry / LIMB);
      limbs.push(carry - next * LIMB);
      carry = next;
    }
  }
  let digits = "";
  for (let j = 0; j < limbs.length; j++) {
    let v = limbs[j];
    const last = j === limbs.length - 1;
    for (let k = 0; k < 5 && (!last || v > 0); k++) {
      const q = Math.floor(v / 58);
      digits = ALPHABET[v - q * 58] + digits;
      v = q;
    }
  }
  let zeros = "";
  for (let i = 0; i < bytes.length && bytes[i] === 0; i++) zeros += "1";
  return zeros + digits;
}

/** Encodes 32-byte public keys as SS58 addresses. */
export interface Ss58Encoder {
  /** The SS58 address of a 32-byte public key. */
  encode(publicKey: Uint8Array): string;
}

/**
 * Creates an SS58 encoder for a simple (< 64) address format, 42 by default.
 *
 * @example
 * ```ts
 * import { createSs58Encoder } from "./ss58.ts";
 * const ss58 = await createSs58Encoder();
 * console.assert(ss58.encode(new Uint8Array(32)) === "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM");
 * ```
 */
export async function createSs58Encoder(format = 42): Promise<Ss58Encoder> {
  if (!Number.isInteger(format) || format < 0 || format > 63) {
    throw new RangeError(`Cannot encode SS58 format ${format}: only simple formats 0..63 are supported`);
  }
  const hasher = await createBLAKE2b(512);
  const input = new Uint8Array(SS58PRE.length + 33);
  input.set(SS58PRE);
  input[SS58PRE.length] = format;
  const body = new Uint8Array(35);
  body[0] = format;
  return {
    encode(publicKey: Uint8Array): string {
      if (publicKey.length !== 32) {
        throw new RangeError(`Cannot encode an SS58 address: the key has ${publicKey.length} bytes, not 32`);
      }
      input.set(publicKey, SS58PRE.length + 1);
      hasher.init();
      hasher.update(input);
      const hash = hasher.digest("binary");
      body.set(publicKey, 1);
      body[33] = hash[0];
      body[34] = hash[1];
      return base58Encode(body);
    },
  };
}

/**
 * Wraps an encoder with a memo of the addresses it made (keyed by the key's bytes), so re-reading a
 * metagraph — the same few thousand hotkeys and coldkeys each time — skips the BLAKE2b and base58
 * work. When it holds `entriesMax` addresses it starts afresh.
 *
 * @param inner the encoder to memoize
 * @param entriesMax the most addresses kept (default 65 536)
 * @example
 * ```ts
 * import { createSs58Encoder, memoizedSs58Encoder } from "./ss58.ts";
 * const ss58 = memoizedSs58Encoder(await createSs58Encoder());
 * console.assert(ss58.encode(new Uint8Array(32)) === ss58.encode(new Uint8Array(32)));
 * ```
 */
export function memoizedSs58Encoder(inner: Ss58Encoder, entriesMax = 65_536): Ss58Encoder {
  const memo = new Map<string, string>();
  return {
    encode(publicKey: Uint8Array): string {
      const id = String.fromCharCode.apply(null, publicKey as unknown as number[]);
      let address = memo.get(id);
      if (address === undefined) {
        address = inner.encode(publicKey);
        if (memo.size >= entriesMax) memo.clear();
        memo.set(id, address);
      }
      return address;
    },
  };
}
