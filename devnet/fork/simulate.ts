/**
 * `simulate --fork`: the next epoch of a forked subnet if one validator set other weights (everyone
 * else's as on chain), run by the devnet's own epoch (`devnet/yuma`) on the forked storage: incentive,
 * dividends, vtrust and emission per uid beside the chain's current values, and the next epoch with
 * unchanged weights for reference.
 *
 * @module
 */
import { SubnetError } from "../../protocol/errors.ts";
import { runEpoch } from "../yuma/epoch.ts";
import type { EpochInput, EpochOutput } from "../yuma/types.ts";
import { epochInput } from "../subtensor/coinbase.ts";
import { DEFAULT_SUBTENSOR_CONFIG, type PalletContext } from "../subtensor/context.ts";
import { HEAD_ONLY_ITEMS, S } from "../subtensor/items.ts";
import { maxUpscaleU16 } from "../subtensor/weights.ts";
import { mechanismCount, mechanismIndex } from "../subtensor/mechanism.ts";
import { splitEmission } from "../yuma/mechanisms.ts";
import type { ForkSnapshot } from "./snapshot.ts";
import { typedView } from "./storage_reader.ts";
import { toHex } from "../subtensor/storage_item.ts";

/** Options of {@link simulateForkEpoch}. */
export interface ForkEpochOptions {
  /** The subnet (one of the snapshot's). */
  readonly netuid: number;
  /** The validator's uid, or its hotkey as 32 bytes (default: the permitted uid with the most stake). */
  readonly validator?: number | Uint8Array;
  /** The mechanism whose weights change (default 0). */
  readonly mechid?: number;
  /** Its new weights: `(uid, weight)` pairs, any non-negative scale (max-upscaled to u16 as the chain does). */
  readonly weights: readonly (readonly [number, number])[];
}

/** One figure: on chain now, in the simulated epoch, and the difference. */
export interface Compared {
  /** The chain's current value. */
  chain: number;
  /** The simulated next epoch's value. */
  simulated: number;
  /** `simulated − chain`. */
  diff: number;
  /** The next epoch's value with everyone's weights unchanged. */
  unchanged: number;
}

/** One uid's figures. */
export interface SimulatedUid {
  /** The uid. */
  uid: number;
  /** Its hotkey, `0x` hex. */
  hotkey: string;
  /** Incentive (proportion). */
  incentive: Compared;
  /** Dividends (proportion). */
  dividends: Compared;
  /** Validator trust (proportion). */
  vtrust: Compared;
  /** Emission in RAO per epoch. */
  emission: Compared;
}

/** The result of {@link simulateForkEpoch}. */
export interface ForkEpochResult {
  /** The subnet. */
  netuid: number;
  /** The forked block. */
  block: number;
  /** The block the simulated epoch runs at. */
  epochBlock: number;
  /** The mechanism simulated. */
  mechid: number;
  /** The validator whose weights changed. */
  validator: number;
  /** Its weights as the chain would store them (`uid`, u16). */
  weights: [number, number][];
  /** RAO the epoch distributes (the last epoch's total emission). */
  emission: string;
  /** Per uid. */
  uids: SimulatedUid[];
  /** What the fork could not read (the simulation runs without it). */
  missing: Record<string, string>;
}

const U16 = 65535;

/**
 * Runs the next epoch of `netuid` on a fork, with the validator's weights replaced.
 *
 * @throws {SubnetError} `devnet/simulate-invalid` for an unknown subnet, validator or weight uid
 * @example
 * ```ts ignore
 * const snapshot = await readFork({ endpoint: "ws://127.0.0.1:9944", netuids: [1] });
 * const result = simulateForkEpoch(snapshot, { netuid: 1, validator: 1, weights: [[2, 1], [3, 1]] });
 * console.log(result.uids[2].incentive);
 * ```
 */
