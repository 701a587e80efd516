import assert from "node:assert/strict";
import fc from "fast-check";
import {
  alphaSigmoid,
  bondsEmaAlpha,
  div,
  expSafe,
  fromU16Proportion,
  intRatio,
  mul,
  normalizeStake64,
  ONE,
  proportionOfRao,
  toU16Proportion,
} from "./fixed.ts";

// BigInt references written straight from substrate-fixed v0.6.0 `arith.rs` (chain.md §7):
// mul = (a·b) >> 32 (arithmetic, floors); div = (a << 32) / b (Rust integer division truncates).
const refMul = (a: number, b: number) => Number((BigInt(a) * BigInt(b)) >> 32n);
const refDiv = (a: number, b: number) => (b === 0 ? 0 : Number((BigInt(a) << 32n) / BigInt(b)));
const raw = fc.integer({ min: -(2 ** 40), max: 2 ** 40 });
const proportion = fc.integer({ min: 0, max: 2 ** 33 });

Deno.test("mul() equals the I32F32 reference, flooring toward −∞", () => {
  fc.assert(fc.property(raw, raw, (a, b) => mul(a, b) === refMul(a, b)), { numRuns: 5000 });
  fc.assert(fc.property(proportion, proportion, (a, b) => mul(a, b) === refMul(a, b)), { numRuns: 5000 });
  assert.equal(mul(-1, 1), -1); // floor(−2^-32) is −1 raw, not 0
});

Deno.test("div() equals the I32F32 reference, truncating toward zero", () => {
  fc.assert(
    fc.property(raw, raw, (a, b) => {
      fc.pre(b !== 0 && Math.abs(a / b) < 2 ** 20); // results beyond 2^20 never occur in the epoch
      return Object.is(div(a, b) + 0, refDiv(a, b) + 0);
    }),
    { numRuns: 5000 },
  );
  fc.assert(
    fc.property(proportion, fc.integer({ min: 1, max: 2 ** 45 }), (a, b) => {
      fc.pre(a / b < 2 ** 20);
      return div(a, b) === refDiv(a, b);
    }),
    { numRuns: 5000 },
  );
  assert.equal(div(5, 0), 0); // safe_div
  assert.equal(div(-ONE, 3 * ONE), -1431655765);
});

Deno.test("intRatio() and fromU16Proportion() equal (x·2^64)/(s·2^32)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 1, max: 65535 * 4096 }), (x, s) => {
      return intRatio(x, s) === refDiv(x * ONE, s * ONE);
    }),
    { numRuns: 5000 },
  );
  for (const x of [0, 1, 16383, 32767, 65534, 65535]) assert.equal(fromU16Proportion(x), refDiv(x * ONE, 65535 * ONE));
});

Deno.test("toU16Proportion() floors x·65535 (chain.md §7: 0.25 → 16383)", () => {
  assert.equal(toU16Proportion(ONE / 4), 16383);
  assert.equal(toU16Proportion(ONE), 65535);
  assert.equal(toU16Proportion(-5), 0);
  assert.equal(toU16Proportion(2 * ONE), 65535);
  fc.assert(fc.property(fc.integer({ min: 0, max: 65535 }), (x) => toU16Proportion(fromU16Proportion(x)) <= x));
});

Deno.test("normalizeStake64() truncates I64F64 quotients to I32F32", () => {
  const s = normalizeStake64([1n, 2n, 3n, 4n]);
  assert.deepEqual(s, [429496729, 858993459, 1288490188, 1717986918]);
  assert.deepEqual(normalizeStake64([0n, 0n]), [0, 0]);
});

Deno.test("bondsEmaAlpha() is 1 − floor(bma·2^32/1e6) in raw bits", () => {
  assert.equal(bondsEmaAlpha(900_000), ONE - 3865470566);
  assert.equal(bondsEmaAlpha(975_000), ONE - 4187593113);
  assert.equal(bondsEmaAlpha(0), ONE);
});

