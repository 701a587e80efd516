import assert from "node:assert/strict";
import fc from "fast-check";
import { z } from "zod";
import { defineSynapse, sha3Hex, type Synapse } from "./synapse.ts";
import { pyFloatRepr, pyRepr } from "./py_str.ts";
import { bigintSchema } from "./schema.ts";
import { SubnetError } from "./errors.ts";
import { stringifyJson } from "./json.ts";
import type { TerminalInfo } from "./terminal_info.ts";

/** Property runs per test: small in CI, large under `SOAK=1` (`deno task soak`). */
const RUNS = Deno.env.get("SOAK") ? 5000 : 100;

/** A synapse with one field of each Python type the body hash must render. */
const Rich = defineSynapse({
  name: "Rich",
  fields: z.object({
    text: z.string(),
    count: z.int(),
    big: bigintSchema(),
    ratio: z.number(),
    ratios: z.array(z.number()),
    pair: z.tuple([z.int(), z.string()]).default([0, ""]),
    tags: z.record(z.string(), z.array(z.string())),
    nested: z.object({ a: z.number(), b: z.string().nullable() }).default({ a: 0, b: null }),
    flag: z.boolean(),
    maybe: z.number().nullable().default(null),
    items: z.array(z.union([z.int(), z.string(), z.null()])).default([]),
  }),
  requiredHashFields: ["text", "count", "big", "ratio", "ratios", "pair", "tags", "nested", "flag", "maybe", "items"],
});
type RichSynapse = Synapse<ReturnType<typeof Rich.create> extends infer S ? Omit<S, never> : never>;

const finite = fc.double({ noNaN: true, noDefaultInfinity: true });
/** Header-safe text: visible Latin-1 without controls (what HTTP allows), no surrounding spaces. */
const headerText = fc.string({
  unit: fc.integer({ min: 0x21, max: 0xff }).filter((c) => c !== 0x7f && (c < 0x80 || c > 0x9f)).map((c) =>
    String.fromCharCode(c)
  ),
  maxLength: 40,
});
const text = fc.string({ unit: "binary", maxLength: 30 });
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });

const terminal: fc.Arbitrary<TerminalInfo> = fc.record({
  status_code: maybe(fc.integer({ min: 0, max: 999 })),
  status_message: maybe(headerText),
  process_time: maybe(finite),
  ip: maybe(headerText),
  port: maybe(fc.integer({ min: 0, max: 65535 })),
  version: maybe(fc.integer({ min: 0, max: 2 ** 31 })),
  nonce: maybe(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })),
  uuid: maybe(fc.uuid()),
  hotkey: maybe(headerText),
  signature: maybe(fc.stringMatching(/^0x[0-9a-f]{128}$/)),
});

const rich = fc.record({
  timeout: finite,
  total_size: fc.integer({ min: 0, max: 2 ** 40 }),
  header_size: fc.integer({ min: 0, max: 2 ** 40 }),
  dendrite: terminal,
  axon: terminal,
  text,
  count: fc.maxSafeInteger(),
  big: fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
  ratio: finite,
  ratios: fc.array(finite, { maxLength: 5 }),
  pair: fc.tuple(fc.integer(), text),
  tags: fc.dictionary(text.filter((k) => !/^\d+$/.test(k) && k !== "__proto__"), fc.array(text, { maxLength: 3 }), {
    maxKeys: 4,
  }),
  nested: fc.record({ a: finite, b: maybe(text) }),
  flag: fc.boolean(),
  maybe: maybe(finite),
  items: fc.array(fc.oneof(fc.integer(), text, fc.constant(null)), { maxLength: 5 }),
}).map((v) => Rich.create(v) as RichSynapse);

Deno.test("toJson()/fromJson() round-trips every synapse losslessly, in both layouts", () => {
  fc.assert(
    fc.property(rich, fc.constantFrom("python" as const, "compact" as const), (s, style) => {
      const back = Rich.fromJson(Rich.toJson(s, { style }));
      assert.deepStrictEqual(back, s);
    }),
    { numRuns: RUNS },
  );
});

