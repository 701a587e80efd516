/**
 * Serves the subnet template's `Dummy` synapse (`dummy_output = dummy_input * 2`) with signature
 * verification on and no blacklist. Prints `listening on <port>` when ready; stops cleanly on
 * Ctrl-C / SIGTERM.
 *
 * ```sh
 * deno run -A examples/dummy_axon.ts --port 8091 --dev //Bob
 * deno run -A examples/dummy_axon.ts --port 8091 --wallet.name miner --wallet.hotkey default
 * deno run -A examples/dummy_axon.ts --port 8091 --dev //Bob --verify.workers 0   # verify inline
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createAxon, createVerifierPool, cryptoReady, Dummy, keypairFromUri, openWallet, serve } from "../mod.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8091" },
    host: { type: "string", default: "0.0.0.0" },
    dev: { type: "string" },
    "wallet.name": { type: "string" },
    "wallet.hotkey": { type: "string" },
    "wallet.path": { type: "string" },
    "external.ip": { type: "string" },
    "verify.workers": { type: "string", default: String(navigator.hardwareConcurrency ?? 1) },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`error: --port must be an integer from 0 to 65535, got "${values.port}"`);
  Deno.exit(2);
}
if (values.dev && (values["wallet.name"] || values["wallet.hotkey"])) {
  console.error("error: --dev cannot be combined with --wallet.* (choose one)");
  Deno.exit(2);
}

await cryptoReady();
const keypair = values.dev ? keypairFromUri(values.dev) : await openWallet({
  name: values["wallet.name"] ?? "default",
  hotkey: values["wallet.hotkey"] ?? "default",
  path: values["wallet.path"],
}).hotkey();

// Signature checks dominate the cost of a request: verify on one worker thread per core
// (bench/axon_bench.ts on 2 cores: 1,156 req/s with 2 workers vs 747 inline). 0 verifies inline.
const workers = Number(values["verify.workers"]);
const pool = workers > 0 ? await createVerifierPool({ workers }) : undefined;
const axon = createAxon({
  keypair,
  verifier: pool?.verify,
  externalIp: values["external.ip"] ?? "127.0.0.1",
  externalPort: port,
})
  .attach(Dummy, (synapse) => ({ ...synapse, dummy_output: synapse.dummy_input * 2 }));
// On Ctrl-C / SIGTERM: stop accepting, let in-flight requests finish (10 s), then abort the rest.
const server = await serve(axon.fetch, { port, hostname: values.host, onDrainTimeout: () => axon.close() });
console.log(`listening on ${server.addr.port}`);

const stop = () => void server.shutdown();
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
await server.finished;
pool?.close();
