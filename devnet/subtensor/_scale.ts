/**
 * A small, fast SCALE codec for the shapes SubtensorModule storage and runtime APIs use (fixed-width
 * little-endian integers, compact integers, bools, vectors, tuples, options, 32-byte accounts). The
 * shapes are checked against the finney metadata's own type definitions in `items_test.ts`.
 *
 * @module
 */

/** A value codec: writes a value into a {@link ScaleWriter} and reads it back from a {@link ScaleReader}. */
export interface Codec<T> {
  /** Appends the SCALE encoding of `value`. */
  encode(w: ScaleWriter, value: T): void;
  /** Reads one value at the reader's position. */
  decode(r: ScaleReader): T;
}

const U64_MAX = (1n << 64n) - 1n;
const U128_MAX = (1n << 128n) - 1n;

/** Appends SCALE bytes into a growing buffer. */
export class ScaleWriter {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;

  /** Creates a writer with an initial capacity in bytes. */
  constructor(capacityBytes = 64) {
    this.#buf = new Uint8Array(capacityBytes);
    this.#view = new DataView(this.#buf.buffer);
  }

  #reserve(n: number): number {
    const at = this.#len;
    if (at + n > this.#buf.length) {
      const next = new Uint8Array(Math.max(this.#buf.length * 2, at + n));
      next.set(this.#buf.subarray(0, at));
      this.#buf = next;
      this.#view = new DataView(next.buffer);
    }
    this.#len = at + n;
    return at;
  }

  /** Appends one byte. */
  u8(v: number): void {
    const at = this.#reserve(1);
    this.#buf[at] = v & 0xff;
  }

  /** Appends a little-endian u16. */
  u16(v: number): void {
    const at = this.#reserve(2);
    this.#view.setUint16(at, v, true);
  }

  /** Appends a little-endian i16. */
  i16(v: number): void {
    const at = this.#reserve(2);
    this.#view.setInt16(at, v, true);
  }

  /** Appends a little-endian u32. */
  u32(v: number): void {
    const at = this.#reserve(4);
    this.#view.setUint32(at, v, true);
  }

  /** Appends a little-endian u64. */
  u64(v: bigint): void {
    const at = this.#reserve(8);
    this.#view.setBigUint64(at, BigInt.asUintN(64, v), true);
  }

  /** Appends a little-endian i64. */
  i64(v: bigint): void {
    const at = this.#reserve(8);
    this.#view.setBigInt64(at, BigInt.asIntN(64, v), true);
  }

  /** Appends a little-endian u128. */
  u128(v: bigint): void {
    const at = this.#reserve(16);
    this.#view.setBigUint64(at, v & U64_MAX, true);
    this.#view.setBigUint64(at + 8, (v >> 64n) & U64_MAX, true);
  }

  /** Appends a little-endian i128 (two's complement). */
  i128(v: bigint): void {
    this.u128(BigInt.asUintN(128, v));
  }

  /** Appends a bool as one byte. */
  bool(v: boolean): void {
    this.u8(v ? 1 : 0);
  }

  /** Appends a SCALE compact integer. */
  compact(v: number | bigint): void {
    if (typeof v === "number" && v < 0x40000000) {
      if (v < 0x40) this.u8(v << 2);
      else if (v < 0x4000) this.u16((v << 2) | 1);
      else this.u32(((v << 2) | 2) >>> 0);
      return;
    }
    let big = BigInt(v);
    if (big < 0n || big > U128_MAX) throw new RangeError(`Cannot encode compact ${big}: out of range`);
    if (big < 0x40000000n) return this.compact(Number(big));
    const bytes: number[] = [];
    while (big > 0n) {
      bytes.push(Number(big & 0xffn));
      big >>= 8n;
    }
    this.u8(((bytes.length - 4) << 2) | 3);
    for (const b of bytes) this.u8(b);
  }

  /** Appends raw bytes with no length prefix. */
  raw(bytes: Uint8Array): void {
    const at = this.#reserve(bytes.length);
    this.#buf.set(bytes, at);
  }

  /** Appends bytes with a compact length prefix (`Vec<u8>`). */
  bytes(bytes: Uint8Array): void {
    this.compact(bytes.length);
    this.raw(bytes);
  }

  /** The bytes written so far (a copy). */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}

/** Reads SCALE values from bytes, advancing a position; throws `RangeError` past the end. */
export class ScaleReader {
  readonly #buf: Uint8Array;
  readonly #view: DataView;
  /** The current read position in bytes. */
  pos = 0;

  /** Creates a reader over `bytes`. */
  constructor(bytes: Uint8Array) {
    this.#buf = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  #take(n: number): number {
    const at = this.pos;
    if (at + n > this.#buf.length) {
      throw new RangeError(`Cannot decode SCALE input: needs ${n} bytes at ${at}, has ${this.#buf.length - at}`);
    }
    this.pos = at + n;
    return at;
  }

  /** Bytes not yet read. */
  get remaining(): number {
    return this.#buf.length - this.pos;
  }

  /** Reads one byte. */
  u8(): number {
    return this.#buf[this.#take(1)];
  }

  /** Reads a little-endian u16. */
  u16(): number {
    return this.#view.getUint16(this.#take(2), true);
  }

  /** Reads a little-endian i16. */
  i16(): number {
    return this.#view.getInt16(this.#take(2), true);
  }

  /** Reads a little-endian u32. */
  u32(): number {
    return this.#view.getUint32(this.#take(4), true);
  }

  /** Reads a little-endian u64. */
  u64(): bigint {
    return this.#view.getBigUint64(this.#take(8), true);
  }

  /** Reads a little-endian i64. */
  i64(): bigint {
    return this.#view.getBigInt64(this.#take(8), true);
  }

  /** Reads a little-endian u128. */
  u128(): bigint {
    const at = this.#take(16);
    return this.#view.getBigUint64(at, true) | (this.#view.getBigUint64(at + 8, true) << 64n);
  }

  /** Reads a little-endian i128. */
  i128(): bigint {
    return BigInt.asIntN(128, this.u128());
  }

  /** Reads a bool; any byte other than 0 or 1 is an error. */
  bool(): boolean {
    const b = this.u8();
    if (b > 1) throw new RangeError(`Cannot decode bool from byte ${b}`);
    return b === 1;
  }

  /** Reads a compact integer as a bigint. */
  compactBig(): bigint {
    const first = this.#buf[this.pos];
    switch (first & 3) {
      case 0:
        return BigInt(this.u8() >> 2);
      case 1:
        return BigInt(this.u16() >> 2);
      case 2:
        return BigInt(this.u32() >>> 2);
      default: {
        const n = (this.u8() >> 2) + 4;
        let v = 0n;
        const at = this.#take(n);
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.#buf[at + i]);
        return v;
      }
    }
  }

  /** Reads a compact integer that must fit a JS safe integer. */
  compact(): number {
    const v = this.compactBig();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`Cannot decode compact ${v} as a number`);
    return Number(v);
  }

  /** Reads `n` raw bytes: a view into the input, not a copy (callers must not write to it). */
  raw(n: number): Uint8Array {
    const at = this.#take(n);
    return this.#buf.subarray(at, at + n);
  }

  /** Reads a `Vec<u8>`. */
  bytes(): Uint8Array {
    return this.raw(this.compact());
  }
}

/** Encodes one value with a codec. */
export function encode<T>(codec: Codec<T>, value: T): Uint8Array {
  const w = new ScaleWriter();
  codec.encode(w, value);
  return w.finish();
}

/** Decodes one value with a codec; trailing bytes are an error. */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array): T {
  const r = new ScaleReader(bytes);
  const v = codec.decode(r);
  if (r.remaining !== 0) throw new RangeError(`Cannot decode SCALE value: ${r.remaining} trailing bytes`);
  return v;
}

