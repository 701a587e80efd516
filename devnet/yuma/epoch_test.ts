import assert from "node:assert/strict";
import { SubnetSim } from "./chain_sim.ts";
import type { EpochOutput, YumaHyperparameters } from "./types.ts";

/** HEAD activity cutoff: max(1, floor(ActivityCutoffFactorMilli(13889) · tempo / 1000)). */
const cutoff = (tempo: number) => Math.max(1, Math.floor((13889 * tempo) / 1000));

/** The mock's hyperparameters (`tests/mock.rs`): spec chain.md §10. */
function mock(tempo: number, maxValidators: number): Partial<YumaHyperparameters> {
  return {
    kappa: 32767,
    bondsMovingAverage: 900_000,
    bondsPenalty: 65535,
    yuma3: false,
    maxAllowedValidators: maxValidators,
    tempo,
    activityCutoff: cutoff(tempo),
  };
}

const bondAt = (out: EpochOutput, i: number, j: number) => out.bonds[i].find(([c]) => c === j)?.[1] ?? 0;

for (const dense of [false, true]) {
  const kind = dense ? "runEpochDense()" : "runEpoch()";

  Deno.test(`${kind} matches GV1 test_10_graph (chain.md §10)`, () => {
    const sim = new SubnetSim({
      n: 10,
      stake: new Array(10).fill(1n),
      hyperparameters: mock(65534, 10),
      dense,
    });
    for (let i = 0; i < 10; i++) sim.setWeights(i, [[i, 65535]]);
    const out = sim.epoch(1_000_000_000n);
    assert.deepEqual(out.consensus, new Array(10).fill(0));
    assert.deepEqual(out.incentive, new Array(10).fill(0));
    assert.deepEqual(out.dividends, new Array(10).fill(0));
    assert.deepEqual(out.emission, new Array(10).fill(99_999_999n));
  });

  // Interleavings as upstream's distribute_nodes: blockwise, regular, and a (here seeded) random permutation.
  const permuted = [...Array(512).keys()];
  let seed = 12345;
  for (let i = permuted.length - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const k = seed % (i + 1);
    [permuted[i], permuted[k]] = [permuted[k], permuted[i]];
  }
  const randomValidators = new Set(permuted.slice(0, 64));
  for (const interleave of dense ? [0, 1] : [0, 1, 2]) {
    for (const serverSelf of [false, true]) {
      Deno.test(`${kind} matches GV2 test_512_graph (interleave ${interleave}, server self ${serverSelf})`, () => {
        const n = 512;
        const isValidator = (u: number) =>
          interleave === 0 ? u < 64 : interleave === 1 ? u % 8 === 0 : randomValidators.has(u);
        const validators = [...Array(n).keys()].filter(isValidator);
        const servers = [...Array(n).keys()].filter((u) => !isValidator(u));
        const sim = new SubnetSim({
          n,
          stake: [...Array(n).keys()].map((u) => (isValidator(u) ? 328_125_000_000_000n : 0n)),
          hyperparameters: mock(65534, 64),
          dense,
        });
        sim.epoch(1_000_000_000n); // permit epoch
        // set_weights stores u16::MAX/512 = 127 for every server max-upscaled: 65535 each.
        for (const v of validators) sim.setWeights(v, servers.map((s) => [s, 65535] as const));
        if (serverSelf) { for (const s of servers) sim.setWeights(s, [[s, 65535]]); }
        let out!: EpochOutput;
        for (let e = 0; e < 3; e++) out = sim.epoch(1_000_000_000n);
        for (const v of validators) {
          assert.equal(out.consensus[v], 0);
          assert.equal(out.incentive[v], 0);
          assert.equal(out.dividends[v], 1023);
          assert.equal(out.emission[v], 7_812_500n);
          assert.equal(bondAt(out, v, servers[0]), 65535);
          assert.equal(bondAt(out, v, validators[0]), 0);
        }
        for (const s of servers) {
          assert.equal(out.consensus[s], 146);
          assert.equal(out.incentive[s], 146);
          assert.equal(out.dividends[s], 0);
          assert.equal(out.emission[s], 1_116_071n);
          assert.equal(bondAt(out, s, servers[0]), 0);
        }
      });
    }
  }

  Deno.test(`${kind} matches GV3 test_bonds (chain.md §10)`, () => {
    const sim = new SubnetSim({
      n: 8,
      stake: [1n, 2n, 3n, 4n, 0n, 0n, 0n, 0n],
      registrationBlock: 1,
      block: 1,
      hyperparameters: mock(1, 8),
      dense,
    });
    const step = (set: () => void): EpochOutput => {
      set();
      sim.block++;
      return sim.epoch(1_000_000_000n);
    };
    sim.epoch(1_000_000_000n); // permit epoch at block 1
    sim.block++;
    for (let v = 0; v < 4; v++) sim.setWeights(v, [[4, 16383], [5, 32767], [6, 49149], [7, 65535]]);
    let out = sim.epoch(1_000_000_000n);
    assert.deepEqual([0, 1, 2, 3].map((v) => bondAt(out, v, 4)), [16383, 32767, 49151, 65535]);
    assert.deepEqual(out.dividends.slice(0, 4).map((d) => d > 0), [true, true, true, true]);
    const table: Array<[() => void, number, number[]]> = [
      [() => sim.setWeights(0, [[0, 65535]]), 4, [14582, 32767, 49151, 65535]],
      [() => sim.setWeights(1, [[1, 65535]]), 4, [12603, 28321, 49151, 65535]],
      [() => sim.setWeights(2, [[2, 65535]]), 7, [12602, 28320, 49150, 65535]],
      [() => sim.setWeights(2, [[7, 65535]]), 7, [10951, 24609, 49150, 65535]],
      [() => {}, 7, [9559, 21482, 49150, 65535]],
      [() => {}, 7, [8376, 18824, 49150, 65535]],
    ];
    for (const [set, col, expected] of table) {
      out = step(set);
      assert.deepEqual([0, 1, 2, 3].map((v) => bondAt(out, v, col)), expected);
    }
  });
}