Deno.test("bodyHash() is the same after a JSON round trip into the declared types", () => {
  fc.assert(
    fc.property(rich, (s) => {
      assert.equal(Rich.bodyHash(Rich.fromJson(Rich.toJson(s, { style: "python" }))), Rich.bodyHash(s));
      // A sender that writes integral floats as JSON integers (`1`, not `1.0`): the receiver still holds floats.
      const untyped = stringifyJson(Rich.dump(s));
      assert.equal(Rich.bodyHash(Rich.fromJson(untyped)), Rich.bodyHash(s));
    }),
    { numRuns: RUNS },
  );
});

Deno.test("fromHeaders(toHeaders()) keeps name, timeout, both TerminalInfos, sizes and the body hash", () => {
  fc.assert(
    fc.property(rich, (s) => {
      const headers = Rich.toHeaders(s);
      const back = Rich.fromHeaders(headers);
      assert.equal(back.name, "Rich");
      assert.equal(back.timeout, s.timeout);
      assert.deepStrictEqual(back.dendrite, s.dendrite);
      assert.deepStrictEqual(back.axon, s.axon);
      assert.equal(back.total_size, s.total_size);
      assert.equal(back.computed_body_hash, Rich.bodyHash(s));
      // required fields arrive as typed dummies (wire-protocol.md §1.4 step 4)
      assert.equal(back.text, "");
      assert.equal(back.count, 0);
      assert.deepEqual(back.ratios, []);
      assert.equal(back.maybe, null);
      // and the same headers through a Headers object (lowercased, sorted)
      assert.deepStrictEqual(Rich.fromHeaders(new Headers(headers)).dendrite, s.dendrite);
    }),
    { numRuns: RUNS },
  );
});

function typedOrOk(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!(e instanceof SubnetError) || !e.code.startsWith("protocol/")) throw e;
  }
}

Deno.test("fromJson() and fromHeaders() give a typed error or a synapse for any input, never a crash", () => {
  const json = fc.jsonValue();
  fc.assert(
    fc.property(fc.oneof(fc.string(), json.map((v) => JSON.stringify(v))), (body) => {
      typedOrOk(() => Rich.fromJson(body));
    }),
    { numRuns: RUNS },
  );
  fc.assert(
    fc.property(
      rich,
      json,
      fc.constantFrom("dendrite", "axon", "text", "count", "big", "tags", "nested", "pair", "timeout"),
      (s, v, field) => {
        const body = JSON.parse(Rich.toJson({ ...s, big: 0n }));
        body[field] = v;
        typedOrOk(() => Rich.fromBody(body));
      },
    ),
    { numRuns: RUNS },
  );
  const key = fc.oneof(
    fc.constantFrom(
      "bt_header_dendrite_nonce",
      "bt_header_axon_port",
      "timeout",
      "bt_header_input_obj_text",
      "bt_header_input_obj_tags",
      "total_size",
    ),
    fc.string(),
  );
  fc.assert(
    fc.property(
      rich,
      key,
      fc.oneof(fc.string(), fc.base64String(), json.map((v) => btoa(JSON.stringify(v)))),
      (s, k, v) => {
        const headers = Object.fromEntries(Rich.toHeaders(s));
        headers[k] = v;
        typedOrOk(() => Rich.fromHeaders(headers));
      },
    ),
    { numRuns: RUNS },
  );
});

Deno.test("dicts keep the sender's key order through fromJson, bodyHash and toJson (integer-like keys)", () => {
  const Scores = defineSynapse({
    name: "Scores",
    fields: z.object({ scores: z.record(z.string(), z.number()) }),
    requiredHashFields: ["scores"],
  });
  const entries = fc.uniqueArray(
    fc.tuple(fc.oneof(fc.nat({ max: 300 }).map(String), fc.string({ maxLength: 4 })), finite),
    {
      selector: ([k]) => k,
      maxLength: 8,
    },
  );
  fc.assert(
    fc.property(entries, (pairs) => {
      const text = `{"scores": {${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${pyFloatRepr(v)}`).join(", ")}}}`;
      const s = Scores.fromJson(text);
      const python = `{${pairs.map(([k, v]) => `${pyRepr(k)}: ${pyFloatRepr(v)}`).join(", ")}}`;
      assert.equal(Scores.bodyHash(s), sha3Hex(sha3Hex(python)));
      assert.equal(Scores.bodyHash(Scores.fromJson(Scores.toJson(s))), Scores.bodyHash(s));
    }),
    { numRuns: RUNS },
  );
});
