/**
 * Subnet 21 throughput (issue 9): store and retrieve of 1 MiB and 16 MiB files through an API node
 * and 3 miners (1 MiB chunks, 2 replicas), against raw loopback HTTP (`Deno.serve` + `fetch`) moving
 * the same bytes in the same run. Everything runs in this process on loopback (client, API node and
 * miners share the event loop), so the ratio is the honest part. Prints one line per case with MB/s
 * and the ratio to the raw HTTP baseline of the same size and direction.
 *
 * Run: `deno run -A bench/sn21_bench.ts` (also under `deno task bench`). `BENCH_QUICK=1` does fewer rounds.
 */
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { RetrieveUserAPI, StoreUserAPI } from "../subnets/sn21/api.ts";
import { startLocalSn21 } from "../subnets/sn21/local.ts";

const QUICK = !!Deno.env.get("BENCH_QUICK");
const MiB = 1024 * 1024;
const SIZES = [1 * MiB, 16 * MiB];
const ROUNDS: Record<number, number> = { [MiB]: QUICK ? 2 : 5, [16 * MiB]: QUICK ? 1 : 2 };

function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 65_536) crypto.getRandomValues(out.subarray(at, at + 65_536));
  return out;
}

/** Median seconds of `rounds` runs of `fn` (each gets its round number). */
async function timed(rounds: number, fn: (round: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await fn(i);
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const mbps = (bytes: number, seconds: number) => bytes / 1e6 / seconds;

await cryptoReady();
const payloads = new Map<number, Uint8Array<ArrayBuffer>>(SIZES.map((size) => [size, randomBytes(size)]));
const raw = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen: () => {} }, async (request) => {
  if (request.method === "POST") {
    await request.arrayBuffer();
    return new Response("ok");
  }
  const size = Number(new URL(request.url).searchParams.get("size"));
  return new Response(payloads.get(size));
});
const rawUrl = `http://127.0.0.1:${raw.addr.port}/`;
await using net = await startLocalSn21({ chunkBytes: MiB, replicas: 2 });
const alice = keypairFromUri("//Alice");
const store = new StoreUserAPI(alice);
const retrieve = new RetrieveUserAPI(alice);
const axons = [net.api];

console.log(
  `sn21 bench: API node + ${net.miners.length} miners, 1 MiB chunks × 2 replicas, all on loopback in one process`,
);
for (const size of SIZES) {
  const rounds = ROUNDS[size];
  const label = `${size / MiB} MiB`;
  const rawUp = await timed(rounds, async () => {
    const res = await fetch(rawUrl, { method: "POST", body: payloads.get(size) });
    await res.text();
  });
  const rawDown = await timed(rounds, async () => {
    const res = await fetch(`${rawUrl}?size=${size}`);
    await res.arrayBuffer();
  });
  // Fresh bytes each round (the API node deduplicates identical files); made outside the timing.
  const inputs = Array.from({ length: rounds }, () => randomBytes(size));
  const cids: string[] = [];
  const storeS = await timed(rounds, async (i) => cids.push(await store.query({ axons, timeout: 300 }, inputs[i])));
  const retrieveS = await timed(rounds, async (i) => {
    const back = await retrieve.query({ axons, timeout: 300 }, cids[i]);
    if (back.length !== size) throw new Error(`retrieved ${back.length} bytes, expected ${size}`);
  });
  const line = (name: string, s: number, base: number) =>
    console.log(
      `${label.padStart(6)}  ${name.padEnd(22)} ${mbps(size, s).toFixed(1).padStart(8)} MB/s  ${
        (s * 1000).toFixed(0).padStart(6)
      } ms` + (base ? `   ${(base / s).toFixed(3)}× raw HTTP` : "   (baseline)"),
    );
  line("raw HTTP upload", rawUp, 0);
  line("raw HTTP download", rawDown, 0);
  line("sn21 store", storeS, rawUp);
  line("sn21 retrieve", retrieveS, rawDown);
}
await raw.shutdown();
