/**
 * Sends one signed request and prints one JSON line `{"status": …, "body": …}`.
 *
 * `--dialect btauth|epistula|synapse` picks the signature. A synapse request to `/<SynapseName>` (a
 * capitalised class name, such as `/Echo`) goes through the dendrite as a synapse with one `body: str`
 * field holding the JSON text, and `body` in the output is that field parsed back; any other path gets a
 * plain POST with the dialect's headers.
 *
 * ```sh
 * deno run -A examples/signed_fetch.ts --dialect btauth --dev //Alice \
 *   --receiver 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --url http://127.0.0.1:8091/echo --body '{"x": 1}'
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { openWallet } from "../wallet/wallet.ts";
import { AUTH_DIALECTS, type AuthDialect, signedFetch } from "../neurons/signed_fetch.ts";
import { stringifyJson } from "../protocol/json.ts";

const { values } = parseArgs({
  options: {
    dialect: { type: "string" },
    dev: { type: "string" },
    "wallet.name": { type: "string" },
    "wallet.hotkey": { type: "string" },
    "wallet.path": { type: "string" },
    receiver: { type: "string" },
    url: { type: "string" },
    body: { type: "string", default: "{}" },
    timeout: { type: "string", default: "12" },
  },
});
const usage = (problem: string): never => {
  console.error(
    `error: ${problem}\nusage: signed_fetch.ts --dialect btauth|epistula|synapse (--dev <uri> | --wallet.name <name>) --receiver <ss58> --url <url> [--body '<json>'] [--timeout S]`,
  );
  Deno.exit(2);
};
const dialect = values.dialect as AuthDialect;
if (!AUTH_DIALECTS.includes(dialect)) usage(`--dialect must be one of ${AUTH_DIALECTS.join(", ")}`);
if (!values.receiver) usage("--receiver (the axon's ss58 hotkey) is required");
if (!values.url || !URL.canParse(values.url)) usage(`--url must be a URL, got "${values.url ?? ""}"`);
if (values.dev && (values["wallet.name"] || values["wallet.hotkey"])) usage("--dev cannot be combined with --wallet.*");
const timeout = Number(values.timeout);
if (!(timeout > 0)) usage(`--timeout must be a positive number of seconds, got "${values.timeout}"`);

await cryptoReady();
const keypair = values.dev ? keypairFromUri(values.dev) : await openWallet({
  name: values["wallet.name"] ?? "default",
  hotkey: values["wallet.hotkey"] ?? "default",
  path: values["wallet.path"],
}).hotkey();
const reply = await signedFetch(values.url!, {
  dialect,
  keypair,
  receiver: values.receiver!,
  body: values.body,
  timeoutMs: timeout * 1000,
});
console.log(stringifyJson(reply));
