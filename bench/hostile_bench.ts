/**
 * What each hostile peer costs, beside a no-attack baseline in the same run.
 *
 * Validator side: a fake miner process answers with each attack (key bomb, endless body, slow drip,
 * wrong content type, invalid UTF-8); the real dendrite in another process queries it while honest
 * queries to an honest miner run back to back. Reported: the validator's worst event-loop lag, the
 * honest queries' median time, and the validator's RSS growth.
 *
 * Axon side: a real axon process; a legitimate caller's median time alone, then during a signed key
 * bomb, 400 idle connections, and unsigned 8 MiB bodies.
 *
 * Run: `deno run -A bench/hostile_bench.ts`. Figures are wall-clock on a shared machine: compare the
 * rows of one run with each other, not with another run.
 *
 * @module
 */
import { createDendrite } from "../neurons/dendrite.ts";
import { Dummy } from "../subnets/template/synapse.ts";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { runJson, startListening } from "../tests/hostile/_process.ts";

const MINER = new URL("../tests/hostile/_fake_miner.ts", import.meta.url).pathname;
const PROBE = new URL("../tests/hostile/_dendrite_probe.ts", import.meta.url).pathname;
const AXON = new URL("../tests/hostile/_axon_server.ts", import.meta.url).pathname;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await cryptoReady();
console.log("validator side: one attacking miner + honest queries to another, per row");
console.log("attack      status  lag max   honest p50  honest calls  validator RSS");
{
  await using honest = await startListening(MINER, ["--attack", "honest"]);
  for (const attack of ["honest", "keybomb", "endless", "drip", "wrongtype", "badutf8"]) {
    await using miner = await startListening(MINER, ["--attack", attack]);
    const r = await runJson(PROBE, [
      "--port",
      String(miner.port),
      "--honest-port",
      String(honest.port),
      "--timeout",
      attack === "drip" ? "3" : "12",
    ]);
    console.log(
      `${(attack === "honest" ? "(baseline)" : attack).padEnd(11)} ${String(r.status).padEnd(7)} ${
        String(r.lagMaxMs).padStart(5)
      } ms  ${String(r.legitP50Ms).padStart(7)} ms  ${
        String(r.legitCalls).padStart(12)
      }  ${r.rssBaseMiB} → ${r.rssMaxMiB} MiB`,
    );
  }
}

const bob = keypairFromUri("//Bob");
const dave = createDendrite({ keypair: keypairFromUri("//Dave") });
async function legitP50(port: number, n: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const out = await dave.call({ ip: "127.0.0.1", port, hotkey: bob.address }, Dummy.create({ dummy_input: 1 }), {
      type: Dummy,
      timeout: 30,
    });
    if (out.dendrite.status_code !== 200) throw new Error(`legit query got ${out.dendrite.status_code}`);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(n / 2)];
}

console.log("\naxon side: a legitimate caller's median time, 15 calls per row");
{
  await using axon = await startListening(AXON, []);
  await legitP50(axon.port, 5);
  console.log(`(baseline)          ${(await legitP50(axon.port, 15)).toFixed(1)} ms`);

  // Signed key bombs (80,000 integer-like keys, outside the body hash) back to back.
  const parts: string[] = [];
  for (let i = 80_000; i > 0; i--) parts.push(`"${i}":${i}`);
  const bomb = `, "x": {${parts.join(",")}}}`;
  const bomber = createDendrite({
    keypair: keypairFromUri("//Charlie"),
    fetch: (url, init) => fetch(url, { ...init, body: String(init!.body).replace(/}$/, bomb) }),
  });
  let on = true;
  const bombing = (async () => {
    while (on) {
      await bomber.call({ ip: "127.0.0.1", port: axon.port, hotkey: bob.address }, Dummy.create({ dummy_input: 1 }), {
        type: Dummy,
        timeout: 30,
      });
    }
  })();
  console.log(`signed key bombs    ${(await legitP50(axon.port, 15)).toFixed(1)} ms`);
  on = false;
  await bombing;

  const idle: Deno.Conn[] = [];
  for (let i = 0; i < 400; i++) idle.push(await Deno.connect({ hostname: "127.0.0.1", port: axon.port }));
  await sleep(1_500);
  console.log(`400 idle conns      ${(await legitP50(axon.port, 15)).toFixed(1)} ms`);
  for (const c of idle) c.close();

  on = true;
  const body = new Uint8Array(8 * 1024 * 1024).fill(0x20);
  const flooding = Array.from({ length: 8 }, async () => {
    while (on) {
      await fetch(`http://127.0.0.1:${axon.port}/echo`, { method: "POST", body }).then((r) => r.body?.cancel()).catch(
        () => {},
      );
    }
  });
  console.log(`unsigned 8 MiB POSTs ${(await legitP50(axon.port, 15)).toFixed(1)} ms (8 in flight)`);
  on = false;
  await Promise.all(flooding);
}
