/**
 * Steps shared by the sparse and dense epochs: input checks, hyperparameters, vector masks, top-k and
 * the emission split (subtensor `epoch/math.rs`, `epoch/run_epoch.rs`).
 *
 * @module
 */
import {
  bondsEmaAlpha,
  div,
  fromU16Proportion,
  normalizeInPlace,
  ONE,
  proportionOfRao,
  toU16Proportion,
} from "./fixed.ts";
import { DEFAULT_HYPERPARAMETERS, type EpochInput, type EpochOutput, type YumaHyperparameters } from "./types.ts";

/** Hyperparameters with defaults filled in and converted to I32F32 where the epoch uses them so. */
export interface Resolved extends YumaHyperparameters {
  /** κ as I32F32 bits. */
  kappaFixed: number;
  /** β (bonds penalty) as I32F32 bits. */
  penaltyFixed: number;
  /** Fixed EMA alpha as I32F32 bits. */
  emaAlpha: number;
  /** α_low as I32F32 bits. */
  alphaLowFixed: number;
  /** α_high as I32F32 bits. */
  alphaHighFixed: number;
  /** Sigmoid steepness as I32F32 bits. */
  steepnessFixed: number;
}

function checkInt(name: string, v: number, lo: number, hi: number): void {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new RangeError(`Cannot run the epoch: ${name} must be an integer in [${lo}, ${hi}], got ${v}`);
  }
}

/** Fills defaults, checks ranges and converts hyperparameters to fixed point. */
export function resolve(input: EpochInput): Resolved {
  const h: YumaHyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...input.hyperparameters };
  checkInt("n", input.n, 0, 65535);
  checkInt("block", input.block, 0, Number.MAX_SAFE_INTEGER);
  checkInt("kappa", h.kappa, 0, 65535);
  checkInt("bondsPenalty", h.bondsPenalty, 0, 65535);
  // Above 1e6 the EMA alpha turns negative and the chain saturates in ways this emulation does not follow.
  checkInt("bondsMovingAverage", h.bondsMovingAverage, 0, 1_000_000);
  checkInt("alphaLow", h.alphaLow, 0, 65535);
  checkInt("alphaHigh", h.alphaHigh, 0, 65535);
  checkInt("alphaSigmoidSteepness", h.alphaSigmoidSteepness, -32768, 32767);
  checkInt("maxAllowedValidators", h.maxAllowedValidators, 0, 65535);
  checkInt("activityCutoff", h.activityCutoff, 0, Number.MAX_SAFE_INTEGER);
  checkInt("tempo", h.tempo, 0, 65535);
  if (input.emission < 0n || input.emission >= 1n << 64n) {
    throw new RangeError(`Cannot run the epoch: emission must be a u64 RAO amount, got ${input.emission}`);
  }
  for (const [i, s] of input.stake.entries()) {
    if (s < 0n || s >= 1n << 64n) throw new RangeError(`Cannot run the epoch: stake[${i}] must be a u64, got ${s}`);
  }
  for (const [name, rows] of [["weights", input.weights], ["bonds", input.bonds]] as const) {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      for (let k = 0; k < row.length; k++) {
        const j = row[k][0], v = row[k][1];
        // (x & 0xffff) === x holds exactly for integers in [0, 65535].
        if ((j & 0xffff) !== j || (v & 0xffff) !== v) {
          throw new RangeError(`Cannot run the epoch: ${name}[${i}] holds (${j}, ${v}), not a (u16, u16) pair`);
        }
      }
    }
  }
  return {
    ...h,
    kappaFixed: fromU16Proportion(h.kappa),
    penaltyFixed: fromU16Proportion(h.bondsPenalty),
    emaAlpha: bondsEmaAlpha(h.bondsMovingAverage),
    alphaLowFixed: fromU16Proportion(h.alphaLow),
    alphaHighFixed: fromU16Proportion(h.alphaHigh),
    steepnessFixed: h.alphaSigmoidSteepness * ONE,
  };
}

