/**
 * The devnet's runtime description: the reused finney metadata V15 (`devnet/data/metadata_v15.ts`),
 * a `@polkadot/types` registry built from it, and fast lookups of pallet, call, event, error,
 * storage, constant and runtime-API entries by their metadata names (spec/chain.md §11.7).
 *
 * Names are exactly as the metadata spells them: pallets and storage items in PascalCase
 * (`SubtensorModule`, `Uids`), calls, events' fields and runtime-API methods in snake_case
 * (`set_weights`, `NeuronInfoRuntimeApi_get_neurons_lite`), errors and events in PascalCase.
 *
 * @module
 */
import { Metadata, TypeRegistry } from "@polkadot/types";
import type { Codec } from "@polkadot/types/types";
import { base64Decode, xxhashAsU8a } from "@polkadot/util-crypto";
import { METADATA_V15_BASE64 } from "./data/metadata_v15.ts";

/** A storage hasher as the metadata names it. */
export type StorageHasher =
  | "Blake2_128"
  | "Blake2_256"
  | "Blake2_128Concat"
  | "Twox128"
  | "Twox256"
  | "Twox64Concat"
  | "Identity";

/** What the devnet needs to know of one storage item. */
export interface StorageItemInfo {
  /** Pallet name (`System`). */
  readonly pallet: string;
  /** Item name (`Account`). */
  readonly item: string;
  /** `twox128(pallet) ++ twox128(item)`: the 32 bytes every key of the item starts with. */
  readonly prefix: Uint8Array;
  /** One hasher per key part; empty for a plain value. */
  readonly hashers: readonly StorageHasher[];
  /** The registry type name of each key part, parallel to `hashers`. */
  readonly keyTypes: readonly string[];
  /** The registry type name of the value. */
  readonly valueType: string;
  /** `true` for `OptionQuery` items (no default), `false` for `ValueQuery` items. */
  readonly optional: boolean;
  /** The SCALE bytes of the default value (`ValueQuery`), as the metadata gives it. */
  readonly fallback: Uint8Array;
}

/** One call, event or error variant of a pallet. */
export interface VariantInfo {
  /** The variant's name. */
  readonly name: string;
  /** The variant's index within its pallet enum. */
  readonly index: number;
  /** Field names (snake_case; positional fields get `"0"`, `"1"`, …). */
  readonly fieldNames: readonly string[];
  /** The registry type name of each field, parallel to `fieldNames`. */
  readonly fieldTypes: readonly string[];
}

/** One pallet of the metadata. */
export interface PalletInfo {
  /** The pallet's name (`Balances`). */
  readonly name: string;
  /** Its index in the runtime (`Balances` is 5). */
  readonly index: number;
  /** Calls by name. */
  readonly calls: ReadonlyMap<string, VariantInfo>;
  /** Events by name. */
  readonly events: ReadonlyMap<string, VariantInfo>;
  /** Errors by name. */
  readonly errors: ReadonlyMap<string, VariantInfo>;
  /** Storage items by name. */
  readonly storage: ReadonlyMap<string, StorageItemInfo>;
}

/** One runtime-API method (`NeuronInfoRuntimeApi_get_neurons_lite`). */
export interface RuntimeApiMethodInfo {
  /** `Api_method`, the name `state_call` takes. */
  readonly name: string;
  /** Parameter names. */
  readonly inputNames: readonly string[];
  /** The registry type name of each parameter. */
  readonly inputTypes: readonly string[];
  /** The registry type name of the output. */
  readonly outputType: string;
}

/** The `Core_version` / `state_getRuntimeVersion` object, in RPC JSON form. */
export interface RuntimeVersionJson {
  /** `node-subtensor`. */
  specName: string;
  /** Implementation name. */
  implName: string;
  /** Authoring version. */
  authoringVersion: number;
  /** Spec version; part of every signing payload. */
  specVersion: number;
  /** Implementation version. */
  implVersion: number;
  /** `[api id (8 bytes hex), version]` pairs. */
  apis: [string, number][];
  /** Transaction version; part of every signing payload. */
  transactionVersion: number;
  /** System version. */
  systemVersion: number;
  /** State version. */
  stateVersion: number;
}

/**
 * The runtime version the recorded metadata came with (finney, spec 343, the `metagraph` scenario of
 * `recorded_rpc.json`): clients put `specVersion` and `transactionVersion` into what they sign, and
 * `@polkadot/api` builds `api.call` from `apis`.
 */
