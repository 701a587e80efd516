import assert from "node:assert/strict";
import { z } from "zod";
import { BaseSynapse, bodyHashOf, defineSynapse, sha3Hex } from "./synapse.ts";
import { SynapseError } from "./synapse_error.ts";
import { SpecDummy, specDummy } from "./_fixtures_test.ts";

// wire-protocol.md §1.3, repo test `test_synapse_body_hash` (bittensor v9.12.2).
const Test = defineSynapse({
  name: "Test",
  fields: z.object({
    a: z.int(),
    b: z.int(),
    c: z.int().nullable().default(null),
    d: z.array(z.string()).nullable().default(null),
  }),
  requiredHashFields: ["a", "b", "d"],
});

Deno.test("bodyHash() matches test_synapse_body_hash (ae06397d…)", () => {
  const s = Test.create({ a: 1, b: 2, d: ["foobar"] });
  assert.equal(Test.bodyHash(s), "ae06397d08f30f75c91395c59f05c62ac3b62b88250eb78b109213258e6ced0c");
  assert.equal(Test.bodyHash({ ...s, c: 9 }), "ae06397d08f30f75c91395c59f05c62ac3b62b88250eb78b109213258e6ced0c");
  assert.notEqual(Test.bodyHash({ ...s, d: null }), "ae06397d08f30f75c91395c59f05c62ac3b62b88250eb78b109213258e6ced0c");
  // order b, a, d (wire-protocol.md §1.3)
  assert.equal(
    bodyHashOf(Test.dump(s), ["b", "a", "d"]),
    "04990b2b414028a5c005537ccfec76128949e534d9b29ef18dc4b5c340c7e453",
  );
});

Deno.test("bodyHash() with hashOrder 'model' re-orders a legacy field-style list", () => {
  const L = defineSynapse({
    name: "Test",
    fields: z.object({
      a: z.int(),
      b: z.int(),
      c: z.int().nullable().default(null),
      d: z.array(z.string()).nullable().default(null),
    }),
    requiredHashFields: ["b", "a", "d"],
    hashOrder: "model",
  });
  assert.deepEqual(L.requiredHashFields, ["a", "b", "d"]);
  assert.equal(
    L.bodyHash(L.create({ a: 1, b: 2, d: ["foobar"] })),
    "ae06397d08f30f75c91395c59f05c62ac3b62b88250eb78b109213258e6ced0c",
  );
});

Deno.test("bodyHash() matches the spec Dummy (46d0efd0…)", () => {
  assert.equal(SpecDummy.bodyHash(specDummy()), "46d0efd0ebe050f4c245053f52c4f54d5c127953a6aae5df9c07a055a2f39205");
});

Deno.test("bodyHash() of a plain Synapse is sha3('')", () => {
  assert.equal(
    BaseSynapse.bodyHash(BaseSynapse.create({})),
    "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
  );
});

Deno.test("dump() equals Python's Synapse().model_dump() (test_default_instance_fields_dict_consistency)", () => {
  const empty = Object.fromEntries(
    ["status_code", "status_message", "process_time", "ip", "port", "version", "nonce", "uuid", "hotkey", "signature"]
      .map((k) => [k, null]),
  );
  assert.deepEqual(BaseSynapse.dump(BaseSynapse.create({})), {
    name: "Synapse",
    timeout: 12,
    total_size: 0,
    header_size: 0,
    dendrite: empty,
    axon: empty,
    computed_body_hash: "",
  });
  assert.equal(
    BaseSynapse.toJson(BaseSynapse.create({}), { style: "python" }),
    '{"name": "Synapse", "timeout": 12.0, "total_size": 0, "header_size": 0, "dendrite": {"status_code": null, "status_message": null, "process_time": null, "ip": null, "port": null, "version": null, "nonce": null, "uuid": null, "hotkey": null, "signature": null}, "axon": {"status_code": null, "status_message": null, "process_time": null, "ip": null, "port": null, "version": null, "nonce": null, "uuid": null, "hotkey": null, "signature": null}, "computed_body_hash": ""}',
  );
});

Deno.test("toJson() writes the §6 body byte for byte in Python's layout", () => {
  const sig =
    "0x6ee0228e04604193f950a839516f2434571af04275741ef2010d691f2c464d1bc0aa3ba419cea8594e223b83f54bc1ce856b3cafe318da82e975ef9b52a08a8c";
  const s = specDummy();
  const signed = { ...s, total_size: 3738, dendrite: { ...s.dendrite, signature: sig } };
  // wire-protocol.md §6 "Body (python json.dumps of model_dump())"
  const want =
    `{"name": "Dummy", "timeout": 12.0, "total_size": 3738, "header_size": 0, "dendrite": {"status_code": null, "status_message": null, "process_time": null, "ip": "1.2.3.4", "port": null, "version": 9012002, "nonce": 1712345678901234567, "uuid": "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a", "hotkey": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "signature": "${sig}"}, "axon": {"status_code": null, "status_message": null, "process_time": null, "ip": "5.6.7.8", "port": 8091, "version": null, "nonce": null, "uuid": null, "hotkey": "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", "signature": null}, "computed_body_hash": "", "text": "hello 'world'", "count": 3, "items": ["a", "b"], "meta": {"x": 1.0, "y": 0.5}, "completion": null}`;
  assert.equal(SpecDummy.toJson(signed, { style: "python" }), want);
  const back = SpecDummy.fromJson(want);
  assert.equal(back.dendrite.nonce, 1712345678901234567n);
  assert.equal(SpecDummy.bodyHash(back), "46d0efd0ebe050f4c245053f52c4f54d5c127953a6aae5df9c07a055a2f39205");
  assert.equal(SpecDummy.toJson(back, { style: "python" }), want);
});

