/**
 * Exact emulation of the substrate-fixed v0.6.0 arithmetic subtensor's epoch uses (spec `chain.md` §7).
 *
 * An `I32F32` is held as its raw `i64` bits in a JS `number` (value × 2^32). Every helper returns the
 * bits the Rust code produces: products floor (arithmetic shift), quotients truncate toward zero,
 * `safe_div` gives 0 for a zero divisor. Fast paths stay inside 2^53 where doubles are exact; the
 * rest falls back to `bigint`. Epoch values are proportions, so raw bits stay far below 2^53.
 *
 * @module
 */

/** `I32F32` 1.0 as raw bits (2^32). */
export const ONE = 4294967296;
const TWO16 = 65536;
const SAFE = 9007199254740992; // 2^53
const U16_MAX = 65535;
const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -(1n << 63n);

function toSafeNumber(x: bigint): number {
  if (x > I64_MAX) x = I64_MAX;
  if (x < I64_MIN) x = I64_MIN;
  const r = Number(x);
  if (!Number.isSafeInteger(r)) {
    throw new RangeError(`Cannot hold an I32F32 result as an exact number: raw bits ${x} exceed 2^53`);
  }
  return r;
}

/** floor(x / y) for integers 0 ≤ x < 2^53, y > 0, exact. */
function floorDiv(x: number, y: number): number {
  let q = Math.floor(x / y);
  let r = x - q * y;
  while (r < 0) {
    q--;
    r += y;
  }
  while (r >= y) {
    q++;
    r -= y;
  }
  return q;
}

/**
 * `(x·2^32) / (sum·2^32)` for integers `0 ≤ x`, `sum > 0` (raw u16 values over their raw sum), as I32F32 bits:
 * `floor(x·2^32 / sum)`.
 *
 * @example
 * ```ts
 * import { intRatio, ONE } from "./fixed.ts";
 * console.assert(intRatio(1, 4) === ONE / 4);
 * ```
 */
export function intRatio(x: number, sum: number): number {
  if (x < 2097152) return floorDiv(x * ONE, sum);
  return toSafeNumber((BigInt(x) << 32n) / BigInt(sum));
}

/**
 * `I32F32::saturating_mul`: `(a·b) >> 32`, flooring.
 *
 * @example
 * ```ts
 * import { mul, ONE } from "./fixed.ts";
 * console.assert(mul(ONE / 2, ONE / 2) === ONE / 4);
 * ```
 */
export function mul(a: number, b: number): number {
  const p = a * b;
  if (p < SAFE && p > -SAFE) return Math.floor(p / ONE);
  if (a >= 0 && b >= 0) {
    if (a > b) return mulLimbs(b, a);
    return mulLimbs(a, b);
  }
  return toSafeNumber((BigInt(a) * BigInt(b)) >> 32n);
}

/** floor(a·b / 2^32) for integers 0 ≤ a ≤ b < 2^53, exact in doubles when a < 2^36 (else bigint). */
function mulLimbs(a: number, b: number): number {
  if (a >= 68719476736) return toSafeNumber((BigInt(a) * BigInt(b)) >> 32n);
  const b2 = Math.floor(b / ONE);
  const rest = b - b2 * ONE;
  const b1 = Math.floor(rest / TWO16);
  const b0 = rest - b1 * TWO16;
  // floor((a·b1·2^16 + a·b0) / 2^32) = floor((a·b1 + floor(a·b0 / 2^16)) / 2^16), every term below 2^53.
  const low = Math.floor((a * b1 + Math.floor((a * b0) / TWO16)) / TWO16);
  const r = a * b2 + low;
  if (!Number.isSafeInteger(r)) return toSafeNumber((BigInt(a) * BigInt(b)) >> 32n);
  return r;
}

/**
 * `I32F32::safe_div`: `(a << 32) / b` truncated toward zero, and 0 when `b` is 0.
 *
 * @example
 * ```ts
 * import { div, ONE } from "./fixed.ts";
 * console.assert(div(ONE, 3 * ONE) === 1431655765);
 * ```
 */