export function simulateForkEpoch(snapshot: ForkSnapshot, options: ForkEpochOptions): ForkEpochResult {
  const netuid = options.netuid;
  const report = snapshot.report.subnets.find((s) => s.netuid === netuid);
  if (!report) {
    throw new SubnetError(
      "devnet/simulate-invalid",
      `Cannot simulate netuid ${netuid}: the fork holds ${snapshot.netuids.join(", ")}`,
    );
  }
  const st = typedView(new Map(snapshot.entries));
  const block = parseInt(snapshot.header.number, 16);
  const tempo = st.get(S.Tempo, netuid);
  const next = Number(st.get(HEAD_ONLY_ITEMS.LastEpochBlock, netuid)) + tempo;
  const epochBlock = Math.max(block + 1, next);
  const ctx: PalletContext = {
    store: st,
    block: epochBlock,
    balances: { free: () => 0n, withdraw: () => {}, deposit: () => {} },
    emit: () => {},
    config: DEFAULT_SUBTENSOR_CONFIG,
  };
  const mechid = options.mechid ?? 0;
  const count = mechanismCount(st, netuid);
  if (!Number.isInteger(mechid) || mechid < 0 || mechid >= count) {
    throw new SubnetError(
      "devnet/simulate-invalid",
      `Cannot simulate mechanism ${mechid}: netuid ${netuid} has ${count}`,
    );
  }
  const lastEmission = st.get(S.Emission, netuid).reduce((a, b) => a + b, 0n);
  const total = lastEmission > 0n ? lastEmission : BigInt(tempo) * 1_000_000_000n;
  const emission = splitEmission(total, count, st.get(S.MechanismEmissionSplit, netuid))[mechid];
  const base = epochInput(ctx, netuid, emission, mechid);
  const validator = validatorUid(
    st.get(S.SubnetworkN, netuid),
    base,
    options.validator,
    (uid) => toHex(st.get(S.Keys, netuid, uid)),
  );
  const uids: number[] = [];
  const values: number[] = [];
  for (const [uid, w] of options.weights) {
    if (!Number.isInteger(uid) || uid < 0 || uid >= base.n) {
      throw new SubnetError(
        "devnet/simulate-invalid",
        `Cannot simulate weights for uid ${uid}: the subnet has uids 0 to ${base.n - 1}`,
      );
    }
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new SubnetError(
        "devnet/simulate-invalid",
        `Cannot simulate weight ${w} for uid ${uid}: give a non-negative number`,
      );
    }
    uids.push(uid);
    values.push(w);
  }
  const max = Math.max(0, ...values);
  const scaled = max > 0 ? maxUpscaleU16(values.map((v) => Math.round((v / max) * U16))) : values.map(() => 0);
  const row = uids.map((u, i) => [u, scaled[i]] as [number, number]).sort((a, b) => a[0] - b[0]);
  const changed: EpochInput = {
    ...base,
    weights: base.weights.map((r, uid) => (uid === validator ? row : r)),
    lastUpdate: base.lastUpdate.map((b, uid) => (uid === validator ? epochBlock : b)),
  };
  const sim = runEpoch(changed);
  const same = runEpoch(base);
  const now = {
    incentive: st.get(S.Incentive, mechanismIndex(netuid, mechid)),
    dividends: st.get(S.Dividends, netuid),
    vtrust: st.get(S.ValidatorTrust, netuid),
    emission: st.get(S.Emission, netuid),
  };
  const ratio = (x: number | undefined) => (x ?? 0) / U16;
  const compare = (chain: number, simulated: number, unchanged: number): Compared => ({
    chain,
    simulated,
    diff: simulated - chain,
    unchanged,
  });
  const out: SimulatedUid[] = [];
  for (let uid = 0; uid < base.n; uid++) {
    out.push({
      uid,
      hotkey: toHex(st.get(S.Keys, netuid, uid)),
      incentive: compare(ratio(now.incentive[uid]), ratio(sim.incentive[uid]), ratio(same.incentive[uid])),
      dividends: compare(ratio(now.dividends[uid]), ratio(sim.dividends[uid]), ratio(same.dividends[uid])),
      vtrust: compare(ratio(now.vtrust[uid]), ratio(sim.validatorTrust[uid]), ratio(same.validatorTrust[uid])),
      emission: compare(
        Number(now.emission[uid] ?? 0n),
        Number(sim.emission[uid] ?? 0n),
        Number((same as EpochOutput).emission[uid] ?? 0n),
      ),
    });
  }
  return {
    netuid,
    block,
    epochBlock,
    mechid,
    validator,
    weights: row,
    emission: String(emission),
    uids: out,
    missing: report.missing,
  };
}

function validatorUid(
  n: number,
  input: EpochInput,
  given: number | Uint8Array | undefined,
  hotkeyOf: (uid: number) => string,
): number {
  if (typeof given === "number") {
    if (!Number.isInteger(given) || given < 0 || given >= n) {
      throw new SubnetError(
        "devnet/simulate-invalid",
        `Cannot simulate validator uid ${given}: the subnet has uids 0 to ${n - 1}`,
      );
    }
    return given;
  }
  if (given instanceof Uint8Array) {
    const hex = toHex(given);
    for (let uid = 0; uid < n; uid++) if (hotkeyOf(uid) === hex) return uid;
    throw new SubnetError("devnet/simulate-invalid", `Cannot simulate validator ${hex}: it has no uid on the subnet`);
  }
  let best = -1;
  for (let uid = 0; uid < n; uid++) {
    if (!input.validatorPermit[uid]) continue;
    if (best < 0 || input.stake[uid] > input.stake[best]) best = uid;
  }
  if (best < 0) {
    throw new SubnetError("devnet/simulate-invalid", "Cannot pick a validator: no uid holds a permit (give --hotkey)");
  }
  return best;
}
