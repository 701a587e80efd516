import assert from "node:assert/strict";
import { loadRuntimeMetadata } from "./metadata.ts";
import { loadState } from "./persist.ts";
import { startDevnet } from "./devnet.ts";

const SOAK = Deno.env.get("SOAK") === "1";

Deno.test({
  name: "devnet --state survives kill -9 at random points: the file always loads, temps are swept",
  sanitizeResources: false,
}, async () => {
  const cycles = SOAK ? 20 : 3;
  const dir = await Deno.makeTempDir();
  const path = `${dir}/devnet.json`;
  const metadata = loadRuntimeMetadata();
  const spec = metadata.version.specVersion;
  let best = -1;
  let swept = 0;
  try {
    for (let cycle = 0; cycle < cycles; cycle++) {
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", new URL("./testdata/save_loop.ts", import.meta.url).pathname, path],
        stdout: "piped",
        stderr: "null",
      }).spawn();
      const reader = child.stdout.getReader();
      await reader.read(); // "saved": restored (after the first cycle) and saving in a loop
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 900));
      child.kill("SIGKILL");
      await child.status;
      reader.releaseLock();
      await child.stdout.cancel();
      const temps = [...Deno.readDirSync(dir)].filter((e) => e.name !== "devnet.json").length;
      const saved = await loadState(path, spec); // sweeps, then parses: throws on a torn file
      assert.ok(saved, "a state file exists");
      const number = parseInt(saved.head.number, 16);
      assert.ok(number >= best, `block ${number} after ${best}: the chain went back`);
      best = number;
      swept += temps;
      assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["devnet.json"]);
    }
    await using net = await startDevnet({ serve: false, instant: true, statePath: path, metadata });
    assert.equal(net.chain.best.number, best);
    console.log(
      `devnet --state: ${cycles} kill -9 cycles, loaded every time (best block ${best}), ${swept} temps swept`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
