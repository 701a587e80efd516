import assert from "node:assert/strict";
import { SubnetSim } from "./chain_sim.ts";
import { runEpoch } from "./epoch.ts";
import type { EpochInput, EpochOutput, YumaHyperparameters } from "./types.ts";

// Hand-worked Yuma3 + liquid-alpha scenarios (chain.md §9 F), three validators and two servers.
const LIQUID: Partial<YumaHyperparameters> = {
  yuma3: true,
  liquidAlpha: true,
  alphaLow: 6554, // ≈ 0.1
  alphaHigh: 19661, // ≈ 0.3
  alphaSigmoidSteepness: 1000,
  bondsMovingAverage: 975_000,
  bondsPenalty: 0,
  kappa: 32767,
  maxAllowedValidators: 3,
  tempo: 1,
  activityCutoff: 1000,
};
const E = 1_000_000_000n;
const bond = (out: EpochOutput, i: number, j: number) => out.bonds[i].find(([c]) => c === j)?.[1] ?? 0;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

function sim(stake: bigint[], hyperparameters: Partial<YumaHyperparameters> = LIQUID): SubnetSim {
  return new SubnetSim({ n: 5, stake, block: 1, validatorPermit: [true, true, true, false, false], hyperparameters });
}

function step(s: SubnetSim, rows: Record<number, Array<[number, number]>>): EpochOutput {
  s.block++;
  for (const [uid, row] of Object.entries(rows)) s.setWeights(Number(uid), row);
  return s.epoch(E, { recordStep: true });
}

Deno.test("runEpoch() Yuma3 liquid alpha: one epoch worked by hand", () => {
  const s = sim([8n, 1n, 1n, 0n, 0n]);
  const all3: Array<[number, number]> = [[3, 65535], [4, 0]];
  const out = step(s, { 0: all3, 1: all3, 2: all3 });
  // Every validator puts its whole row on server 3: its stake-weighted median is 1, server 4's is 0.
  assert.deepEqual(out.consensus, [0, 0, 0, 65535, 0]);
  assert.deepEqual(out.incentive, [0, 0, 0, 65535, 0]);
  assert.deepEqual(out.validatorTrust, [65535, 65535, 65535, 0, 0]);
  // No bonds yet, so every validator's bond column is its EMA increment: dividends ∝ active stake 0.8/0.1/0.1.
  assert.deepEqual(out.dividends, [52428, 6553, 6553, 0, 0]);
  // Liquid alpha at W = C (d = 0): α = α_low + (α_high − α_low)·σ, σ = 1/(1 + e^{10·0.5}); B' = α·1.
  const lo = 6554 / 65535, hi = 19661 / 65535;
  const alpha = lo + (hi - lo) / (1 + Math.exp(5));
  for (const v of [0, 1, 2]) {
    assert.equal(bond(out, v, 3), Math.floor(alpha * 65535)); // 6641
    assert.equal(bond(out, v, 4), 0); // a listed zero with no old bond stores nothing
  }
  // The epoch's own 50/50: the server gets half, validators split the other half by dividends (floored RAO).
  assert.equal(out.serverEmission[3], 500_000_000n);
  assert.deepEqual(out.validatorEmission.slice(0, 3), [400_000_000n, 49_999_999n, 49_999_999n]);
});

