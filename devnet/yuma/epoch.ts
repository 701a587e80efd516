/**
 * The sparse Yuma Consensus epoch exactly as subtensor runs it on chain (`epoch_mechanism`, spec
 * `chain.md` §9), in exact I32F32 arithmetic.
 *
 * @module
 */
import { epochOutput, isTopkNonzero, lastTempo, maskVector, resolve, type Resolved } from "./_common.ts";
import {
  colClip,
  colMaxUpscale,
  colNormalize,
  emaFixed,
  interpolate,
  matmul,
  matmulTranspose,
  type Row,
  RowBuilder,
  rowSum,
  type Sparse,
  weightedMedianCols,
} from "./_sparse.ts";
import {
  alphaFromDiff,
  div,
  fromU16Proportion,
  intRatio,
  mul,
  normalizeInPlace,
  normalizeStake64,
  ONE,
  sigmoidDiff,
  toU16Proportion,
} from "./fixed.ts";
import type { EpochInput, EpochOutput, SparseRowU16 } from "./types.ts";

/**
 * Runs one epoch of a subnet's main mechanism and returns what the chain stores afterwards. Pure and
 * deterministic: the same input gives bit-identical output, equal to subtensor's where its inputs are.
 *
 * @param input the subnet's stored state and the RAO to distribute
 * @returns the stored outputs (u16 proportions, RAO, permits, bond rows)
 * @throws {RangeError} when an input is out of its stored type's range
 * @example Two validators, one server
 * ```ts
 * import { runEpoch } from "./epoch.ts";
 * const out = runEpoch({
 *   n: 3, block: 10, stake: [1n, 1n, 0n], blockAtRegistration: [0, 0, 0], lastUpdate: [5, 5, 5],
 *   validatorPermit: [true, true, false], weights: [[[2, 65535]], [[2, 65535]]], bonds: [],
 *   emission: 1_000_000_000n,
 * });
 * console.assert(out.incentive[2] === 65535);
 * ```
 */
export function runEpoch(input: EpochInput): EpochOutput {
  const h = resolve(input);
  const n = input.n;
  const block = input.block;
  const inactive = input.lastUpdate.map((u) => u + h.activityCutoff < block);
  const reg = Array.from({ length: n }, (_, i) => input.blockAtRegistration[i] ?? 0);
  const totalStake = Array.from({ length: n }, (_, i) => input.stake[i] ?? 0n);
  const owner = input.ownerUid !== undefined && input.ownerUid < n ? input.ownerUid : undefined;

  // Stake, with the threshold filter that exempts the owner.
  const stake = normalizeStake64(totalStake.map((s, uid) => (uid !== owner && s < h.stakeThreshold ? 0n : s)));

  // Permits: last epoch's decide this one; the new ones are stored for the next.
  const permits = input.validatorPermit.slice();
  if (owner !== undefined && owner < permits.length) permits[owner] = true;
  const forbids = permits.map((p) => !p);
  const newPermits = isTopkNonzero(stake, h.maxAllowedValidators);
  if (owner !== undefined) newPermits[owner] = true;

  const activeStake = stake.slice();
  maskVector(inactive, activeStake);
  maskVector(forbids, activeStake);
  normalizeInPlace(activeStake);

  const weights = loadWeights(input, n, forbids, reg, owner);
  const consensus = weightedMedianCols(activeStake, weights, n, h.kappaFixed);
  // With the default bonds penalty 1 the unclipped weights are not used again, so clip them in place.
  const clipped = colClip(weights, consensus, h.penaltyFixed === ONE);
  const validatorTrust = rowSum(clipped);
  const incentive = matmul(clipped, activeStake, n);
  normalizeInPlace(incentive);
  const weightsForBonds = interpolate(weights, clipped, n, h.penaltyFixed);

  const { dividends, emaBonds } = h.yuma3
    ? bondsYuma3(input, h, weightsForBonds, consensus, incentive, activeStake, reg)
    : bondsOriginal(input, h, weightsForBonds, incentive, activeStake, reg);

  const terms = { n, inactive, totalStake, stake, activeStake, consensus, incentive, dividends, validatorTrust };
  return epochOutput(
    { ...terms, newPermits, emission: input.emission },
    Array.from({ length: n }, (_, i) => {
      if (!newPermits[i]) return [];
      const r = emaBonds[i];
      const row = new Array<[number, number]>(r.c.length);
      for (let k = 0; k < r.c.length; k++) row[k] = [r.c[k], toU16Proportion(r.v[k])];
      return row;
    }),
  );
}

