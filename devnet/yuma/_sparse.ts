/**
 * Sparse-matrix helpers mirroring subtensor `epoch/math.rs` (`*_sparse`), over I32F32 raw bits.
 * A row holds parallel typed arrays of column indices and values, in the chain's order.
 *
 * @module
 */
import { div, mul, normalizeInPlace } from "./fixed.ts";

/** One sparse row: `c[k]` is the column of value `v[k]` (raw I32F32 bits, exact integers in a double). */
export interface Row {
  /** Column indices. */
  c: Int32Array;
  /** I32F32 raw values. */
  v: Float64Array;
}

/** A sparse matrix: one row per uid. */
export type Sparse = Row[];

const NO_COLUMNS = new Int32Array(0);
const NO_VALUES = new Float64Array(0);

/** An empty row (zero-length arrays, shared: nothing can be written into them). */
export function emptyRow(): Row {
  return { c: NO_COLUMNS, v: NO_VALUES };
}

/** Builds a row of at most `capacity` cells without growing arrays. */
export class RowBuilder {
  /** Column indices written so far (first `length`). */
  c: Int32Array;
  /** Values written so far (first `length`). */
  v: Float64Array;
  /** Cells written. */
  length = 0;
  /**
   * Reserves the row.
   *
   * @param capacity the most cells it will hold
   */
  constructor(capacity: number) {
    this.c = capacity > 0 ? new Int32Array(capacity) : NO_COLUMNS;
    this.v = capacity > 0 ? new Float64Array(capacity) : NO_VALUES;
  }
  /**
   * Appends a cell.
   *
   * @param j column
   * @param x raw value
   */
  push(j: number, x: number): void {
    this.c[this.length] = j;
    this.v[this.length++] = x;
  }
  /** The finished row (views of the written part). */
  row(): Row {
    if (this.length === 0) return emptyRow();
    if (this.length === this.c.length) return { c: this.c, v: this.v };
    return { c: this.c.subarray(0, this.length), v: this.v.subarray(0, this.length) };
  }
}

/** `row_sum_sparse`. */
export function rowSum(m: Sparse): number[] {
  return m.map((r) => {
    let s = 0;
    for (let k = 0; k < r.v.length; k++) s += r.v[k];
    return s;
  });
}

/** `inplace_col_normalize_sparse` with `columns` columns (out-of-range columns are left as they are). */
export function colNormalize(m: Sparse, columns: number): void {
  const sums = new Float64Array(columns);
  for (const r of m) for (let k = 0; k < r.c.length; k++) if (r.c[k] < columns) sums[r.c[k]] += r.v[k];
  for (const r of m) {
    for (let k = 0; k < r.c.length; k++) {
      const d = r.c[k] < columns ? sums[r.c[k]] : 0;
      if (d !== 0) r.v[k] = div(r.v[k], d);
    }
  }
}

/** `inplace_col_max_upscale_sparse`. */
export function colMaxUpscale(m: Sparse, columns: number): void {
  const max = new Float64Array(columns);
  for (const r of m) {
    for (let k = 0; k < r.c.length; k++) if (r.c[k] < columns && max[r.c[k]] < r.v[k]) max[r.c[k]] = r.v[k];
  }
  for (const r of m) {
    for (let k = 0; k < r.c.length; k++) {
      const d = r.c[k] < columns ? max[r.c[k]] : 0;
      if (d !== 0) r.v[k] = div(r.v[k], d);
    }
  }
}

/** `matmul_sparse`: `out_j = Σ_i vector_i · m_ij` (each product floored). */
export function matmul(m: Sparse, vector: readonly number[], columns: number): number[] {
  const out = new Array<number>(columns).fill(0);
  for (let i = 0; i < m.length; i++) {
    const s = vector[i] ?? 0;
    const r = m[i];
    for (let k = 0; k < r.c.length; k++) if (r.c[k] < columns) out[r.c[k]] += mul(s, r.v[k]);
  }
  return out;
}

/** `matmul_transpose_sparse`: `out_i = Σ_j vector_j · m_ij`. */
export function matmulTranspose(m: Sparse, vector: readonly number[]): number[] {
  return m.map((r) => {
    let acc = 0;
    for (let k = 0; k < r.c.length; k++) acc += mul(vector[r.c[k]] ?? 0, r.v[k]);
    return acc;
  });
}

/**
 * `col_clip_sparse`: values above the column threshold become it, or are dropped when it is ≤ 0.
 * With `inPlace`, `m`'s rows are rewritten instead of copied (when the unclipped matrix is not needed).
 */
export function colClip(m: Sparse, threshold: readonly number[], inPlace = false): Sparse {
  return m.map((r) => {
    const c = inPlace ? r.c : new Int32Array(r.c.length);
    const v = inPlace ? r.v : new Float64Array(r.c.length);
    let w = 0;
    for (let k = 0; k < r.c.length; k++) {
      const j = r.c[k];
      const th = threshold[j] ?? 0;
      const x = r.v[k];
      if (th < x) {
        if (th > 0) {
          c[w] = j;
          v[w++] = th;
        }
      } else {
        c[w] = j;
        v[w++] = x;
      }
    }
    return w === c.length ? { c, v } : { c: c.subarray(0, w), v: v.subarray(0, w) };
  });
}

