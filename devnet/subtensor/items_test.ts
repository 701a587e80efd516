import assert from "node:assert/strict";
import type { TypeDef } from "@polkadot/types/types";
import { u8aToHex } from "@polkadot/util";
import { loadRuntimeMetadata } from "../metadata.ts";
import { ChainStorage } from "../storage.ts";
import { decode, encode } from "./_scale.ts";
import { S } from "./items.ts";
import type { StorageItem } from "./storage_item.ts";

const runtime = loadRuntimeMetadata();
const registry = runtime.registry;

/** Sample SCALE bytes for a metadata type: every vector holds two elements, every option is Some. */
function sampleBytes(type: string): Uint8Array {
  return sampleOf(registry.lookup.getTypeDef(type as `Lookup${number}`) as TypeDef);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function sampleOf(def: TypeDef): Uint8Array {
  const subs = (Array.isArray(def.sub) ? def.sub : def.sub ? [def.sub] : []) as TypeDef[];
  switch (def.info) {
    case 19: // Vec
      if (subs[0].type === "u8") return new Uint8Array([8, 1, 2]);
      return concat([new Uint8Array([8]), sampleOf(subs[0]), sampleOf(subs[0])]);
    case 17: // Tuple
    case 16: // Struct
      return concat(subs.map(sampleOf));
    case 9: // Option
      return concat([new Uint8Array([1]), sampleOf(subs[0])]);
    case 20: // VecFixed
      return concat(Array.from({ length: def.length! }, () => sampleOf(subs[0])));
    case 15: // Si
      return sampleOf(registry.lookup.getTypeDef(def.type as `Lookup${number}`) as TypeDef);
    default: {
      if (def.type === "bool") return new Uint8Array([1]);
      if (def.type === "AccountId32" || def.type === "H256") return new Uint8Array(32).fill(0x11);
      if (def.type === "Bytes") return new Uint8Array([8, 1, 2]);
      if (/^[ui]\d+$/.test(def.type)) return registry.createType(def.type, 7).toU8a();
      return registry.createType(def.type).toU8a();
    }
  }
}

function sampleKey(type: string): unknown {
  const def = registry.lookup.getTypeDef(type as `Lookup${number}`);
  if (def.type.includes("AccountId")) return new Uint8Array(32).fill(0x22);
  return def.type === "u64" ? 3n : 3;
}

Deno.test("S items have finney's names, hashers, key and value shapes and defaults", async (t) => {
  const storage = new ChainStorage(runtime);
  for (const [name, raw] of Object.entries(S)) {
    const item = raw as unknown as StorageItem<unknown[], unknown>;
    await t.step(name, () => {
      assert.equal(item.name, name);
      const info = runtime.storageItem("SubtensorModule", name);
      assert.deepEqual(item.keys.map(([h]) => h), info.hashers, "hashers");
      const keys = info.keyTypes.map(sampleKey);
      assert.equal(u8aToHex(item.key(...keys)), storage.key("SubtensorModule", name, ...keys), "key");
      assert.equal(info.optional, item.fallback === undefined, "OptionQuery");
      if (!info.optional) {
        assert.equal(u8aToHex(encode(item.value, item.fallback)), u8aToHex(info.fallback), "default");
      }
      const bytes = sampleBytes(info.valueType);
      assert.equal(registry.createType(info.valueType, bytes).encodedLength, bytes.length, "sample consumed");
      assert.equal(u8aToHex(encode(item.value, decode(item.value, bytes))), u8aToHex(bytes), "value shape");
    });
  }
});
