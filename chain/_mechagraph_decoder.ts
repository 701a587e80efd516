/**
 * A decoder of `get_selective_mechagraph`'s answer (`Option<SelectiveMetagraph>`), compiled once
 * per metadata from the metadata's own type and specialised for what a 1024-neuron mechagraph is
 * made of: accounts become SS58 in place through an `AddressCache` (no key copies, no BLAKE2b when
 * warm), `Vec<Compact<u16>>` and `Vec<bool>` are tight loops into plain arrays, `Vec<Compact<u8>>`
 * is a `Uint8Array`, and the u64 block numbers the `Mechagraph` keeps as numbers never become
 * bigints. Any other type is read by `ScaleCompiler`. The row it makes is what `ScaleCompiler`
 * would make, with accounts already SS58 and those block numbers already numbers, so
 * `mechagraphFromScale` turns either into the same `Mechagraph` (tests check both, and this
 * decoder against `@polkadot/types` on random values). Private to `chain/`.
 *
 * @module
 */
import type { Registry } from "@polkadot/types/types";
import { AddressCache } from "./_address_cache.ts";
import { type Mechagraph, mechagraphFromScale } from "./mechagraph.ts";
import {
  readCompact,
  readUint,
  type ScaleCompiler,
  type ScaleDecoder,
  type ScaleStruct,
  type ScaleValue,
} from "./scale.ts";
import type { Ss58Encoder } from "./ss58.ts";

/** u64 fields (and vectors of them) that the `Mechagraph` keeps as numbers: block numbers. */
const BLOCK_FIELDS: ReadonlySet<string> = new Set([
  "network_registered_at",
  "block",
  "last_step",
  "blocks_since_last_step",
  "last_update",
  "block_at_registration",
]);

type Cursor = { offset: number };

function fail(message: string): never {
  throw new RangeError(`Cannot decode the mechagraph: ${message}`);
}

/** A compact that fits in 32 bits (`Compact<u8|u16|u32>`), as a number. */
function compactSmall(b: Uint8Array, at: Cursor): number {
  const o = at.offset;
  if (o >= b.length) fail(`compact at ${o} is past the end (${b.length} bytes)`);
  const x = b[o];
  switch (x & 3) {
    case 0:
      at.offset = o + 1;
      return x >> 2;
    case 1:
      if (o + 2 > b.length) fail(`compact past the end at ${o}`);
      at.offset = o + 2;
      return (x | (b[o + 1] << 8)) >>> 2;
    case 2:
      if (o + 4 > b.length) fail(`compact past the end at ${o}`);
      at.offset = o + 4;
      return ((x | (b[o + 1] << 8) | (b[o + 2] << 16)) >>> 2) + b[o + 3] * 2 ** 22;
    default: {
      const v = readCompact(b, at);
      if (v > 0xffff_ffffn) fail(`compact ${v} at ${o} does not fit in 32 bits`);
      return Number(v);
    }
  }
}

/** A compact `u64` read as a number (block numbers stay far below 2⁵³). */
function compactNumber(b: Uint8Array, at: Cursor): number {
  const x = b[at.offset];
  return (x & 3) === 3 ? Number(readCompact(b, at)) : compactSmall(b, at);
}

/** A compact `u64`/`u128` as a bigint, without the bigint arithmetic for values below 2³⁰. */
function compactBig(b: Uint8Array, at: Cursor): bigint {
  const x = b[at.offset];
  return (x & 3) === 3 ? readCompact(b, at) : BigInt(compactSmall(b, at));
}

function length(b: Uint8Array, at: Cursor, itemBytesMin: number): number {
  const n = compactSmall(b, at);
  if (n * itemBytesMin > b.length - at.offset) fail(`${n} items with ${b.length - at.offset} bytes left`);
  return n;
}

function vecOf(item: ScaleDecoder): ScaleDecoder {
  return (b, at) => {
    const n = length(b, at, 1);
    const out: ScaleValue[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = item(b, at);
    return out;
  };
}

const vecCompactSmall: ScaleDecoder = (b, at) => {
  const n = length(b, at, 1);
  const out: number[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = compactSmall(b, at);
  return out;
};

const vecBool: ScaleDecoder = (b, at) => {
  const n = length(b, at, 1);
  const o = at.offset;
  const out: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const x = b[o + i];
    if (x > 1) fail(`bool byte ${x} at ${o + i}`);
    out[i] = x === 1;
  }
  at.offset = o + n;
  return out;
};

/** `Vec<Compact<u8>>` (how subtensor sends names and commitments) as bytes. */
const compactBytes: ScaleDecoder = (b, at) => {
  const n = length(b, at, 1);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = compactSmall(b, at);
    if (v > 255) fail(`Compact<u8> ${v} at ${at.offset}`);
    out[i] = v;
  }
  return out;
};

