// A validator's heap stays flat over many steps (upstream copies the metagraph every resync and
// leaks ~50 MB each time). 1,000 steps under SOAK=1, 150 in CI; measured in a child process.
import assert from "node:assert/strict";
import { Subtensor } from "../../chain/client.ts";
import { startDevnet } from "../../devnet/devnet.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";

const STEPS = Deno.env.get("SOAK") ? 1000 : 150;

Deno.test(`validator heap stays flat over ${STEPS} steps`, async () => {
  await cryptoReady();
  await using net = await startDevnet({ port: 0, blockTimeMs: 50, tempo: 10, allowLocalIp: true });
  {
    await using chain = await Subtensor.connect({ provider: net.createProvider(), timeoutMs: 10_000 });
    const alice = keypairFromUri("//Alice");
    const validatorKey = keypairFromUri("//MemoryValidator");
    for (const uri of ["//MemoryValidator", "//MemoryMiner1", "//MemoryMiner2"]) {
      const key = keypairFromUri(uri);
      await chain.transfer(alice, { dest: key.address, amountRao: 100_000_000_000n });
      await chain.burnedRegister(key, { netuid: 1, hotkey: key.address });
    }
    await chain.addStake(validatorKey, { hotkey: validatorKey.address, netuid: 1, amountRao: 50_000_000_000n });
  }
  const script = new URL("./_validator_memory.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--v8-flags=--expose-gc", script, "--steps", String(STEPS), "--endpoint", net.endpoint],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  const result = JSON.parse(new TextDecoder().decode(out.stdout).trim().split("\n").pop()!);
  const growthMiB = (result.last.heapUsed - result.first.heapUsed) / 1024 / 1024;
  console.log(
    `validator memory: ${STEPS} steps, heap ${(result.first.heapUsed / 1048576).toFixed(1)} → ` +
      `${(result.last.heapUsed / 1048576).toFixed(1)} MiB, rss ${(result.first.rss / 1048576).toFixed(0)} → ` +
      `${(result.last.rss / 1048576).toFixed(0)} MiB`,
  );
  assert.ok(growthMiB < 16, `heap grew by ${growthMiB.toFixed(1)} MiB`);
});