/** Weights with every mask applied (permits, diagonal, outdated, commit–reveal), then row-normalized. */
function loadWeights(
  input: EpochInput,
  n: number,
  forbids: readonly boolean[],
  reg: readonly number[],
  owner: number | undefined,
): Sparse {
  const cr = input.commitBlocks;
  const out: Sparse = [];
  for (let i = 0; i < n; i++) {
    const stored: SparseRowU16 = input.weights[i] ?? [];
    const row = new RowBuilder(forbids[i] ?? true ? 0 : stored.length);
    if (!(forbids[i] ?? true)) {
      const lu = input.lastUpdate[i] ?? 0;
      const cb = cr ? (cr[i] ?? null) : null;
      let sum = 0;
      for (let k = 0; k < stored.length; k++) {
        const j = stored[k][0], w = stored[k][1];
        if (j >= n) continue;
        if (i === j && i !== owner) continue;
        if (lu <= reg[j]) continue;
        if (cb !== null && cb < reg[j]) continue;
        row.push(j, w);
        sum += w;
      }
      // Raw u16 weights w·2^32 divided by their raw sum S·2^32 give floor(w·2^32 / S) exactly.
      for (let k = 0; k < row.length; k++) row.v[k] = sum > 0 ? intRatio(row.v[k], sum) : 0;
    }
    out.push(row.row());
  }
  return out;
}

/** Stored u16 bond rows for uids < n (columns are not filtered, as on chain), without cells to recently registered uids. */
function loadBonds(input: EpochInput, n: number, since: number, reg: readonly number[]): Sparse {
  const out: Sparse = [];
  for (let i = 0; i < n; i++) {
    const stored: SparseRowU16 = input.bonds[i] ?? [];
    const row = new RowBuilder(stored.length);
    for (let k = 0; k < stored.length; k++) {
      const j = stored[k][0];
      if (!(since <= (reg[j] ?? 0))) row.push(j, stored[k][1]);
    }
    out.push(row.row());
  }
  return out;
}

interface BondsResult {
  dividends: number[];
  emaBonds: Sparse;
}

/** Yuma3 bonds (u16 proportions) and dividends. */
function bondsYuma3(
  input: EpochInput,
  h: Resolved,
  wb: Sparse,
  consensus: readonly number[],
  incentive: readonly number[],
  activeStake: readonly number[],
  reg: readonly number[],
): BondsResult {
  const n = input.n;
  const bonds = loadBonds(input, n, lastTempo(input, h.tempo), reg);
  for (const r of bonds) for (let k = 0; k < r.v.length; k++) r.v[k] = fromU16Proportion(r.v[k]);
  const liquid = h.liquidAlpha && consensus.length > 0 && consensus.some((c) => c !== 0);
  const emaBonds = liquid ? emaLiquid(wb, bonds, consensus, h) : emaFixed(wb, bonds, h.emaAlpha, n);
  // Column-normalized EMA bonds times incentive, without materializing the normalized matrix.
  const colSums = new Float64Array(n);
  for (const r of emaBonds) for (let k = 0; k < r.c.length; k++) if (r.c[k] < n) colSums[r.c[k]] += r.v[k];
  const dividends = emaBonds.map((r, i) => {
    let total = 0;
    for (let k = 0; k < r.c.length; k++) {
      const j = r.c[k];
      const d = j < n ? colSums[j] : 0;
      const normalized = d !== 0 ? div(r.v[k], d) : r.v[k];
      if (j < incentive.length) total += mul(normalized, incentive[j]);
    }
    return mul(total, activeStake[i]);
  });
  normalizeInPlace(dividends);
  return { dividends, emaBonds };
}

