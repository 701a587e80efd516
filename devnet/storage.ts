/**
 * The devnet's state: SCALE bytes under real Substrate storage keys
 * (`twox128(pallet) ++ twox128(item) ++ hasher(key)…`), so `@polkadot/api` storage reads work
 * unchanged, with typed access by metadata names.
 *
 * - {@link ChainStorage} is the live, writable state. Writes made inside {@link ChainStorage.transactional}
 *   roll back when the function throws (a failed extrinsic leaves no trace but its fee and nonce).
 * - {@link ChainStorage.snapshot} returns a read-only copy in O(items), sharing unchanged items
 *   (copy-on-write per storage item): the devnet keeps one per block for `at` queries.
 *
 * Reads of unset `ValueQuery` items return the metadata default, as in a Rust pallet; RPC reads of
 * unset keys return `null`, as on a real chain.
 *
 * @module
 */
import type { Codec } from "@polkadot/types/types";
import { u8aToHex } from "@polkadot/util";
import { blake2AsU8a, xxhashAsU8a } from "@polkadot/util-crypto";
import type { RuntimeMetadata, StorageHasher, StorageItemInfo } from "./metadata.ts";

/** A storage key or prefix as lowercase `0x` hex, the form the RPC uses. */
export type StorageKeyHex = `0x${string}`;

/** Length in hex characters (with `0x`) of an item prefix: `0x` + 32 bytes. */
const BUCKET_HEX_LENGTH = 66;

/**
 * Hashes one encoded key part with a metadata hasher.
 *
 * @example
 * ```ts
 * import { hashKeyPart } from "./storage.ts";
 * console.assert(hashKeyPart("Identity", new Uint8Array([1, 0])).length === 2);
 * ```
 */
export function hashKeyPart(hasher: StorageHasher, encoded: Uint8Array): Uint8Array {
  switch (hasher) {
    case "Identity":
      return encoded;
    case "Blake2_128":
      return blake2AsU8a(encoded, 128);
    case "Blake2_256":
      return blake2AsU8a(encoded, 256);
    case "Twox128":
      return xxhashAsU8a(encoded, 128);
    case "Twox256":
      return xxhashAsU8a(encoded, 256);
    case "Blake2_128Concat":
      return concat(blake2AsU8a(encoded, 128), encoded);
    case "Twox64Concat":
      return concat(xxhashAsU8a(encoded, 64), encoded);
  }
}

