/**
 * Verify throughput per auth dialect (issue 10), measured in one run against the same baselines:
 *
 * (a) raw sr25519 verify on one core, WASM schnorrkel (what the synapse dialect uses): baseline of (b)
 * (b) `axon.fetch` on a plain `/echo` route, no socket, one core: each dialect's whole check (headers,
 *     body hash, signature, replay store) plus the echo, as requests per second and per CPU second
 * (c) loopback HTTP against `examples/auth_echo.ts` in a second process: unsigned requests answered 401
 *     before any signature work (baseline), then each dialect answered 200
 *
 * Requests are signed before each timed phase (signing is the client's cost). Every phase is bounded in
 * requests and time. Run: `deno run -A bench/auth_bench.ts` (also under `deno task bench`);
 * `BENCH_QUICK=1` shrinks the counts.
 *
 * @module
 */
import { cpuUsage } from "node:process";
import { cryptoWaitReady, sr25519Verify } from "@polkadot/util-crypto";
import { keypairFromUri } from "../wallet/keypair.ts";
import { sr25519VerifyCompat } from "../neurons/verify_pool.ts";
import { createAxon } from "../neurons/axon.ts";
import { AUTH_DIALECTS, type AuthDialect, signRequest } from "../neurons/signed_fetch.ts";

const QUICK = !!Deno.env.get("BENCH_QUICK");
const PHASE_MS_MAX = QUICK ? 1_500 : 4_000;
const CONCURRENCY = 32;
/** Requests signed and sent per loopback round. */
const CHUNK = CONCURRENCY * 8;
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
 * Signs `count` requests Alice → Bob. Synapse nonces increase per uuid in the order a worker sends
 * them (request i goes to worker i % CONCURRENCY), with a 600 s timeout so the window outlasts a phase.
 */
function presign(dialect: AuthDialect, url: string, count: number, now: () => number): Signed[] {
  const uuids = Array.from({ length: CONCURRENCY }, () => crypto.randomUUID());
  const base = BigInt(Math.floor(now())) * 1_000_000n;
  const out: Signed[] = [];
  for (let i = 0; i < count; i++) {
    const request = signRequest(url, {
      dialect,
      signer: alice,
      receiver: bob.address,
      body: BODY,
      now,
      nonce: base + BigInt(i),
      uuid: dialect === "synapse" ? uuids[i % CONCURRENCY] : undefined,
      timeoutS: 600,
    });
    out.push({ url, headers: [...request.headers], body: BODY });
  }
  return out;
}

const toRequest = (s: Signed) => new Request(s.url, { method: "POST", headers: s.headers, body: s.body });

/** Process CPU seconds (user + system) used while `work` ran. */
async function timed(work: () => Promise<number>): Promise<{ done: number; wallS: number; cpuS: number }> {
  const cpu0 = cpuUsage();
  const t0 = performance.now();
  const done = await work();
  const cpu = cpuUsage(cpu0);
  return { done, wallS: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6 };
}

/** Verifications per second on this thread. */
function verifyRate(verify: (m: Uint8Array, s: Uint8Array, p: Uint8Array) => boolean): number {
  const message = enc.encode(`${"a".repeat(64)}.uuid.1752076800000.${bob.address}`);
  const signature = alice.sign(message);
  for (let i = 0; i < 50; i++) verify(message, signature, alice.publicKey);
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < PHASE_MS_MAX / 2) {
    if (!verify(message, signature, alice.publicKey)) throw new Error("Bench signature did not verify");
    n++;
  }
  return n / ((performance.now() - started) / 1000);
}

/** `axon.fetch` one request at a time on a fixed clock; returns the number answered 200. */
async function inProcess(dialect: AuthDialect, count: number): Promise<{ done: number; wallS: number; cpuS: number }> {
  const nowMs = Date.now();
  const axon = createAxon({ keypair: bob, now: () => nowMs }).route("/echo", (body) => body);
  const signed = presign(dialect, "http://127.0.0.1:8091/echo", count, () => nowMs);
  const requests = signed.map(toRequest);
  return await timed(async () => {
    let done = 0;
    const started = performance.now();
    for (const request of requests) {
      const res = await axon.fetch(request, PEER);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`In-process ${dialect} request answered ${res.status}`);
      done++;
      if (performance.now() - started > PHASE_MS_MAX) break;
    }
    return done;
  });
}