export const RUNTIME_VERSION: Readonly<RuntimeVersionJson> = Object.freeze<RuntimeVersionJson>({
  specName: "node-subtensor",
  implName: "node-subtensor",
  authoringVersion: 1,
  specVersion: 343,
  implVersion: 1,
  apis: [
    ["0xdf6acb689907609b", 5],
    ["0x37e397fc7c91f5e4", 2],
    ["0x40fe3ad401f8959a", 6],
    ["0xfbc577b9d747efd6", 1],
    ["0xd2bc9897eed08f15", 3],
    ["0xf78b278be53f454c", 2],
    ["0xdd718d5cc53262d4", 1],
    ["0xab3c0572291feb8b", 1],
    ["0xed99c5acb25eedf5", 3],
    ["0xbc9d89904f5b923f", 1],
    ["0x37c8bb1350a9a2a8", 4],
    ["0xf3ff14d5ab527059", 3],
    ["0x582211f65bb14b89", 6],
    ["0xe65b00e46cedd0aa", 2],
    ["0x68b66ba122c93fa7", 2],
    ["0x42e62be4a39e5b60", 1],
    ["0x806df4ccaa9ed485", 1],
    ["0x8375104b299b74c5", 1],
    ["0x5d1fbfbe852f2807", 1],
    ["0xc6886e2f8e598b0a", 1],
    ["0xcbca25e39f142387", 2],
    ["0xa8b093e6508d9e9c", 1],
  ],
  transactionVersion: 1,
  systemVersion: 1,
  stateVersion: 1,
});

/** One signed extension, in the metadata's order. */
export interface SignedExtensionInfo {
  /** Its identifier (`CheckMortality`). */
  readonly identifier: string;
  /** Registry type of what it stores in the extrinsic ("extra"). */
  readonly extraType: string;
  /** Registry type of what it adds to the signing payload ("additional signed"). */
  readonly additionalType: string;
  /** Whether its extra encodes to nothing (`()`): such extensions are skipped when decoding. */
  readonly extraIsEmpty: boolean;
}

/** Signed extensions that encode nothing, declared so `@polkadot/types` does not warn about them. */
const NO_EFFECT_EXTENSIONS = {
  SubtensorTransactionExtension: { extrinsic: {}, payload: {} },
  DrandPriority: { extrinsic: {}, payload: {} },
};

/**
 * The devnet runtime's metadata with its registry and name lookups. Load it once per process with
 * {@link loadRuntimeMetadata} and share it between devnets (it is read-only after construction).
 *
 * @example
 * ```ts
 * import { loadRuntimeMetadata } from "./metadata.ts";
 * const runtime = loadRuntimeMetadata();
 * console.assert(runtime.pallet("Balances").index === 5);
 * ```
 */
export class RuntimeMetadata {
  /** The `@polkadot/types` registry with this metadata set. */
  readonly registry: TypeRegistry;
  /** The decoded metadata. */
  readonly metadata: Metadata;
  /** The raw metadata bytes (`meta` ++ version 15 ++ body), as served over RPC. */
  readonly bytes: Uint8Array;
  /** The runtime version served with it. */
  readonly version: Readonly<RuntimeVersionJson>;
  /** Signed extensions in metadata order: what the devnet decodes and checks. */
  readonly signedExtensions: readonly SignedExtensionInfo[];
  /** The registry type of `MultiAddress` (the extrinsic address). */
  readonly addressType: string;
  /** The registry type of `MultiSignature`. */
  readonly signatureType: string;
  readonly #pallets = new Map<string, PalletInfo>();
  readonly #palletsByIndex = new Map<number, PalletInfo>();
  readonly #apis = new Map<string, RuntimeApiMethodInfo>();
  readonly #encoders = new Map<string, (value: unknown) => Uint8Array>();
  #existentialDeposit: bigint | undefined;

