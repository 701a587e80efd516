// Hostile miners against the real dendrite (the validator's query path), each side its own process
// over loopback: a key bomb, an endless body, a slow drip, a wrong content type and bytes that are
// not UTF-8. The validator side reports its worst event-loop lag and its RSS.
import assert from "node:assert/strict";
import { runJson, startListening } from "./_process.ts";

const MINER = new URL("./_fake_miner.ts", import.meta.url).pathname;
const PROBE = new URL("./_dendrite_probe.ts", import.meta.url).pathname;
const SOAK = Deno.env.get("SOAK") === "1";

async function attack(name: string, args: string[] = [], probeArgs: string[] = []) {
  await using miner = await startListening(MINER, ["--attack", name, ...args]);
  const result = await runJson(PROBE, ["--port", String(miner.port), ...probeArgs]);
  console.log(`${name}: ${JSON.stringify(result)}`);
  return result as {
    status: number;
    message: string;
    statuses: number[];
    lagMaxMs: number;
    elapsedMs: number;
    rssBaseMiB: number;
    rssMaxMiB: number;
  };
}

Deno.test("a key-bomb answer (80,000 integer-like keys) costs the validator little event-loop time", async () => {
  const r = await attack("keybomb");
  assert.equal(r.status, 200, r.message); // 80k keys is within the default keysMax: parsed, in linear time
  assert.ok(r.lagMaxMs < 1_000, `event loop blocked for ${r.lagMaxMs} ms (was 4.7 s)`);
});

Deno.test("a key bomb past keysMax is refused with a typed error naming the limit", async () => {
  const r = await attack("keybomb", ["--keys", "150000"]);
  assert.equal(r.status, 422);
  assert.match(r.message, /more than 100000 object keys \(keysMax\)/);
});

Deno.test("an endless answer is cut at responseBytesMax and the validator's RSS stays bounded", async () => {
  const r = await attack("endless", [], ["--timeout", "30", ...(SOAK ? ["--calls", "8"] : [])]);
  assert.equal(r.status, 422);
  assert.match(r.message, /larger than 8388608 bytes \(responseBytesMax\)/);
  assert.ok(r.rssMaxMiB - r.rssBaseMiB < 200, `RSS grew ${r.rssMaxMiB - r.rssBaseMiB} MiB`);
});

Deno.test("a slow drip ends at the call's deadline (408), not when the miner finishes", async () => {
  const r = await attack("drip", [], ["--timeout", "1.5"]);
  assert.equal(r.status, 408, r.message);
  assert.ok(r.elapsedMs < 10_000, `took ${r.elapsedMs} ms`);
});

Deno.test("a wrong content type is refused before the body is read", async () => {
  const r = await attack("wrongtype");
  assert.equal(r.status, 422);
  assert.match(r.message, /unexpected mimetype: text\/html/);
});

Deno.test("bytes that are not UTF-8 are a parse failure for that miner", async () => {
  const r = await attack("badutf8");
  assert.equal(r.status, 422);
  assert.match(r.message, /not valid UTF-8/);
});
