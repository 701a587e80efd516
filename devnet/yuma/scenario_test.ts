import assert from "node:assert/strict";
import { parseScenario, simulate } from "./scenario.ts";

// The example in issue 7's scenario format.
const EXAMPLE = {
  n: 5,
  stakes: [8, 1, 1, 0, 0],
  hyperparameters: {
    kappa: 32767,
    bonds_moving_average: 975000,
    bonds_penalty: 0,
    yuma3: true,
    liquid_alpha: true,
    alpha_low: 0.1,
    alpha_high: 0.3,
    alpha_sigmoid_steepness: 1000,
    max_allowed_validators: 3,
    emission: 1000000000,
  },
  validator_permits: [true, true, true, false, false],
  epochs: [{ weights: { "0": { "3": 65535, "4": 0 }, "1": { "4": 65535 } } }, { weights: {} }],
};

Deno.test("parseScenario() reads the issue's format into the epoch's units", () => {
  const s = parseScenario(EXAMPLE);
  assert.equal(s.n, 5);
  assert.deepEqual(s.stakes, [8n, 1n, 1n, 0n, 0n]);
  assert.equal(s.emission, 1_000_000_000n);
  assert.equal(s.hyperparameters.alphaLow, 6554); // round(0.1 · 65535)
  assert.equal(s.hyperparameters.alphaHigh, 19661);
  assert.equal(s.hyperparameters.bondsMovingAverage, 975000);
  assert.deepEqual(s.epochs[0].get(0), [[3, 65535], [4, 0]]); // stored zeros are kept
  assert.equal(s.epochs[1].size, 0);
  assert.deepEqual(parseScenario({ n: 1, stakes: ["18446744073709551615"], epochs: [] }).stakes, [2n ** 64n - 1n]);
});

Deno.test("parseScenario() names the first wrong field", () => {
  const bad: Array<[unknown, RegExp]> = [
    [[], /top level must be an object/],
    [{ ...EXAMPLE, extra: 1 }, /unknown key "extra"/],
    [{ ...EXAMPLE, stakes: [1] }, /stakes must be an array of 5/],
    [{ ...EXAMPLE, hyperparameters: { rho: 1 } }, /unknown hyperparameter "rho"/],
    [{ ...EXAMPLE, hyperparameters: { yuma3: 1 } }, /yuma3 must be true or false/],
    [{ ...EXAMPLE, epochs: [{ weights: { "7": {} } }] }, /weights key "7"/],
    [{ ...EXAMPLE, epochs: [{ weights: { "0": { "1": 70000 } } }] }, /\["0"\]\["1"\] must be an integer/],
    [{ ...EXAMPLE, validator_permits: [true] }, /validator_permits must be an array of 5 booleans/],
  ];
  for (const [json, re] of bad) assert.throws(() => parseScenario(json), re);
});

Deno.test("simulate() uses given permits at once, or runs an unreported warm-up epoch to issue them", () => {
  const withPermits = simulate(parseScenario(EXAMPLE));
  assert.equal(withPermits.length, 2);
  assert.ok(withPermits[0].incentive[3] > 0); // validators weight in the very first reported epoch
  const { validator_permits: _, ...noPermits } = EXAMPLE;
  const warm = simulate(parseScenario(noPermits));
  assert.equal(warm.length, 2);
  assert.deepEqual(warm[0].incentive, withPermits[0].incentive); // the warm-up issued the same permits
  // Rows not listed keep their stored value: epoch 1 repeats epoch 0's weights.
  assert.deepEqual(warm[1].incentive, warm[0].incentive);
});
