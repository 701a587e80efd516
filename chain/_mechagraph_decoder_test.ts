// The specialised mechagraph decoder against @polkadot/types (as the encoder of random values of
// the metadata's own `SelectiveMetagraph`, spec 343 from ../shared/fixtures/finney) and against the
// generic path (`ScaleCompiler` + `mechagraphFromScale`) on the recorded finney answer and on those
// random values. A failing run prints fast-check's seed; FC_SEED=… replays it.
import assert from "node:assert/strict";
import fc from "fast-check";
import { Metadata, TypeRegistry } from "@polkadot/types";
import { compactFromU8a, compactToU8a, hexToU8a } from "@polkadot/util";
import { encodeAddress } from "@polkadot/util-crypto";
import { MechagraphDecoder, type Si } from "./_mechagraph_decoder.ts";
import { mechagraphFromScale } from "./mechagraph.ts";
import { hexDecode, ScaleCompiler, type ScaleStruct, type ScaleValue } from "./scale.ts";
import { createSs58Encoder } from "./ss58.ts";
import { finneyFixturesPresent, loadFinneyFixtures } from "../tests/replay/node.ts";

const ignore = !finneyFixturesPresent();
const seed = Deno.env.get("FC_SEED") ? Number(Deno.env.get("FC_SEED")) : undefined;

async function setup() {
  const fx = await loadFinneyFixtures();
  const registry = new TypeRegistry();
  const wrapped = hexToU8a(fx.metadataAtVersion15); // Option<OpaqueMetadata>
  const [prefix, length] = compactFromU8a(wrapped.subarray(1));
  registry.setMetadata(new Metadata(registry, wrapped.subarray(1 + prefix, 1 + prefix + length.toNumber())));
  const apis = (registry.metadata as unknown as {
    apis: { name: unknown; methods: { name: unknown; output: { toNumber(): number } }[] }[];
  }).apis;
  const output = apis.find((a) => String(a.name) === "SubnetInfoRuntimeApi")!.methods
    .find((m) => String(m.name) === "get_selective_mechagraph")!.output.toNumber();
  const ss58 = await createSs58Encoder(42);
  const compiler = new ScaleCompiler(registry);
  const calls = fx.recorded.metagraph.state_call as Record<string, { result: string }>;
  const recorded = calls[Object.keys(calls).find((k) => k.includes("get_selective_mechagraph"))!].result;
  return { registry, output, ss58, compiler, recorded };
}

/** Block-number fields the decoder reads as numbers (the generic path reads bigints). */
const BLOCK_FIELDS = [
  "network_registered_at",
  "block",
  "last_step",
  "blocks_since_last_step",
  "last_update",
  "block_at_registration",
];

Deno.test({ name: "MechagraphDecoder reads the recorded finney answer as the generic path does", ignore }, async () => {
  const { registry, output, ss58, compiler, recorded } = await setup();
  const bytes = hexDecode(recorded);
  const decoder = new MechagraphDecoder(registry, compiler, output, ss58);
  const generic = mechagraphFromScale(compiler.decodeAll(output, bytes) as ScaleStruct, 0, ss58);
  const ours = decoder.decode(bytes, 0);
  assert.deepEqual(ours, generic);
  assert.equal(ours?.hotkeys.length, 1024);
  // Warm (every address cached) and cold give the same answer.
  assert.deepEqual(decoder.decode(bytes, 0), generic);
  // The row differs from the generic row only where it is meant to: SS58 accounts, numeric blocks.
  const row = decoder.decodeRow(bytes)!;
  const genericRow = compiler.decodeAll(output, bytes) as ScaleStruct;
  assert.deepEqual(row.hotkeys, (genericRow.hotkeys as Uint8Array[]).map((k) => ss58.encode(k)));
  assert.deepEqual(row.last_update, (genericRow.last_update as bigint[]).map(Number));
  assert.deepEqual(row.alpha_stake, genericRow.alpha_stake);
  assert.deepEqual(row.name, Uint8Array.from(genericRow.name as number[]));
});

