/**
 * `subnet simulate` scenarios: the file format other tools feed (issue 7), its validation, and a run
 * of epochs over it with {@link SubnetSim}. Pure: no I/O.
 *
 * @module
 */
import { SubnetSim } from "./chain_sim.ts";
import type { YumaHyperparameters } from "./types.ts";

/** A validated scenario. */
export interface Scenario {
  /** Number of uids. */
  n: number;
  /** Stake per uid in RAO. */
  stakes: bigint[];
  /** Hyperparameters in the epoch's units (omitted keys take subtensor's defaults). */
  hyperparameters: Partial<YumaHyperparameters>;
  /** RAO distributed per epoch. */
  emission: bigint;
  /** Initial stored permits; when absent an unreported warm-up epoch without weights issues them. */
  validatorPermits?: boolean[];
  /** Per epoch, the weight rows set before it (validator uid → stored `(dest, u16)` row). */
  epochs: Array<Map<number, Array<[number, number]>>>;
}

/** One epoch's results, in the `--json` shape. */
export interface SimulatedEpoch {
  /** Incentive per uid (stored u16 / 65535). */
  incentive: number[];
  /** Dividends per uid (stored u16 / 65535). */
  dividends: number[];
  /** Consensus per uid (stored u16 / 65535). */
  consensus: number[];
  /** Validator trust per uid (stored u16 / 65535). */
  validator_trust: number[];
  /** Emission per uid in RAO. */
  emission: number[];
  /** Bonds as an n×n matrix of the stored u16 / 65535. */
  bonds: number[][];
}

const HYPER_KEYS: Record<string, keyof YumaHyperparameters | "emission"> = {
  kappa: "kappa",
  bonds_moving_average: "bondsMovingAverage",
  bonds_penalty: "bondsPenalty",
  yuma3: "yuma3",
  liquid_alpha: "liquidAlpha",
  alpha_low: "alphaLow",
  alpha_high: "alphaHigh",
  alpha_sigmoid_steepness: "alphaSigmoidSteepness",
  max_allowed_validators: "maxAllowedValidators",
  emission: "emission",
  tempo: "tempo",
  activity_cutoff: "activityCutoff",
  stake_threshold: "stakeThreshold",
};

function fail(msg: string): never {
  throw new RangeError(`Cannot read the scenario: ${msg}`);
}

function uint(v: unknown, what: string, max: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > max) {
    fail(`${what} must be an integer in [0, ${max}], got ${JSON.stringify(v)}`);
  }
  return v;
}

function rao(v: unknown, what: string): bigint {
  if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
  if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v);
  return fail(`${what} must be a non-negative integer (RAO; a string for values above 2^53), got ${JSON.stringify(v)}`);
}

/** A proportion in [0, 1] as u16 (rounded), or an integer above 1 taken as the stored u16. */
function u16Proportion(v: unknown, what: string): number {
  if (typeof v !== "number" || v < 0 || v > 65535) fail(`${what} must be in [0, 1] or a u16, got ${JSON.stringify(v)}`);
  return v <= 1 ? Math.round(v * 65535) : uint(v, what, 65535);
}

/**
 * Validates a parsed scenario file.
 *
 * @param json the parsed JSON
 * @returns the scenario in the epoch's units
 * @throws {RangeError} naming the first field that is wrong
 * @example
 * ```ts
 * import { parseScenario } from "./scenario.ts";
 * const s = parseScenario({ n: 2, stakes: [1, 0], epochs: [{ weights: { "0": { "1": 65535 } } }] });
 * console.assert(s.epochs.length === 1);
 * ```
 */
