// The recorded finney mechagraph (Python v10's own `get_selective_mechagraph(1, 0, [0..73])` at block
// 6852690, ../shared/fixtures/finney, metagraph scenario) decoded field by field and compared with
// @polkadot/types, and checked against get_neurons_lite and get_subnet_state recorded at the same block.
// MECHAGRAPH_REPORT=1 prints one line per field.
import assert from "node:assert/strict";
import { isUtf8, u8aToHex, u8aToString } from "@polkadot/util";
import { Subtensor } from "./client.ts";
import { mechanismStorageIndex } from "./mechagraph.ts";
import type { ScaleStruct, ScaleValue } from "./scale.ts";
import { createSs58Encoder } from "./ss58.ts";
import { finneyFixturesPresent, loadFinneyFixtures, ReplayNode } from "../tests/replay/node.ts";
import { ReplayProvider } from "../tests/replay/provider.ts";

// Skipped without ../shared, and under REQUIRE_FIXTURES=1 its absence throws (finneyFixturesPresent).
const ignore = !finneyFixturesPresent();
const HASH = "0xdb13c066e2c63969f140164fb3bfe7a0aaa7b71407fc0fe525d68e57329ef9d0";
const report = Deno.env.get("MECHAGRAPH_REPORT") === "1";

Deno.test("mechanismStorageIndex() is mechid × 4096 + netuid, as get_mechanism_storage_index", () => {
  assert.equal(mechanismStorageIndex(1, 0), 1);
  assert.equal(mechanismStorageIndex(1, 1), 4097);
  assert.equal(mechanismStorageIndex(4095, 15), 65535);
  assert.throws(() => mechanismStorageIndex(4096, 0), RangeError);
  assert.throws(() => mechanismStorageIndex(1, 16), RangeError);
});

