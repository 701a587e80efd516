/**
 * A fast SCALE decoder driven by the metadata's own type registry (the portable registry of
 * `@polkadot/types`): it compiles a type id into plain decoding closures once, then decodes bytes
 * into plain values. Used for large runtime-API answers (`get_neurons_lite`: 1024 neurons) where
 * `@polkadot/types` codec objects are too slow; its results are checked against `@polkadot/types`.
 *
 * Values: composites with named fields become objects keyed by the metadata's field names
 * (snake_case); a composite with one unnamed field is its inner value; tuples and other unnamed
 * composites become arrays; `Option` is `null` or the value; other enums `{ Variant: value }` (or
 * the variant name for a unit variant); `u8` sequences and arrays are `Uint8Array`; `u8`–`u32`,
 * `i8`–`i32` and their compacts are numbers; 64- and 128-bit integers are bigints.
 *
 * @module
 */
import type { Registry } from "@polkadot/types/types";
import { hexDecodeTable, hexStart } from "./_hex.ts";

/** A decoded SCALE value. */
export type ScaleValue =
  | number
  | bigint
  | boolean
  | string
  | null
  | Uint8Array
  | ScaleValue[]
  | { [field: string]: ScaleValue };

/** A decoded composite with named fields. */
export type ScaleStruct = { [field: string]: ScaleValue };

/** Decodes one value at `at.offset` and advances it. */
export type ScaleDecoder = (bytes: Uint8Array, at: { offset: number }) => ScaleValue;

interface SiLike {
  def: {
    type: string;
    asComposite: { fields: { name: { isSome: boolean; unwrap(): unknown }; type: { toNumber(): number } }[] };
    asVariant: {
      variants: {
        name: unknown;
        index: { toNumber(): number };
        fields: { name: { isSome: boolean; unwrap(): unknown }; type: { toNumber(): number } }[];
      }[];
    };
    asSequence: { type: { toNumber(): number } };
    asArray: { len: { toNumber(): number }; type: { toNumber(): number } };
    asTuple: { toNumber(): number }[];
    asPrimitive: { type: string };
    asCompact: { type: { toNumber(): number } };
  };
  path: unknown[];
}

/** The runtime's own `Uint8Array.fromHex` (ES2026: Deno 2.5+, Bun; not Node 20), when it has one. */
const nativeFromHex = (Uint8Array as unknown as { fromHex?: (hex: string) => Uint8Array }).fromHex;

/**
 * Decodes hex (with or without `0x`) into bytes, quickly (large runtime-API answers are hundreds of
 * KB): with the runtime's native `Uint8Array.fromHex` where there is one, else through a table
 * (`./_hex.ts`). Both give the same bytes and the same errors.
 *
 * @throws {RangeError} on odd length or a non-hex digit
 * @example
 * ```ts
 * import { hexDecode } from "./scale.ts";
 * console.assert(hexDecode("0x0aff")[1] === 255);
 * ```
 */
export function hexDecode(hex: string): Uint8Array {
  if (!nativeFromHex) return hexDecodeTable(hex);
  const start = hexStart(hex);
  try {
    return nativeFromHex(start === 0 ? hex : hex.slice(start));
  } catch {
    return hexDecodeTable(hex); // throws the same RangeError as without fromHex
  }
}

function fail(message: string): never {
  throw new RangeError(`Cannot decode SCALE: ${message}`);
}

/**
 * Reads a SCALE compact integer as a bigint.
 *
 * @example
 * ```ts
 * import { readCompact } from "./scale.ts";
 * console.assert(readCompact(new Uint8Array([0x15, 0x01]), { offset: 0 }) === 69n);
 * ```
 */
export function readCompact(bytes: Uint8Array, at: { offset: number }): bigint {
  const b = bytes[at.offset];
  if (b === undefined) fail(`compact at ${at.offset} is past the end (${bytes.length} bytes)`);
  switch (b & 3) {
    case 0:
      at.offset += 1;
      return BigInt(b >> 2);
    case 1:
      if (at.offset + 2 > bytes.length) fail("compact past the end");
      at.offset += 2;
      return BigInt((b | (bytes[at.offset - 1] << 8)) >>> 2);
    case 2:
      if (at.offset + 4 > bytes.length) fail("compact past the end");
      at.offset += 4;
      return BigInt(
        ((b | (bytes[at.offset - 3] << 8) | (bytes[at.offset - 2] << 16)) >>> 2) + bytes[at.offset - 1] * 2 ** 22,
      );
    default: {
      const len = (b >> 2) + 4;
      if (at.offset + 1 + len > bytes.length) fail("big compact past the end");
      if (len <= 6) {
        let n = 0;
        for (let i = len; i >= 1; i--) n = n * 256 + bytes[at.offset + i];
        at.offset += 1 + len;
        return BigInt(n);
      }
      let v = 0n;
      for (let i = len; i >= 1; i--) v = (v << 8n) | BigInt(bytes[at.offset + i]);
      at.offset += 1 + len;
      return v;
    }
  }
}

