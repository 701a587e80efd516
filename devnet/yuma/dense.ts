/**
 * The dense reference epoch (`epoch_dense_mechanism`, used by subtensor's own tests) for
 * cross-checking the sparse one. Same formulas over full n×n matrices; it differs from the chain's
 * sparse epoch where subtensor's dense code does (spec `chain.md` §9, "Dense variant"): no owner
 * exemptions, the whole diagonal masked, Yuma3 EMA over every cell, bond rows written densely.
 *
 * @module
 */
import { epochOutput, isTopkNonzero, lastTempo, maskVector, resolve, type Resolved } from "./_common.ts";
import { weightedMedian } from "./_sparse.ts";
import {
  alphaSigmoid,
  div,
  fromU16Proportion,
  intRatio,
  mul,
  normalizeInPlace,
  normalizeStake64,
  ONE,
  toU16Proportion,
} from "./fixed.ts";
import type { EpochInput, EpochOutput } from "./types.ts";

type Dense = number[][];

/**
 * Runs one epoch with dense matrices, as subtensor's `epoch_dense` does.
 *
 * @param input the subnet's stored state and the RAO to distribute
 * @returns the stored outputs; bond rows of uids without either permit are returned as given
 * @example
 * ```ts
 * import { runEpochDense } from "./dense.ts";
 * const out = runEpochDense({
 *   n: 2, block: 10, stake: [1n, 0n], blockAtRegistration: [0, 0], lastUpdate: [5, 5],
 *   validatorPermit: [true, false], weights: [[[1, 65535]]], bonds: [], emission: 100n,
 * });
 * console.assert(out.incentive[1] === 65535);
 * ```
 */
export function runEpochDense(input: EpochInput): EpochOutput {
  const h = resolve(input);
  const n = input.n;
  const inactive = input.lastUpdate.map((u) => u + h.activityCutoff < input.block);
  const reg = Array.from({ length: n }, (_, i) => input.blockAtRegistration[i] ?? 0);
  const since = lastTempo(input, h.tempo);
  const recent = reg.map((r) => since <= r);
  const totalStake = Array.from({ length: n }, (_, i) => input.stake[i] ?? 0n);
  const stake = normalizeStake64(totalStake.map((s) => (s < h.stakeThreshold ? 0n : s)));
  const permits = input.validatorPermit.slice();
  const forbids = permits.map((p) => !p);
  const newPermits = isTopkNonzero(stake, h.maxAllowedValidators);
  const activeStake = stake.slice();
  maskVector(inactive, activeStake);
  maskVector(forbids, activeStake);
  normalizeInPlace(activeStake);

  // Weights: raw u16, masked (rows, whole diagonal, outdated), then row-normalized.
  const w: Dense = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  input.weights.forEach((row, i) => {
    if (i < n) { for (const [j, v] of row) if (j < n) w[i][j] = v; }
  });
  for (let i = 0; i < n; i++) {
    if (forbids[i] ?? true) w[i].fill(0);
    w[i][i] = 0;
    for (let j = 0; j < n; j++) {
      const lu = input.lastUpdate;
      const outdated = lu.length === 0 ? false : i < lu.length ? lu[i] <= reg[j] : true;
      if (outdated) w[i][j] = 0;
    }
    const s = w[i].reduce((a, b) => a + b, 0);
    for (let j = 0; j < n; j++) w[i][j] = s > 0 ? intRatio(w[i][j], s) : 0;
  }

  const consensus = medianCols(activeStake, w, h.kappaFixed, n);
  const clipped = w.map((r) => r.map((v, j) => Math.min(consensus[j], v)));
  const validatorTrust = clipped.map((r) => r.reduce((a, b) => a + b, 0));
  const incentive = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) incentive[j] += mul(activeStake[i], clipped[i][j]);
  normalizeInPlace(incentive);
  const wb = h.penaltyFixed === 0
    ? w
    : h.penaltyFixed === ONE
    ? clipped
    : w.map((r, i) => r.map((v, j) => v + mul(h.penaltyFixed, clipped[i][j] - v)));

  const { dividends, ema } = h.yuma3
    ? yuma3Dense(input, h, wb, consensus, incentive, activeStake, recent)
    : originalDense(input, h, wb, incentive, activeStake, recent);

  const terms = { n, inactive, totalStake, stake, activeStake, consensus, incentive, dividends, validatorTrust };
  return epochOutput(
    { ...terms, newPermits, emission: input.emission },
    Array.from({ length: n }, (_, i): Array<[number, number]> => {
      if (newPermits[i]) return ema[i].map((v, j): [number, number] => [j, toU16Proportion(v)]);
      if (permits[i]) return [];
      return (input.bonds[i] ?? []).map(([j, b]): [number, number] => [j, b]);
    }),
  );
}

