/**
 * Throughput of the serving edge before and after connection hygiene, in one run: the same axon
 * (full verification) and a bare handler, each bound with a bare `Deno.serve` ("before"), with
 * `serve()` and its accept layer ("after", `Deno.serve`'s engine per connection), with the accept
 * layer's `Deno.serveHttp` engine (the devnet's, for WebSockets; the axon's before), and with a
 * second bare `Deno.serve` (the control: identical to "before", so its ratio is the spread the
 * machine alone adds). Rounds run in an order that turns, so load on a shared machine hits all alike.
 *
 * The figure that counts is the server process's CPU time per request (from /proc, Linux), which a
 * shared machine distorts least: a server's throughput on its own core is its inverse. Target:
 * after ≥ 0.95 × before, as CPU per request pooled over all rounds (each side's CPU time over its
 * requests); each round's ratio and their median are printed beside it, and wall-clock req/s.
 *
 * Run: `deno run -A bench/serve_edge_bench.ts` (`BENCH_QUICK=1` for fewer, shorter rounds;
 * `BENCH_MODES=axon` for one mode).
 *
 * @module
 */
import { startBenchServer } from "./_bench_server_process.ts";
import { signedSynapse } from "./_signed_synapse.ts";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { keySecretFromUri } from "../wallet/keypair.ts";
import { wasmSr25519Signer } from "../neurons/wasm_signer.ts";

const QUICK = !!Deno.env.get("BENCH_QUICK");
const ROUNDS = QUICK ? 4 : 8; // a multiple of 4: each server runs in each place of the order equally often
const ROUND_MS = QUICK ? 2_000 : 3_000;
const CONCURRENCY = 64;
/** Pre-signed requests per worker: enough for every round at a few hundred requests per second. */
const PINGS = QUICK ? 100 : 250;

/** CPU time (user + system) of process `pid` so far, in ms; NaN where /proc is missing. */
function cpuMs(pid: number): number {
  try {
    const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in 100 Hz ticks
  } catch {
    return NaN;
  }
}

interface Round {
  /** Requests per second (wall clock). */
  rate: number;
  /** Server CPU ms per request. */
  cpu: number;
  /** Requests answered. */
  done: number;
  /** Server CPU ms in all. */
  cpuMs: number;
}

/** Requests over `ROUND_MS` with `CONCURRENCY` in flight, each worker with its own source. */
async function round(pid: number, sources: (() => Request | null)[]): Promise<Round> {
  let done = 0;
  const cpu0 = cpuMs(pid);
  const started = performance.now();
  await Promise.all(sources.map(async (make) => {
    while (performance.now() - started < ROUND_MS) {
      const request = make();
      if (!request) return; // this worker's pre-signed requests are spent
      const res = await fetch(request);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`Bench request answered ${res.status}`);
      done++;
    }
  }));
  const used = cpuMs(pid) - cpu0;
  return { rate: done / ((performance.now() - started) / 1000), cpu: used / done, done, cpuMs: used };
}

/** `count` signed pings from Alice to `receiver` under one uuid, nonces rising (signing kept out of the timing). */
function signedPings(port: number, receiver: string, count: number): () => Request | null {
  const uuid = crypto.randomUUID();
  let nonce = BigInt(Date.now()) * 1_000_000n;
  const signed = Array.from({ length: count }, () => {
    nonce += 1n;
    return signedSynapse({ signer: alice, receiver, port, nonce, uuid });
  });
  let next = 0;
  return () => {
    if (next >= signed.length) return null;
    const { headers, body } = signed[next++];
    return new Request(`http://127.0.0.1:${port}/Bench`, { method: "POST", headers, body });
  };
}

const alice = wasmSr25519Signer(keySecretFromUri("//Alice"));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

await cryptoWaitReady();
const rows: string[] = [];
/** The servers of each mode: "before" first (every ratio is against it), then the rest. */
const SIDES: { name: string; flags: string[] }[] = [
  { name: "before (Deno.serve)", flags: ["--raw-edge"] },
  { name: "after (serve())", flags: [] },
  { name: "serveHttp engine", flags: ["--serve-http-edge"] },
  { name: "control (Deno.serve again)", flags: ["--raw-edge"] },
];
const pooled = (xs: Round[]) => xs.reduce((t, x) => t + x.cpuMs, 0) / xs.reduce((t, x) => t + x.done, 0);
for (const mode of (Deno.env.get("BENCH_MODES") ?? "bare,axon").split(",")) {
  const servers = [];
  for (const side of SIDES) servers.push(await startBenchServer([mode, ...side.flags]));
  const make = (s: { ports: number[]; hotkey: string }) =>
    Array.from(
      { length: CONCURRENCY },
      () =>
        mode === "bare"
          ? () => new Request(`http://127.0.0.1:${s.ports[0]}/`, { method: "POST", body: "{}" })
          : signedPings(s.ports[0], s.hotkey, PINGS),
    );
  for (const server of servers) await round(server.pid, make(server)); // warm each up
  const rounds: Round[][] = servers.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    // The order turns each round, so a place in the order (what ran just before) favours no server.
    for (let i = 0; i < servers.length; i++) {
      const k = (r + i) % servers.length;
      rounds[k].push(await round(servers[k].pid, make(servers[k])));
    }
  }
  for (const server of servers) await server.stop();
  const base = rounds[0];
  rows.push(`${mode}: server CPU per request, and throughput per core as a multiple of before's`);
  SIDES.forEach((side, k) => {
    const pairs = base.map((x, i) => x.cpu / rounds[k][i].cpu);
    rows.push(
      `  ${side.name.padEnd(27)} ${pooled(rounds[k]).toFixed(4)} ms → ${
        (pooled(base) / pooled(rounds[k])).toFixed(3)
      } ×` +
        (k === 0 ? "" : ` (per round [${pairs.map((x) => x.toFixed(2))}], median ${median(pairs).toFixed(3)})`) +
        `; wall req/s [${rounds[k].map((x) => x.rate.toFixed(0))}]`,
    );
  });
}
console.log(
  `serving edge throughput, ${CONCURRENCY} in flight, ${ROUNDS} rounds of ${ROUND_MS} ms per server, order turning; ` +
    "target: after ≥ 0.95 × before; the control shows the spread the machine alone adds",
);
for (const row of rows) console.log(row);