function readCompactNumber(bytes: Uint8Array, at: { offset: number }): number {
  const b = bytes[at.offset];
  if ((b & 3) === 0) {
    at.offset += 1;
    return b >> 2;
  }
  if ((b & 3) === 1) {
    if (at.offset + 2 > bytes.length) fail("compact past the end");
    const v = (b | (bytes[at.offset + 1] << 8)) >>> 2;
    at.offset += 2;
    return v;
  }
  const v = readCompact(bytes, at);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`length ${v} is too large`);
  return Number(v);
}

/**
 * Reads an unsigned little-endian integer of `n` bytes (8, 16 or 32) as a bigint.
 *
 * @example
 * ```ts
 * import { readUint } from "./scale.ts";
 * console.assert(readUint(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]), { offset: 0 }, 8) === 1n);
 * ```
 */
export function readUint(bytes: Uint8Array, at: { offset: number }, n: 8 | 16 | 32): bigint {
  return uintLE(bytes, need(bytes, at, n), n);
}

function need(bytes: Uint8Array, at: { offset: number }, n: number): number {
  const start = at.offset;
  if (start + n > bytes.length) fail(`need ${n} bytes at ${start}, have ${bytes.length - start}`);
  at.offset = start + n;
  return start;
}

function u32At(b: Uint8Array, s: number): number {
  return (b[s] | (b[s + 1] << 8) | (b[s + 2] << 16)) + b[s + 3] * 2 ** 24;
}

function uintLE(bytes: Uint8Array, start: number, n: number): bigint {
  // 32-bit words, with a fast path for values that fit in 53 bits (most u64/u128 on chain).
  let high = 0;
  for (let i = 8; i < n; i += 4) high |= u32At(bytes, start + i);
  const hi32 = u32At(bytes, start + 4);
  if (high === 0 && hi32 < 2 ** 21) return BigInt(hi32 * 2 ** 32 + u32At(bytes, start));
  let v = 0n;
  for (let i = n - 4; i >= 0; i -= 4) v = (v << 32n) | BigInt(u32At(bytes, start + i));
  return v;
}

function primitive(name: string): ScaleDecoder {
  switch (name) {
    case "Bool":
      return (b, at) => {
        const v = b[need(b, at, 1)];
        if (v > 1) fail(`bool byte ${v} at ${at.offset - 1}`);
        return v === 1;
      };
    case "U8":
      return (b, at) => b[need(b, at, 1)];
    case "I8":
      return (b, at) => (b[need(b, at, 1)] << 24) >> 24;
    case "U16":
      return (b, at) => {
        const s = need(b, at, 2);
        return b[s] | (b[s + 1] << 8);
      };
    case "I16":
      return (b, at) => {
        const s = need(b, at, 2);
        return ((b[s] | (b[s + 1] << 8)) << 16) >> 16;
      };
    case "U32":
      return (b, at) => {
        const s = need(b, at, 4);
        return (b[s] | (b[s + 1] << 8) | (b[s + 2] << 16)) + b[s + 3] * 2 ** 24;
      };
    case "I32":
      return (b, at) => {
        const s = need(b, at, 4);
        return b[s] | (b[s + 1] << 8) | (b[s + 2] << 16) | (b[s + 3] << 24);
      };
    case "U64":
    case "U128":
    case "U256": {
      const n = name === "U64" ? 8 : name === "U128" ? 16 : 32;
      return (b, at) => uintLE(b, need(b, at, n), n);
    }
    case "I64":
    case "I128":
    case "I256": {
      const n = name === "I64" ? 8 : name === "I128" ? 16 : 32;
      return (b, at) => BigInt.asIntN(n * 8, uintLE(b, need(b, at, n), n));
    }
    case "Str":
      return (b, at) => {
        const len = readCompactNumber(b, at);
        const s = need(b, at, len);
        return new TextDecoder().decode(b.subarray(s, s + len));
      };
    case "Char":
      return (b, at) => String.fromCodePoint(Number(uintLE(b, need(b, at, 4), 4)));
  }
  return fail(`unknown primitive ${name}`);
}

/**
 * Compiles decoders for type ids of a metadata registry; each id is compiled once per instance.
 *
 * @example
 * ```ts
 * import { ScaleCompiler } from "./scale.ts";
 * // const decode = new ScaleCompiler(api.registry).decoder(633);
 * // const neurons = decode(bytes, { offset: 0 });
 * ```
 */
export class ScaleCompiler {
  #registry: Registry;
  #cache = new Map<number, ScaleDecoder>();

  /**
   * Binds a compiler to a registry that holds metadata (`api.registry`).
   *
   * @param registry the registry whose `lookup` defines the types
   */
  constructor(registry: Registry) {
    this.#registry = registry;
  }

