/**
 * Axon and dendrite throughput (issue 4), measured in one run, each figure with the ratio to its
 * baseline:
 *
 * (a) bare `Deno.serve` POST throughput (baseline for d)
 * (b) raw sr25519 verify rate on one core (baseline for c)
 * (c) axon throughput with full verification, inline and on a 2-worker verification pool
 * (d) axon rejection throughput for blacklisted and rate-limited callers
 * (e) dendrite fan-out to 256 local axons (two server processes of 128), p50/p99 wall time (baseline:
 *     1.5 × single-axon p50 + signing 256), signing with a wallet Keypair (util-crypto 14, pure JS)
 *     and with `wasmSr25519Signer`
 *
 * Servers run in a second Deno process (`_axon_bench_server.ts`); this process is the load client, on
 * loopback. Every phase is bounded in request count and time. Run: `deno run -A bench/axon_bench.ts`
 * (also runs under `deno task bench`). `BENCH_QUICK=1` shrinks the counts.
 */
import { startBenchServer } from "./_bench_server_process.ts";
import { EMPTY_BODY_HASH, type SignedSynapse, signedSynapse } from "./_signed_synapse.ts";
import { cryptoWaitReady, sr25519Verify } from "@polkadot/util-crypto";
import { keypairFromUri, keySecretFromUri } from "../wallet/keypair.ts";
import type { Signer } from "../protocol/signing.ts";
import { wasmSr25519Signer } from "../neurons/wasm_signer.ts";
import { sr25519VerifyCompat } from "../neurons/verify_pool.ts";
import { createDendrite } from "../neurons/dendrite.ts";
import { BaseSynapse } from "../protocol/synapse.ts";

const QUICK = !!Deno.env.get("BENCH_QUICK");
const CONCURRENCY = 64;
const PHASE_MS_MAX = QUICK ? 3_000 : 8_000;
const enc = new TextEncoder();

