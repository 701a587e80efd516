/**
 * SS58 addresses of 32-byte public keys read in place from a larger buffer, remembered between
 * calls: a metagraph re-read holds the same few thousand hotkeys and coldkeys each time, so a warm
 * read costs a hash-table probe and a 32-byte compare per key, with no slice, no string key and no
 * BLAKE2b. Private to `chain/`.
 *
 * @module
 */
import type { Ss58Encoder } from "./ss58.ts";

interface Entry {
  key: Uint8Array;
  address: string;
  next: Entry | undefined;
}

/**
 * A bounded memo of SS58 addresses keyed by the key's bytes (probed by its first four bytes).
 *
 * @example
 * ```ts
 * import { AddressCache } from "./_address_cache.ts";
 * import { createSs58Encoder } from "./ss58.ts";
 * const cache = new AddressCache(await createSs58Encoder());
 * const buffer = new Uint8Array(40);
 * console.assert(cache.at(buffer, 8) === "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM");
 * ```
 */
export class AddressCache {
  #encoder: Ss58Encoder;
  #entriesMax: number;
  #table = new Map<number, Entry>();
  #size = 0;

  /**
   * @param encoder makes the addresses the cache does not hold yet
   * @param entriesMax the most addresses kept (default 65 536); when full it starts afresh
   */
  constructor(encoder: Ss58Encoder, entriesMax = 65_536) {
    this.#encoder = encoder;
    this.#entriesMax = entriesMax;
  }

  /**
   * The address of the 32-byte key at `bytes[offset..offset + 32]`.
   *
   * @param bytes the buffer holding the key
   * @param offset where the key starts
   * @throws {RangeError} when fewer than 32 bytes are left
   */
  at(bytes: Uint8Array, offset: number): string {
    if (offset < 0 || offset + 32 > bytes.length) {
      throw new RangeError(`Cannot read an account at ${offset}: ${bytes.length - offset} bytes left, 32 needed`);
    }
    // 30 bits, so that the probe stays a small integer (a V8 Smi) and the table hashes it cheaply.
    const probe = bytes[offset] | (bytes[offset + 1] << 8) | (bytes[offset + 2] << 16) |
      ((bytes[offset + 3] & 63) << 24);
    const head = this.#table.get(probe);
    for (let e = head; e !== undefined; e = e.next) {
      const k = e.key;
      let i = 3;
      while (i < 32 && k[i] === bytes[offset + i]) i++;
      if (i === 32) return e.address;
    }
    const key = bytes.slice(offset, offset + 32);
    const address = this.#encoder.encode(key);
    if (this.#size >= this.#entriesMax) {
      this.#table.clear();
      this.#size = 0;
    }
    this.#table.set(probe, { key, address, next: this.#table.get(probe) });
    this.#size++;
    return address;
  }
}