Deno.test("fromBody() validates as the receiver's class and names the bad field", async (t) => {
  const body = JSON.parse(SpecDummy.toJson(specDummy()));
  await t.step("name is overwritten, unknown keys ignored", () => {
    const s = SpecDummy.fromBody({ ...body, name: "Other", extra: 1 });
    assert.equal(s.name, "Dummy");
    assert.ok(!("extra" in s));
  });
  const bad: [string, Record<string, unknown>, string][] = [
    ["missing required text", { ...body, text: undefined }, "text"],
    ["wrong type", { ...body, count: "three" }, "count"],
    ["bigint in an int field", { ...body, count: 2n ** 64n }, "count"],
    ["nonce 2^64", { ...body, dendrite: { ...body.dendrite, nonce: 2n ** 64n } }, "dendrite.nonce"],
    ["negative nonce", { ...body, dendrite: { ...body.dendrite, nonce: -1 } }, "dendrite.nonce"],
    ["nonce text", { ...body, dendrite: { ...body.dendrite, nonce: "12a" } }, "dendrite.nonce"],
    ["axon not an object", { ...body, axon: [1] }, "axon"],
    ["timeout text", { ...body, timeout: "soon" }, "timeout"],
    ["port float", { ...body, axon: { ...body.axon, port: 1.5 } }, "axon.port"],
    ["hotkey number", { ...body, axon: { ...body.axon, hotkey: 5 } }, "axon.hotkey"],
    ["meta value", { ...body, meta: { x: "a" } }, "meta.x"],
  ];
  for (const [label, input, field] of bad) {
    await t.step(label, () => {
      assert.throws(() => SpecDummy.fromBody(input), (e: unknown) => {
        assert.ok(e instanceof SynapseError, String(e));
        assert.equal(e.field, field);
        assert.match(e.code, /^protocol\//);
        return true;
      });
    });
  }
  await t.step("non-object and non-JSON bodies", () => {
    assert.throws(() => SpecDummy.fromBody([1]), { code: "protocol/invalid-body" });
    assert.throws(() => SpecDummy.fromJson("{"), { code: "protocol/invalid-json" });
    assert.throws(() => SpecDummy.fromJson(""), { code: "protocol/invalid-json" });
  });
  await t.step("2^64 - 1 is the largest nonce", () => {
    const s = SpecDummy.fromBody({ ...body, dendrite: { ...body.dendrite, nonce: "18446744073709551615" } });
    assert.equal(s.dendrite.nonce, 2n ** 64n - 1n);
  });
});

Deno.test("defineSynapse() refuses shadowed base fields and unknown hash fields", () => {
  assert.throws(
    () => defineSynapse({ name: "X", fields: z.object({ timeout: z.int() }), requiredHashFields: [] }),
    TypeError,
  );
  assert.throws(
    () => defineSynapse({ name: "X", fields: z.object({ a: z.int() }), requiredHashFields: ["b"] }),
    TypeError,
  );
});

Deno.test("bodyHash() refuses a lone surrogate in a hashed string", () => {
  const T = defineSynapse({ name: "T", fields: z.object({ s: z.string() }), requiredHashFields: ["s"] });
  assert.throws(() => T.bodyHash(T.create({ s: "a\ud800" })), { code: "protocol/unencodable" });
  assert.equal(T.bodyHash(T.create({ s: "日本😀" })).length, 64);
});

Deno.test("fromBody() works with a strict zod object (base keys are not passed to it)", () => {
  const Strict = defineSynapse({
    name: "Strict",
    fields: z.object({ a: z.int() }).strict(),
    requiredHashFields: ["a"],
  });
  const s = Strict.fromJson(Strict.toJson(Strict.create({ a: 1, timeout: 5 })));
  assert.equal(s.a, 1);
  assert.equal(s.timeout, 5);
});

Deno.test("bodyHash() of a Dict[int, float] follows the order the sender sent", () => {
  const Scores = defineSynapse({
    name: "Scores",
    fields: z.object({ scores: z.record(z.string(), z.number()) }),
    requiredHashFields: ["scores"],
  });
  const s = Scores.fromJson('{"scores": {"5": 0.1, "12": 0.5, "3": 1}}');
  // Python: str({'5': 0.1, '12': 0.5, '3': 1.0}) in arrival order
  assert.equal(Scores.bodyHash(s), sha3Hex(sha3Hex("{'5': 0.1, '12': 0.5, '3': 1.0}")));
  assert.equal(Scores.toJson(s, { style: "python" }).endsWith('"scores": {"5": 0.1, "12": 0.5, "3": 1.0}}'), true);
  const IntKeys = defineSynapse({
    name: "IntKeys",
    fields: z.object({ scores: z.record(z.string().regex(/^\d+$/), z.number()) }),
    requiredHashFields: ["scores"],
  });
  assert.equal(
    IntKeys.bodyHash(IntKeys.fromJson('{"scores": {"5": 0.1, "12": 0.5}}')),
    sha3Hex(sha3Hex("{'5': 0.1, '12': 0.5}")),
  );
});