Deno.test({ name: "the recorded finney mechagraph decodes as @polkadot/types decodes it", ignore }, async (t) => {
  const node = new ReplayNode(await loadFinneyFixtures(), { scenario: "metagraph" });
  await using chain = await Subtensor.connect({ provider: new ReplayProvider(node), timeoutMs: 10_000 });
  const ss58 = await createSs58Encoder(42);
  const registry = chain.api.registry;
  const apis = (registry.metadata as unknown as {
    apis: { name: unknown; methods: { name: unknown; output: { toNumber(): number } }[] }[];
  }).apis;
  const output = apis.find((a) => String(a.name) === "SubnetInfoRuntimeApi")!.methods
    .find((m) => String(m.name) === "get_selective_mechagraph")!.output.toNumber();
  const indexes = Array.from({ length: 74 }, (_, i) => i);
  const raw = await chain.rpc<string>("state_call", [
    "SubnetInfoRuntimeApi_get_selective_mechagraph",
    u8aToHex(registry.createType("(u16, u8, Vec<u16>)", [1, 0, indexes]).toU8a()),
    HASH,
  ]);
  const ours = (await chain.runtimeCall("SubnetInfoRuntimeApi", "get_selective_mechagraph", [1, 0, indexes], HASH)) as
    | ScaleStruct
    | null;
  assert.ok(ours, "the recorded answer is Some");
  const codec = registry.createType(registry.createLookupType(output), raw) as unknown as {
    encodedLength: number;
    unwrap(): { toPrimitive(): Record<string, unknown> };
  };
  // @polkadot/types reads every byte too; its length is one more because it re-encodes its netuid (256,
  // see below) as a 2-byte compact where the answer's compact 1 takes 1 byte.
  assert.equal(codec.encodedLength, (raw.length - 2) / 2 + 1);
  const theirs = codec.unwrap().toPrimitive();

  // Our plain values in @polkadot/types' primitive form: camelCase keys, SS58 accounts, safe integers as numbers.
  const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  // Identities hold text (`Vec<u8>`); every other byte field here is an AccountId32.
  const norm = (v: ScaleValue, text = false): unknown => {
    if (typeof v === "bigint") return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
    if (v instanceof Uint8Array) {
      return !text && v.length === 32 ? ss58.encode(v) : isUtf8(v) ? u8aToString(v) : u8aToHex(v);
    }
    if (Array.isArray(v)) return v.map((x) => norm(x, text));
    if (v && typeof v === "object") {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), norm(x, text)]));
    }
    return v;
  };

  await t.step("all 74 fields are present and equal (netuid: see below)", () => {
    const fields = Object.keys(ours);
    assert.equal(fields.length, 74);
    for (const f of fields) {
      const theirsValue = theirs[camel(f)];
      assert.ok(camel(f) in theirs, `@polkadot/types has ${f}`);
      if (f === "netuid") continue;
      assert.deepEqual(norm(ours[f], f === "identity" || f === "identities"), theirsValue, `field ${f}`);
      if (report) {
        const v = ours[f];
        const what = Array.isArray(v) ? `${v.length} entries` : JSON.stringify(norm(v))?.slice(0, 60);
        console.log(`  ${String(fields.indexOf(f)).padStart(2)} ${f.padEnd(28)} equal  ${what}`);
      }
    }
  });

  await t.step("netuid is 1 (compact 0x04); @polkadot/types 16.5.6 reads Compact<NetUid> as 256", () => {
    // The answer starts 0x01 (Some) 0x04 (compact 1); Python's MetagraphInfo reads netuid 1 from it.
    assert.equal(raw.slice(0, 6), "0x0104");
    assert.equal(ours.netuid, 1);
    if (report) console.log(`   0 netuid                       ours 1, @polkadot/types ${theirs.netuid}`);
  });

  const mg = await chain.metagraph(1);
  const m = mg.mechagraph!;

  await t.step("metagraph(1) reads it: Python's MetagraphInfo names, SS58, UTF-8, RAO", () => {
    assert.ok(m, "the metagraph came from the mechagraph");
    assert.equal(mg.n, 1024);
    assert.equal(mg.block, 6852690);
    assert.equal(m.block, 6852690);
    assert.equal(mg.blockHash, HASH);
    assert.equal(mg.mechid, 0);
    assert.equal(mg.mechanism_count, 1); // MechanismCountCurrent unset at that block: the default
    assert.equal(mg.emissions_split, null);
    assert.equal(mg.name, "Apex");
    assert.equal(mg.symbol, "α");
    assert.equal(mg.identity?.subnet_name, "Apex");
    assert.equal(mg.owner_hotkey, theirs.ownerHotkey);
    assert.equal(mg.tempo, 99);
    assert.equal(mg.hparams?.kappa, 32767);
    assert.equal(mg.hparams?.commit_reveal_weights_enabled, true);
    assert.equal(mg.pool?.alpha_in_rao, 2316467425363654n);
    assert.equal(mg.pool?.tao_in_rao, 22079400556774n);
    assert.ok(Math.abs(mg.pool!.price - 22079400556774 / 2316467425363654) < 1e-15);
    assert.ok(Math.abs(mg.pool!.moving_price - 40869489 / 2 ** 32) < 1e-15);
    assert.deepEqual(mg.hotkeys, theirs.hotkeys);
    assert.deepEqual(mg.coldkeys, theirs.coldkeys);
    assert.deepEqual(mg.alpha_stake_rao, (theirs.alphaStake as number[]).map(BigInt));
    assert.deepEqual(mg.tao_stake_rao, (theirs.taoStake as number[]).map(BigInt));
    assert.deepEqual(mg.total_stake_rao, (theirs.totalStake as number[]).map(BigInt));
    assert.deepEqual(mg.S_rao, mg.alpha_stake_rao, "stake_rao is the alpha stake");
    assert.deepEqual(mg.block_at_registration, theirs.blockAtRegistration);
    assert.deepEqual(mg.validators, theirs.validators);
    assert.equal(mg.commitments?.length, (theirs.commitments as unknown[]).length);
    assert.ok(mg.Tv.every(Number.isNaN), "ValidatorTrust is not in the recording: unknown, not zero");
  });

  await t.step("the fields get_neurons_lite also carries agree, at the same block", async () => {
    const lite = await chain.neuronsLite(1, HASH);
    assert.equal(lite.length, mg.n);
    const agree: Record<string, number> = {};
    const same = (field: string, a: unknown[], b: unknown[]) => {
      assert.deepEqual(a, b, field);
      agree[field] = a.length;
    };
    same("hotkey", mg.hotkeys, lite.map((x) => x.hotkey));
    same("coldkey", mg.coldkeys, lite.map((x) => x.coldkey));
    same("active", mg.active, lite.map((x) => x.active));
    same("validator_permit", mg.validator_permit, lite.map((x) => x.validator_permit));
    same("axon", mg.axons, lite.map((x) => x.axon_info));
    same("last_update", mg.last_update, lite.map((x) => x.last_update));
    same("emission", mg.E_rao, lite.map((x) => x.emission));
    for (const f of ["rank", "incentive", "consensus", "trust", "dividends", "pruning_score"] as const) {
      same(f, mg.neurons.map((x) => x[f]), lite.map((x) => x[f]));
    }
    // Stake differs by design: get_neurons_lite lists the stake entries it finds per coldkey, the
    // mechagraph's alpha_stake is the hotkey's whole alpha on the subnet (clarifications).
    const equal = lite.filter((x, i) => x.stake_rao === m.alpha_stake_rao[i]).length;
    const below = lite.filter((x, i) => x.stake_rao < m.alpha_stake_rao[i]).length;
    assert.ok(equal > 900, `neurons_lite stake = alpha_stake for most uids (${equal})`);
    if (report) {
      console.log(`  agree with get_neurons_lite: ${Object.keys(agree).join(", ")} (1024 each)`);
      console.log(
        `  stake: neurons_lite = alpha_stake for ${equal} uids, below for ${below}, above for ${1024 - equal - below}`,
      );
    }
  });

  await t.step("the stakes agree with get_subnet_state at the same block", async () => {
    const state = (await chain.runtimeCall("SubnetInfoRuntimeApi", "get_subnet_state", [1], HASH)) as ScaleStruct;
    const bigs = (v: ScaleValue) => (v as ScaleValue[]).map((x) => BigInt(x as bigint));
    assert.deepEqual(m.alpha_stake_rao, bigs(state.alpha_stake));
    assert.deepEqual(m.tao_stake_rao, bigs(state.tao_stake));
    assert.deepEqual(m.total_stake_rao, bigs(state.total_stake));
    assert.deepEqual(m.hotkeys, (state.hotkeys as Uint8Array[]).map((k) => ss58.encode(k)));
  });

  await t.step("a mechanism the subnet does not have is refused by name", async () => {
    await assert.rejects(
      () => chain.metagraph(1, { mechid: 1 }),
      (e: Error & { code?: string }) => e.code === "chain/not-found" && /has 1 mechanism/.test(e.message),
    );
  });
});
