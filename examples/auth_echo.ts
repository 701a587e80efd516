/**
 * Echoes JSON to callers of every live auth dialect, with signature verification on and no
 * blacklist. Prints `listening on <port>` when ready; stops cleanly on Ctrl-C / SIGTERM.
 *
 * - `POST /echo` (a plain JSON route): callers signing with btauth/1 (`X-Bittensor-*`), Epistula v2
 *   (`Epistula-*`) or the v10 synapse signature (`bt_header_dendrite_*`, `computed_body_hash` = sha3-256
 *   of the raw body) get the JSON body they sent back, status 200. Refusals are 401 (btauth/1:
 *   `{"detail": …}`; Epistula: `{"detail": …}`, 400 when malformed; synapse: `{"message": …}`).
 * - `POST /Echo` (a synapse route, for dendrites): `class Echo(bt.Synapse): body: str` with
 *   `required_hash_fields = ("body",)`; the answer carries the same `body` text. A Python dendrite calls
 *   it as `await dendrite(axon, Echo(body='{"x": 1}'))`; `examples/signed_fetch.ts --dialect synapse
 *   --url http://host:port/Echo` does the same through our dendrite.
 *
 * ```sh
 * deno run -A examples/auth_echo.ts --port 8091 --dev //Bob
 * deno run -A examples/auth_echo.ts --port 8091 --wallet.name miner --wallet.hotkey default
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { openWallet } from "../wallet/wallet.ts";
import { createAxon } from "../neurons/axon.ts";
import { serve } from "../neurons/serve.ts";
import { jsonSynapse } from "../neurons/signed_fetch.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8091" },
    host: { type: "string", default: "0.0.0.0" },
    dev: { type: "string" },
    "wallet.name": { type: "string" },
    "wallet.hotkey": { type: "string" },
    "wallet.path": { type: "string" },
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

// The default authenticators speak btauth/1 and Epistula v2 besides the synapse dialect.
const axon = createAxon({ keypair, externalIp: "127.0.0.1", externalPort: port })
  .route("/echo", (body) => body)
  .attach(jsonSynapse("Echo"), (synapse) => synapse);
const server = await serve(axon.fetch, { port, hostname: values.host, onDrainTimeout: () => axon.close() });
console.log(`listening on ${server.addr.port}`);

const stop = () => void server.shutdown();
Deno.addSignalListener("SIGINT", stop);
Deno.addSignalListener("SIGTERM", stop);
await server.finished;