/** Sends `requests` with `CONCURRENCY` in flight; returns completed requests per second. */
async function blast(makeRequest: (i: number) => Request, count: number, expectStatus: number): Promise<number> {
  let done = 0;
  let wrong = 0;
  const started = performance.now();
  // Worker w sends requests w, w + C, w + 2C, … in order, so each uuid's nonces arrive increasing.
  const worker = async (w: number) => {
    for (let i = w; i < count && performance.now() - started < PHASE_MS_MAX; i += CONCURRENCY) {
      const res = await fetch(makeRequest(i));
      await res.arrayBuffer(); // read it all: a cancelled body closes the keep-alive connection
      if (res.status !== expectStatus) wrong++;
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  const seconds = (performance.now() - started) / 1000;
  if (wrong) throw new Error(`Bench phase got ${wrong} of ${done} responses with a status other than ${expectStatus}`);
  return done / seconds;
}

function pingRequest(port: number, headers: [string, string][], body: string): Request {
  return new Request(`http://127.0.0.1:${port}/Bench`, { method: "POST", headers, body });
}

/** Pre-signs `count` ping requests from Alice to Bob (signing is the client's cost, kept out of the timing). */
function presign(port: number, receiver: string, count: number): SignedSynapse[] {
  const alice = keypairFromUri("//Alice");
  const uuids = Array.from({ length: CONCURRENCY }, () => crypto.randomUUID());
  const base = BigInt(Date.now()) * 1_000_000n;
  return Array.from(
    { length: count },
    (_, i) => signedSynapse({ signer: alice, receiver, port, nonce: base + BigInt(i), uuid: uuids[i % CONCURRENCY] }),
  );
}

/** Verifications per second on this thread with `verify(message, signature, publicKey)`. */
function verifyRate(verify: (m: Uint8Array, s: Uint8Array, p: Uint8Array) => boolean): number {
  const alice = keypairFromUri("//Alice");
  const message = enc.encode(
    `1712345678901234567.${alice.address}.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.x.${EMPTY_BODY_HASH}`,
  );
  const signature = alice.sign(message);
  for (let i = 0; i < 100; i++) verify(message, signature, alice.publicKey);
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < (QUICK ? 1000 : 3000)) {
    if (!verify(message, signature, alice.publicKey)) throw new Error("Bench signature did not verify");
    n++;
  }
  return n / ((performance.now() - started) / 1000);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

async function fanout(signer: Signer, count: number, rounds: number) {
  // The axons are independent machines in real life: spread them over two processes (one per core).
  const halves = await Promise.all([
    startBenchServer(["fanout", String(count / 2)]),
    startBenchServer(["fanout", String(count / 2)]),
  ]);
  const server = { ports: halves.flatMap((h) => h.ports), hotkey: halves[0].hotkey };
  try {
    const dendrite = createDendrite({ keypair: signer });
    const targets = server.ports.map((port) => ({ ip: "127.0.0.1", port, hotkey: server.hotkey }));
    const synapse = BaseSynapse.create({});
    const opts = { type: BaseSynapse, timeout: 30, deserialize: false };
    const single: number[] = [];
    for (let i = 0; i < rounds * 4; i++) {
      const t = performance.now();
      await dendrite.query(targets[i % targets.length], synapse, opts);
      single.push(performance.now() - t);
    }
    const t0 = performance.now();
    for (let i = 0; i < count; i++) {
      signer.sign(enc.encode(`${i}.${signer.address}.${server.hotkey}.u.${EMPTY_BODY_HASH}`));
    }
    const signAllMs = performance.now() - t0;
    const wall: number[] = [];
    let ok = 0;
    for (let r = 0; r < rounds; r++) {
      const t = performance.now();
      const results = await dendrite.query(targets, synapse, opts) as typeof synapse[];
      wall.push(performance.now() - t);
      ok += results.filter((s) => s.dendrite.status_code === 200).length;
    }
    single.sort((a, b) => a - b);
    wall.sort((a, b) => a - b);
    return {
      singleP50: percentile(single, 0.5),
      signAllMs,
      p50: percentile(wall, 0.5),
      p99: percentile(wall, 0.99),
      ok,
      total: rounds * count,
    };
  } finally {
    await Promise.all(halves.map((h) => h.stop()));
  }
}

export async function runAxonBench(): Promise<void> {
  await cryptoWaitReady();
  const rows: string[][] = [];
  const progress = (row: string[]) => {
    rows.push(row);
    if (Deno.env.get("BENCH_PROGRESS")) console.error(row.join("  "));
  };
  const fmt = (n: number) => n.toFixed(0);
  const N = QUICK ? 1_000 : 4_000;

  // (a) bare Deno.serve POST of the same signed request bytes
  let server = await startBenchServer(["bare"]);
  const sample = presign(server.ports[0], server.hotkey, 1)[0];
  const bare = await blast(() => pingRequest(server.ports[0], sample.headers, sample.body), N * 5, 200);
  await server.stop();
  progress(["(a) bare Deno.serve POST", `${fmt(bare)} req/s`, "baseline"]);

  // (b) raw verify, one core
  const verify = verifyRate(sr25519VerifyCompat);
  progress(["(b) sr25519 verify (WASM schnorrkel), one core", `${fmt(verify)} /s`, "baseline"]);
  const scure = verifyRate(sr25519Verify);
  progress([
    "(b') util-crypto 14 sr25519Verify (@scure, JS)",
    `${fmt(scure)} /s`,
    `${(scure / verify).toFixed(2)} × b (not used by the axon)`,
  ]);

  // (c) axon with full verification: inline (1 core) and on a 2-worker pool
  for (const [mode, cores] of [["axon", 1], ["axon-pool", 2]] as const) {
    server = await startBenchServer([mode, "2"]);
    const signed = presign(server.ports[0], server.hotkey, QUICK ? 800 : 2_500);
    const rate = await blast(
      (i) => pingRequest(server.ports[0], signed[i].headers, signed[i].body),
      signed.length,
      200,
    );
    await server.stop();
    progress([
      `(c) axon, verified (${mode === "axon" ? "inline" : "2 verify workers"})`,
      `${fmt(rate)} req/s`,
      `${(rate / (cores * verify)).toFixed(2)} × (${cores} core × b); target ≥ 0.8`,
    ]);
  }

  // (d) rejections before any signature work
  for (const mode of ["blacklist", "ratelimit"]) {
    server = await startBenchServer([mode]);
    const signed = presign(server.ports[0], server.hotkey, 1);
    const status = mode === "blacklist" ? 403 : 429;
    if (mode === "ratelimit") {
      await (await fetch(pingRequest(server.ports[0], signed[0].headers, signed[0].body))).arrayBuffer();
    }
    const rate = await blast(() => pingRequest(server.ports[0], signed[0].headers, signed[0].body), N * 5, status);
    await server.stop();
    progress([
      `(d) axon rejects ${mode === "blacklist" ? "blacklisted (403)" : "rate-limited (429)"}`,
      `${fmt(rate)} req/s`,
      `${(rate / bare).toFixed(2)} × a; target ≥ 0.5`,
    ]);
  }

  // (e) dendrite fan-out to 256 axons
  const signers: [string, Signer][] = [
    ["Keypair signer", keypairFromUri("//Alice")],
    ["WASM signer", wasmSr25519Signer(keySecretFromUri("//Alice"))],
  ];
  for (const [how, signer] of signers) {
    const f = await fanout(signer, 256, QUICK ? 5 : 20);
    const target = 1.5 * f.singleP50 + f.signAllMs;
    progress([`(e) single-axon query p50 (${how})`, `${f.singleP50.toFixed(1)} ms`, "baseline"]);
    progress([`(e) signing 256 requests (${how})`, `${f.signAllMs.toFixed(1)} ms`, "baseline"]);
    progress([
      `(e) fan-out to 256 axons p50 / p99 (${how})`,
      `${f.p50.toFixed(1)} / ${f.p99.toFixed(1)} ms`,
      `${(f.p50 / target).toFixed(2)} × (1.5 × single p50 + signing); target ≤ 1; ${f.ok}/${f.total} answered 200`,
    ]);
  }

  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  console.log(
    `axon bench on ${navigator.hardwareConcurrency} cores, ${CONCURRENCY} requests in flight, Python axon reference: 41 req/s`,
  );
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join("  "));
}

await runAxonBench();
