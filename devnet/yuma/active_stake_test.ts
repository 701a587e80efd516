// A golden epoch worked by hand (chain.md §7): consensus, incentive and dividends use ACTIVE stake
// (stake masked by inactivity and by a missing validator permit), not total stake. Subtensor's
// sparse and dense epochs must both give these numbers.
import assert from "node:assert/strict";
import { runEpoch } from "./epoch.ts";
import { runEpochDense } from "./dense.ts";
import type { EpochInput } from "./types.ts";

const INPUT: EpochInput = {
  n: 6,
  block: 100,
  // uid 0, 1: active validators (0.6 / 0.4 of the active stake); uid 2: a whale, inactive (last
  // update at 1 with a cutoff of 10); uid 3: a whale without a permit (forbidden); uid 4, 5: servers.
  stake: [6n, 4n, 30n, 30n, 0n, 0n],
  blockAtRegistration: [0, 0, 0, 0, 0, 0],
  lastUpdate: [90, 90, 1, 90, 0, 0],
  validatorPermit: [true, true, true, false, false, false],
  weights: [[[4, 65535], [5, 65535]], [[4, 65535]], [[5, 65535]], [[5, 65535]]],
  bonds: [],
  emission: 1_000_000_000n,
  hyperparameters: { activityCutoff: 10, maxAllowedValidators: 4, kappa: 32767, yuma3: false },
};

for (const [kind, epoch] of [["runEpoch()", runEpoch], ["runEpochDense()", runEpochDense]] as const) {
  Deno.test(`${kind} weighs consensus, incentive and dividends by active stake (inactive and forbidden whales)`, () => {
    const out = epoch(INPUT);
    assert.deepEqual(out.active, [true, true, false, true, false, false]);
    // Rows: uid 0 = [½, ½], uid 1 = [1, 0]. Server 4's stake-weighted median over 0.6 @ ½ and
    // 0.4 @ 1 is ½; server 5's (0.6 @ ½, 0.4 @ 0) is ½ too. The whales' votes for 5 weigh nothing.
    assert.deepEqual(out.consensus, [0, 0, 0, 0, 32767, 32767]);
    // Clipped to consensus: uid 1's 1 → ½. Incentive 0.6·½ + 0.4·½ = ½ and 0.6·½ = 0.3,
    // normalized 0.625 / 0.375 → floor(·65535). With total stake, server 5 would win instead.
    assert.deepEqual(out.incentive, [0, 0, 0, 0, 40959, 24575]);
    // Dividends follow active stake times the bonds just formed: 0.75 / 0.25.
    assert.deepEqual(out.dividends, [49151, 16383, 0, 0, 0, 0]);
    // Trust is each row's clipped sum: 1, ½, ½ (the inactive whale's row still counts), 0 (masked).
    assert.deepEqual(out.validatorTrust, [65535, 32767, 32767, 0, 0, 0]);
    assert.deepEqual(out.serverEmission.slice(4), [312_500_000n, 187_499_999n]);
    assert.deepEqual(out.validatorEmission.slice(0, 4), [375_000_000n, 124_999_999n, 0n, 0n]);
  });
}
