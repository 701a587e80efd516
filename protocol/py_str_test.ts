import assert from "node:assert/strict";
import fc from "fast-check";
import { z } from "zod";
import { pyFloatRepr, pyRepr, pyStr, pyStrRepr } from "./py_str.ts";
import { sha3Hex } from "./synapse.ts";

// wire-protocol.md §1.3 "Golden values (`str(v)` → sha3_256 hex)" [computed with Python 3.11].
const GOLDEN: [string, unknown, z.ZodType | undefined, string, string][] = [
  ["''", "", undefined, "", "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"],
  ["'hello'", "hello", undefined, "hello", "3338be694f50c5f338814986cdf0686453a888b84f424d792af4b9202398f392"],
  ["1", 1, z.int(), "1", "67b176705b46206614219f47a05aee7ae6a3edbe850bbbe214c536b989aea4d2"],
  ["12.0", 12, z.number(), "12.0", "6687663a6a82224bbfda0bcf45c53b0b5af080ce9c25c46fb5567372d346021f"],
  ["1e16", 1e16, z.number(), "1e+16", "06fd81586da3d0ce789b50f959f4e57e5c3fd89d3f65e8187f73895040ce5909"],
  ["1e15", 1e15, z.number(), "1000000000000000.0", "51a6a4f4c8fc42ce90f2b46e52277a2678b661441e8b6d1069098a7f04ab8434"],
  ["1e-5", 1e-5, z.number(), "1e-05", "e276dbc73756a2417e9d716484999961a9ea24a1b6dc00509b91e891548b3408"],
  ["0.0001", 0.0001, z.number(), "0.0001", "0d03b2e8a34b16e8b05126239339d742218ee8fc4726e18cdcb0701a66b7a5c2"],
  ["True", true, undefined, "True", "62b5b5e01d892e831aa186068a8d83b662e8b2928b10aa5ce2aedb3edc8e7673"],
  ["None", null, undefined, "None", "61ae1749811579a5799852da2541dd16a7ffb1744c6248718a123570fffd0a63"],
  [
    "['a','b']",
    ["a", "b"],
    undefined,
    "['a', 'b']",
    "7c4ddd265900875dc76972886c942ffdc85a1a3e84716aef29a2941a401dd47b",
  ],
  [`["it's"]`, ["it's"], undefined, `["it's"]`, "cb9d2dfcc2d1a0d202a9db3c6399d80725c91c02001265ab75a484311b632032"],
  [
    `['say "hi"']`,
    ['say "hi"'],
    undefined,
    `['say "hi"']`,
    "f992607b111ba1312d89d594fcc6acdc022ce1b77545a5e362f3621d004ca818",
  ],
  [
    `['both \\' and "']`,
    [`both ' and "`],
    undefined,
    `['both \\' and "']`,
    "bcbd560289388ed2cc1ce2bafad1522a6976426ebe9287e9466a8941b68309bc",
  ],
  [
    "['tab\\tnl\\n']",
    ["tab\tnl\n"],
    undefined,
    "['tab\\tnl\\n']",
    "be3bf523d680c971ddc8e40a98c1a8746f7669a46a357c6be6a71d6c05b1a32c",
  ],
  [
    "['é','日本']",
    ["é", "日本"],
    undefined,
    "['é', '日本']",
    "aced47556316f10b055f85c05867c707c778256e87ed0f0a0bcef1f7795ab2ff",
  ],
  [
    "['\\x00\\x7f']",
    ["\x00\x7f"],
    undefined,
    "['\\x00\\x7f']",
    "b52a8c9b6850d69680aeba9f844b99efce752f8eeb7ab51b5bd30717f8393f96",
  ],
  [
    "[1, 2.5, None, True]",
    [1, 2.5, null, true],
    undefined,
    "[1, 2.5, None, True]",
    "bb211c7491696f2e8efb19938f174740ab1b60861abe5ce9613dfbf055322e13",
  ],
  [
    "{'k': [1, {'n': None}]}",
    { k: [1, { n: null }] },
    undefined,
    "{'k': [1, {'n': None}]}",
    "9d95577bb4ec9b8055224f8ff4c84eb3a9ca83e3197ca476531a671f51310236",
  ],
];