/** Subtensor's `AxonInfo` (`pallets/subtensor/src/lib.rs`): field names and primitive types, in order. */
const AXON_INFO: readonly (readonly [string, string])[] = [
  ["block", "U64"],
  ["version", "U32"],
  ["ip", "U128"],
  ["port", "U16"],
  ["ip_type", "U8"],
  ["protocol", "U8"],
  ["placeholder1", "U8"],
  ["placeholder2", "U8"],
];
const AXON_INFO_BYTES = 8 + 4 + 16 + 2 + 4;

/** An `AxonInfo` (34 bytes) as `ScaleCompiler` reads it, in one object literal. */
const axonInfo: ScaleDecoder = (b, at) => {
  const o = at.offset;
  if (o + AXON_INFO_BYTES > b.length) fail(`an AxonInfo at ${o} runs past the end (${b.length} bytes)`);
  const block = readUint(b, at, 8);
  const version = u32(b, o + 8);
  at.offset = o + 12;
  const ip = readUint(b, at, 16);
  at.offset = o + AXON_INFO_BYTES;
  return {
    block,
    version,
    ip,
    port: b[o + 28] | (b[o + 29] << 8),
    ip_type: b[o + 30],
    protocol: b[o + 31],
    placeholder1: b[o + 32],
    placeholder2: b[o + 33],
  };
};

function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 2 ** 24;
}

/** The Si type as far as this module (and its test) looks at it. */
export interface Si {
  path: { toString(): string }[];
  def: {
    type: string;
    asPrimitive: { type: string };
    asCompact: { type: { toNumber(): number } };
    asSequence: { type: { toNumber(): number } };
    asArray: { len: { toNumber(): number }; type: { toNumber(): number } };
    asTuple: { toNumber(): number }[];
    asComposite: { fields: { name: { isSome: boolean; unwrap(): unknown }; type: { toNumber(): number } }[] };
    asVariant: {
      variants: { name: unknown; index: { toNumber(): number }; fields: { type: { toNumber(): number } }[] }[];
    };
  };
}

/**
 * `Option<SelectiveMetagraph>` bytes to a `Mechagraph`, compiled once for one metadata.
 *
 * @example
 * ```ts ignore
 * import { MechagraphDecoder } from "./_mechagraph_decoder.ts";
 * const decoder = new MechagraphDecoder(api.registry, compiler, outputTypeId, ss58);
 * const mechagraph = decoder.decode(bytes, 0); // null when the subnet does not exist
 * ```
 */
export class MechagraphDecoder {
  #registry: Registry;
  #compiler: ScaleCompiler;
  #ss58: Ss58Encoder;
  #addresses: AddressCache;
  #decode: (b: Uint8Array, at: Cursor) => ScaleStruct | null;

  /**
   * Compiles the decoder of `outputType` (the runtime API's output: `Option<SelectiveMetagraph>`).
   *
   * @param registry the registry holding the metadata
   * @param compiler reads the fields this decoder does not specialise
   * @param outputType the runtime-API method's output type id
   * @param ss58 the address encoder
   * @throws {RangeError} when the type is not an optional struct with named fields
   */
  constructor(registry: Registry, compiler: ScaleCompiler, outputType: number, ss58: Ss58Encoder) {
    this.#registry = registry;
    this.#compiler = compiler;
    this.#ss58 = ss58;
    this.#addresses = new AddressCache(ss58);
    const option = this.#option(outputType);
    const structType = option ?? outputType;
    const si = this.#si(structType);
    const fields = si.def.type === "Composite" ? si.def.asComposite.fields : [];
    if (fields.length === 0 || !fields.every((f) => f.name.isSome)) {
      fail(`type ${structType} is not a struct with named fields`);
    }
    const names = fields.map((f) => String(f.name.unwrap()));
    const readers = fields.map((f, i) => this.#value(f.type.toNumber(), BLOCK_FIELDS.has(names[i])));
    const struct = (b: Uint8Array, at: Cursor): ScaleStruct => {
      const row: ScaleStruct = {};
      for (let i = 0; i < names.length; i++) row[names[i]] = readers[i](b, at);
      return row;
    };
    this.#decode = option === undefined ? struct : (b, at) => {
      const tag = b[at.offset++];
      if (tag === 0) return null;
      if (tag !== 1) fail(`Option tag ${tag} at 0`);
      return struct(b, at);
    };
  }

