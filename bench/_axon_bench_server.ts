/**
 * The server half of `axon_bench.ts`, run as its own process so the load client does not share its
 * event loop. Prints one JSON line `{"ports": [...], "hotkey": "..."}` when listening, then serves
 * until stdin closes.
 *
 * Modes: `bare` (Deno.serve reading the body), `axon` (full verification), `axon-pool` (verification
 * on a worker pool), `blacklist` (every caller blacklisted), `ratelimit` (per-IP limit of one request, then 1 per 1000 s),
 * `fanout <n>` (n axons on n ports), `fanout-pool <n>` (the same sharing one 2-worker verification pool).
 * With `--raw-edge`, handlers are bound with a bare `Deno.serve` instead of `serve()` (the edge before
 * connection hygiene), and with `--serve-http-edge` through the accept layer's `Deno.serveHttp` engine
 * (the one WebSockets need, and the axon's until it moved to `Deno.serve`'s own engine), for
 * `serve_edge_bench.ts`'s comparison.
 */
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { createAxon } from "../neurons/axon.ts";
import { z } from "zod";
import { defineSynapse } from "../protocol/synapse.ts";
import { serve } from "../neurons/serve.ts";
import { serveDeno } from "../runtime/serve_deno.ts";
import type { FetchHandler } from "../neurons/serve.ts";
import { createVerifierPool, sr25519VerifyCompat, type Verifier } from "../neurons/verify_pool.ts";

await cryptoReady();
const bob = keypairFromUri("//Bob");
const rawEdge = Deno.args.includes("--raw-edge");
const serveHttpEdge = Deno.args.includes("--serve-http-edge");
const [mode, arg] = Deno.args.filter((a) => !a.startsWith("--"));
const servers: { addr: { port: number }; shutdown(): Promise<void> }[] = [];
const bench = defineSynapse({ name: "Bench", fields: z.object({}), requiredHashFields: [] });
const listen = { port: 0, hostname: "127.0.0.1" };

function bind(handler: FetchHandler): Promise<{ addr: { port: number }; shutdown(): Promise<void> }> {
  if (serveHttpEdge) return serveDeno(handler, { ...listen, webSockets: true });
  if (!rawEdge) return serve(handler, listen);
  const server = Deno.serve({ ...listen, onListen: () => {} }, (r, i) => handler(r, { remoteAddr: i.remoteAddr }));
  return Promise.resolve({ addr: server.addr, shutdown: () => server.shutdown() });
}
let closePool = () => {};
let verifyWarm: Verifier | undefined;

if (mode === "bare") {
  servers.push(
    await bind(async (request) => {
      const body = await request.text();
      return new Response(JSON.stringify({ ok: body.length }), { headers: { "content-type": "application/json" } });
    }),
  );
} else if (mode === "fanout" || mode === "fanout-pool") {
  const pool = mode === "fanout-pool" ? await createVerifierPool({ workers: 2 }) : undefined;
  closePool = () => pool?.close();
  verifyWarm = pool?.verify;
  for (let i = 0; i < Number(arg ?? 256); i++) {
    servers.push(await bind(createAxon({ keypair: bob, verifier: pool?.verify }).fetch));
  }
} else {
  const pool = mode === "axon-pool" ? await createVerifierPool({ workers: Number(arg ?? 2) }) : undefined;
  closePool = () => pool?.close();
  verifyWarm = pool?.verify;
  const axon = createAxon({
    keypair: bob,
    verifier: pool?.verify,
    rate: mode === "ratelimit" ? { perIp: { ratePerS: 0.001, burst: 1 } } : undefined,
  });
  axon.attach(bench, (s) => s, { blacklist: () => [mode === "blacklist", "bench"] });
  servers.push(await bind(axon.fetch));
}
// Warm the WASM verifier up (V8 tiers hot code up after a few hundred calls) before taking load.
const alice = keypairFromUri("//Alice");
const message = new TextEncoder().encode("warm-up");
const signature = alice.sign(message);
const warm = verifyWarm ?? sr25519VerifyCompat;
for (let round = 0; round < 50; round++) {
  await Promise.all(Array.from({ length: 8 }, () => warm(message, signature, alice.publicKey)));
}
console.log(JSON.stringify({ ports: servers.map((s) => s.addr.port), hotkey: bob.address }));
for await (const _ of Deno.stdin.readable) { /* wait for EOF */ }
await Promise.all(servers.map((s) => s.shutdown()));
closePool();
