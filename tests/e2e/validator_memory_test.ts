// A validator's heap stays flat over many steps (upstream copies the metagraph every resync and
// leaks ~50 MB each time). 1,000 steps under SOAK=1, 150 in CI; measured in a child process.
import assert from "node:assert/strict";

const STEPS = Deno.env.get("SOAK") ? 1000 : 150;

Deno.test(`validator heap stays flat over ${STEPS} steps`, async () => {
  const script = new URL("./_validator_memory.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--v8-flags=--expose-gc", script, "--steps", String(STEPS)],
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
