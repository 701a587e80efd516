import assert from "node:assert/strict";
import { z } from "zod";
import { parseJson, stringifyJson } from "./json.ts";

Deno.test("parseJson() keeps integers beyond 2^53 exact and leaves the rest alone", () => {
  const v = parseJson(
    '{"a": 1712345678901234567, "b": 9007199254740991, "c": 1.5, "d": 1e300, "e": -18446744073709551616}',
  );
  assert.equal(v.a, 1712345678901234567n);
  assert.equal(v.b, 9007199254740991);
  assert.equal(v.c, 1.5);
  assert.equal(v.d, 1e300);
  assert.equal(v.e, -(2n ** 64n));
});

Deno.test("parseJson() names what failed to parse", () => {
  assert.throws(() => parseJson("{", "the body"), { code: "protocol/invalid-json", message: /the body/ });
  assert.throws(() => parseJson("NaN"), { code: "protocol/invalid-json" });
});

Deno.test("stringifyJson() writes Python's json.dumps layout, floats and escapes", () => {
  const schema = z.object({ f: z.number(), i: z.int(), s: z.string(), l: z.array(z.number()) });
  assert.equal(
    stringifyJson({ f: 1, i: 1, s: "é\u007f\n😀", l: [1e16, 1e-5, 0.5] }, { style: "python", schema }),
    '{"f": 1.0, "i": 1, "s": "\\u00e9\\u007f\\n\\ud83d\\ude00", "l": [1e+16, 1e-05, 0.5]}',
  );
  assert.equal(stringifyJson({ s: "é", n: null, b: true }), '{"s":"é","n":null,"b":true}');
  assert.equal(stringifyJson([2n ** 64n, -0]), "[18446744073709551616,-0.0]");
  assert.throws(() => stringifyJson({ x: NaN }), { code: "protocol/invalid-field", message: /value\.x/ });
  assert.throws(() => stringifyJson({ x: Infinity }), { code: "protocol/invalid-field" });
});

Deno.test("parseJson() keeps the sender's key order for integer-like keys (Python dict order)", () => {
  const v = parseJson('{"scores": {"5": 0.1, "12": 0.5, "3": 1.0}, "plain": {"b": 1, "a": 2}}');
  assert.deepEqual(Object.keys(v.scores), ["3", "5", "12"], "JS itself reorders");
  assert.equal(stringifyJson(v), '{"scores":{"5":0.1,"12":0.5,"3":1},"plain":{"b":1,"a":2}}');
  // a repeated key keeps its first place and takes the last value, as Python's json.loads does
  assert.equal(stringifyJson(parseJson('{"2": 1, "1": {"9": 0, "8": 0}, "2": 3}')), '{"2":3,"1":{"9":0,"8":0}}');
});