/** `u8` as a number. */
export const u8: Codec<number> = { encode: (w, v) => w.u8(v), decode: (r) => r.u8() };
/** `u16` as a number. */
export const u16: Codec<number> = { encode: (w, v) => w.u16(v), decode: (r) => r.u16() };
/** `i16` as a number. */
export const i16: Codec<number> = { encode: (w, v) => w.i16(v), decode: (r) => r.i16() };
/** `u32` as a number. */
export const u32: Codec<number> = { encode: (w, v) => w.u32(v), decode: (r) => r.u32() };
/** `u64` as a bigint. */
export const u64: Codec<bigint> = { encode: (w, v) => w.u64(v), decode: (r) => r.u64() };
/** `i64` as a bigint. */
export const i64: Codec<bigint> = { encode: (w, v) => w.i64(v), decode: (r) => r.i64() };
/** `u128` as a bigint (also fixed-point `U64F64` bits). */
export const u128: Codec<bigint> = { encode: (w, v) => w.u128(v), decode: (r) => r.u128() };
/** `i128` as a bigint (fixed-point `I96F32` / `I64F64` bits). */
export const i128: Codec<bigint> = { encode: (w, v) => w.i128(v), decode: (r) => r.i128() };
/** `bool`. */
export const bool: Codec<boolean> = { encode: (w, v) => w.bool(v), decode: (r) => r.bool() };
/** `Compact<u16|u32>` as a number. */
export const compact: Codec<number> = { encode: (w, v) => w.compact(v), decode: (r) => r.compact() };
/** `Compact<u64|u128>` as a bigint. */
export const compactBig: Codec<bigint> = { encode: (w, v) => w.compact(v), decode: (r) => r.compactBig() };
/** `Vec<u8>`. */
export const bytes: Codec<Uint8Array> = { encode: (w, v) => w.bytes(v), decode: (r) => r.bytes() };