Deno.test("pyStr() matches the spec's str() → sha3 golden table", async (t) => {
  for (const [label, value, schema, text, hash] of GOLDEN) {
    await t.step(label, () => {
      assert.equal(pyStr(value, schema), text);
      assert.equal(sha3Hex(pyStr(value, schema)), hash);
    });
  }
});

Deno.test("pyFloatRepr() follows Python's repr rules", () => {
  const cases: [number, string][] = [
    [0, "0.0"],
    [-0, "-0.0"],
    [1, "1.0"],
    [0.1, "0.1"],
    [1 / 3, "0.3333333333333333"],
    [1.5e300, "1.5e+300"],
    [1e16, "1e+16"],
    [9999999999999998, "9999999999999998.0"],
    [1e-4, "0.0001"],
    [1.5e-5, "1.5e-05"],
    [123456789012.5, "123456789012.5"],
    [-2.5, "-2.5"],
    [5e-324, "5e-324"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [1e22, "1e+22"],
    [Infinity, "inf"],
    [-Infinity, "-inf"],
    [NaN, "nan"],
  ];
  for (const [x, want] of cases) assert.equal(pyFloatRepr(x), want, String(x));
});

Deno.test("pyStrRepr() escapes like Python's repr(str)", () => {
  assert.equal(pyStrRepr(""), "''");
  assert.equal(pyStrRepr("a\\b"), "'a\\\\b'");
  assert.equal(pyStrRepr("\r"), "'\\r'");
  assert.equal(pyStrRepr("\u0085"), "'\\x85'"); // C1 control
  assert.equal(pyStrRepr("\u00a0"), "'\\xa0'"); // NO-BREAK SPACE is Zs: not printable
  assert.equal(pyStrRepr("\u200b"), "'\\u200b'"); // Cf
  assert.equal(pyStrRepr("\u2028"), "'\\u2028'"); // Zl
  assert.equal(pyStrRepr("😀"), "'😀'");
  assert.equal(pyStrRepr("\u{e0001}"), "'\\U000e0001'"); // Cf, astral
  assert.equal(pyStrRepr("\ud800"), "'\\ud800'"); // lone surrogate
  assert.equal(pyStrRepr(`'"`), `'\\'"'`);
});

Deno.test("pyRepr() renders by declared type: ints, bigints, tuples, dicts, models", () => {
  assert.equal(pyRepr(1712345678901234567n), "1712345678901234567");
  assert.equal(pyRepr([1, 2], z.tuple([z.int(), z.number()])), "(1, 2.0)");
  assert.equal(pyRepr([7], z.tuple([z.int()])), "(7,)");
  assert.equal(pyRepr([], z.tuple([])), "()");
  assert.equal(pyRepr({ "1": "a" }, z.record(z.string(), z.string())), "{'1': 'a'}");
  assert.equal(pyRepr(new Map([[1, 2.5]]), z.map(z.int(), z.number())), "{1: 2.5}");
  assert.equal(pyRepr({ b: 1, a: 2 }, z.object({ a: z.number(), b: z.int() })), "{'a': 2.0, 'b': 1}");
  assert.equal(pyRepr(3, z.union([z.int(), z.string()])), "3");
  assert.equal(pyRepr(3, z.number().nullable().default(null)), "3.0");
  assert.equal(pyRepr(null, z.number().nullable()), "None");
  assert.equal(pyStr(1e21, z.int()), "1000000000000000000000");
  assert.throws(() => pyStr(1.5, z.int()), { code: "protocol/invalid-field" });
});

Deno.test("pyFloatRepr() round-trips every double and keeps Python's shape", () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const text = pyFloatRepr(x);
      assert.ok(Object.is(Number(text), x), text);
      const abs = Math.abs(x);
      if (abs !== 0 && (abs < 1e-4 || abs >= 1e16)) assert.match(text, /^-?\d(\.\d+)?e[+-]\d{2,3}$/);
      else assert.match(text, /^-?\d+\.\d+$/);
    }),
    { numRuns: 2000 },
  );
});