/** Entries the chain's peekable walk over columns 0..n-1 finds (a greedy increasing run); the rest read as 0. */
function walkFound(r: Row, n: number): Map<number, number> {
  const found = new Map<number, number>();
  let last = -1;
  for (let k = 0; k < r.c.length; k++) {
    if (r.c[k] > last && r.c[k] < n) {
      found.set(r.c[k], r.v[k]);
      last = r.c[k];
    }
  }
  return found;
}

/** `mat_ema_alpha_sparse` with liquid alphas computed once per cell it reads (alpha depends only on the diff). */
function emaLiquid(wb: Sparse, bonds: Sparse, consensus: readonly number[], h: Resolved): Sparse {
  const n = consensus.length;
  const cache = new Map<number, number>();
  const alphaOfDiff = (d: number): number => {
    let a = cache.get(d);
    if (a === undefined) {
      a = alphaFromDiff(d, h.alphaLowFixed, h.alphaHighFixed, h.steepnessFixed);
      cache.set(d, a);
    }
    return a;
  };
  const decayed = new Float64Array(n);
  const alphas = new Float64Array(n);
  const stamp = new Int32Array(n).fill(-1);
  return wb.map((nr, i) => {
    const or = bonds[i];
    const wFound = walkFound(nr, n);
    const bFound = walkFound(or, n);
    const alpha = (j: number): number => {
      if (stamp[j] !== i) {
        stamp[j] = i;
        alphas[j] = alphaOfDiff(sigmoidDiff(consensus[j], wFound.get(j) ?? 0, bFound.get(j) ?? 0));
      }
      return alphas[j];
    };
    for (let k = 0; k < or.c.length; k++) if (or.c[k] < n) decayed[or.c[k]] = 0;
    for (let k = 0; k < or.c.length; k++) {
      const j = or.c[k];
      if (j < n) decayed[j] = mul(ONE - alpha(j), or.v[k]);
    }
    const out = new RowBuilder(nr.c.length);
    for (let k = 0; k < nr.c.length; k++) {
      const j = nr.c[k];
      if (j >= n) continue;
      const inc = Math.max(mul(alpha(j), nr.v[k]), 0);
      const val = Math.min(decayed[j] + inc, ONE);
      if (val > 0) out.push(j, val);
    }
    for (let k = 0; k < or.c.length; k++) if (or.c[k] < n) decayed[or.c[k]] = 0;
    return out.row();
  });
}

/** Original Yuma bonds (column max-upscaled u16) and dividends. */
function bondsOriginal(
  input: EpochInput,
  h: Resolved,
  wb: Sparse,
  incentive: readonly number[],
  activeStake: readonly number[],
  reg: readonly number[],
): BondsResult {
  const n = input.n;
  const raw = loadBonds(input, n, lastTempo(input, h.tempo), reg);
  // Column-normalize the raw u16 bonds: (b·2^32)/(S·2^32) = floor(b·2^32 / S); columns ≥ n or with S = 0 stay raw.
  const sums = new Float64Array(n);
  for (const r of raw) for (let k = 0; k < r.c.length; k++) if (r.c[k] < n) sums[r.c[k]] += r.v[k];
  for (const r of raw) {
    for (let k = 0; k < r.c.length; k++) {
      const j = r.c[k];
      r.v[k] = j < n && sums[j] !== 0 ? intRatio(r.v[k], sums[j]) : r.v[k] * ONE;
    }
  }
  const bonds = raw;
  const delta: Sparse = wb.map((r, i) => ({ c: r.c, v: r.v.map((w) => mul(w, activeStake[i] ?? 0)) }));
  colNormalize(delta, n);
  const emaBonds = emaFixed(delta, bonds, h.emaAlpha, n);
  colNormalize(emaBonds, n);
  const dividends = matmulTranspose(emaBonds, incentive);
  normalizeInPlace(dividends);
  colMaxUpscale(emaBonds, n);
  return { dividends, emaBonds };
}
