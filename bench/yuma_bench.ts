/**
 * One Yuma Consensus epoch (the sparse on-chain epoch) at two sizes, with full weight rows and bonds
 * in steady state (one epoch already ran):
 * - 256 uids, 64 validators (target ≤ 20 ms), the baseline;
 * - 4096 uids, 256 validators (target ≤ 600 ms).
 * Each size runs with Yuma3 (new-subnet default), Yuma3 + liquid alpha, and original Yuma.
 *
 * Run: `deno bench -A bench/yuma_bench.ts`
 */
import { runEpoch } from "../devnet/yuma/epoch.ts";
import type { EpochInput, YumaHyperparameters } from "../devnet/yuma/types.ts";

/** A deterministic graph: validators are the first `v` uids, each weighting every uid with seeded u16 values. */
function graph(n: number, v: number, hyperparameters: Partial<YumaHyperparameters>): EpochInput {
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const weights = Array.from({ length: v }, () => {
    const row = Array.from({ length: n }, (_, j) => [j, 1 + Math.floor(rand() * 65534)] as [number, number]);
    const max = Math.max(...row.map(([, w]) => w));
    return row.map(([j, w]): [number, number] => [j, Math.floor((w * 65535) / max)]);
  });
  const input: EpochInput = {
    n,
    block: 1000,
    stake: Array.from({ length: n }, (_, i) => (i < v ? BigInt(1e12 + Math.floor(rand() * 1e12)) : 0n)),
    blockAtRegistration: new Array<number>(n).fill(0),
    lastUpdate: new Array<number>(n).fill(900),
    validatorPermit: Array.from({ length: n }, (_, i) => i < v),
    weights,
    bonds: [],
    lastMechanismStepBlock: 640,
    emission: 1_000_000_000n,
    hyperparameters: { maxAllowedValidators: v, ...hyperparameters },
  };
  return { ...input, bonds: runEpoch(input).bonds };
}

const variants: Array<[string, Partial<YumaHyperparameters>]> = [
  ["yuma3", { yuma3: true }],
  ["yuma3 + liquid alpha", { yuma3: true, liquidAlpha: true, alphaLow: 6554, alphaHigh: 19661 }],
  ["original yuma", { yuma3: false }],
];

for (const [name, hp] of variants) {
  const small = graph(256, 64, hp);
  const large = graph(4096, 256, hp);
  Deno.bench({ name: `256 uids / 64 validators (${name})`, group: name, baseline: true }, () => {
    runEpoch(small);
  });
  Deno.bench({ name: `4096 uids / 256 validators (${name})`, group: name, n: 5, warmup: 1 }, () => {
    runEpoch(large);
  });
}
