/**
 * A storage item descriptor: the pallet and item name, the key hashers and codecs, the value codec and
 * default, so a value lives as SCALE bytes under the same key a real subtensor node uses
 * (`twox128(pallet) ++ twox128(item) ++ hasher(key)...`).
 *
 * @module
 */
import { blake2AsU8a, xxhashAsU8a } from "@polkadot/util-crypto";
import { type Codec, encode, ScaleReader } from "./_scale.ts";

/** Entries each item's key cache holds before it is dropped. */
export const KEY_CACHE_MAX = 8192;

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** Lowercase `0x` hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = "0x";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

/** A storage key hasher, named as in the metadata. */
export type Hasher = "Identity" | "Blake2_128Concat" | "Twox64Concat";

/** The SCALE bytes of one key part, hashed as the hasher says. */
export function hashKeyPart(hasher: Hasher, encoded: Uint8Array): Uint8Array {
  switch (hasher) {
    case "Identity":
      return encoded;
    case "Blake2_128Concat": {
      const out = new Uint8Array(16 + encoded.length);
      out.set(blake2AsU8a(encoded, 128), 0);
      out.set(encoded, 16);
      return out;
    }
    case "Twox64Concat": {
      const out = new Uint8Array(8 + encoded.length);
      out.set(xxhashAsU8a(encoded, 64), 0);
      out.set(encoded, 8);
      return out;
    }
  }
}

/** `twox128(pallet) ++ twox128(item)`: the prefix every key of the item starts with. */
export function itemPrefix(pallet: string, name: string): Uint8Array {
  const out = new Uint8Array(32);
  out.set(xxhashAsU8a(pallet, 128), 0);
  out.set(xxhashAsU8a(name, 128), 16);
  return out;
}

/**
 * One storage item. `K` is the tuple of key values (empty for a plain value); `V` the value type, with
 * `undefined` meaning "absent" for `OptionQuery` items.
 *
 * @example
 * ```ts
 * import { StorageItem } from "./storage_item.ts";
 * import { u16 } from "./_scale.ts";
 * const tempo = new StorageItem<[number], number>("SubtensorModule", "Tempo", [["Identity", u16]], u16, 360);
 * console.assert(tempo.key(1).length === 34);
 * ```
 */
export class StorageItem<K extends unknown[], V> {
  /** `twox128(pallet) ++ twox128(name)`. */
  readonly prefix: Uint8Array;
  readonly #keyCache: Map<string, string> = new Map();
  /** Pallet name as in the metadata, such as `"SubtensorModule"`. */
  readonly pallet: string;
  /** Item name as in the metadata, such as `"Weights"`. */
  readonly name: string;
  /** Hasher and codec of each key part, in order. */
  readonly keys: { [I in keyof K]: readonly [Hasher, Codec<K[I]>] };
  /** Codec of the stored value (for `OptionQuery` items, of the inner value). */
  readonly value: Codec<Exclude<V, undefined>>;
  /** What a read returns when nothing is stored (`undefined` for `OptionQuery`). */
  readonly fallback: V;

  /**
   * Describes an item.
   *
   * @param pallet pallet name
   * @param name item name
   * @param keys `[hasher, codec]` of each key part
   * @param value codec of the stored value
   * @param fallback the value an absent key reads as
   */
  constructor(
    pallet: string,
    name: string,
    keys: { [I in keyof K]: readonly [Hasher, Codec<K[I]>] },
    value: Codec<Exclude<V, undefined>>,
    fallback: V,
  ) {
    this.pallet = pallet;
    this.name = name;
    this.keys = keys;
    this.value = value;
    this.fallback = fallback;
    this.prefix = itemPrefix(pallet, name);
  }

  /** The full storage key of one entry. */
  key(...parts: K): Uint8Array {
    if (parts.length !== this.keys.length) {
      throw new RangeError(`Cannot build a key of ${this.pallet}.${this.name}: ${parts.length} parts given`);
    }
    if (parts.length === 0) return this.prefix;
    const hashed: Uint8Array[] = [];
    let len = 32;
    for (let i = 0; i < parts.length; i++) {
      const [hasher, codec] = this.keys[i] as readonly [Hasher, Codec<unknown>];
      const part = parts[i];
      const encoded = part instanceof Uint8Array && part.length === 32 // AccountId32 / H256 encode as themselves
        ? part
        : encode(codec, part);
      const h = hashKeyPart(hasher, encoded);
      hashed.push(h);
      len += h.length;
    }
    const out = new Uint8Array(len);
    out.set(this.prefix, 0);
    let at = 32;
    for (const h of hashed) {
      out.set(h, at);
      at += h.length;
    }
    return out;
  }

  /**
   * The full key as lowercase `0x` hex, the form the devnet state is keyed by. Keys are cached per item
   * (at most {@link KEY_CACHE_MAX} entries; the cache is dropped when full) since hashing dominates reads.
   */
  keyHex(...parts: K): string {
    let cacheKey = "";
    for (const p of parts) {
      cacheKey += p instanceof Uint8Array ? String.fromCharCode.apply(null, p as unknown as number[]) : String(p);
      cacheKey += "\u0000";
    }
    const hit = this.#keyCache.get(cacheKey);
    if (hit !== undefined) return hit;
    const hex = toHex(this.key(...parts));
    if (this.#keyCache.size >= KEY_CACHE_MAX) this.#keyCache.clear();
    this.#keyCache.set(cacheKey, hex);
    return hex;
  }

  /** Decodes the key parts back from a full key (only for hashers that keep the key: Identity, *Concat). */
  decodeKey(key: Uint8Array): K {
    const r = new ScaleReader(key.subarray(32));
    const out: unknown[] = [];
    for (const [hasher, codec] of this.keys as unknown as (readonly [Hasher, Codec<unknown>])[]) {
      if (hasher === "Blake2_128Concat") r.raw(16);
      else if (hasher === "Twox64Concat") r.raw(8);
      out.push(codec.decode(r));
    }
    return out as K;
  }
}
