/**
 * Several incentive mechanisms on one subnet (subtensor `subnets/mechanism.rs`, spec 343 and HEAD
 * alike): the subnet's epoch emission is split between its mechanisms, Yuma runs once per mechanism on
 * that mechanism's weights and bonds, and the per-uid results are folded into the subnet-wide terms the
 * chain stores once per subnet (`epoch_with_mechanisms`).
 *
 * @module
 */
import type { EpochOutput } from "./types.ts";

const U16_MAX = 65535n;

/**
 * `split_emissions`: `total` split by `split` (u16 proportions summing to 65535), or evenly when
 * `split` is absent; missing entries get 0, and the rounding remainder goes to mechanism 0.
 *
 * @param total the subnet's emission for this epoch (RAO of alpha)
 * @param count `MechanismCountCurrent` (at least 1)
 * @param split `MechanismEmissionSplit`, when set
 * @returns one emission per mechanism, summing to `total`
 *
 * @example A 30/70 split
 * ```ts
 * import { splitEmission } from "./mechanisms.ts";
 * const parts = splitEmission(1_000n, 2, [19660, 45875]);
 * console.assert(parts[0] === 300n && parts[1] === 700n);
 * ```
 */
export function splitEmission(total: bigint, count: number, split?: readonly number[]): bigint[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`Cannot split emission over ${count} mechanisms`);
  const parts = split === undefined
    ? Array.from({ length: count }, () => total / BigInt(count))
    : split.map((s) => (total * BigInt(s)) / U16_MAX);
  parts.length = count;
  for (let i = 0; i < count; i++) parts[i] ??= 0n;
  let sum = 0n;
  for (const p of parts) sum += p;
  if (sum < total) parts[0] += total - sum;
  return parts;
}

/** `U64F64(part) / U64F64(total)` as a raw 2^-64 fixed-point value; mechanism 0 weighs 1 when `total` is 0. */
function mechanismWeight(part: bigint, total: bigint, mecid: number): bigint {
  if (total === 0n) return mecid === 0 ? 1n << 64n : 0n;
  return (part << 64n) / total;
}

/** `weighted_acc`: `floor(existing + added · weight)` with `weight` a raw U64F64. */
function weightedAcc(existing: bigint, added: bigint, weight: bigint): bigint {
  return ((existing << 64n) + added * weight) >> 64n;
}

/**
 * `epoch_with_mechanisms`' fold: the subnet-wide terms from each mechanism's epoch. Server and validator
 * emissions add up; dividends, consensus, validator trust, stake weight and the stored `Emission` are sums
 * weighted by each mechanism's share of the emission (floored after each step, as the chain does);
 * `active` and the new validator permits are ORed. Incentive and bonds stay per mechanism (the returned
 * `incentive` and `bonds` are mechanism 0's).
 *
 * @param outputs one epoch output per mechanism, in mechanism order, all over the same uids
 * @param emissions the emission each mechanism received ({@link splitEmission})
 * @returns the subnet-wide output
 *
 * @example One mechanism folds to itself
 * ```ts
 * import { aggregateMechanisms } from "./mechanisms.ts";
 * import { runEpoch } from "./epoch.ts";
 * const out = runEpoch({
 *   n: 2, block: 10, stake: [1n, 0n], blockAtRegistration: [0, 0], lastUpdate: [5, 5],
 *   validatorPermit: [true, false], weights: [[[1, 65535]]], bonds: [], emission: 1_000n,
 * });
 * console.assert(aggregateMechanisms([out], [1_000n]).dividends.join() === out.dividends.join());
 * ```
 */
export function aggregateMechanisms(outputs: readonly EpochOutput[], emissions: readonly bigint[]): EpochOutput {
  if (outputs.length === 0 || outputs.length !== emissions.length) {
    throw new RangeError(`Cannot fold ${outputs.length} mechanism epochs with ${emissions.length} emissions`);
  }
  let total = 0n;
  for (const e of emissions) total += e;
  const n = outputs[0].emission.length;
  const zeros = () => new Array<bigint>(n).fill(0n);
  const acc = {
    dividends: zeros(),
    consensus: zeros(),
    validatorTrust: zeros(),
    stakeWeight: zeros(),
    emission: zeros(),
    serverEmission: zeros(),
    validatorEmission: zeros(),
    stake: zeros(),
  };
  const active = new Array<boolean>(n).fill(false);
  const permit = new Array<boolean>(n).fill(false);
  outputs.forEach((out, mecid) => {
    const w = mechanismWeight(emissions[mecid], total, mecid);
    for (let uid = 0; uid < n; uid++) {
      acc.dividends[uid] = weightedAcc(acc.dividends[uid], BigInt(out.dividends[uid] ?? 0), w);
      acc.consensus[uid] = weightedAcc(acc.consensus[uid], BigInt(out.consensus[uid] ?? 0), w);
      acc.validatorTrust[uid] = weightedAcc(acc.validatorTrust[uid], BigInt(out.validatorTrust[uid] ?? 0), w);
      acc.stakeWeight[uid] = weightedAcc(acc.stakeWeight[uid], BigInt(out.stakeWeight[uid] ?? 0), w);
      acc.emission[uid] = weightedAcc(acc.emission[uid], out.emission[uid] ?? 0n, w);
      acc.serverEmission[uid] += out.serverEmission[uid] ?? 0n;
      acc.validatorEmission[uid] += out.validatorEmission[uid] ?? 0n;
      acc.stake[uid] += out.stake[uid] ?? 0n;
      active[uid] ||= out.active[uid] ?? false;
      permit[uid] ||= out.validatorPermit[uid] ?? false;
    }
  });
  const u16 = (v: bigint[]) => v.map((x) => Number(x > U16_MAX ? U16_MAX : x));
  return {
    active,
    stakeWeight: u16(acc.stakeWeight),
    consensus: u16(acc.consensus),
    incentive: outputs[0].incentive,
    dividends: u16(acc.dividends),
    validatorTrust: u16(acc.validatorTrust),
    validatorPermit: permit,
    emission: acc.emission,
    serverEmission: acc.serverEmission,
    validatorEmission: acc.validatorEmission,
    bonds: outputs[0].bonds,
    stake: acc.stake,
  };
}