Deno.test("runEpoch() Yuma3 liquid alpha: switching servers over epochs keeps the invariants", () => {
  // A (0.6) moves second, B (0.25) moves first, C (0.15) never moves.
  const s = sim([60n, 25n, 15n, 0n, 0n]);
  const to3: Array<[number, number]> = [[3, 65535], [4, 0]];
  const to4: Array<[number, number]> = [[3, 0], [4, 65535]];
  const plan: Array<Record<number, Array<[number, number]>>> = [
    { 0: to3, 1: to3, 2: to3 },
    {},
    { 1: to4 },
    { 0: to4 },
    {},
    {},
    {},
    {},
  ];
  const outs = plan.map((rows) => step(s, rows));
  for (const [e, out] of outs.entries()) {
    const d = sum(out.dividends);
    assert.ok(d <= 65535 && d >= 65535 - 5, `epoch ${e}: dividends sum to 1 within flooring (${d})`);
    const rao = out.emission.reduce((a, b) => a + b, 0n);
    assert.ok(rao <= E && rao >= E - 5n, `epoch ${e}: emission sums to E within flooring (${rao})`);
    for (const row of out.bonds) for (const [j, b] of row) assert.ok(j < 5 && b >= 0 && b <= 65535);
  }
  // Consensus follows the stake majority: server 3 until A moves (epoch 3), then server 4.
  assert.equal(outs[2].incentive[3], 65535);
  assert.equal(outs[3].incentive[4], 65535);
  // B, alone on server 4 in epoch 2, is clipped to zero consensus and loses validator trust.
  assert.equal(outs[2].validatorTrust[1], 0);
  // A stopped weighting server 3 in epoch 3: its bond to 3 decays every epoch after.
  for (let e = 4; e < outs.length; e++) assert.ok(bond(outs[e], 0, 3) < bond(outs[e - 1], 0, 3), `epoch ${e}`);
  // C never weights server 4, so it never gets a bond there, and its dividends fall once 4 earns everything.
  for (const out of outs) assert.equal(bond(out, 2, 4), 0);
  for (let e = 4; e < outs.length; e++) assert.ok(outs[e].dividends[2] <= outs[e - 1].dividends[2]);
  // The early mover B ends up with more dividends per stake than lazy C.
  const last = outs[outs.length - 1];
  assert.ok(last.dividends[1] / 25 > last.dividends[2] / 15);
});

Deno.test("runEpoch() Yuma3 liquid alpha: an omitted column loses its bond at once, a listed zero decays", () => {
  // chain.md §9 F "sparse quirk": mat_ema_alpha_sparse emits only the columns of the weight row.
  const s = sim([1n, 1n, 1n, 0n, 0n]);
  const both: Array<[number, number]> = [[3, 65535], [4, 65535]];
  step(s, { 0: both, 1: both, 2: both });
  const before = step(s, {});
  const after = step(s, { 0: [[3, 65535], [4, 0]], 1: [[3, 65535]] });
  assert.ok(bond(before, 0, 4) > 0 && bond(before, 1, 4) > 0);
  assert.ok(bond(after, 0, 4) > 0 && bond(after, 0, 4) < bond(before, 0, 4)); // listed zero: decays
  assert.equal(bond(after, 1, 4), 0); // not listed: gone
});

Deno.test("runEpoch() Yuma3 with a fixed alpha decays bonds by (1 − α) and keeps the union of cells", () => {
  const s = sim([1n, 1n, 1n, 0n, 0n], { ...LIQUID, liquidAlpha: false, bondsMovingAverage: 900_000 });
  const first = step(s, { 0: [[3, 65535]], 1: [[3, 65535]], 2: [[3, 65535]] });
  assert.equal(bond(first, 0, 3), 6553); // α = 0.1 (429496730 raw): floor(0.1000000001·65535)
  const moved = step(s, { 0: [[4, 65535]] });
  assert.ok(bond(moved, 0, 3) > 0 && bond(moved, 0, 3) < 6553); // still there, decayed by 0.9
  assert.equal(bond(moved, 0, 3), Math.floor(0.9 * (6553 / 65535) * 65535));
});

function base(overrides: Partial<EpochInput>): EpochInput {
  return {
    n: 4,
    block: 100,
    stake: [10n, 10n, 0n, 0n],
    blockAtRegistration: [0, 0, 0, 0],
    lastUpdate: [50, 50, 0, 0],
    validatorPermit: [true, true, false, false],
    weights: [[[2, 65535], [3, 65535]], [[2, 65535], [3, 65535]]],
    bonds: [],
    emission: E,
    ...overrides,
  };
}

