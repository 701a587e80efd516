/**
 * Axon throughput on Deno, Node and Bun in one run (issue 20), with verification on. Each runtime
 * serves with the library's own `serve()` adapter (`Deno.serve`, `node:http`, `Bun.serve`) in its own
 * process: Deno from source, Node and Bun from the npm build (`dist/npm`, installed by name). One
 * Deno load client sends the same pre-signed requests to each, 64 in flight, on loopback:
 *
 * - bare: a handler that reads the body and answers (the adapter's own cost);
 * - axon: `createAxon` with full sr25519 verification, inline (one core per process).
 *
 * Each figure is the best of `ROUNDS` interleaved rounds (the machine is shared), with its ratio to
 * Deno's. Run: `deno run -A bench/runtimes_bench.ts` (`BENCH_QUICK=1`: one round, fewer requests).
 * Bun is skipped with the reason when `npx bun@…` cannot be installed.
 */
import { type SignedSynapse, signedSynapse } from "./_signed_synapse.ts";
import { keypairFromUri } from "../wallet/keypair.ts";
import { cryptoReady } from "../wallet/keypair.ts";
import { BUN_VERSION, bunAvailable, installPackage, PROJECT } from "../tests/runtimes/install.ts";

const QUICK = !!Deno.env.get("BENCH_QUICK");
const ROUNDS = QUICK ? 1 : 2;
const CONCURRENCY = 64;
const PHASE_MS_MAX = QUICK ? 3_000 : 6_000;
const COUNT = QUICK ? 1_000 : 6_000;
const SERVER = new URL("./_runtimes_server.mjs", import.meta.url);

type Runtime = "deno" | "node" | "bun";
type Mode = "bare" | "axon";

function command(runtime: Runtime, mode: Mode): { cmd: string; args: string[]; cwd: string } {
  if (runtime === "deno") {
    return { cmd: Deno.execPath(), args: ["run", "-A", SERVER.pathname, "../mod.ts", mode], cwd: "." };
  }
  const script = ["_runtimes_server.mjs", "@subnet/subnet", mode];
  if (runtime === "node") return { cmd: "node", args: script, cwd: PROJECT };
  return { cmd: "npx", args: ["-y", `bun@${BUN_VERSION}`, ...script], cwd: PROJECT };
}

async function startServer(runtime: Runtime, mode: Mode) {
  const { cmd, args, cwd } = command(runtime, mode);
  const child = new Deno.Command(cmd, { args, cwd, stdin: "piped", stdout: "piped", stderr: "inherit" }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`Cannot start the ${runtime} ${mode} server: it exited before listening`);
    text += value;
  }
  const { port, hotkey } = JSON.parse(text.split("\n")[0]) as { port: number; hotkey: string };
  return {
    port,
    hotkey,
    async stop() {
      await child.stdin.close();
      reader.cancel().catch(() => {});
      await child.status;
    },
  };
}

/** Pre-signs `count` `Bench` requests from Alice to `receiver` (the client's cost, kept out of the timing). */
function presign(receiver: string, count: number): SignedSynapse[] {
  const alice = keypairFromUri("//Alice");
  const uuids = Array.from({ length: CONCURRENCY }, () => crypto.randomUUID());
  const base = BigInt(Date.now()) * 1_000_000n;
  return Array.from(
    { length: count },
    (_, i) =>
      signedSynapse({ signer: alice, receiver, port: 0, nonce: base + BigInt(i), uuid: uuids[i % CONCURRENCY] }),
  );
}

/** Sends the requests with `CONCURRENCY` in flight (each uuid's nonces in order); returns requests per second. */
async function blast(port: number, requests: { headers: [string, string][]; body: string }[]): Promise<number> {
  let done = 0;
  let wrong = "";
  const started = performance.now();
  const worker = async (w: number) => {
    for (let i = w; i < requests.length && performance.now() - started < PHASE_MS_MAX; i += CONCURRENCY) {
      const { headers, body } = requests[i];
      const res = await fetch(`http://127.0.0.1:${port}/Bench`, { method: "POST", headers, body });
      const text = await res.text(); // read it all: a cancelled body closes the keep-alive connection
      if (res.status !== 200) wrong ||= `${res.status} ${text.slice(0, 200)}`;
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  if (wrong) throw new Error(`Bench request on port ${port} got ${wrong}`);
  return done / ((performance.now() - started) / 1000);
}

await cryptoReady();
await installPackage([SERVER]);
const runtimes: Runtime[] = ["deno", "node"];
const bun = await bunAvailable();
if (bun.ok) runtimes.push("bun");
const best = new Map<string, number>();
const bob = keypairFromUri("//Bob").address;
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of ["bare", "axon"] as const) {
    for (const runtime of runtimes) {
      const server = await startServer(runtime, mode);
      try {
        const rate = await blast(server.port, presign(bob, COUNT));
        const key = `${runtime} ${mode}`;
        best.set(key, Math.max(best.get(key) ?? 0, rate));
        if (Deno.env.get("BENCH_PROGRESS")) console.error(`round ${round + 1}: ${key} ${rate.toFixed(0)} req/s`);
      } finally {
        await server.stop();
      }
    }
  }
}
console.log(
  `runtimes bench: ${navigator.hardwareConcurrency} cores shared with the load client, ${CONCURRENCY} in flight, ` +
    `best of ${ROUNDS} round(s); axon = full sr25519 verification inline`,
);
if (!bun.ok) console.log(`bun: skipped (${bun.reason})`);
for (const mode of ["bare", "axon"] as const) {
  const deno = best.get(`deno ${mode}`)!;
  for (const runtime of runtimes) {
    const rate = best.get(`${runtime} ${mode}`)!;
    const ratio = runtime === "deno" ? "baseline" : `${(rate / deno).toFixed(2)} × Deno`;
    console.log(`${mode.padEnd(5)} ${runtime.padEnd(5)} ${rate.toFixed(0).padStart(6)} req/s  ${ratio}`);
  }
}
