import assert from "node:assert/strict";
import { z } from "zod";
import { defineSynapse } from "./synapse.ts";
import { parseHeadersToInputs } from "./headers.ts";
import { SpecDummy, specDummy } from "./_fixtures_test.ts";

Deno.test("toHeaders() gives the §1.4 header list in order", () => {
  const headers = SpecDummy.toHeaders(specDummy());
  // wire-protocol.md §1.4 example [computed]; header_size/total_size are CPython's getsizeof (any integer).
  const want: [string, string][] = [
    ["name", "Dummy"],
    ["timeout", "12.0"],
    ["bt_header_axon_ip", "5.6.7.8"],
    ["bt_header_axon_port", "8091"],
    ["bt_header_axon_hotkey", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"],
    ["bt_header_dendrite_ip", "1.2.3.4"],
    ["bt_header_dendrite_version", "9012002"],
    ["bt_header_dendrite_nonce", "1712345678901234567"],
    ["bt_header_dendrite_uuid", "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a"],
    ["bt_header_dendrite_hotkey", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"],
    ["bt_header_input_obj_text", "IiI="],
    ["header_size", headers[11][1]],
    ["total_size", "0"],
    ["computed_body_hash", "46d0efd0ebe050f4c245053f52c4f54d5c127953a6aae5df9c07a055a2f39205"],
  ];
  assert.deepEqual(headers, want);
  assert.match(headers[11][1], /^\d+$/);
  const sized = SpecDummy.toHeaders(specDummy(), { headerSize: 464, totalSize: 3738 });
  assert.equal(SpecDummy.toHeaders(specDummy(), { bodyHash: "ab" }).at(-1)?.[1], "ab");
  assert.deepEqual(sized.slice(11, 13), [["header_size", "464"], ["total_size", "3738"]]);
});

Deno.test("toHeaders() puts the signature after the dendrite hotkey", () => {
  const s = specDummy();
  const sig = "0x" + "ab".repeat(64);
  const names = SpecDummy.toHeaders({ ...s, dendrite: { ...s.dendrite, signature: sig } }).map(([k]) => k);
  assert.equal(names[names.indexOf("bt_header_dendrite_hotkey") + 1], "bt_header_dendrite_signature");
});

Deno.test("toHeaders() sends typed dummies for required fields only (pydantic v2 rules)", () => {
  const T = defineSynapse({
    name: "T",
    fields: z.object({
      s: z.string(),
      l: z.array(z.int()),
      d: z.record(z.string(), z.int()),
      i: z.int(),
      f: z.number(),
      b: z.boolean(),
      t: z.tuple([z.int()]),
      n: z.int().nullable(),
      o: z.int().default(5),
      big: z.bigint(),
    }),
    requiredHashFields: [],
  });
  const headers = T.toHeaders(T.create({ s: "x", l: [1], d: { a: 1 }, i: 7, f: 1, b: true, t: [1], n: null, big: 5n }));
  const obj = Object.fromEntries(headers.filter(([k]) => k.startsWith("bt_header_input_obj_")));
  assert.deepEqual(obj, {
    bt_header_input_obj_s: "IiI=",
    bt_header_input_obj_l: "W10=",
    bt_header_input_obj_d: "e30=",
    bt_header_input_obj_i: "MA==",
    bt_header_input_obj_f: "MC4w",
    bt_header_input_obj_b: "ZmFsc2U=",
    bt_header_input_obj_t: "W10=",
    bt_header_input_obj_big: "MA==",
  });
});

Deno.test("toHeaders() refuses values that cannot be HTTP header values", () => {
  const s = specDummy();
  for (const ip of ["1.2.3.4\r\nx: y", "日本", "a\u0000"]) {
    assert.throws(() => SpecDummy.toHeaders({ ...s, axon: { ...s.axon, ip } }), {
      code: "protocol/invalid-header-value",
      field: "bt_header_axon_ip",
    });
  }
});

// wire-protocol.md §1.5, repo test `test_parse_headers_to_inputs` (bittensor v9.12.2).
const PARSE_HEADERS: Record<string, string> = {
  "bt_header_axon_nonce": "111",
  "bt_header_dendrite_ip": "12.1.1.2",
  "bt_header_input_obj_key1": btoa(JSON.stringify([1, 2, 3, 4])),
  "timeout": "12",
  "name": "Test",
  "header_size": "111",
  "total_size": "111",
  "computed_body_hash": "0xabcdef",
};

Deno.test("parseHeadersToInputs() matches test_parse_headers_to_inputs", () => {
  assert.deepEqual(parseHeadersToInputs(PARSE_HEADERS), {
    axon: { nonce: "111" },
    dendrite: { ip: "12.1.1.2" },
    key1: [1, 2, 3, 4],
    timeout: "12",
    name: "Test",
    header_size: "111",
    total_size: "111",
    computed_body_hash: "0xabcdef",
  });
});

Deno.test("fromHeaders() casts like pydantic (axon.nonce 111, timeout 12, header_size 111)", () => {
  const T = defineSynapse({
    name: "Test",
    fields: z.object({ key1: z.array(z.int()).default([]) }),
    requiredHashFields: [],
  });
  const s = T.fromHeaders(PARSE_HEADERS);
  assert.equal(s.axon.nonce, 111n);
  assert.equal(s.dendrite.ip, "12.1.1.2");
  assert.equal(s.timeout, 12);
  assert.equal(s.header_size, 111);
  assert.equal(s.total_size, 111);
  assert.equal(s.computed_body_hash, "0xabcdef");
  assert.deepEqual(s.key1, [1, 2, 3, 4]);
  assert.equal(T.fromHeaders(new Headers(PARSE_HEADERS)).axon.nonce, 111n);
});

Deno.test("fromHeaders(toHeaders()) gives 9.x's dummies (wire-protocol.md §1.5 round trip)", () => {
  const T = defineSynapse({
    name: "Test",
    fields: z.object({
      a: z.int(),
      b: z.int().nullable().default(null),
      c: z.int().nullable(),
      d: z.array(z.int()).nullable(),
      e: z.array(z.int()),
    }),
    requiredHashFields: [],
  });
  const back = T.fromHeaders(T.toHeaders(T.create({ a: 1, c: 3, d: [1, 2, 3, 4], e: [1, 2, 3, 4] })));
  assert.equal(back.a, 0);
  assert.equal(back.b, null);
  assert.equal(back.c, 0);
  assert.deepEqual(back.d, []);
  assert.deepEqual(back.e, []);
});

Deno.test("parseHeadersToInputs() uses Python's substring matching and skips bad input objects", () => {
  const inputs = parseHeadersToInputs([
    ["x-bt_header_axon_ip", "1.1.1.1"],
    ["bt_header_dendrite_bt_header_dendrite_x", "1"],
    ["bt_header_input_obj_axon", btoa("{}")],
    ["bt_header_input_obj_bad", "%%%"],
    ["bt_header_input_obj_notjson", btoa("{")],
    ["bt_header_input_obj___proto__", btoa("{}")],
    ["BT_HEADER_AXON_PORT", "1"],
  ]);
  assert.deepEqual(inputs.axon, { ip: "1.1.1.1" });
  assert.deepEqual(inputs.dendrite, { "": "1" });
  assert.ok(!("bad" in inputs) && !("notjson" in inputs));
  assert.throws(() => parseHeadersToInputs([["bt_header_input_obj_bad", "%%%"]], { strict: true }), {
    code: "protocol/invalid-header",
    field: "bt_header_input_obj_bad",
  });
});

Deno.test("fromHeaders() names the field for malformed headers", async (t) => {
  const base = Object.fromEntries(SpecDummy.toHeaders(specDummy()));
  const cases: [string, Record<string, string>, string][] = [
    ["nonce not a number", { bt_header_dendrite_nonce: "12x" }, "dendrite.nonce"],
    ["nonce 2^64", { bt_header_dendrite_nonce: String(2n ** 64n) }, "dendrite.nonce"],
    ["timeout garbage", { timeout: "twelve" }, "timeout"],
    ["port float", { bt_header_axon_port: "80.5" }, "axon.port"],
    ["bad base64 for a required field", { bt_header_input_obj_text: "!!" }, "text"],
    ["wrong dummy type", { bt_header_input_obj_text: btoa("5") }, "text"],
  ];
  for (const [label, change, field] of cases) {
    await t.step(label, () => {
      assert.throws(() => SpecDummy.fromHeaders({ ...base, ...change }), { field });
    });
  }
});