Deno.test("runEpoch() masks weights set before the target registered, and commit–reveal masks by commit block", () => {
  const fresh = runEpoch(base({ blockAtRegistration: [0, 0, 0, 60] })); // uid 3 re-registered after block 50
  assert.deepEqual(fresh.incentive, [0, 0, 65535, 0]);
  const cr = runEpoch(base({ blockAtRegistration: [0, 0, 0, 40], commitBlocks: [30, null, null, null] }));
  // uid 0 committed at 30, before uid 3 registered at 40: its weight to 3 is dropped; uid 1's counts.
  assert.equal(cr.incentive[3] > 0, true);
  assert.ok(cr.validatorTrust[0] === 65535 && cr.incentive[2] > cr.incentive[3]);
  const noCr = runEpoch(base({ blockAtRegistration: [0, 0, 0, 40] }));
  assert.equal(noCr.incentive[2], noCr.incentive[3]);
});

Deno.test("runEpoch() keeps the owner's permit, self-weight and sub-threshold stake", () => {
  const out = runEpoch(base({
    stake: [10n, 10n, 0n, 5n],
    lastUpdate: [50, 50, 0, 50],
    validatorPermit: [true, true, false, false],
    weights: [[[2, 65535]], [[2, 65535]], [], [[3, 65535]]],
    ownerUid: 3,
    hyperparameters: { stakeThreshold: 8n, maxAllowedValidators: 2 },
  }));
  assert.equal(out.validatorPermit[3], true); // forced for the owner
  assert.ok(out.stakeWeight[3] > 0); // exempt from the threshold
  assert.equal(out.incentive[3], 0); // its self-weight stays, but its old permit was false this epoch
  // With the stake majority and a permit, the owner's self-weight survives the diagonal mask and earns.
  const selfWeight = (ownerUid?: number) =>
    runEpoch(base({
      stake: [1n, 1n, 0n, 10n],
      lastUpdate: [50, 50, 0, 50],
      validatorPermit: [true, true, false, true],
      weights: [[[2, 65535]], [[2, 65535]], [], [[3, 65535]]],
      ownerUid,
    }));
  assert.ok(selfWeight(3).incentive[3] > 0 && selfWeight(3).validatorTrust[3] === 65535);
  assert.equal(selfWeight(undefined).incentive[3], 0);
});

Deno.test("runEpoch() falls back to active stake, then to stake, when nothing earns (zero-sum fallback)", () => {
  const inactive = runEpoch(base({ lastUpdate: [50, 1, 0, 0], hyperparameters: { activityCutoff: 10 } }));
  // Both validators inactive (LU + 10 < 100): no active stake, so emission follows normalized stake.
  assert.deepEqual(inactive.active, [false, false, false, false]);
  assert.deepEqual(inactive.emission, [500_000_000n, 500_000_000n, 0n, 0n]);
  assert.deepEqual(inactive.serverEmission, [0n, 0n, 0n, 0n]);
  const selfOnly = runEpoch(base({ weights: [[[0, 65535]], [[1, 65535]]], stake: [3n, 1n, 0n, 0n] }));
  // Only self-weights (masked): emission follows active stake 0.75 / 0.25.
  assert.deepEqual(selfOnly.validatorEmission, [750_000_000n, 250_000_000n, 0n, 0n]);
  assert.deepEqual(selfOnly.dividends, [0, 0, 0, 0]);
});

Deno.test("runEpoch() rejects inputs outside the stored types", () => {
  assert.throws(() => runEpoch(base({ weights: [[[2, 70000]]] })), RangeError);
  assert.throws(() => runEpoch(base({ emission: -1n })), RangeError);
  assert.throws(() => runEpoch(base({ hyperparameters: { kappa: 1.5 } })), RangeError);
});