/** `weighted_median_col`: per column, over rows with positive active stake. */
function medianCols(stake: readonly number[], w: Dense, kappa: number, n: number): number[] {
  const out = new Array<number>(n).fill(0);
  for (let c = 0; c < n; c++) {
    const useStake: number[] = [];
    const useScore: number[] = [];
    for (let r = 0; r < stake.length; r++) {
      if (stake[r] > 0) {
        useStake.push(stake[r]);
        useScore.push(w[r]?.[c] ?? 0);
      }
    }
    if (useStake.length === 0) continue;
    normalizeInPlace(useStake);
    const sum = useStake.reduce((a, b) => a + b, 0);
    const idx = useStake.map((_, k) => k);
    out[c] = weightedMedian(useStake, useScore, idx, sum - kappa, 0, sum);
  }
  return out;
}

/** Dense bonds in [n][n]; `proportion` loads u16/65535 (Yuma3), else raw u16 counts (legacy). */
function loadDenseBonds(input: EpochInput, n: number, recent: readonly boolean[]): Dense {
  const b: Dense = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  input.bonds.forEach((row, i) => {
    if (i < n) { for (const [j, v] of row) if (j < n && !recent[j]) b[i][j] = v; }
  });
  return b;
}

function colNormalize(m: Dense, n: number): void {
  const sums = new Array<number>(n).fill(0);
  for (const r of m) for (let j = 0; j < n; j++) sums[j] += r[j];
  for (const r of m) for (let j = 0; j < n; j++) if (sums[j] !== 0) r[j] = div(r[j], sums[j]);
}

function yuma3Dense(
  input: EpochInput,
  h: Resolved,
  wb: Dense,
  consensus: readonly number[],
  incentive: readonly number[],
  activeStake: readonly number[],
  recent: readonly boolean[],
): { dividends: number[]; ema: Dense } {
  const n = input.n;
  const bonds = loadDenseBonds(input, n, recent).map((r) => r.map(fromU16Proportion));
  const liquid = h.liquidAlpha && consensus.some((c) => c !== 0);
  const ema = wb.map((wr, i) =>
    wr.map((wv, j) => {
      const old = bonds[i][j];
      const a = liquid
        ? alphaSigmoid(consensus[j], wv, old, h.alphaLowFixed, h.alphaHighFixed, h.steepnessFixed)
        : h.emaAlpha;
      if (liquid) return Math.min(mul(ONE - a, old) + Math.max(mul(a, wv), 0), ONE);
      return mul(a, wv) + mul(ONE - a, old);
    })
  );
  const norm = ema.map((r) => r.slice());
  colNormalize(norm, n);
  const dividends = norm.map((r, i) => mul(r.reduce((acc, v, j) => acc + mul(v, incentive[j]), 0), activeStake[i]));
  normalizeInPlace(dividends);
  return { dividends, ema };
}

function originalDense(
  input: EpochInput,
  h: Resolved,
  wb: Dense,
  incentive: readonly number[],
  activeStake: readonly number[],
  recent: readonly boolean[],
): { dividends: number[]; ema: Dense } {
  const n = input.n;
  const raw = loadDenseBonds(input, n, recent);
  const sums = new Array<number>(n).fill(0);
  for (const r of raw) for (let j = 0; j < n; j++) sums[j] += r[j];
  const bonds = raw.map((r) => r.map((b, j) => (sums[j] !== 0 ? intRatio(b, sums[j]) : 0)));
  const delta = wb.map((r, i) => r.map((v) => mul(activeStake[i], v)));
  colNormalize(delta, n);
  const ema = delta.map((r, i) => r.map((d, j) => mul(h.emaAlpha, d) + mul(ONE - h.emaAlpha, bonds[i][j])));
  colNormalize(ema, n);
  const dividends = ema.map((r) => r.reduce((acc, v, j) => acc + mul(v, incentive[j]), 0));
  normalizeInPlace(dividends);
  // Column max-upscale for storage.
  for (let j = 0; j < n; j++) {
    let max = 0;
    for (let i = 0; i < n; i++) if (ema[i][j] > max) max = ema[i][j];
    if (max !== 0) { for (let i = 0; i < n; i++) ema[i][j] = div(ema[i][j], max); }
  }
  return { dividends, ema };
}
