/**
 * Throughput of the serving edge before and after connection hygiene, in one run: the same axon
 * (full verification) and a bare handler, each bound with a bare `Deno.serve` ("before"), with
 * `serve()` and its accept layer ("after", `Deno.serve`'s engine per connection), and with the accept
 * layer's `Deno.serveHttp` engine (the devnet's, for WebSockets; the axon's before), measured in
 * rounds whose order turns, so load on a shared machine hits all alike. The figure that counts is the server process's CPU time per request
 * (from /proc, Linux), which a shared machine distorts least: a server's throughput on its own core is
 * its inverse. Target: after ≥ 0.95 × before, as the ratio of CPU per request pooled over all rounds
 * (each side's CPU time over its requests); the ratio of each before/after pair of rounds is printed
 * beside it, so the spread a shared machine adds is in view. Wall-clock req/s is printed too.
 *
 * Run: `deno run -A bench/serve_edge_bench.ts` (`BENCH_QUICK=1` for shorter rounds, `BENCH_MODES=axon` for one mode; `BENCH_AA=1` binds
 * "after" with a bare `Deno.serve` too, an A/A control that shows the spread the machine alone adds).
 *
 * @module
 */
import { bytesToHex } from "@noble/hashes/utils.js";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { keySecretFromUri } from "../wallet/keypair.ts";
import { wasmSr25519Signer } from "../neurons/wasm_signer.ts";
import { BaseSynapse } from "../protocol/synapse.ts";
import { terminalInfo } from "../protocol/terminal_info.ts";

const QUICK = !!Deno.env.get("BENCH_QUICK");
const AA = !!Deno.env.get("BENCH_AA");
const ROUNDS = QUICK ? 3 : 9; // a multiple of 3: each server runs first, second and third equally often
const ROUND_MS = QUICK ? 2_000 : 3_000;
const CONCURRENCY = 64;
/** Pre-signed requests per worker: enough for every round at a few hundred requests per second. */
const PINGS = QUICK ? 100 : 250;
const EMPTY_HASH = "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";
const enc = new TextEncoder();

async function startServer(args: string[]) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./_axon_bench_server.ts", import.meta.url).pathname, ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`Cannot start the bench server (${args.join(" ")})`);
    text += value;
  }
  const { ports, hotkey } = JSON.parse(text.split("\n")[0]);
  return {
    pid: child.pid,
    port: ports[0] as number,
    hotkey: hotkey as string,
    async stop() {
      await child.stdin.close();
      reader.cancel().catch(() => {});
      await child.status;
    },
  };
}

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
  const signed: { headers: [string, string][]; body: string }[] = [];
  for (let i = 0; i < count; i++) {
    nonce += 1n;
    const message = `${nonce}.${alice.address}.${receiver}.${uuid}.${EMPTY_HASH}`;
    const synapse = {
      ...BaseSynapse.create({ timeout: 600 }),
      dendrite: terminalInfo({
        version: 10002000,
        nonce,
        uuid,
        hotkey: alice.address,
        signature: "0x" + bytesToHex(alice.sign(enc.encode(message))),
      }),
      axon: terminalInfo({ ip: "127.0.0.1", port, hotkey: receiver }),
    };
    signed.push({
      headers: [...BaseSynapse.toHeaders(synapse), ["content-type", "application/json"]],
      body: BaseSynapse.toJson(synapse, { style: "python" }),
    });
  }
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
for (const mode of (Deno.env.get("BENCH_MODES") ?? "bare,axon").split(",")) {
  const before = await startServer([mode, "--raw-edge"]);
  const after = await startServer(AA ? [mode, "--raw-edge"] : [mode]);
  const legacy = await startServer([mode, "--serve-http-edge"]);
  const make = (s: { port: number; hotkey: string }) =>
    Array.from(
      { length: CONCURRENCY },
      () =>
        mode === "bare"
          ? () => new Request(`http://127.0.0.1:${s.port}/`, { method: "POST", body: "{}" })
          : signedPings(s.port, s.hotkey, PINGS),
    );
  await round(before.pid, make(before)); // warm both up
  await round(after.pid, make(after));
  await round(legacy.pid, make(legacy));
  const b: Round[] = [], a: Round[] = [], l: Round[] = [];
  const sides = [{ server: before, rounds: b }, { server: after, rounds: a }, { server: legacy, rounds: l }];
  for (let r = 0; r < ROUNDS; r++) {
    // The order turns each round, so a place in the order (what ran just before) favours no server.
    for (let i = 0; i < sides.length; i++) {
      const { server, rounds } = sides[(r + i) % sides.length];
      rounds.push(await round(server.pid, make(server)));
    }
  }
  await before.stop();
  await after.stop();
  await legacy.stop();
  const pooled = (xs: Round[]) => xs.reduce((t, x) => t + x.cpuMs, 0) / xs.reduce((t, x) => t + x.done, 0);
  const cpuB = pooled(b), cpuA = pooled(a);
  const pairs = b.map((x, i) => (x.cpu / a[i].cpu).toFixed(2));
  rows.push(
    `${mode.padEnd(5)} server CPU per request: before (Deno.serve) ${cpuB.toFixed(4)} ms, after (serve()) ${
      cpuA.toFixed(4)
    } ms → throughput per core ${(cpuB / cpuA).toFixed(3)} × before (target ≥ 0.95); per round pair [${pairs}]` +
      ` (median ${median(b.map((x, i) => x.cpu / a[i].cpu)).toFixed(3)}); wall req/s before [${
        b.map((x) => x.rate.toFixed(0))
      }] after [${a.map((x) => x.rate.toFixed(0))}]`,
    `${" ".repeat(5)} serveHttp engine: ${pooled(l).toFixed(4)} ms → ${
      (cpuB / pooled(l)).toFixed(3)
    } × before; per round pair [${b.map((x, i) => (x.cpu / l[i].cpu).toFixed(2))}]; wall req/s [${
      l.map((x) => x.rate.toFixed(0))
    }]`,
  );
}
console.log(
  `serving edge throughput, ${CONCURRENCY} in flight, ${ROUNDS} rotating rounds of ${ROUND_MS} ms` +
    (AA ? " (A/A control: after is a bare Deno.serve too)" : ""),
);
for (const row of rows) console.log(row);