export function div(a: number, b: number): number {
  if (b === 0) return 0;
  const neg = (a < 0) !== (b < 0);
  const A = a < 0 ? -a : a;
  const B = b < 0 ? -b : b;
  let q: number;
  if (A < 1048576) {
    q = floorDiv(A * ONE, B);
  } else if (B < 68719476736 && A < 4503599627370496) {
    const q1 = floorDiv(A, B);
    if (q1 >= 1048576) return toSafeNumber((BigInt(a) << 32n) / BigInt(b));
    let r = A - q1 * B;
    const q2 = floorDiv(r * TWO16, B);
    r = r * TWO16 - q2 * B;
    const q3 = floorDiv(r * TWO16, B);
    q = q1 * ONE + q2 * TWO16 + q3;
  } else {
    return toSafeNumber((BigInt(a) << 32n) / BigInt(b));
  }
  return neg ? -q : q;
}

/**
 * `u16_proportion_to_fixed` (also `fixed_to_fixed_u16_proportion(from_num(x))`): `x / 65535` as I32F32 bits.
 *
 * @example
 * ```ts
 * import { fromU16Proportion, ONE } from "./fixed.ts";
 * console.assert(fromU16Proportion(65535) === ONE);
 * ```
 */
export function fromU16Proportion(x: number): number {
  return floorDiv(x * ONE, U16_MAX);
}

/**
 * `fixed_proportion_to_u16`: `saturating_to_num::<u16>(x · 65535)`, so 0.25 → 16383.
 *
 * @example
 * ```ts
 * import { toU16Proportion, ONE } from "./fixed.ts";
 * console.assert(toU16Proportion(ONE / 4) === 16383);
 * ```
 */
export function toU16Proportion(x: number): number {
  // mul(x, 65535.0) is exactly x·65535 in raw bits; to_num::<u16> floors it.
  const v = x < 137438953472 && x > -137438953472
    ? Math.floor((x * U16_MAX) / ONE)
    : Math.floor(mul(x, U16_MAX * ONE) / ONE);
  return v < 0 ? 0 : v > U16_MAX ? U16_MAX : v;
}

/**
 * `inplace_normalize`: divides each entry by the sum unless the sum is 0.
 *
 * @example
 * ```ts
 * import { normalizeInPlace, ONE } from "./fixed.ts";
 * const x = [ONE, ONE];
 * normalizeInPlace(x);
 * console.assert(x[0] === ONE / 2);
 * ```
 */
export function normalizeInPlace(x: number[]): void {
  let s = 0;
  for (const v of x) s += v;
  if (s === 0) return;
  for (let i = 0; i < x.length; i++) x[i] = div(x[i], s);
}

/**
 * Normalized stake: `inplace_normalize_64` over `I64F64` integers, then `I64F64 → I32F32` (truncating).
 * Equals `floor(s_i · 2^32 / Σ s)`; with a zero sum every entry is 0.
 *
 * @example
 * ```ts
 * import { normalizeStake64, ONE } from "./fixed.ts";
 * console.assert(normalizeStake64([1n, 3n])[1] === ONE * 3 / 4);
 * ```
 */
export function normalizeStake64(stake: readonly bigint[]): number[] {
  let sum = 0n;
  for (const s of stake) sum += s;
  if (sum === 0n) return stake.map(() => 0);
  return stake.map((s) => Number(((s << 64n) / sum) >> 32n));
}

/**
 * `I96F32::from(x) · I96F32::from(rao)` floored to `u64` RAO: `floor(x_bits · rao / 2^32)`, 0 if negative.
 *
 * @example
 * ```ts
 * import { proportionOfRao, ONE } from "./fixed.ts";
 * console.assert(proportionOfRao(ONE / 2, 1000n) === 500n);
 * ```
 */
export function proportionOfRao(x: number, rao: bigint): bigint {
  const v = (BigInt(x) * rao) >> 32n;
  const U64_MAX = (1n << 64n) - 1n;
  return v < 0n ? 0n : v > U64_MAX ? U64_MAX : v;
}

/**
 * The fixed EMA alpha `1 − BondsMovingAverage/1e6` as I32F32 bits (division in I64F64, then truncated).
 *
 * @example
 * ```ts
 * import { bondsEmaAlpha } from "./fixed.ts";
 * console.assert(bondsEmaAlpha(900_000) === 429496730);
 * ```
 */
export function bondsEmaAlpha(bondsMovingAverage: number): number {
  const q64 = (BigInt(bondsMovingAverage) << 64n) / 1_000_000n;
  return toSafeNumber((1n << 32n) - (q64 >> 32n));
}