/** `interpolate_sparse`: `a + ratio·(b − a)`; ratio 0 or 1 return a copy of a or b, else positives only. */
export function interpolate(a: Sparse, b: Sparse, columns: number, ratio: number): Sparse {
  // The callers only read the result, so the chain's clones are not needed for ratio 0 or 1.
  if (ratio === 0) return a;
  if (ratio === 4294967296) return b;
  return a.map((ra, i) => {
    const d1 = new Float64Array(columns);
    const d2 = new Float64Array(columns);
    for (let k = 0; k < ra.c.length; k++) if (ra.c[k] < columns) d1[ra.c[k]] = ra.v[k];
    const rb = b[i];
    for (let k = 0; k < rb.c.length; k++) if (rb.c[k] < columns) d2[rb.c[k]] = rb.v[k];
    const out = new RowBuilder(Math.min(columns, ra.c.length + rb.c.length));
    for (let j = 0; j < columns; j++) {
      const x = d1[j] + mul(ratio, d2[j] - d1[j]);
      if (x > 0) out.push(j, x);
    }
    return out.row();
  });
}

/** A copy of a row. */
export function copyRow(r: Row): Row {
  return { c: r.c.slice(), v: r.v.slice() };
}

/** `mat_ema_sparse`: `alpha·new + (1−alpha)·old` over the union of cells, keeping positives, ascending. */
export function emaFixed(next: Sparse, old: Sparse, alpha: number, n: number): Sparse {
  const oneMinus = 4294967296 - alpha;
  const acc = new Float64Array(n);
  return next.map((nr, i) => {
    const or = old[i] ?? emptyRow();
    if (nr.c.length === 0 && or.c.length === 0) return emptyRow();
    // Accumulate densely over the touched range; untouched cells stay 0 and are never emitted.
    let min = n, max = -1;
    for (let k = 0; k < nr.c.length; k++) {
      const j = nr.c[k];
      if (j >= n) continue;
      acc[j] += mul(alpha, nr.v[k]);
      if (j < min) min = j;
      if (j > max) max = j;
    }
    for (let k = 0; k < or.c.length; k++) {
      const j = or.c[k];
      if (j >= n) continue;
      acc[j] += mul(oneMinus, or.v[k]);
      if (j < min) min = j;
      if (j > max) max = j;
    }
    const out = new RowBuilder(Math.min(max - min + 1, nr.c.length + or.c.length));
    for (let j = min; j <= max; j++) {
      if (acc[j] > 0) out.push(j, acc[j]);
      acc[j] = 0;
    }
    return out.row();
  });
}

/**
 * Stake-weighted median of one column (`weighted_median`): subtensor's deterministic mid-pivot search.
 * `scratch` (length ≥ 2·partition.length + 2) holds the partitions, so nothing is allocated per call.
 */
export function weightedMedian(
  stake: ArrayLike<number>,
  score: ArrayLike<number>,
  partition: ArrayLike<number>,
  minority: number,
  lo: number,
  hi: number,
  scratch: Int32Array = new Int32Array(2 * partition.length + 2),
): number {
  const limit = partition.length;
  // The current partition lives in `cur`; lower indices go to the front of `other`, upper ones to its back.
  let cur = scratch.subarray(0, limit + 1);
  let other = scratch.subarray(limit + 1, 2 * limit + 2);
  let len = limit;
  for (let k = 0; k < len; k++) cur[k] = partition[k];
  let iteration = 0;
  for (;;) {
    if (len === 0) return 0;
    if (len === 1) return score[cur[0]];
    const pivot = score[cur[len >> 1]];
    let loStake = 0;
    let hiStake = 0;
    let nLower = 0;
    let nUpper = 0;
    const last = other.length - 1;
    for (let k = 0; k < len; k++) {
      const idx = cur[k];
      const s = score[idx];
      if (s === pivot) continue;
      if (s < pivot) {
        loStake += stake[idx];
        other[nLower++] = idx;
      } else {
        hiStake += stake[idx];
        other[last - nUpper++] = idx;
      }
    }
    if (minority < lo + loStake && nLower > 0) {
      hi = lo + loStake;
      len = nLower;
    } else if (hi - hiStake <= minority && nUpper > 0) {
      lo = hi - hiStake;
      // Restore the upper partition's original order (the chain keeps it; the next pivot depends on it).
      const start = last - nUpper + 1;
      other.subarray(start, last + 1).reverse();
      other.copyWithin(0, start, last + 1);
      len = nUpper;
    } else {
      return pivot;
    }
    const t = cur;
    cur = other;
    other = t;
    iteration++;
    if (iteration > limit) break;
  }
  return 0;
}

/** `weighted_median_col_sparse`: consensus per column over the rows with positive stake. */
export function weightedMedianCols(stake: readonly number[], m: Sparse, columns: number, kappa: number): number[] {
  const useStake: number[] = [];
  for (let i = 0; i < stake.length; i++) {
    if (stake[i] > 0) {
      useStake.push(stake[i]);
    }
  }
  normalizeInPlace(useStake);
  let stakeSum = 0;
  for (const s of useStake) stakeSum += s;
  const minority = stakeSum - kappa;
  const v = useStake.length;
  const idx = Int32Array.from({ length: v }, (_, k) => k);
  const scratch = new Int32Array(2 * v + 2);
  const scores = new Float64Array(columns * v);
  // Rows are walked together with `stake`; k counts rows with positive stake.
  let k = 0;
  for (let i = 0; i < stake.length && i < m.length; i++) {
    if (stake[i] > 0) {
      const r = m[i];
      for (let e = 0; e < r.c.length; e++) if (r.c[e] < columns) scores[r.c[e] * v + k] = r.v[e];
      k++;
    }
  }
  const out = new Array<number>(columns);
  for (let j = 0; j < columns; j++) {
    out[j] = weightedMedian(useStake, scores.subarray(j * v, (j + 1) * v), idx, minority, 0, stakeSum, scratch);
  }
  return out;
}
