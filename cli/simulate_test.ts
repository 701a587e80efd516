import assert from "node:assert/strict";
import { type CliIo, runCommand } from "./command.ts";
import { simulateCommand } from "./simulate.ts";

const FIXTURE = new URL("../tests/fixtures/simulate_small.json", import.meta.url).pathname;

function capture(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      print: (l) => out.push(l),
      error: (l) => err.push(l),
      writeStdout: () => Promise.resolve(),
      env: {},
      signal: new AbortController().signal,
    },
  };
}

Deno.test("simulate --json prints per-epoch results in the issue's shape", async () => {
  const { io, out } = capture();
  const code = await runCommand(simulateCommand, [FIXTURE, "--json"], io, "subnet simulate");
  assert.equal(code, 0);
  const { epochs } = JSON.parse(out.join("\n"));
  assert.equal(epochs.length, 6);
  for (const e of epochs) {
    assert.deepEqual(Object.keys(e).sort(), [
      "bonds",
      "consensus",
      "dividends",
      "emission",
      "incentive",
      "validator_trust",
    ]);
    assert.equal(e.bonds.length, 5);
    for (const row of e.bonds) for (const b of row) assert.ok(b >= 0 && b <= 1);
    const dsum = e.dividends.reduce((a: number, b: number) => a + b, 0);
    assert.ok(Math.abs(dsum - 1) < 1e-3, `dividends sum ${dsum}`);
    // The epoch splits its input 50/50 (chain.md §9 G), up to flooring.
    const esum = e.emission.reduce((a: number, b: number) => a + b, 0);
    assert.ok(esum <= 1_000_000_000 && esum > 1_000_000_000 - 10);
  }
  // Epoch 0: all three validators weight server 3, so it takes all incentive; uid 0 holds 80% of stake.
  assert.deepEqual(epochs[0].incentive, [0, 0, 0, 1, 0]);
  assert.equal(epochs[0].dividends[0], 0.8);
  assert.equal(epochs[0].emission[3], 500_000_000);
  // Epoch 2: uid 0 (the stake majority) moves to server 4, which becomes the consensus.
  assert.deepEqual(epochs[2].incentive, [0, 0, 0, 0, 1]);
});

Deno.test("simulate --plot writes an SVG chart and prints the table", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const svg = `${dir}/out.svg`;
    const { io, out } = capture();
    assert.equal(await runCommand(simulateCommand, [FIXTURE, "--plot", svg], io, "subnet simulate"), 0);
    const text = await Deno.readTextFile(svg);
    assert.ok(text.startsWith("<svg"));
    assert.ok(text.includes("<polyline"));
    assert.ok(text.includes("uid 0 dividends"));
    assert.ok(text.includes("uid 3 incentive"));
    assert.equal(out[0], "epoch 0");
    // Tables show TAO with τ (the JSON keeps RAO): uid 3 earns 500_000_000 RAO in epoch 0.
    assert.match(out.find((l) => /^\s+3\s/.test(l))!, /\s0\.5 τ$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("simulate rejects a bad scenario with a usage error", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/bad.json`;
    await Deno.writeTextFile(file, JSON.stringify({ n: 2, stakes: [1], epochs: [] }));
    const { io, err } = capture();
    assert.equal(await runCommand(simulateCommand, [file], io, "subnet simulate"), 2);
    assert.match(err[0], /stakes must be an array of 2 RAO amounts/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