/** A fixed-length byte array such as `AccountId32` or `H256`. */
export function fixedBytes(n: number): Codec<Uint8Array> {
  return {
    encode(w, v) {
      if (v.length !== n) throw new RangeError(`Cannot encode [u8; ${n}] from ${v.length} bytes`);
      w.raw(v);
    },
    decode: (r) => r.raw(n),
  };
}

/** `AccountId32`: 32 raw bytes. */
export const accountId: Codec<Uint8Array> = fixedBytes(32);
/** `H256`: 32 raw bytes. */
export const h256: Codec<Uint8Array> = fixedBytes(32);

/** `Vec<T>`. */
export function vec<T>(item: Codec<T>): Codec<T[]> {
  return {
    encode(w, v) {
      w.compact(v.length);
      for (const x of v) item.encode(w, x);
    },
    decode(r) {
      const n = r.compact();
      const out: T[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = item.decode(r);
      return out;
    },
  };
}

/** `Option<T>` as `T | undefined`. */
export function option<T>(item: Codec<T>): Codec<T | undefined> {
  return {
    encode(w, v) {
      if (v === undefined) return w.u8(0);
      w.u8(1);
      item.encode(w, v);
    },
    decode(r) {
      const tag = r.u8();
      if (tag === 0) return undefined;
      if (tag !== 1) throw new RangeError(`Cannot decode Option from tag ${tag}`);
      return item.decode(r);
    },
  };
}

/** A tuple `(A, B, ...)`. */
export function tuple<T extends unknown[]>(...items: { [K in keyof T]: Codec<T[K]> }): Codec<T> {
  return {
    encode(w, v) {
      for (let i = 0; i < items.length; i++) items[i].encode(w, v[i]);
    },
    decode(r) {
      return items.map((c) => c.decode(r)) as T;
    },
  };
}

/** A struct with fields in SCALE order. */
export function struct<T extends object>(fields: { [K in keyof T]: Codec<T[K]> }): Codec<T> {
  const keys = Object.keys(fields) as (keyof T)[];
  return {
    encode(w, v) {
      for (const k of keys) fields[k].encode(w, v[k]);
    },
    decode(r) {
      const out = {} as T;
      for (const k of keys) out[k] = fields[k].decode(r);
      return out;
    },
  };
}
