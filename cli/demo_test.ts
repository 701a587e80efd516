import assert from "node:assert/strict";
import { runCli } from "./mod.ts";
import type { CliIo } from "./command.ts";

Deno.test("runCli(demo --json) prints a ready line, then a summary where the honest miner earns most", async () => {
  const out: string[] = [];
  const io: CliIo = {
    print: (l) => void out.push(l),
    error: () => {},
    writeStdout: () => Promise.resolve(),
    env: {},
    signal: new AbortController().signal,
  };
  // 400 ms blocks give each query 0.8 s: on a loaded machine 0.3 s made the honest miner late.
  assert.equal(await runCli(["demo", "--json", "--block-time-ms", "400"], io), 0);
  assert.equal(out.length, 2, out.join("\n"));
  const ready = JSON.parse(out[0]);
  assert.equal(ready.ready, true);
  assert.match(ready.endpoint, /^ws:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(ready.netuid, 1);
  assert.deepEqual(ready.neurons.map((n: { role: string }) => n.role), ["validator", "miner", "miner", "miner"]);
  for (const n of ready.neurons) assert.match(n.axon, /^127\.0\.0\.1:\d+$/);

  const { summary } = JSON.parse(out[1]);
  assert.ok(summary.epochs >= 2 && summary.block > 0);
  const byKind = Object.fromEntries(summary.neurons.map((n: { kind: string }) => [n.kind, n]));
  assert.deepEqual(Object.keys(byKind).sort(), ["honest", "slow", "validator", "wrong"]);
  for (const n of summary.neurons) {
    for (
      const k of ["uid", "hotkey", "role", "kind", "served", "score", "weight", "incentive", "dividends", "emission"]
    ) {
      assert.ok(k in n, `${k} missing`);
    }
    assert.ok(n.incentive >= 0 && n.incentive <= 1 && n.dividends >= 0 && n.dividends <= 1);
  }
  assert.ok(byKind.honest.incentive > 0);
  assert.ok(byKind.honest.incentive > byKind.slow.incentive && byKind.honest.incentive > byKind.wrong.incentive);
  assert.equal(byKind.wrong.incentive, 0);
  assert.ok(byKind.honest.served > 0 && byKind.wrong.served > 0);
  assert.ok(byKind.honest.weight > byKind.wrong.weight);
  assert.ok(byKind.validator.dividends > 0);
});