  /**
   * Decodes one answer: the `Mechagraph`, or `null` for `None` (no such subnet).
   *
   * @param bytes the runtime call's answer
   * @param mechid the mechanism that was asked for
   * @throws {RangeError} when the bytes do not hold one value of the type
   */
  decode(bytes: Uint8Array, mechid: number): Mechagraph | null {
    const row = this.decodeRow(bytes);
    return row === null ? null : mechagraphFromScale(row, mechid, this.#ss58);
  }

  /**
   * Decodes one answer into the struct's fields (accounts SS58, block numbers numbers).
   *
   * @param bytes the runtime call's answer
   * @throws {RangeError} when the bytes do not hold one value of the type
   */
  decodeRow(bytes: Uint8Array): ScaleStruct | null {
    if (bytes.length === 0) fail("the answer is empty");
    const at = { offset: 0 };
    const row = this.#decode(bytes, at);
    if (at.offset !== bytes.length) fail(`${bytes.length - at.offset} bytes left over (read ${at.offset})`);
    return row;
  }

  #si(id: number): Si {
    return this.#registry.lookup.getSiType(id) as unknown as Si;
  }

  /** The inner type of an `Option`, or `undefined` when `id` is not one. */
  #option(id: number): number | undefined {
    const si = this.#si(id);
    if (si.def.type !== "Variant" || si.path.length !== 1 || si.path[0].toString() !== "Option") return undefined;
    const vs = si.def.asVariant.variants;
    const none = vs.find((v) => String(v.name) === "None");
    const some = vs.find((v) => String(v.name) === "Some");
    if (!none || !some || none.index.toNumber() !== 0 || some.index.toNumber() !== 1 || some.fields.length !== 1) {
      return undefined;
    }
    return some.fields[0].type.toNumber();
  }

  #primitive(id: number): string | undefined {
    const def = this.#si(id).def;
    return def.type === "Primitive" ? String(def.asPrimitive.type) : undefined;
  }

  /** Whether `id` is 32 bytes: `[u8; 32]`, or a composite of one (`AccountId32`). */
  #isAccount(id: number): boolean {
    const def = this.#si(id).def;
    if (def.type === "Array") {
      return def.asArray.len.toNumber() === 32 && this.#primitive(def.asArray.type.toNumber()) === "U8";
    }
    if (def.type === "Composite" && def.asComposite.fields.length === 1) {
      return this.#isAccount(def.asComposite.fields[0].type.toNumber());
    }
    return false;
  }

  #value(id: number, blockNumbers: boolean): ScaleDecoder {
    const inner = this.#option(id);
    if (inner !== undefined) {
      const read = this.#value(inner, blockNumbers);
      return (b, at) => {
        const tag = b[at.offset++];
        if (tag === 0) return null;
        if (tag !== 1) fail(`Option tag ${tag} at ${at.offset - 1}`);
        return read(b, at);
      };
    }
    if (this.#isAccount(id)) {
      const cache = this.#addresses;
      return (b, at) => {
        const o = at.offset;
        const address = cache.at(b, o);
        at.offset = o + 32;
        return address;
      };
    }
    const def = this.#si(id).def;
    if (def.type === "Compact") {
      const p = this.#primitive(def.asCompact.type.toNumber());
      if (p === "U8" || p === "U16" || p === "U32") return compactSmall;
      if (p === "U64" && blockNumbers) return compactNumber;
      if (p === "U64" || p === "U128") return compactBig;
    }
    if (def.type === "Sequence") {
      const item = def.asSequence.type.toNumber();
      const itemDef = this.#si(item).def;
      const p = itemDef.type === "Compact" ? this.#primitive(itemDef.asCompact.type.toNumber()) : undefined;
      if (p === "U8") return compactBytes;
      if (p === "U16" || p === "U32") return vecCompactSmall;
      if (this.#primitive(item) === "Bool") return vecBool;
      if (this.#primitive(item) !== "U8") return vecOf(this.#value(item, blockNumbers));
    }
    if (def.type === "Tuple" && def.asTuple.length > 0) {
      const items = def.asTuple.map((t) => this.#value(t.toNumber(), blockNumbers));
      if (items.length === 2) {
        const [first, second] = items;
        return (b, at) => {
          const x = first(b, at);
          return [x, second(b, at)];
        };
      }
      return (b, at) => {
        const out: ScaleValue[] = new Array(items.length);
        for (let i = 0; i < items.length; i++) out[i] = items[i](b, at);
        return out;
      };
    }
    if (def.type === "Composite" && this.#isAxonInfo(def.asComposite.fields)) return axonInfo;
    return this.#compiler.decoder(id);
  }

  /** Whether the fields are subtensor's `AxonInfo`, in order, with the primitive types `axonInfo` reads. */
  #isAxonInfo(fields: { name: { isSome: boolean; unwrap(): unknown }; type: { toNumber(): number } }[]): boolean {
    return fields.length === AXON_INFO.length &&
      fields.every((f, i) =>
        f.name.isSome && String(f.name.unwrap()) === AXON_INFO[i][0] &&
        this.#primitive(f.type.toNumber()) === AXON_INFO[i][1]
      );
  }
}
