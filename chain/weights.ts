/**
 * Weight utilities with Python's semantics (`bittensor/utils/weight_utils.py` v10.2.0,
 * spec/chain.md §6): `normalizeMaxWeight`, `processWeightsForNetuid` (exclude quantile with
 * numpy's linear interpolation, min allowed weights, max weight limit),
 * `convertWeightsAndUidsForEmit` (Python `round`, half to even), and the commit–reveal v2 hash.
 *
 * Python casts weights to float32 before processing; these functions take the inputs through
 * `Math.fround` at the same point and then compute in float64, so results agree with Python's
 * to float32 precision (and exactly after the u16 conversion except at exact rounding ties).
 *
 * @module
 */
import { blake2AsU8a } from "@polkadot/util-crypto";
import { compactToU8a, u8aConcat } from "@polkadot/util";

/** `u16::MAX`, the scale of on-chain weights and proportions. */
export const U16_MAX = 65535;

/**
 * Python's `round()`: to the nearest integer, ties to even.
 *
 * @example
 * ```ts
 * import { roundHalfEven } from "./weights.ts";
 * console.assert(roundHalfEven(2.5) === 2 && roundHalfEven(3.5) === 4 && roundHalfEven(-0.5) === 0);
 * ```
 */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function lerp(a: number, b: number, t: number): number {
  // numpy's _lerp: a + t(b − a), computed from the far end when t ≥ 0.5.
  const diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * `np.quantile(values, q)` with numpy's default `linear` method.
 *
 * @throws {RangeError} when `values` is empty or `q` is outside [0, 1]
 * @example
 * ```ts
 * import { quantile } from "./weights.ts";
 * console.assert(quantile([1, 2, 3, 4], 0.5) === 2.5);
 * ```
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError("Cannot take a quantile of no values");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Cannot take quantile ${q}: it must be in [0, 1]`);
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return lerp(sorted[lo], sorted[hi], pos - lo);
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/**
 * Python's `normalize_max_weight(x, limit)`: normalizes `x` to sum 1 with no entry above
 * `limit`, clipping the largest entries to a common cutoff.
 *
 * @example
 * ```ts
 * import { normalizeMaxWeight } from "./weights.ts";
 * console.assert(normalizeMaxWeight([0, 0], 0.5).every((v) => v === 0.5));
 * ```
 */
export function normalizeMaxWeight(x: readonly number[], limit = 0.1): number[] {
  const eps = 1e-7;
  const n = x.length;
  const total = sum(x);
  if (total === 0 || n * limit <= 1) return x.map(() => 1 / n);
  const values = [...x].sort((a, b) => a - b);
  const vsum = sum(values);
  const est = values.map((v) => v / vsum);
  if (Math.max(...est) <= limit) return x.map((v) => v / total);
  const cumsum: number[] = [];
  let acc = 0;
  for (const e of est) cumsum.push(acc += e);
  const estSum = est.map((e, i) => (n - i - 1) * e);
  let nValues = 0;
  for (let i = 0; i < n; i++) if (est[i] / (estSum[i] + cumsum[i] + eps) < limit) nValues++;
  const cutoffScale = (limit * cumsum[nValues - 1] - eps) / (1 - limit * (n - nValues));
  const cutoff = cutoffScale * vsum;
  const clipped = x.map((v) => (v > cutoff ? cutoff : v));
  const csum = sum(clipped);
  return clipped.map((v) => v / csum);
}

/** Subnet parameters `processWeightsForNetuid` needs. */
export interface WeightLimits {
  /** Number of neurons on the subnet (`metagraph.n`). */
  n: number;
  /** `MinAllowedWeights`. */
  minAllowedWeights: number;
  /** `MaxWeightsLimit` as stored (u16; divided by 65535 here). */
  maxWeightsLimit: number;
  /** Exclude quantile as a u16 (Python's `exclude_quantile`, default 0). */
  excludeQuantile?: number;
}

/**
 * Python's `process_weights_for_netuid` / `process_weights`: keeps non-zero weights, pads when too
 * few, excludes the lowest quantile, and normalizes to the max weight limit.
 *
 * @returns `[uids, weights]` as float weights summing to 1
 * @throws {RangeError} when `uids` and `weights` differ in length
 * @example
 * ```ts
 * import { processWeightsForNetuid } from "./weights.ts";
 * const [uids, w] = processWeightsForNetuid([0, 1], [0, 0], { n: 2, minAllowedWeights: 1, maxWeightsLimit: 65535 });
 * console.assert(uids.length === 2 && w[0] === 0.5);
 * ```
 */
export function processWeightsForNetuid(
  uids: readonly number[],
  weights: readonly number[],
  limits: WeightLimits,
): [number[], number[]] {
  if (uids.length !== weights.length) {
    throw new RangeError(
      `Cannot process weights as uids and weights differ in length: ${uids.length} vs ${weights.length}`,
    );
  }
  const { n, minAllowedWeights } = limits;
  const maxWeightLimit = limits.maxWeightsLimit / U16_MAX;
  const w32 = weights.map((v) => Math.fround(v));
  const nzIdx: number[] = [];
  for (let i = 0; i < w32.length; i++) if (w32[i] > 0) nzIdx.push(i);
  const nzUids = nzIdx.map((i) => uids[i]);
  const nzw = nzIdx.map((i) => w32[i]);
  const arange = Array.from({ length: n }, (_, i) => i);
  if (nzw.length === 0 || n < minAllowedWeights) return [arange, arange.map(() => 1 / n)];
  if (nzw.length < minAllowedWeights) {
    const padded = arange.map(() => 1e-5);
    // Python adds by position in the input (`weights[non_zero_weight_idx] += ...`), not by uid.
    nzIdx.forEach((idx, k) => padded[idx] += nzw[k]);
    return [arange, normalizeMaxWeight(padded, maxWeightLimit)];
  }
  const maxExclude = Math.max(0, nzw.length - minAllowedWeights) / nzw.length;
  const q = Math.min((limits.excludeQuantile ?? 0) / U16_MAX, maxExclude);
  const lowest = quantile(nzw, q);
  const keptUids: number[] = [];
  const kept: number[] = [];
  nzw.forEach((v, k) => {
    if (lowest <= v) {
      keptUids.push(nzUids[k]);
      kept.push(v);
    }
  });
  return [keptUids, normalizeMaxWeight(kept, maxWeightLimit)];
}

/**
 * Python's `convert_weights_and_uids_for_emit`: scales weights so the largest is 65535, rounds
 * half to even, and drops entries that round to 0 (with their uids).
 *
 * @throws {RangeError} on negative values or a length mismatch
 * @example
 * ```ts
 * import { convertWeightsAndUidsForEmit } from "./weights.ts";
 * const [uids, vals] = convertWeightsAndUidsForEmit([0, 1, 2], [1, 0.5, 0]);
 * console.assert(uids.length === 2 && vals[0] === 65535 && vals[1] === 32768);
 * ```
 */
export function convertWeightsAndUidsForEmit(
  uids: readonly number[],
  weights: readonly number[],
): [number[], number[]] {
  if (weights.some((w) => w < 0)) throw new RangeError(`Cannot emit negative weights: ${Math.min(...weights)}`);
  if (uids.some((u) => u < 0)) throw new RangeError(`Cannot emit negative uids: ${Math.min(...uids)}`);
  if (uids.length !== weights.length) {
    throw new RangeError(
      `Cannot emit weights as uids and weights differ in length: ${uids.length} vs ${weights.length}`,
    );
  }
  if (sum(weights) === 0) return [[], []];
  const max = Math.max(...weights);
  const outUids: number[] = [];
  const outVals: number[] = [];
  weights.forEach((w, i) => {
    const v = roundHalfEven((w / max) * U16_MAX);
    if (v !== 0) {
      outUids.push(uids[i]);
      outVals.push(v);
    }
  });
  return [outUids, outVals];
}

function u16Vec(values: readonly number[]): Uint8Array {
  const body = new Uint8Array(values.length * 2);
  values.forEach((v, i) => {
    if (!Number.isInteger(v) || v < 0 || v > U16_MAX) throw new RangeError(`Cannot encode ${v} as u16`);
    body[2 * i] = v & 255;
    body[2 * i + 1] = v >> 8;
  });
  return u8aConcat(compactToU8a(values.length), body);
}

/** What a commit–reveal v2 hash commits to. */
export interface WeightCommit {
  /** The hotkey's 32-byte public key. */
  hotkey: Uint8Array;
  /** Netuid (the storage index; equal to the netuid for mechanism 0). */
  netuid: number;
  /** Uids as u16. */
  uids: readonly number[];
  /** Weight values as u16. */
  values: readonly number[];
  /** Salt as u16 values. */
  salt: readonly number[];
  /** Version key (u64). */
  versionKey: bigint | number;
}

/**
 * The commit–reveal v2 hash: `BlakeTwo256(SCALE(hotkey, netuid u16, uids Vec<u16>, values Vec<u16>,
 * salt Vec<u16>, version_key u64))` (spec/chain.md §4.2, Python `generate_weight_hash`).
 *
 * @example
 * ```ts
 * import { weightCommitHash } from "./weights.ts";
 * const h = weightCommitHash({ hotkey: new Uint8Array(32), netuid: 1, uids: [0], values: [65535], salt: [1], versionKey: 0 });
 * console.assert(h.length === 32);
 * ```
 */
export function weightCommitHash(commit: WeightCommit): Uint8Array {
  if (commit.hotkey.length !== 32) {
    throw new RangeError(`Cannot hash a commit: hotkey has ${commit.hotkey.length} bytes`);
  }
  const netuid = new Uint8Array([commit.netuid & 255, commit.netuid >> 8]);
  const vk = new Uint8Array(8);
  new DataView(vk.buffer).setBigUint64(0, BigInt(commit.versionKey), true);
  const bytes = u8aConcat(commit.hotkey, netuid, u16Vec(commit.uids), u16Vec(commit.values), u16Vec(commit.salt), vk);
  return blake2AsU8a(bytes, 256);
}
