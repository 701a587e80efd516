// The server half of runtimes_bench.ts, one script for Deno, Node and Bun:
//   <runtime> _runtimes_server.mjs <library specifier> bare|axon
// `bare` answers every POST after reading its body; `axon` serves a `Bench` synapse (no hash
// fields) as //Bob with full verification, inline. Both bind with the library's `serve()`, so each
// runtime uses its own adapter. Prints `{"port": N, "hotkey": "..."}` when listening; serves until
// stdin closes.
import process from "node:process";
import { z } from "zod";

const [specifier, mode] = process.argv.slice(2);
const { createAxon, cryptoReady, defineSynapse, keypairFromUri, serve, sr25519VerifyCompat } = await import(specifier);

await cryptoReady();
const bob = keypairFromUri("//Bob");
// One load client on one IP stands for many callers: lift the per-IP cap (as _axon_bench_server.ts does).
const listen = { port: 0, hostname: "127.0.0.1", limits: { connectionsPerIpMax: 1_024 } };
let server;
if (mode === "bare") {
  server = await serve(async (request) => {
    const body = await request.text();
    return new Response(JSON.stringify({ ok: body.length }), { headers: { "content-type": "application/json" } });
  }, listen);
} else {
  const bench = defineSynapse({ name: "Bench", fields: z.object({}), requiredHashFields: [] });
  const axon = createAxon({ keypair: bob }).attach(bench, (s) => s);
  server = await serve(axon.fetch, listen);
  // Warm the WASM verifier up (engines tier hot code up after a few hundred calls) before taking load.
  const alice = keypairFromUri("//Alice");
  const message = new TextEncoder().encode("warm-up");
  const signature = alice.sign(message);
  for (let i = 0; i < 400; i++) sr25519VerifyCompat(message, signature, alice.publicKey);
}
console.log(JSON.stringify({ port: server.addr.port, hotkey: bob.address }));
process.stdin.resume();
process.stdin.once("end", async () => {
  await server.shutdown();
  process.exit(0);
});