/** Sends the requests with `CONCURRENCY` in flight; throws if any status differs from `expect`. */
async function blast(requests: Signed[], expect: number): Promise<number> {
  let done = 0;
  let wrong = 0;
  const started = performance.now();
  const worker = async (w: number) => {
    for (let i = w; i < requests.length && performance.now() - started < PHASE_MS_MAX; i += CONCURRENCY) {
      const res = await fetch(toRequest(requests[i]));
      await res.arrayBuffer(); // read it all so the keep-alive connection is reused
      if (res.status !== expect) wrong++;
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  if (wrong) throw new Error(`Bench phase got ${wrong} of ${done} responses with a status other than ${expect}`);
  return done;
}

/**
 * Loopback throughput for one dialect: rounds of `CHUNK` requests, each signed (untimed) right before
 * it is sent (timed), so no request outlives btauth/1's 10 s window on a busy machine.
 */
async function loopback(dialect: AuthDialect, url: string, count: number): Promise<{ done: number; wallS: number }> {
  let done = 0;
  let wallS = 0;
  while (done < count && wallS * 1000 < PHASE_MS_MAX) {
    const signed = presign(dialect, url, Math.min(CHUNK, count - done), Date.now);
    const r = await timed(() => blast(signed, 200));
    done += r.done;
    wallS += r.wallS;
  }
  return { done, wallS };
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

/** Runs every phase and prints one table; returns its rows. */
async function runAuthBench(): Promise<string[][]> {
  await cryptoWaitReady();
  const rows: string[][] = [];
  const fmt = (n: number) => n.toFixed(0);
  const ratio = (n: number, base: number) => `${(n / base).toFixed(2)}× baseline`;
  const N = QUICK ? 300 : 2_000;

  // (a) raw verify, one core
  const wasm = verifyRate(sr25519VerifyCompat);
  rows.push(["(a) sr25519 verify, WASM schnorrkel, one core", `${fmt(wasm)} /s`, "baseline"]);
  const js = verifyRate(sr25519Verify);
  rows.push(["(a') sr25519Verify of @polkadot/util-crypto, one core", `${fmt(js)} /s`, ratio(js, wasm)]);

  // (b) in-process axon.fetch per dialect
  for (const dialect of AUTH_DIALECTS) {
    const r = await inProcess(dialect, N);
    rows.push([
      `(b) axon.fetch /echo, ${dialect}, one at a time`,
      `${fmt(r.done / r.wallS)} req/s (${fmt(r.done / r.cpuS)} per CPU-s)`,
      ratio(r.done / r.wallS, wasm),
    ]);
  }

  // (c) loopback HTTP against examples/auth_echo.ts
  const echo = await startEcho();
  try {
    const url = `http://127.0.0.1:${echo.port}/echo`;
    const unsigned = Array.from({ length: N * 2 }, () => ({ url, headers: [] as [string, string][], body: BODY }));
    await blast(unsigned.slice(0, CONCURRENCY * 4), 401); // warm the connections and the JIT
    const base = await timed(() => blast(unsigned, 401));
    const baseRate = base.done / base.wallS;
    rows.push(["(c) loopback /echo, unsigned → 401 (no verify)", `${fmt(baseRate)} req/s`, "baseline"]);
    for (const dialect of AUTH_DIALECTS) {
      const r = await loopback(dialect, url, N);
      rows.push([
        `(c) loopback /echo, ${dialect} → 200`,
        `${fmt(r.done / r.wallS)} req/s`,
        ratio(r.done / r.wallS, baseRate),
      ]);
    }
  } finally {
    await echo.stop();
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  const width1 = Math.max(...rows.map((r) => r[1].length));
  console.log(
    `auth dialects, ${N} requests per phase (at most ${PHASE_MS_MAX} ms), concurrency ${CONCURRENCY} on loopback`,
  );
  for (const r of rows) console.log(`${r[0].padEnd(width)}  ${r[1].padStart(width1)}  ${r[2]}`);
  return rows;
}

await runAuthBench();
