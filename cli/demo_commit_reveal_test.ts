import assert from "node:assert/strict";
import { runCli } from "./mod.ts";
import type { CliIo } from "./command.ts";

// The same demo with commit–reveal on: the validator's weights go on chain as timelocked commits
// (drand, devnet beacon) and are revealed by the chain one epoch later; incentive still reaches
// the honest miner. Block time 150 ms × tempo 10 keeps an epoch (1.5 s) longer than a drand round (1 s).
Deno.test("runCli(demo --commit-reveal --json) ends with the honest miner earning the largest incentive", async () => {
  const out: string[] = [];
  const io: CliIo = {
    print: (l) => void out.push(l),
    error: () => {},
    writeStdout: () => Promise.resolve(),
    env: {},
    signal: new AbortController().signal,
  };
  assert.equal(
    await runCli(["demo", "--commit-reveal", "--json", "--block-time-ms", "150", "--miners", "honest,wrong"], io),
    0,
  );
  assert.equal(out.length, 2, out.join("\n"));
  assert.equal(JSON.parse(out[0]).ready, true);
  const { summary } = JSON.parse(out[1]);
  const byKind = Object.fromEntries(summary.neurons.map((n: { kind: string }) => [n.kind, n]));
  assert.deepEqual(Object.keys(byKind).sort(), ["honest", "validator", "wrong"]);
  assert.ok(byKind.honest.incentive > 0, JSON.stringify(summary));
  assert.ok(byKind.honest.incentive > byKind.wrong.incentive);
  assert.equal(byKind.wrong.incentive, 0);
  assert.ok(byKind.validator.dividends > 0);
});
