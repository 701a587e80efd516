// `subnet demo --subnet sn21 --keep-running --json`, then `subnet query sn21 …` against its endpoint
// with no other flags (issue 9, "Must show"): the demo and the client in one process, over WebSocket.
import assert from "node:assert/strict";
import type { CliIo } from "./command.ts";
import { runCli } from "./mod.ts";
import { builtinSubnetModules } from "../subnets/modules.ts";
import { cidFor } from "../subnets/sn21/cid.ts";

function capture(signal = new AbortController().signal): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    print: (l) => void out.push(l),
    error: (l) => void err.push(l),
    writeStdout: () => Promise.resolve(),
    env: { HOME: "/nonexistent" },
    signal,
  };
}

// By name once the runners list it; until then, by module path (the demo loads either).
const subnetArg = builtinSubnetModules().some((m) => m.name === "sn21")
  ? "sn21"
  : new URL("../subnets/sn21/mod.ts", import.meta.url).pathname;

Deno.test("subnet demo --subnet sn21 --keep-running --json, then subnet query sn21 store/retrieve on its endpoint", async () => {
  const stop = new AbortController();
  const demoIo = capture(stop.signal);
  const demo = runCli(["demo", "--subnet", subnetArg, "--keep-running", "--json", "--block-time-ms", "100"], demoIo);
  const dir = await Deno.makeTempDir();
  try {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && !demoIo.out.some((l) => l.includes('"ready":true'))) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const readyLine = demoIo.out.find((l) => l.includes('"ready":true'));
    assert.ok(readyLine, `the demo printed no ready line: ${demoIo.err.slice(-5).join("\n")}`);
    const ready = JSON.parse(readyLine);
    assert.equal(ready.netuid, 21);

    const endpoint = ["--subtensor.chain_endpoint", ready.endpoint, "--dev", "//Alice"];
    const file = `${dir}/f.txt`;
    const text = new TextEncoder().encode("Hello FileTao!");
    await Deno.writeFile(file, text);
    const store = capture();
    assert.equal(await runCli(["query", "sn21", "store", file, ...endpoint], store), 0, store.err.join("\n"));
    assert.equal(store.out.at(-1), "bafkreietxqwb3tqlv6gyjqh6otz52skqlyumk3q7y3fmn65t2xcvejly2u"); // §4.2
    assert.equal(store.out.at(-1), cidFor(text));
    const retrieve = capture();
    const args = ["query", "sn21", "retrieve", store.out.at(-1)!, "-o", `${dir}/out`, ...endpoint];
    assert.equal(await runCli(args, retrieve), 0, retrieve.err.join("\n"));
    assert.deepEqual(await Deno.readFile(`${dir}/out`), text);
  } finally {
    stop.abort();
    const code = await demo;
    assert.equal(code, 0, `the demo exited ${code}: ${demoIo.err.slice(-5).join("\n")}`);
    await Deno.remove(dir, { recursive: true });
  }
});
