/**
 * Verify throughput per auth dialect (issue 10), measured in one run against the same baselines:
 *
 * (a) raw sr25519 verify on one core, WASM schnorrkel (what every dialect uses): baseline of (b)
 * (b) `axon.fetch` on a plain `/echo` route, no socket, one request at a time: each dialect's whole
 *     check (headers, body hash, signature, replay store) plus the echo, per wall and per CPU second
 * (c) loopback HTTP against `examples/auth_echo.ts` in a second process: unsigned requests answered 401
 *     before any signature work (baseline), then each dialect answered 200
 *
 * Each group runs in interleaved rounds (baseline, synapse, btauth, epistula, again…), so a busy
 * machine slows all of them alike. Requests are signed before each timed round (signing is the
 * client's cost). Every phase is bounded in requests and time. Run: `deno run -A bench/auth_bench.ts`
 * (also under `deno task bench`); `BENCH_QUICK=1` shrinks the counts.
 *
 * @module
 */
import { cpuUsage } from "node:process";
import { cryptoWaitReady, sr25519Verify as jsVerify } from "@polkadot/util-crypto";
import { keypairFromUri } from "../wallet/keypair.ts";
import { sr25519VerifyCompat } from "../neurons/verify_pool.ts";
import { createAxon } from "../neurons/axon.ts";
import { createNonceSource } from "../protocol/nonce.ts";
import { AUTH_DIALECTS, type AuthDialect, signRequest } from "../neurons/signed_fetch.ts";

const QUICK = !!Deno.env.get("BENCH_QUICK");
/** Time budget of one group (all its phases), in ms. */
const GROUP_MS_MAX = QUICK ? 4_000 : 16_000;
/** Requests per phase at most. */
const PHASE_REQUESTS_MAX = QUICK ? 600 : 4_000;
const CONCURRENCY = 32;
/** Requests signed and then sent per round (loopback: short enough for btauth/1's 10 s window). */
const ROUND = CONCURRENCY * 8;
const BODY = '{"prompt": "hello", "max_tokens": 16}';
const enc = new TextEncoder();
const alice = keypairFromUri("//Alice");
const bob = keypairFromUri("//Bob");
const PEER = { remoteAddr: { hostname: "127.0.0.1", port: 40000 } };

interface Signed {
  url: string;
  headers: [string, string][];
  body: string;
}

/**
 * Signs `count` requests Alice → Bob with strictly increasing nonces, so synapse nonces increase per
 * uuid in the order a worker sends them (request i goes to worker i % CONCURRENCY); a 600 s timeout
 * keeps the synapse window open for a round.
 */
function presign(dialect: AuthDialect, url: string, count: number, now: () => number, nonce: () => bigint): Signed[] {
  const uuids = Array.from({ length: CONCURRENCY }, () => crypto.randomUUID());
  const out: Signed[] = [];
  for (let i = 0; i < count; i++) {
    const request = signRequest(url, {
      dialect,
      signer: alice,
      receiver: bob.address,
      body: BODY,
      now,
      nonce: nonce(),
      uuid: dialect === "synapse" ? uuids[i % CONCURRENCY] : undefined,
      timeoutS: 600,
    });
    out.push({ url, headers: [...request.headers], body: BODY });
  }
  return out;
}

const toRequest = (s: Signed) => new Request(s.url, { method: "POST", headers: s.headers, body: s.body });

interface Tally {
  done: number;
  wallS: number;
  cpuS: number;
}

/** One measured phase: `prepare` (untimed) builds a round of `count`, `run` (timed) returns how many completed. */
interface Phase<P> {
  name: string;
  prepare(count: number): P;
  run(prepared: P): Promise<number>;
}

/** Runs the phases in interleaved rounds until each has `PHASE_REQUESTS_MAX` or the group's time is up. */
async function interleaved(phases: Phase<unknown>[]): Promise<Map<string, Tally>> {
  const tallies = new Map(phases.map((p) => [p.name, { done: 0, wallS: 0, cpuS: 0 }]));
  const started = performance.now();
  while (performance.now() - started < GROUP_MS_MAX) {
    let ran = false;
    for (const phase of phases) {
      const t = tallies.get(phase.name)!;
      if (t.done >= PHASE_REQUESTS_MAX) continue;
      ran = true;
      const prepared = phase.prepare(Math.min(ROUND, PHASE_REQUESTS_MAX - t.done));
      const cpu0 = cpuUsage();
      const t0 = performance.now();
      t.done += await phase.run(prepared);
      t.wallS += (performance.now() - t0) / 1000;
      const cpu = cpuUsage(cpu0);
      t.cpuS += (cpu.user + cpu.system) / 1e6;
    }
    if (!ran) break;
  }
  return tallies;
}

/** A raw-verify phase: `count` verifications of one signature. */
function verifyPhase(name: string, verify: (m: Uint8Array, s: Uint8Array, p: Uint8Array) => boolean): Phase<number> {
  const message = enc.encode(`${"a".repeat(64)}.uuid.1752076800000.${bob.address}`);
  const signature = alice.sign(message);
  return {
    name,
    prepare: (count) => count,
    run(count) {
      for (let i = 0; i < count; i++) {
        if (!verify(message, signature, alice.publicKey)) throw new Error("Bench signature did not verify");
      }
      return Promise.resolve(count);
    },
  };
}