Deno.test("proportionOfRao() floors x·E in I96F32", () => {
  assert.equal(proportionOfRao(Math.floor(ONE / 10), 1_000_000_000n), 99_999_999n); // GV1: 0.1 in I32F32
  assert.equal(proportionOfRao(ONE, (1n << 64n) - 1n), (1n << 64n) - 1n);
});

Deno.test("expSafe() follows substrate-fixed exp: exact at 0 and 1, close to e^x, clamped at ±20", () => {
  assert.equal(expSafe(0), BigInt(ONE));
  assert.equal(expSafe(ONE), 22802601n * 512n); // consts::E truncated to I9F23
  assert.equal(expSafe(30 * ONE), expSafe(20 * ONE));
  assert.equal(expSafe(-30 * ONE), expSafe(-20 * ONE));
  for (const x of [-5, -0.5, 0.25, 2, 5, 10]) {
    const got = Number(expSafe(Math.round(x * ONE))) / ONE;
    assert.ok(Math.abs(got - Math.exp(x)) <= Math.exp(x) * 1e-6 + 2 ** -31, `exp(${x}) = ${got}`);
  }
  // The series stops at x^31/31!, so for x = 20 it is the truncated sum (≈4.8124e8), not e^20 (≈4.8517e8).
  let taylor = 0, term = 1;
  for (let i = 0; i < 32; i++) {
    taylor += term;
    term *= 20 / (i + 1);
  }
  const e20 = Number(expSafe(20 * ONE)) / ONE;
  assert.ok(Math.abs(e20 - taylor) / taylor < 1e-6, `exp(20) = ${e20}`);
  const em20 = Number(expSafe(-20 * ONE)) / ONE;
  assert.ok(Math.abs(em20 - 1 / taylor) < 2 ** -31);
});

/** substrate-fixed `exp` over I32F32 in bigint, step by step (transcendental.rs), for |x| ≤ 20. */
function refExp(x: number): bigint {
  if (x === 0) return 1n << 32n;
  if (x === ONE) return 22802601n << 9n;
  const op = BigInt(Math.abs(x));
  let result = op + (1n << 32n);
  let term = op;
  for (let i = 2n; i < 32n; i++) {
    term = (term * op) >> 32n;
    term = (term << 32n) / (i << 32n);
    result += term;
  }
  return x < 0 ? (1n << 64n) / result : result;
}

Deno.test("expSafe() equals the bigint series bit for bit", () => {
  fc.assert(
    fc.property(fc.integer({ min: -20 * ONE, max: 20 * ONE }), (x) => expSafe(x) === refExp(x)),
    { numRuns: 3000 },
  );
  for (const x of [1, -1, 8 * ONE, -8 * ONE, 8 * ONE + 1, -(8 * ONE) - 1]) assert.equal(expSafe(x), refExp(x));
});

Deno.test("alphaSigmoid() stays in [alpha_low, alpha_high] and rises with the disagreement", () => {
  const lo = fromU16Proportion(6554);
  const hi = fromU16Proportion(19661);
  fc.assert(
    fc.property(proportion, proportion, proportion, fc.integer({ min: -32768, max: 32767 }), (c, w, b, s) => {
      const a = alphaSigmoid(c % (ONE + 1), w % (ONE + 1), b % (ONE + 1), lo, hi, s * ONE);
      return a >= lo && a <= hi;
    }),
    { numRuns: 300 },
  );
  const agree = alphaSigmoid(ONE, ONE, 0, lo, hi, 1000 * ONE); // buying what consensus holds: d = 0
  const off = alphaSigmoid(0, ONE, 0, lo, hi, 1000 * ONE); // buying what consensus rejects: d = 1
  assert.ok(agree < off);
  // d = 0 with steepness 1000: α = 0.1 + 0.2/(1 + e^5) ≈ 0.1013386
  assert.ok(Math.abs(agree / ONE - (6554 / 65535 + (13107 / 65535) / (1 + Math.exp(5)))) < 1e-6);
});