  /**
   * Builds the registry and lookups from raw metadata V15 bytes.
   *
   * @param bytes the metadata (`meta` magic, version byte 15, body)
   * @param version the runtime version to serve with it
   */
  constructor(bytes: Uint8Array, version: Readonly<RuntimeVersionJson> = RUNTIME_VERSION) {
    this.bytes = bytes;
    this.version = version;
    this.registry = new TypeRegistry();
    this.metadata = new Metadata(this.registry, bytes);
    this.registry.setMetadata(this.metadata, undefined, NO_EFFECT_EXTENSIONS);
    const v15 = this.metadata.asV15;
    const lookup = this.registry.lookup;
    const typeName = (id: { toNumber(): number }) => this.registry.createLookupType(id.toNumber());
    this.addressType = typeName(v15.extrinsic.addressType);
    this.signatureType = typeName(v15.extrinsic.signatureType);
    this.signedExtensions = v15.extrinsic.signedExtensions.map((e) => {
      const extraType = typeName(e.type);
      let extraIsEmpty = false;
      try {
        extraIsEmpty = this.registry.createType(extraType, new Uint8Array(0)).encodedLength === 0;
      } catch {
        extraIsEmpty = false;
      }
      return {
        identifier: e.identifier.toString(),
        extraType,
        additionalType: typeName(e.additionalSigned),
        extraIsEmpty,
      };
    });
    const variants = (id: { toNumber(): number } | null): Map<string, VariantInfo> => {
      const out = new Map<string, VariantInfo>();
      if (!id) return out;
      for (const v of lookup.getSiType(id.toNumber()).def.asVariant.variants) {
        out.set(v.name.toString(), {
          name: v.name.toString(),
          index: v.index.toNumber(),
          fieldNames: v.fields.map((f, i) => f.name.isSome ? f.name.unwrap().toString() : String(i)),
          fieldTypes: v.fields.map((f) => typeName(f.type)),
        });
      }
      return out;
    };
    for (const p of v15.pallets) {
      const name = p.name.toString();
      const storage = new Map<string, StorageItemInfo>();
      if (p.storage.isSome) {
        const s = p.storage.unwrap();
        const palletHash = xx128(s.prefix.toString());
        for (const item of s.items) {
          const itemName = item.name.toString();
          const prefix = new Uint8Array(32);
          prefix.set(palletHash, 0);
          prefix.set(xx128(itemName), 16);
          let hashers: StorageHasher[] = [];
          let keyTypes: string[] = [];
          let valueType: string;
          if (item.type.isMap) {
            const map = item.type.asMap;
            hashers = map.hashers.map((h) => h.type as StorageHasher);
            valueType = typeName(map.value);
            if (hashers.length === 1) keyTypes = [typeName(map.key)];
            else keyTypes = lookup.getSiType(map.key.toNumber()).def.asTuple.map((t) => typeName(t));
          } else {
            valueType = typeName(item.type.asPlain);
          }
          storage.set(itemName, {
            pallet: name,
            item: itemName,
            prefix,
            hashers,
            keyTypes,
            valueType,
            optional: item.modifier.isOptional,
            fallback: item.fallback.toU8a(true),
          });
        }
      }
      const info: PalletInfo = {
        name,
        index: p.index.toNumber(),
        calls: variants(p.calls.isSome ? p.calls.unwrap().type : null),
        events: variants(p.events.isSome ? p.events.unwrap().type : null),
        errors: variants(p.errors.isSome ? p.errors.unwrap().type : null),
        storage,
      };
      this.#pallets.set(name, info);
      this.#palletsByIndex.set(info.index, info);
    }
    for (const api of v15.apis) {
      for (const m of api.methods) {
        const name = `${api.name.toString()}_${m.name.toString()}`;
        this.#apis.set(name, {
          name,
          inputNames: m.inputs.map((i) => i.name.toString()),
          inputTypes: m.inputs.map((i) => typeName(i.type)),
          outputType: typeName(m.output),
        });
      }
    }
  }

  /** Names of all pallets, in metadata order. */
  get palletNames(): string[] {
    return [...this.#pallets.keys()];
  }

  /** Names of all runtime-API methods (`Api_method`). */
  get runtimeApiNames(): string[] {
    return [...this.#apis.keys()];
  }

  /**
   * The pallet named `name`.
   *
   * @throws {RangeError} when the metadata has no such pallet
   */
  pallet(name: string): PalletInfo {
    const p = this.#pallets.get(name);
    if (!p) throw new RangeError(`Cannot find pallet "${name}" in the devnet metadata`);
    return p;
  }

  /** The pallet at runtime index `index`, or `undefined`. */
  palletAt(index: number): PalletInfo | undefined {
    return this.#palletsByIndex.get(index);
  }

  /**
   * A storage item's layout.
   *
   * @throws {RangeError} when the pallet or item does not exist
   */
  storageItem(pallet: string, item: string): StorageItemInfo {
    const s = this.pallet(pallet).storage.get(item);
    if (!s) throw new RangeError(`Cannot find storage item "${pallet}.${item}" in the devnet metadata`);
    return s;
  }

  /**
   * A call variant.
   *
   * @throws {RangeError} when the pallet or call does not exist
   */
  call(pallet: string, call: string): VariantInfo {
    const c = this.pallet(pallet).calls.get(call);
    if (!c) throw new RangeError(`Cannot find call "${pallet}.${call}" in the devnet metadata`);
    return c;
  }

  /**
   * An event variant.
   *
   * @throws {RangeError} when the pallet or event does not exist
   */
  event(pallet: string, event: string): VariantInfo {
    const e = this.pallet(pallet).events.get(event);
    if (!e) throw new RangeError(`Cannot find event "${pallet}.${event}" in the devnet metadata`);
    return e;
  }

  /**
   * An error variant.
   *
   * @throws {RangeError} when the pallet or error does not exist
   */
  error(pallet: string, error: string): VariantInfo {
    const e = this.pallet(pallet).errors.get(error);
    if (!e) throw new RangeError(`Cannot find error "${pallet}.${error}" in the devnet metadata`);
    return e;
  }

  /**
   * A runtime-API method by its `state_call` name.
   *
   * @throws {RangeError} when the metadata has no such method
   */
  runtimeApi(name: string): RuntimeApiMethodInfo {
    const m = this.#apis.get(name);
    if (!m) throw new RangeError(`Cannot find runtime API "${name}" in the devnet metadata`);
    return m;
  }

  /**
   * A pallet constant, decoded (`constant("Balances", "ExistentialDeposit")`).
   *
   * @throws {RangeError} when the constant does not exist
   */
  constant(pallet: string, name: string): Codec {
    const p = this.metadata.asV15.pallets.find((x) => x.name.eq(pallet));
    const c = p?.constants.find((x) => x.name.eq(name));
    if (!c) throw new RangeError(`Cannot find constant "${pallet}.${name}" in the devnet metadata`);
    return this.registry.createType(this.registry.createLookupType(c.type), c.value.toU8a(true));
  }

  /** `Balances.ExistentialDeposit` in RAO (500 on subtensor). */
  get existentialDeposit(): bigint {
    return this.#existentialDeposit ??= BigInt(this.constant("Balances", "ExistentialDeposit").toString());
  }

  /**
   * SCALE-encodes `value` as registry type `type`. Unsigned integers, `bool` and 32-byte ids given
   * as bytes take a fast path; everything else goes through `registry.createType`.
   */
  encode(type: string, value: unknown): Uint8Array {
    let encoder = this.#encoders.get(type);
    if (!encoder) {
      encoder = this.#encoderFor(type);
      this.#encoders.set(type, encoder);
    }
    return encoder(value);
  }

  #encoderFor(type: string): (value: unknown) => Uint8Array {
    const slow = (value: unknown) => this.registry.createType(type, value).toU8a();
    let def: string;
    try {
      def = this.registry.createType(type).toRawType();
    } catch {
      return slow;
    }
    const uint = /^u(8|16|32|64|128)$/.exec(def);
    if (uint) {
      const bytes = Number(uint[1]) / 8;
      return (value) => {
        if (typeof value !== "number" && typeof value !== "bigint") return slow(value);
        let n = BigInt(value);
        if (n < 0n || n >> BigInt(bytes * 8) !== 0n) return slow(value);
        const out = new Uint8Array(bytes);
        for (let i = 0; i < bytes; i++, n >>= 8n) out[i] = Number(n & 0xffn);
        return out;
      };
    }
    if (def === "bool") return (value) => typeof value === "boolean" ? Uint8Array.of(value ? 1 : 0) : slow(value);
    if (def === "AccountId32" || def === "AccountId" || def === "[u8;32]" || def === "H256") {
      return (value) => value instanceof Uint8Array && value.length === 32 ? value : slow(value);
    }
    return slow;
  }

  /** Decodes SCALE `bytes` as registry type `type`. */
  decode<T extends Codec = Codec>(type: string, bytes: Uint8Array): T {
    return this.registry.createType(type, bytes) as unknown as T;
  }
}

/**
 * Loads the devnet's runtime metadata (the reused finney V15, `devnet/data/metadata_v15.ts`).
 * Takes about 0.2 s; share the result between devnets in one process.
 *
 * @example
 * ```ts
 * import { loadRuntimeMetadata } from "./metadata.ts";
 * const runtime = loadRuntimeMetadata();
 * console.assert(runtime.version.specName === "node-subtensor");
 * ```
 */
export function loadRuntimeMetadata(): RuntimeMetadata {
  return new RuntimeMetadata(base64Decode(METADATA_V15_BASE64));
}

function xx128(text: string): Uint8Array {
  return xxhashAsU8a(text, 128);
}