/** `axon.fetch` of presigned requests, one at a time, on a fixed clock. */
function inProcessPhase(dialect: AuthDialect): Phase<Request[]> {
  const nowMs = Date.now();
  const axon = createAxon({ keypair: bob, now: () => nowMs }).route("/echo", (body) => body);
  const nonce = createNonceSource({ clockMs: () => nowMs });
  return {
    name: dialect,
    prepare: (count) => presign(dialect, "http://127.0.0.1:8091/echo", count, () => nowMs, nonce).map(toRequest),
    async run(requests) {
      for (const request of requests) {
        const res = await axon.fetch(request, PEER);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`In-process ${dialect} request answered ${res.status}`);
      }
      return requests.length;
    },
  };
}

/** Sends the requests with `CONCURRENCY` in flight; throws if any status differs from `expect`. */
async function blast(requests: Signed[], expect: number): Promise<number> {
  let wrong = 0;
  const worker = async (w: number) => {
    for (let i = w; i < requests.length; i += CONCURRENCY) {
      const res = await fetch(toRequest(requests[i]));
      await res.arrayBuffer(); // read it all so the keep-alive connection is reused
      if (res.status !== expect) wrong++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  if (wrong) throw new Error(`Bench round got ${wrong} of ${requests.length} responses other than ${expect}`);
  return requests.length;
}

async function startEcho(): Promise<{ port: number; stop: () => Promise<void> }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../examples/auth_echo.ts", import.meta.url).pathname,
      "--port",
      "0",
      "--host",
      "127.0.0.1",
      "--dev",
      "//Bob",
    ],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/listening on \d+\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`Cannot start examples/auth_echo.ts: it exited before listening (${text})`);
    text += value;
  }
  return {
    port: Number(/listening on (\d+)/.exec(text)![1]),
    async stop() {
      child.kill("SIGTERM");
      await reader.cancel().catch(() => {});
      await child.status;
    },
  };
}

/** Runs every group and prints one table. */
async function runAuthBench(): Promise<void> {
  await cryptoWaitReady();
  const rows: string[][] = [];
  const fmt = (n: number) => n.toFixed(0);
  const rate = (t: Tally) => t.done / t.wallS;
  const cpuRate = (t: Tally) => t.done / t.cpuS;

  // (a) + (b): raw verify and in-process axon.fetch, interleaved on this thread
  const local = await interleaved([
    verifyPhase("wasm", sr25519VerifyCompat),
    verifyPhase("js", jsVerify),
    ...AUTH_DIALECTS.map(inProcessPhase),
  ] as Phase<unknown>[]);
  const base = local.get("wasm")!;
  const vs = (t: Tally) => `${(cpuRate(t) / cpuRate(base)).toFixed(2)}× baseline per CPU-s`;
  const line = (label: string, t: Tally, unit: string, ratio: string) =>
    rows.push([label, `${fmt(rate(t))} ${unit}, ${fmt(cpuRate(t))} per CPU-s`, ratio]);
  line("(a) sr25519 verify, WASM schnorrkel, one core", base, "/s", "baseline");
  line("(a') sr25519Verify of @polkadot/util-crypto 14 (JS)", local.get("js")!, "/s", vs(local.get("js")!));
  for (const d of AUTH_DIALECTS) {
    line(`(b) axon.fetch /echo, ${d}, one at a time`, local.get(d)!, "req/s", vs(local.get(d)!));
  }

  // (c) loopback HTTP against examples/auth_echo.ts, interleaved
  const echo = await startEcho();
  try {
    const url = `http://127.0.0.1:${echo.port}/echo`;
    const unsigned = (count: number) => Array.from({ length: count }, () => ({ url, headers: [], body: BODY }));
    await blast(unsigned(CONCURRENCY * 4), 401); // open the connections, warm the JIT
    const http = await interleaved([
      { name: "unsigned", prepare: unsigned, run: (r: Signed[]) => blast(r, 401) },
      ...AUTH_DIALECTS.map((d) => ({
        name: d,
        prepare: (count: number) => presign(d, url, count, Date.now, createNonceSource()),
        run: (r: Signed[]) => blast(r, 200),
      })),
    ] as Phase<unknown>[]);
    const baseHttp = http.get("unsigned")!;
    rows.push(["(c) loopback /echo, unsigned → 401 (no verify)", `${fmt(rate(baseHttp))} req/s`, "baseline"]);
    for (const d of AUTH_DIALECTS) {
      const t = http.get(d)!;
      rows.push([
        `(c) loopback /echo, ${d} → 200`,
        `${fmt(rate(t))} req/s`,
        `${(rate(t) / rate(baseHttp)).toFixed(2)}×`,
      ]);
    }
  } finally {
    await echo.stop();
  }
  const widths = [0, 1].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(
    `auth dialects on ${navigator.hardwareConcurrency} cores: at most ${PHASE_REQUESTS_MAX} requests per phase, rounds of ${ROUND}, ${CONCURRENCY} in flight on loopback`,
  );
  for (const r of rows) console.log(`${r[0].padEnd(widths[0])}  ${r[1].padStart(widths[1])}  ${r[2]}`);
}

await runAuthBench();