const E_BITS_I9F23 = 22802601n; // substrate-fixed consts::E >> 103 (I9F23), used when exp's input is exactly 1

/**
 * substrate-fixed `transcendental::exp` for I32F32 (Taylor series to i = 31, then 1/x for negative input),
 * wrapped as subtensor's `exp_safe` (input clamped to ±20), over raw bits. Returns `bigint` bits, since
 * e^20 exceeds what a double holds exactly.
 *
 * @example
 * ```ts
 * import { expSafe, ONE } from "./fixed.ts";
 * console.assert(expSafe(0) === BigInt(ONE));
 * ```
 */
export function expSafe(x: number): bigint {
  const lim = 20 * ONE;
  if (x < -lim) x = -lim;
  else if (x > lim) x = lim;
  if (x === 0) return BigInt(ONE);
  if (x === ONE) return E_BITS_I9F23 << 9n;
  const neg = x < 0;
  if (x <= 8 * ONE && x >= -8 * ONE) return BigInt(expSmall(neg ? -x : x, neg));
  const op = BigInt(neg ? -x : x);
  const one = 1n << 32n;
  let result = op + one;
  let term = op;
  for (let i = 2n; i < 32n; i++) {
    term = (term * op) >> 32n;
    term = (term << 32n) / (i << 32n);
    result += term;
  }
  if (neg) result = (one << 32n) / result;
  return result;
}

/** The same series for 0 < op ≤ 8 (raw), where every term and partial sum stays below 2^53. */
function expSmall(op: number, neg: boolean): number {
  let result = op + ONE;
  let term = op;
  for (let i = 2; i < 32; i++) {
    term = mul(term, op);
    term = floorDiv(term, i); // (term << 32) / (i << 32), truncating a non-negative quotient
    result += term;
  }
  return neg ? div(ONE, result) : result;
}

/**
 * subtensor's `alpha_sigmoid`: the liquid-alpha EMA coefficient of one bond cell.
 *
 * @example
 * ```ts
 * import { alphaSigmoid, fromU16Proportion, ONE } from "./fixed.ts";
 * const a = alphaSigmoid(ONE / 2, ONE / 2, 0, fromU16Proportion(6553), fromU16Proportion(19660), 1000 * ONE);
 * console.assert(a >= fromU16Proportion(6553));
 * ```
 */
export function alphaSigmoid(
  consensus: number,
  weight: number,
  bond: number,
  alphaLow: number,
  alphaHigh: number,
  steepness: number,
): number {
  return alphaFromDiff(sigmoidDiff(consensus, weight, bond), alphaLow, alphaHigh, steepness);
}

/**
 * The disagreement `alpha_sigmoid` feeds its sigmoid: `clamp(W − C)` when buying (`W ≥ B`), else `clamp(B − W)`.
 *
 * @example
 * ```ts
 * import { sigmoidDiff, ONE } from "./fixed.ts";
 * console.assert(sigmoidDiff(ONE / 4, ONE, 0) === (3 * ONE) / 4);
 * ```
 */
export function sigmoidDiff(consensus: number, weight: number, bond: number): number {
  const d = weight >= bond ? weight - consensus : bond - weight;
  return d < 0 ? 0 : d > ONE ? ONE : d;
}

/**
 * The second half of `alpha_sigmoid`: `α_low + σ·(α_high − α_low)`, `σ = 1/(1 + exp_safe(−steepness/100 · (d − ½)))`.
 *
 * @example
 * ```ts
 * import { alphaFromDiff, ONE } from "./fixed.ts";
 * console.assert(alphaFromDiff(ONE / 2, ONE / 10, ONE / 2, 1000 * ONE) === ONE / 10 + (ONE / 2 - ONE / 10) / 2);
 * ```
 */
export function alphaFromDiff(diff: number, alphaLow: number, alphaHigh: number, steepness: number): number {
  const e = expSafe(mul(div(steepness, -100 * ONE), diff - ONE / 2));
  const denominator = BigInt(ONE) + e;
  const sigmoid = denominator < 4503599627370496n ? div(ONE, Number(denominator)) : Number((1n << 64n) / denominator);
  const alpha = alphaLow + mul(sigmoid, alphaHigh - alphaLow);
  return Math.max(Math.min(alpha, alphaHigh), alphaLow);
}
