/**
 * The validator's side of `miner_side_test.ts`: queries `--port` with the real dendrite and the
 * template's `Dummy` synapse (as the validator's forward does), and prints one JSON line with the
 * call's status and message, the worst event-loop lag seen (a 10 ms timer's lateness) and RSS.
 *
 * @module
 */
import { createDendrite } from "../../neurons/dendrite.ts";
import { Dummy } from "../../subnets/template/synapse.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";

const arg = (name: string, fallback: string) => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Deno.args[i + 1] : fallback;
};
const port = Number(arg("port", "0"));
const timeout = Number(arg("timeout", "4"));
const calls = Number(arg("calls", "1"));
await cryptoReady();
const dendrite = createDendrite({ keypair: keypairFromUri("//Alice") });
const target = { ip: "127.0.0.1", port, hotkey: keypairFromUri("//Bob").address };

// Warm up (JIT, connection pool) against the honest answer, as a running validator is.
const honest = createDendrite({ keypair: keypairFromUri("//Alice"), fetch: (u, i) => fetch(`${u}?attack=honest`, i) });
for (let i = 0; i < 3; i++) {
  await honest.query(target, Dummy.create({ dummy_input: 1 }), { type: Dummy, deserialize: false });
}

const rssBase = Deno.memoryUsage().rss;
let rssMax = rssBase;
let lagMax = 0;
let last = performance.now();
const tick = setInterval(() => {
  const t = performance.now();
  lagMax = Math.max(lagMax, t - last - 10);
  last = t;
  rssMax = Math.max(rssMax, Deno.memoryUsage().rss);
}, 10);
const started = performance.now();
const results = await dendrite.query(
  Array.from({ length: calls }, () => target),
  Dummy.create({ dummy_input: 1 }),
  { type: Dummy, timeout, deserialize: false },
);
const elapsedMs = performance.now() - started;
await new Promise((r) => setTimeout(r, 50));
clearInterval(tick);
const MiB = 1024 * 1024;
console.log(JSON.stringify({
  status: results[0].dendrite.status_code,
  message: results[0].dendrite.status_message,
  statuses: results.map((r) => r.dendrite.status_code),
  lagMaxMs: Math.round(lagMax),
  elapsedMs: Math.round(elapsedMs),
  rssBaseMiB: Math.round(rssBase / MiB),
  rssMaxMiB: Math.round(Math.max(rssMax, Deno.memoryUsage().rss) / MiB),
}));