/** Bytes a hasher puts before the key itself, or `null` when it does not keep the key. */
function hashPrefixLength(hasher: StorageHasher): number | null {
  switch (hasher) {
    case "Identity":
      return 0;
    case "Blake2_128Concat":
      return 16;
    case "Twox64Concat":
      return 8;
    default:
      return null;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function isCodec(value: unknown): value is Codec {
  return typeof value === "object" && value !== null && "toU8a" in value && "registry" in value;
}

/** One entry found by {@link StorageReader.iterPrefix}. */
export interface StorageEntry<T extends Codec = Codec> {
  /** The full storage key. */
  key: StorageKeyHex;
  /** The decoded key parts (all of them, including the ones given as prefix); `null` where a hasher hides the key. */
  keys: (Codec | null)[];
  /** The decoded value. */
  value: T;
}

/**
 * Typed, read-only access to state by metadata names. Both the live {@link ChainStorage} and its
 * snapshots implement it, so runtime APIs read old blocks with the same code.
 */
export interface StorageReader {
  /** The metadata the names are resolved against. */
  readonly runtime: RuntimeMetadata;
  /** The full key of `pallet.item(keys…)`. Give all key parts for a map entry, none for a plain value. */
  key(pallet: string, item: string, ...keys: unknown[]): StorageKeyHex;
  /**
   * The decoded value of `pallet.item(keys…)`: for a `ValueQuery` item the metadata default when
   * unset; for an `OptionQuery` item `null` when unset.
   */
  get<T extends Codec = Codec>(pallet: string, item: string, ...keys: unknown[]): T | null;
  /** Whether `pallet.item(keys…)` holds a value. */
  has(pallet: string, item: string, ...keys: unknown[]): boolean;
  /**
   * Entries of map `pallet.item` whose leading key parts equal `keys` (none: all entries), in key
   * order.
   */
  iterPrefix<T extends Codec = Codec>(pallet: string, item: string, ...keys: unknown[]): StorageEntry<T>[];
  /** The raw SCALE value under `key`, or `null`. */
  getRaw(key: StorageKeyHex): Uint8Array | null;
  /** Raw entries whose keys start with `prefix`, sorted by key. */
  entriesRaw(prefix: StorageKeyHex): [StorageKeyHex, Uint8Array][];
  /**
   * Up to `count` keys starting with `prefix` and strictly after `startKey` (if given), sorted: the
   * answer of `state_getKeysPaged`.
   */
  keysPaged(prefix: StorageKeyHex, count: number, startKey?: StorageKeyHex): StorageKeyHex[];
  /** Number of keys held. */
  readonly size: number;
}

/** Maps an item prefix (`0x` + 32 bytes) to that item's entries (full key → SCALE value). */
type Buckets = Map<string, Map<string, Uint8Array>>;

function bucketOf(key: string): string {
  return key.length >= BUCKET_HEX_LENGTH ? key.slice(0, BUCKET_HEX_LENGTH) : "";
}

/** Read side shared by the live state and snapshots. */
class StorageView implements StorageReader {
  readonly runtime: RuntimeMetadata;
  protected buckets: Buckets;

  constructor(runtime: RuntimeMetadata, buckets: Buckets) {
    this.runtime = runtime;
    this.buckets = buckets;
  }

  get size(): number {
    let n = 0;
    for (const b of this.buckets.values()) n += b.size;
    return n;
  }

  key(pallet: string, item: string, ...keys: unknown[]): StorageKeyHex {
    const info = this.runtime.storageItem(pallet, item);
    if (keys.length !== info.hashers.length) {
      throw new RangeError(
        `Cannot build the key of ${pallet}.${item}: it takes ${info.hashers.length} key part(s), got ${keys.length}`,
      );
    }
    return this.keyOf(info, keys);
  }

  /** The key (or, with fewer parts, the prefix) of an item's entry. */
  protected keyOf(info: StorageItemInfo, keys: readonly unknown[]): StorageKeyHex {
    if (keys.length === 0) return u8aToHex(info.prefix) as StorageKeyHex;
    const parts: Uint8Array[] = [info.prefix];
    let length = info.prefix.length;
    keys.forEach((k, i) => {
      const encoded = isCodec(k) ? k.toU8a() : this.runtime.encode(info.keyTypes[i], k);
      const hashed = hashKeyPart(info.hashers[i], encoded);
      parts.push(hashed);
      length += hashed.length;
    });
    const out = new Uint8Array(length);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return u8aToHex(out) as StorageKeyHex;
  }

  get<T extends Codec = Codec>(pallet: string, item: string, ...keys: unknown[]): T | null {
    const info = this.runtime.storageItem(pallet, item);
    const raw = this.getRaw(this.key(pallet, item, ...keys));
    if (raw === null) {
      if (info.optional) return null;
      return this.runtime.registry.createType(info.valueType, info.fallback) as unknown as T;
    }
    return this.runtime.registry.createType(info.valueType, raw) as unknown as T;
  }

  has(pallet: string, item: string, ...keys: unknown[]): boolean {
    return this.getRaw(this.key(pallet, item, ...keys)) !== null;
  }

  iterPrefix<T extends Codec = Codec>(pallet: string, item: string, ...keys: unknown[]): StorageEntry<T>[] {
    const info = this.runtime.storageItem(pallet, item);
    if (keys.length > info.hashers.length) {
      throw new RangeError(
        `Cannot iterate ${pallet}.${item}: it takes ${info.hashers.length} key part(s), got ${keys.length}`,
      );
    }
    const prefix = this.keyOf(info, keys);
    const registry = this.runtime.registry;
    return this.entriesRaw(prefix).map(([key, raw]) => {
      const bytes = hexBytes(key);
      let at = 32;
      const decoded: (Codec | null)[] = [];
      for (let i = 0; i < info.hashers.length; i++) {
        const skip = hashPrefixLength(info.hashers[i]);
        if (skip === null) {
          decoded.push(null);
          at = bytes.length; // the rest cannot be split without the key
          continue;
        }
        const codec = registry.createType(info.keyTypes[i], bytes.subarray(at + skip));
        decoded.push(codec);
        at += skip + codec.encodedLength;
      }
      return { key, keys: decoded, value: registry.createType(info.valueType, raw) as unknown as T };
    });
  }

  getRaw(key: StorageKeyHex): Uint8Array | null {
    const k = key.toLowerCase();
    return this.buckets.get(bucketOf(k))?.get(k) ?? null;
  }

  entriesRaw(prefix: StorageKeyHex): [StorageKeyHex, Uint8Array][] {
    const p = prefix.toLowerCase();
    const out: [StorageKeyHex, Uint8Array][] = [];
    const scan = (bucket: Map<string, Uint8Array>) => {
      for (const [k, v] of bucket) if (k.startsWith(p)) out.push([k as StorageKeyHex, v]);
    };
    if (p.length >= BUCKET_HEX_LENGTH) {
      const bucket = this.buckets.get(p.slice(0, BUCKET_HEX_LENGTH));
      if (bucket) scan(bucket);
    } else {
      for (const [name, bucket] of this.buckets) {
        if (name.startsWith(p) || (name === "" || p.startsWith(name))) scan(bucket);
      }
    }
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  keysPaged(prefix: StorageKeyHex, count: number, startKey?: StorageKeyHex): StorageKeyHex[] {
    const start = startKey?.toLowerCase();
    const out: StorageKeyHex[] = [];
    for (const [k] of this.entriesRaw(prefix)) {
      if (start !== undefined && k <= start) continue;
      out.push(k);
      if (out.length >= count) break;
    }
    return out;
  }
}

function hexBytes(hex: string): Uint8Array {
  const out = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}

/**
 * The devnet's live state. Only block production writes to it; RPC handlers read snapshots.
 *
 * @example
 * ```ts
 * import { loadRuntimeMetadata } from "./metadata.ts";
 * import { ChainStorage } from "./storage.ts";
 * const storage = new ChainStorage(loadRuntimeMetadata());
 * storage.set("System", "Number", [], 7);
 * console.assert(storage.get("System", "Number")!.toString() === "7");
 * ```
 */
export class ChainStorage extends StorageView {
  /** Buckets this state owns (not shared with a snapshot), so it may write them in place. */
  #owned = new Set<string>();
  /** Undo logs of open transactions: key → the value before the first write in that transaction. */
  #journal: Map<string, Uint8Array | null>[] = [];

  /**
   * Creates an empty state.
   *
   * @param runtime the metadata names resolve against
   */
  constructor(runtime: RuntimeMetadata) {
    super(runtime, new Map());
  }

  /**
   * Sets `pallet.item(keys…)` to `value`: a `Codec`, or anything `registry.createType(valueType, …)`
   * accepts. Use {@link setEncoded} for bytes that are already SCALE.
   */
  set(pallet: string, item: string, keys: readonly unknown[], value: unknown): void {
    const info = this.runtime.storageItem(pallet, item);
    const bytes = isCodec(value) ? value.toU8a() : this.runtime.encode(info.valueType, value);
    this.setRaw(this.key(pallet, item, ...keys), bytes);
  }

  /** Sets `pallet.item(keys…)` to `bytes`, already SCALE-encoded as the item's value type. */
  setEncoded(pallet: string, item: string, keys: readonly unknown[], bytes: Uint8Array): void {
    this.setRaw(this.key(pallet, item, ...keys), bytes);
  }

  /** Removes `pallet.item(keys…)`; later reads give the default (or `null`). */
  remove(pallet: string, item: string, ...keys: unknown[]): void {
    this.removeRaw(this.key(pallet, item, ...keys));
  }

  /** Removes every entry of `pallet.item` whose leading key parts equal `keys`; returns how many. */
  clearPrefix(pallet: string, item: string, ...keys: unknown[]): number {
    const info = this.runtime.storageItem(pallet, item);
    if (keys.length > info.hashers.length) {
      throw new RangeError(`Cannot clear ${pallet}.${item}: it takes ${info.hashers.length} key part(s)`);
    }
    const found = this.entriesRaw(this.keyOf(info, keys));
    for (const [k] of found) this.removeRaw(k);
    return found.length;
  }

  /** Writes raw SCALE bytes under `key`. */
  setRaw(key: StorageKeyHex, value: Uint8Array): void {
    const k = key.toLowerCase();
    this.#record(k);
    this.#bucketForWrite(bucketOf(k)).set(k, value);
  }

  /** Removes `key`. */
  removeRaw(key: StorageKeyHex): void {
    const k = key.toLowerCase();
    const name = bucketOf(k);
    if (!this.buckets.get(name)?.has(k)) return;
    this.#record(k);
    const bucket = this.#bucketForWrite(name);
    bucket.delete(k);
    if (bucket.size === 0) {
      this.buckets.delete(name);
      this.#owned.delete(name);
    }
  }

  #record(k: string): void {
    const top = this.#journal[this.#journal.length - 1];
    if (top && !top.has(k)) top.set(k, this.buckets.get(bucketOf(k))?.get(k) ?? null);
  }

  #bucketForWrite(name: string): Map<string, Uint8Array> {
    let bucket = this.buckets.get(name);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(name, bucket);
      this.#owned.add(name);
    } else if (!this.#owned.has(name)) {
      bucket = new Map(bucket);
      this.buckets.set(name, bucket);
      this.#owned.add(name);
    }
    return bucket;
  }

  /**
   * Runs `fn` as a storage transaction: when it throws, every write it made is undone and the error
   * rethrown. Transactions nest.
   */
  transactional<T>(fn: () => T): T {
    this.#journal.push(new Map());
    let ok = false;
    try {
      const out = fn();
      ok = true;
      return out;
    } finally {
      const log = this.#journal.pop()!;
      if (ok) {
        const parent = this.#journal[this.#journal.length - 1];
        if (parent) { for (const [k, v] of log) if (!parent.has(k)) parent.set(k, v); }
      } else {
        for (const [k, v] of log) {
          if (v === null) this.removeRawUnlogged(k);
          else this.#bucketForWrite(bucketOf(k)).set(k, v);
        }
      }
    }
  }

  private removeRawUnlogged(k: string): void {
    const name = bucketOf(k);
    if (!this.buckets.get(name)?.has(k)) return;
    const bucket = this.#bucketForWrite(name);
    bucket.delete(k);
    if (bucket.size === 0) {
      this.buckets.delete(name);
      this.#owned.delete(name);
    }
  }

  /** A read-only copy of the current state; later writes here do not change it. */
  snapshot(): StorageReader {
    if (this.#journal.length) throw new Error("Cannot snapshot storage inside a transaction");
    this.#owned.clear();
    return new StorageView(this.runtime, new Map(this.buckets));
  }

  /** Every key and value, sorted by key (for persistence). */
  entries(): [StorageKeyHex, Uint8Array][] {
    return this.entriesRaw("0x");
  }
}