export function parseScenario(json: unknown): Scenario {
  if (typeof json !== "object" || json === null || Array.isArray(json)) fail("the top level must be an object");
  const o = json as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!["n", "stakes", "hyperparameters", "validator_permits", "epochs"].includes(k)) fail(`unknown key "${k}"`);
  }
  const n = uint(o.n, "n", 4096);
  if (!Array.isArray(o.stakes) || o.stakes.length !== n) fail(`stakes must be an array of ${n} RAO amounts`);
  const stakes = o.stakes.map((s, i) => rao(s, `stakes[${i}]`));
  const hyperparameters: Partial<YumaHyperparameters> = {};
  let emission = 1_000_000_000n;
  const hp = o.hyperparameters ?? {};
  if (typeof hp !== "object" || hp === null || Array.isArray(hp)) fail("hyperparameters must be an object");
  for (const [k, v] of Object.entries(hp as Record<string, unknown>)) {
    const key = HYPER_KEYS[k];
    if (!key) fail(`unknown hyperparameter "${k}" (known: ${Object.keys(HYPER_KEYS).join(", ")})`);
    const what = `hyperparameters.${k}`;
    if (key === "emission") emission = rao(v, what);
    else if (key === "yuma3" || key === "liquidAlpha") {
      if (typeof v !== "boolean") fail(`${what} must be true or false`);
      hyperparameters[key] = v;
    } else if (key === "alphaLow" || key === "alphaHigh") hyperparameters[key] = u16Proportion(v, what);
    else if (key === "alphaSigmoidSteepness") {
      if (typeof v !== "number" || !Number.isInteger(v) || v < -32768 || v > 32767) fail(`${what} must be an i16`);
      hyperparameters[key] = v;
    } else if (key === "stakeThreshold") hyperparameters[key] = rao(v, what);
    else if (key === "bondsMovingAverage") hyperparameters[key] = uint(v, what, 1_000_000);
    else if (key === "activityCutoff") hyperparameters[key] = uint(v, what, 2 ** 52);
    else hyperparameters[key] = uint(v, what, 65535);
  }
  let validatorPermits: boolean[] | undefined;
  if (o.validator_permits !== undefined) {
    const p = o.validator_permits;
    if (!Array.isArray(p) || p.length !== n || p.some((x) => typeof x !== "boolean")) {
      fail(`validator_permits must be an array of ${n} booleans`);
    }
    validatorPermits = p as boolean[];
  }
  if (!Array.isArray(o.epochs)) fail("epochs must be an array");
  const epochs = o.epochs.map((e, k) => {
    const w = (e as Record<string, unknown> | null)?.weights ?? {};
    if (typeof w !== "object" || w === null || Array.isArray(w)) fail(`epochs[${k}].weights must be an object`);
    const rows = new Map<number, Array<[number, number]>>();
    for (const [from, row] of Object.entries(w as Record<string, unknown>)) {
      const i = uint(Number(from), `epochs[${k}].weights key "${from}"`, n - 1);
      if (typeof row !== "object" || row === null || Array.isArray(row)) {
        fail(`epochs[${k}].weights["${from}"] must be an object`);
      }
      rows.set(
        i,
        Object.entries(row as Record<string, unknown>).map(([to, v]): [number, number] => [
          uint(Number(to), `epochs[${k}].weights["${from}"] key "${to}"`, n - 1),
          uint(v, `epochs[${k}].weights["${from}"]["${to}"]`, 65535),
        ]).sort((a, b) => a[0] - b[0]),
      );
    }
    return rows;
  });
  return { n, stakes, hyperparameters, emission, validatorPermits, epochs };
}

/**
 * Runs a scenario: uids register at block 0; epoch k (from 1, counting the warm-up) runs at block
 * `k·tempo`, and the rows listed for it are set at block `(k−1)·tempo + 1`; unlisted rows keep their
 * value and their `LastUpdate`. Each epoch is recorded as the last mechanism step.
 *
 * @param scenario a validated scenario
 * @returns one result per listed epoch
 * @example
 * ```ts
 * import { parseScenario, simulate } from "./scenario.ts";
 * const out = simulate(parseScenario({ n: 2, stakes: [1, 0], epochs: [{ weights: { "0": { "1": 65535 } } }] }));
 * console.assert(out[0].incentive[1] === 1);
 * ```
 */
export function simulate(scenario: Scenario): SimulatedEpoch[] {
  const tempo = scenario.hyperparameters.tempo ?? 360;
  const hyperparameters: Partial<YumaHyperparameters> = {
    activityCutoff: Math.max(1, Math.floor((13889 * tempo) / 1000)),
    ...scenario.hyperparameters,
  };
  const sim = new SubnetSim({
    n: scenario.n,
    stake: scenario.stakes,
    registrationBlock: 0,
    block: 0,
    validatorPermit: scenario.validatorPermits,
    hyperparameters,
  });
  let k = 0;
  const next = (rows: Map<number, Array<[number, number]>>) => {
    sim.block = k * tempo + 1;
    for (const [uid, row] of rows) sim.setWeights(uid, row);
    k++;
    sim.block = Math.max(k * tempo, sim.block);
    return sim.epoch(scenario.emission, { recordStep: true });
  };
  if (!scenario.validatorPermits) next(new Map());
  const p = (x: number) => x / 65535;
  return scenario.epochs.map((rows) => {
    const out = next(rows);
    return {
      incentive: out.incentive.map(p),
      dividends: out.dividends.map(p),
      consensus: out.consensus.map(p),
      validator_trust: out.validatorTrust.map(p),
      emission: out.emission.map(Number),
      bonds: out.bonds.map((row) => {
        const dense = new Array<number>(scenario.n).fill(0);
        for (const [j, b] of row) dense[j] = p(b);
        return dense;
      }),
    };
  });
}