/** `inplace_mask_vector`: zero entries whose mask is true (missing mask entries mask); an empty mask masks nothing. */
export function maskVector(mask: readonly boolean[], vector: number[]): void {
  if (mask.length === 0) return;
  for (let i = 0; i < vector.length; i++) if (mask[i] ?? true) vector[i] = 0;
}

/** `is_topk_nonzero`: nonzero entries among the k largest (ties: the lower index counts as smaller). */
export function isTopkNonzero(vector: readonly number[], k: number): boolean[] {
  const n = vector.length;
  const result = vector.map((x) => x !== 0);
  if (n < k) return result;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => vector[a] - vector[b] || a - b);
  for (let t = 0; t < n - k; t++) result[idx[t]] = false;
  return result;
}

/** `last_tempo` for the bond mask: `LastMechansimStepBlock + 1`, or `block − tempo` before the first epoch. */
export function lastTempo(input: EpochInput, tempo: number): number {
  const lms = input.lastMechanismStepBlock ?? 0;
  return lms === 0 ? Math.max(0, input.block - tempo) : lms + 1;
}

/** The emission split (§9 G): server, validator and combined RAO per uid. */
export function splitEmission(
  incentive: readonly number[],
  dividends: readonly number[],
  stake: readonly number[],
  activeStake: readonly number[],
  rao: bigint,
): { server: bigint[]; validator: bigint[]; combined: bigint[] } {
  const combined = incentive.map((x, i) => x + dividends[i]);
  let sum = 0;
  for (const x of combined) sum += x;
  const nse = sum === 0 ? incentive.slice() : incentive.map((x) => div(x, sum));
  let nve = sum === 0 ? dividends.slice() : dividends.map((x) => div(x, sum));
  let nce = combined.slice();
  normalizeInPlace(nce);
  if (sum === 0) {
    let activeSum = 0;
    for (const x of activeStake) activeSum += x;
    const base = activeSum === 0 ? stake : activeStake;
    nve = base.slice();
    nce = base.slice();
  }
  return {
    server: nse.map((x) => proportionOfRao(x, rao)),
    validator: nve.map((x) => proportionOfRao(x, rao)),
    combined: nce.map((x) => proportionOfRao(x, rao)),
  };
}

/** What both epoch implementations compute before bonds, in fixed point. */
export interface EpochTerms {
  /** The subnet size. */
  n: number;
  /** Inactive flags for the uids that have a `LastUpdate`. */
  inactive: readonly boolean[];
  /** Raw stake in RAO (reported as `stake`). */
  totalStake: bigint[];
  /** Normalized stake, active stake, consensus, incentive, dividends, validator trust. */
  stake: readonly number[];
  activeStake: readonly number[];
  consensus: readonly number[];
  incentive: readonly number[];
  dividends: readonly number[];
  validatorTrust: readonly number[];
  /** Permits issued this epoch. */
  newPermits: boolean[];
  /** Emission to split, in RAO. */
  emission: bigint;
}

/**
 * Builds the `EpochOutput` from the epoch's terms and its bond rows (the only part in which the
 * sparse and dense implementations differ on purpose).
 */
export function epochOutput(t: EpochTerms, bonds: Array<Array<[number, number]>>): EpochOutput {
  const split = splitEmission(t.incentive, t.dividends, t.stake, t.activeStake, t.emission);
  return {
    active: Array.from({ length: t.n }, (_, i) => i < t.inactive.length ? !t.inactive[i] : false),
    stakeWeight: toU16s(t.stake),
    consensus: toU16s(t.consensus),
    incentive: toU16s(t.incentive),
    dividends: toU16s(t.dividends),
    validatorTrust: toU16s(t.validatorTrust),
    validatorPermit: t.newPermits,
    emission: split.combined,
    serverEmission: split.server,
    validatorEmission: split.validator,
    bonds,
    stake: t.totalStake,
  };
}

/** `fixed_proportion_to_u16` over a vector. */
export function toU16s(x: readonly number[]): number[] {
  return x.map(toU16Proportion);
}