  /**
   * Decodes all of `bytes` as type `id`, failing when bytes are left over.
   *
   * @param id a type id of the metadata's portable registry
   * @param bytes the SCALE bytes
   */
  decodeAll(id: number, bytes: Uint8Array): ScaleValue {
    const at = { offset: 0 };
    const value = this.decoder(id)(bytes, at);
    if (at.offset !== bytes.length) fail(`${bytes.length - at.offset} bytes left over after type ${id}`);
    return value;
  }

  /**
   * The decoder of type `id`.
   *
   * @param id a type id of the metadata's portable registry
   */
  decoder(id: number): ScaleDecoder {
    const cached = this.#cache.get(id);
    if (cached) return cached;
    // Recursive types: install a trampoline before compiling.
    const slot: { decode?: ScaleDecoder } = {};
    this.#cache.set(id, (b, at) => slot.decode!(b, at));
    const decode = this.#compile(id);
    slot.decode = decode;
    this.#cache.set(id, decode);
    return decode;
  }

  #si(id: number): SiLike {
    return this.#registry.lookup.getSiType(id) as unknown as SiLike;
  }

  #primitiveName(id: number): string | undefined {
    const si = this.#si(id);
    if (si.def.type === "Primitive") return String(si.def.asPrimitive.type);
    if (si.def.type === "Composite" && si.def.asComposite.fields.length === 1) {
      return this.#primitiveName(si.def.asComposite.fields[0].type.toNumber());
    }
    return undefined;
  }

  #compile(id: number): ScaleDecoder {
    const si = this.#si(id);
    const def = si.def;
    switch (def.type) {
      case "Primitive":
        return primitive(String(def.asPrimitive.type));
      case "Compact": {
        const p = this.#primitiveName(def.asCompact.type.toNumber());
        if (p === "U8" || p === "U16" || p === "U32") return readCompactNumber;
        return readCompact;
      }
      case "Sequence": {
        const inner = def.asSequence.type.toNumber();
        if (this.#primitiveName(inner) === "U8" && this.#si(inner).def.type === "Primitive") {
          return (b, at) => {
            const len = readCompactNumber(b, at);
            const s = need(b, at, len);
            return b.slice(s, s + len);
          };
        }
        const item = this.decoder(inner);
        return (b, at) => {
          const len = readCompactNumber(b, at);
          if (len > b.length - at.offset) fail(`sequence of ${len} items with ${b.length - at.offset} bytes left`);
          const out: ScaleValue[] = new Array(len);
          for (let i = 0; i < len; i++) out[i] = item(b, at);
          return out;
        };
      }
      case "Array": {
        const len = def.asArray.len.toNumber();
        const inner = def.asArray.type.toNumber();
        if (this.#si(inner).def.type === "Primitive" && this.#primitiveName(inner) === "U8") {
          return (b, at) => {
            const s = need(b, at, len);
            return b.slice(s, s + len);
          };
        }
        const item = this.decoder(inner);
        return (b, at) => {
          const out: ScaleValue[] = new Array(len);
          for (let i = 0; i < len; i++) out[i] = item(b, at);
          return out;
        };
      }
      case "Tuple": {
        const items = def.asTuple.map((t) => this.decoder(t.toNumber()));
        if (items.length === 0) return () => null;
        return (b, at) => items.map((d) => d(b, at));
      }
      case "Composite":
        return this.#fields(def.asComposite.fields);
      case "Variant": {
        const isOption = si.path.length === 1 && String(si.path[0]) === "Option";
        const byIndex = new Map<number, { name: string; decode: ScaleDecoder; unit: boolean }>();
        for (const v of def.asVariant.variants) {
          byIndex.set(v.index.toNumber(), {
            name: String(v.name),
            decode: this.#fields(v.fields),
            unit: v.fields.length === 0,
          });
        }
        return (b, at) => {
          const index = b[need(b, at, 1)];
          const v = byIndex.get(index) ?? fail(`variant ${index} of type ${id} at ${at.offset - 1}`);
          if (isOption) return v.unit ? null : v.decode(b, at);
          return v.unit ? v.name : { [v.name]: v.decode(b, at) };
        };
      }
      case "BitSequence":
        return fail(`type ${id}: bit sequences are not supported`);
    }
    return fail(`type ${id}: unknown definition ${def.type}`);
  }

  #fields(fields: { name: { isSome: boolean; unwrap(): unknown }; type: { toNumber(): number } }[]): ScaleDecoder {
    if (fields.length === 0) return () => null;
    const decoders = fields.map((f) => this.decoder(f.type.toNumber()));
    if (fields.every((f) => f.name.isSome)) {
      const names = fields.map((f) => String(f.name.unwrap()));
      return (b, at) => {
        const out: { [field: string]: ScaleValue } = {};
        for (let i = 0; i < names.length; i++) out[names[i]] = decoders[i](b, at);
        return out;
      };
    }
    if (decoders.length === 1) return decoders[0];
    return (b, at) => decoders.map((d) => d(b, at));
  }
}
