/**
 * Typed access to SubtensorModule storage over any raw key–value state that holds SCALE bytes under real
 * storage keys (the devnet's block state).
 *
 * @module
 */
import { decode, encode } from "./_scale.ts";
import { type StorageItem, toHex } from "./storage_item.ts";

/** The raw state the pallet reads and writes: SCALE values under full storage keys (lowercase `0x` hex). */
export interface RawStorage {
  /** The bytes under `key`, or `undefined` when absent. */
  get(key: string): Uint8Array | undefined;
  /** Stores `value` under `key`. */
  set(key: string, value: Uint8Array): void;
  /** Removes `key`. */
  delete(key: string): void;
  /** Every key starting with `prefix` (lowercase `0x` hex), in any order. */
  keys(prefix: string): string[];
}

/**
 * Reads and writes storage items by value.
 *
 * @example
 * ```ts
 * import { TypedStore, MapStorage } from "./store.ts";
 * import { S } from "./items.ts";
 * const st = new TypedStore(new MapStorage());
 * st.put(S.Tempo, [1], 10);
 * console.assert(st.get(S.Tempo, 1) === 10 && st.get(S.Tempo, 2) === 360);
 * ```
 */
export class TypedStore {
  /** The underlying raw state. */
  readonly raw: RawStorage;

  /** Wraps a raw state. */
  constructor(raw: RawStorage) {
    this.raw = raw;
  }

  /** The value under the keys, or the item's fallback when absent. */
  get<K extends unknown[], V>(item: StorageItem<K, V>, ...keys: K): V {
    const bytes = this.raw.get(item.keyHex(...keys));
    if (bytes === undefined) return item.fallback;
    return decode(item.value, bytes) as V;
  }

  /** Whether a value is stored under the keys. */
  has<K extends unknown[], V>(item: StorageItem<K, V>, ...keys: K): boolean {
    return this.raw.get(item.keyHex(...keys)) !== undefined;
  }

  /** Stores a value (`undefined` removes it, for `OptionQuery` items). */
  put<K extends unknown[], V>(item: StorageItem<K, V>, keys: K, value: V): void {
    const key = item.keyHex(...keys);
    if (value === undefined) this.raw.delete(key);
    else this.raw.set(key, encode(item.value, value as Exclude<V, undefined>));
  }

  /** Removes the value under the keys. */
  remove<K extends unknown[], V>(item: StorageItem<K, V>, ...keys: K): void {
    this.raw.delete(item.keyHex(...keys));
  }

  /** The key parts of every entry of a map item (only for hashers that keep the key). */
  keysOf<K extends unknown[], V>(item: StorageItem<K, V>): K[] {
    return this.raw.keys(toHex(item.prefix)).map((k) => item.decodeKey(hexBytes(k)));
  }

  /** Reads, transforms and writes back one value; returns the new value. */
  mutate<K extends unknown[], V>(item: StorageItem<K, V>, keys: K, fn: (v: V) => V): V {
    const next = fn(this.get(item, ...keys));
    this.put(item, keys, next);
    return next;
  }
}

/**
 * A raw state in a `Map` keyed by hex, for unit tests and tools that run the pallet without a devnet.
 *
 * @example
 * ```ts
 * import { MapStorage } from "./store.ts";
 * const m = new MapStorage();
 * m.set("0x01", new Uint8Array([2]));
 * console.assert(m.get("0x01")?.[0] === 2);
 * ```
 */
export class MapStorage implements RawStorage {
  /** Entries by lowercase `0x` hex key. */
  readonly entries: Map<string, Uint8Array> = new Map();

  /** The bytes under `key`. */
  get(key: string): Uint8Array | undefined {
    return this.entries.get(key);
  }

  /** Stores `value` under `key`. */
  set(key: string, value: Uint8Array): void {
    this.entries.set(key, value);
  }

  /** Removes `key`. */
  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Keys starting with `prefix`. */
  keys(prefix: string): string[] {
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix));
  }
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}
