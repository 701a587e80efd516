import assert from "node:assert/strict";
import fc from "fast-check";
import { parseJson } from "./json.ts";
import { JsonLimitError } from "./json_limits.ts";
import { orderedKeys } from "./_key_order.ts";

const INTEGER = /^-?\d+$/;
const reference = (text: string): unknown =>
  JSON.parse(
    text,
    (_k, v, context?: { source?: string }) =>
      typeof v === "number" && !Number.isSafeInteger(v) && context?.source && INTEGER.test(context.source)
        ? BigInt(context.source)
        : v,
  );

/** The source key order of every object in `text`, read with a second, independent parser. */
function keyOrders(value: unknown, out: string[][] = []): string[][] {
  if (value === null || typeof value !== "object") return out;
  if (Array.isArray(value)) {
    for (const v of value) keyOrders(v, out);
    return out;
  }
  const record = value as Record<string, unknown>;
  const keys = orderedKeys(record);
  out.push(keys);
  for (const k of keys) keyOrders(record[k], out);
  return out;
}

Deno.test("parseJson() equals JSON.parse on valid JSON, bigints and all", () => {
  fc.assert(
    fc.property(fc.json({ depthSize: "small" }), (text) => {
      assert.deepEqual(parseJson(text, "x", { limits: { depthMax: 1_000 } }), reference(text));
    }),
    { numRuns: 500 },
  );
  const big = '{"n": 1712345678901234567, "m": -18446744073709551616, "f": 1e400, "z": -0}';
  assert.deepEqual(parseJson(big), reference(big));
});

Deno.test("parseJson() keeps the source key order of every object (Python dict order)", () => {
  const key = fc.oneof(fc.nat({ max: 50 }).map(String), fc.string({ maxLength: 4 }));
  const doc = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small" }, fc.integer(), tie("object"), fc.array(tie("value"), { maxLength: 3 })),
    object: fc.uniqueArray(fc.tuple(key, tie("value")), { selector: ([k]) => k, maxLength: 5 }),
  }));
  const write = (v: unknown): string =>
    Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === "string")
      ? `{${(v as [string, unknown][]).map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`).join(",")}}`
      : Array.isArray(v)
      ? `[${v.map(write).join(",")}]`
      : JSON.stringify(v);
  const orders = (v: unknown, out: string[][] = []): string[][] => {
    if (Array.isArray(v) && v.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === "string")) {
      out.push((v as [string, unknown][]).map(([k]) => k));
      for (const [, x] of v as [string, unknown][]) orders(x, out);
    } else if (Array.isArray(v)) { for (const x of v) orders(x, out); }
    return out;
  };
  fc.assert(
    fc.property(doc.object, (entries) => {
      const text = write(entries);
      assert.deepEqual(keyOrders(parseJson(text)), orders(entries), text);
    }),
    { numRuns: 300 },
  );
});

Deno.test("parseJson() refuses what JSON.parse refuses", async (t) => {
  for (
    const text of ["", "{", '{"a" 1}', "[1,]", "01", "-", '"\u0001"', '"\\x"', "nul", "1 2", "{'a':1}", '{"a":1,}']
  ) {
    await t.step(JSON.stringify(text), () => {
      assert.throws(() => JSON.parse(text));
      assert.throws(() => parseJson(text), { code: "protocol/invalid-json" });
    });
  }
  fc.assert(
    fc.property(fc.string({ maxLength: 12 }), (text) => {
      let ok = true;
      try {
        JSON.parse(text);
      } catch {
        ok = false;
      }
      if (ok) parseJson(text);
      else assert.throws(() => parseJson(text), { code: "protocol/invalid-json" });
    }),
    { numRuns: 2_000 },
  );
});

Deno.test("parseJson() refuses a document past each limit with a JsonLimitError naming it", async (t) => {
  const cases: [string, string, Record<string, number>][] = [
    ["bytesMax", '{"a": "ééé"}', { bytesMax: 14 }],
    ["keysMax", '[{"a": 1}, {"b": 2}, {"c": 3}]', { keysMax: 2 }],
    ["depthMax", "[[[1]]]", { depthMax: 2 }],
    ["stringLengthMax", '{"a": "abcdef"}', { stringLengthMax: 5 }],
    ["stringLengthMax", '{"abcdef": 1}', { stringLengthMax: 5 }],
  ];
  for (const [limit, text, limits] of cases) {
    await t.step(`${limit}: ${text}`, () => {
      assert.throws(() => parseJson(text, "the body", { limits }), (error) => {
        assert.ok(error instanceof JsonLimitError);
        assert.equal(error.code, "protocol/json-limit");
        assert.equal(error.limit, limit);
        assert.match(error.message, new RegExp(`the body.*\\(${limit}\\)`));
        return true;
      });
      // one step larger fits
      const wider = Object.fromEntries(Object.entries(limits).map(([k, v]) => [k, v + 1]));
      parseJson(text, "the body", { limits: wider });
    });
  }
  assert.equal(parseJson('{"a": "ééé"}', "x", { limits: { bytesMax: 15 } }).a, "ééé");
  assert.throws(() => parseJson("1", "x", { limits: { keysMax: -1 } }), RangeError);
});

Deno.test("parseJson() cost grows linearly with keys (1e5 vs 1e6, a ratio, not a time)", () => {
  const soak = Deno.env.get("SOAK") === "1";
  const [small, large] = soak ? [100_000, 1_000_000] : [20_000, 200_000];
  const bomb = (n: number) => {
    const parts: string[] = [];
    for (let i = n; i > 0; i--) parts.push(`"${i}":${i}`);
    return `{"x":{${parts.join(",")}}}`;
  };
  const limits = { keysMax: 2_000_000, bytesMax: 64 * 1024 * 1024 };
  const cost = (text: string) => {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      parseJson(text, "bomb", { limits });
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const a = bomb(small), b = bomb(large);
  cost(a); // warm up the JIT
  const ratio = cost(b) / cost(a);
  // Linear: about 10; the old quadratic key scan was about 100. Loose, for a shared machine.
  assert.ok(ratio < 35, `10x the keys cost ${ratio.toFixed(1)}x the time`);
});