Deno.test({ name: "MechagraphDecoder refuses bytes that are not one SelectiveMetagraph", ignore }, async () => {
  const { registry, output, ss58, compiler, recorded } = await setup();
  const decoder = new MechagraphDecoder(registry, compiler, output, ss58);
  const bytes = hexDecode(recorded);
  assert.equal(decoder.decode(new Uint8Array([0]), 0), null, "None: no such subnet");
  assert.throws(() => decoder.decode(new Uint8Array(), 0), RangeError);
  assert.throws(() => decoder.decode(new Uint8Array([2]), 0), /Option tag 2/);
  assert.throws(() => decoder.decode(bytes.subarray(0, bytes.length - 1), 0), RangeError);
  assert.throws(() => decoder.decode(bytes.subarray(0, 70_000), 0), RangeError);
  const longer = new Uint8Array(bytes.length + 1);
  longer.set(bytes);
  assert.throws(() => decoder.decode(longer, 0), /1 bytes left over/);
  assert.throws(() => new MechagraphDecoder(registry, compiler, 0, ss58), /not a struct with named fields/);
});

Deno.test(
  { name: "MechagraphDecoder equals @polkadot/types on random SelectiveMetagraph values", ignore },
  async () => {
    const { registry, output, ss58, compiler } = await setup();
    const decoder = new MechagraphDecoder(registry, compiler, output, ss58);
    const si = (id: number) => registry.lookup.getSiType(id) as unknown as Si;
    const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    const lookupName = (id: number) => registry.createLookupType(id);
    const optionInner = (id: number): number | undefined => {
      const s = si(id);
      if (s.def.type !== "Variant" || String(s.path[0]) !== "Option") return undefined;
      return s.def.asVariant.variants.find((v) => String(v.name) === "Some")!.fields[0].type.toNumber();
    };
    const bits: Record<string, number> = { U8: 8, U16: 16, U32: 32, U64: 64, U128: 128 };
    // A random value of type `id`: what @polkadot/types takes (`input`) and what the generic decoder
    // yields (`plain`, snake_case keys, bytes as Uint8Array, 64+ bit integers as bigints).
    type Pair = { input: unknown; plain: ScaleValue };
    const arb = (id: number): fc.Arbitrary<Pair> => {
      const inner = optionInner(id);
      if (inner !== undefined) {
        return fc.option(arb(inner), { nil: undefined, freq: 20 }).map((p) => p ?? { input: null, plain: null });
      }
      const def = si(id).def;
      switch (def.type) {
        case "Primitive": {
          const p = String(def.asPrimitive.type);
          if (p === "Bool") return fc.boolean().map((b) => ({ input: b, plain: b }));
          if (p === "I128") {
            return fc.bigInt({ min: -(1n << 127n), max: (1n << 127n) - 1n }).map((x) => ({ input: x, plain: x }));
          }
          const n = bits[p];
          if (!n) throw new Error(`no arbitrary for ${p}`);
          if (n <= 32) return fc.nat({ max: 2 ** n - 1 }).map((x) => ({ input: x, plain: x }));
          return fc.bigInt({ min: 0n, max: (1n << BigInt(n)) - 1n }).map((x) => ({ input: x, plain: x }));
        }
        case "Compact": {
          const n = bits[String(si(def.asCompact.type.toNumber()).def.asPrimitive.type)];
          // Small values too, so every compact mode (1, 2, 4 bytes and big) is drawn.
          const big = fc.oneof(
            fc.bigInt({ min: 0n, max: 1n << 31n }),
            fc.bigInt({ min: 0n, max: (1n << BigInt(n)) - 1n }),
          );
          if (n <= 32) {
            return fc.oneof(fc.nat({ max: 70_000 }), fc.nat({ max: 2 ** n - 1 }))
              .map((x) => x % 2 ** n).map((x) => ({ input: x, plain: x }));
          }
          return big.map((x) => ({ input: x, plain: x }));
        }
        case "Array": {
          const len = def.asArray.len.toNumber();
          // Plain arrays in: @polkadot/types reads a Uint8Array input as already-encoded bytes.
          return fc.uint8Array({ minLength: len, maxLength: len }).map((b) => ({ input: Array.from(b), plain: b }));
        }
        case "Sequence": {
          const item = def.asSequence.type.toNumber();
          if (si(item).def.type === "Primitive" && String(si(item).def.asPrimitive.type) === "U8") {
            return fc.uint8Array({ maxLength: 40 }).map((b) => ({ input: Array.from(b), plain: b }));
          }
          return fc.array(arb(item), { maxLength: 6 }).map((ps) => ({
            input: ps.map((p) => p.input),
            plain: ps.map((p) => p.plain),
          }));
        }
        case "Tuple":
          return fc.tuple(...def.asTuple.map((t) => arb(t.toNumber()))).map((ps) => ({
            input: ps.map((p) => p.input),
            plain: ps.map((p) => p.plain),
          }));
        case "Composite": {
          const fields = def.asComposite.fields;
          if (fields.length === 1 && !fields[0].name.isSome) return arb(fields[0].type.toNumber());
          return fc.tuple(...fields.map((f) => arb(f.type.toNumber()))).map((ps) => ({
            input: Object.fromEntries(fields.map((f, i) => [camel(String(f.name.unwrap())), ps[i].input])),
            plain: Object.fromEntries(fields.map((f, i) => [String(f.name.unwrap()), ps[i].plain])),
          }));
        }
      }
      throw new Error(`no arbitrary for type ${id} (${def.type})`);
    };
    const struct = optionInner(output)!;
    const fields = si(struct).def.asComposite.fields.map((f) => ({
      name: String(f.name.unwrap()),
      type: f.type.toNumber(),
    }));
    const netuidField = fields[0];
    assert.equal(netuidField.name, "netuid");
    const row = fc.tuple(fc.nat({ max: 65535 }), ...fields.slice(1).map((f) => arb(f.type)));
    fc.assert(
      fc.property(row, ([netuid, ...pairs]) => {
        // Fields are encoded one by one by @polkadot/types (a struct is its fields in order); the
        // netuid by hand, since @polkadot/types 16.5.6 misreads `Compact<NetUid>` (mechagraph_test.ts).
        const parts = [new Uint8Array([1]), compactToU8a(netuid)];
        pairs.forEach((p, i) => parts.push(registry.createType(lookupName(fields[i + 1].type), p.input).toU8a()));
        const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);

        const got = decoder.decodeRow(bytes)!;
        const account = (v: ScaleValue) => v instanceof Uint8Array && v.length === 32 ? encodeAddress(v, 42) : v;
        const expected = (name: string, v: ScaleValue): unknown => {
          if (v === null) return null;
          if (name === "hotkeys" || name === "coldkeys" || name === "owner_hotkey" || name === "owner_coldkey") {
            return Array.isArray(v) ? v.map(account) : account(v);
          }
          if (name.endsWith("_per_hotkey") || name === "commitments") {
            return (v as ScaleValue[][]).map((
              [k, x],
            ) => [account(k), Array.isArray(x) ? Uint8Array.from(x as number[]) : x]);
          }
          if (name === "name" || name === "symbol") return Uint8Array.from(v as number[]);
          if (BLOCK_FIELDS.includes(name)) return Array.isArray(v) ? v.map(Number) : Number(v);
          return v;
        };
        assert.equal(got.netuid, netuid);
        pairs.forEach((p, i) => {
          const name = fields[i + 1].name;
          assert.deepEqual(got[name], expected(name, p.plain), `field ${name}`);
        });
        // And the Mechagraph built from it is the generic path's.
        const generic = compiler.decodeAll(output, bytes) as ScaleStruct;
        const complete = ["hotkeys", "coldkeys", "axons", "active", "validator_permit", "pruning_score", "last_update"]
          .concat(["emission", "dividends", "incentives", "consensus", "trust", "rank", "block_at_registration"])
          .concat(["alpha_stake", "tao_stake", "total_stake", "block"])
          .every((f) => generic[f] !== null);
        if (complete) {
          assert.deepEqual(decoder.decode(bytes, 3), mechagraphFromScale(generic, 3, ss58));
        } else {
          assert.throws(() => mechagraphFromScale(generic, 3, ss58), /is absent/);
          assert.throws(() => decoder.decode(bytes, 3), /is absent/);
        }
      }),
      { numRuns: 200, seed },
    );
  },
);
