/**
 * Queries axons with the subnet template's `Dummy(dummy_input=N)` and prints one JSON line per target:
 * `{"target", "status_code", "status_message", "dummy_output", "process_time"}`.
 *
 * ```sh
 * deno run -A examples/dummy_query.ts --dev //Alice --input 7 --timeout 12 127.0.0.1:8091:5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { createDendrite, cryptoReady, Dummy, keypairFromUri, openWallet } from "../mod.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    input: { type: "string", default: "0" },
    timeout: { type: "string", default: "12" },
    dev: { type: "string" },
    "wallet.name": { type: "string" },
    "wallet.hotkey": { type: "string" },
    "wallet.path": { type: "string" },
  },
});
const usage = (problem: string): never => {
  console.error(
    `error: ${problem}\nusage: dummy_query.ts (--dev <uri> | --wallet.name <name>) --input N [--timeout S] ip:port:hotkey …`,
  );
  Deno.exit(2);
};
const input = Number(values.input);
const timeout = Number(values.timeout);
if (!Number.isSafeInteger(input)) usage(`--input must be an integer, got "${values.input}"`);
if (!(timeout > 0)) usage(`--timeout must be a positive number of seconds, got "${values.timeout}"`);
if (positionals.length === 0) usage("give at least one target as ip:port:hotkey");
const targets = positionals.map((target) => {
  const parts = target.split(":");
  const hotkey = parts.pop() ?? "";
  const port = Number(parts.pop());
  const ip = parts.join(":").replace(/^\[|\]$/g, "");
  if (!ip || !Number.isInteger(port) || hotkey.length < 46) usage(`target "${target}" is not ip:port:hotkey`);
  return { target, ip, port, hotkey };
});

await cryptoReady();
const keypair = values.dev ? keypairFromUri(values.dev) : await openWallet({
  name: values["wallet.name"] ?? "default",
  hotkey: values["wallet.hotkey"] ?? "default",
  path: values["wallet.path"],
}).hotkey();
const dendrite = createDendrite({ keypair });
const results = await dendrite.query(targets, Dummy.create({ dummy_input: input }), {
  type: Dummy,
  timeout,
  deserialize: false,
});
results.forEach((synapse, i) => {
  console.log(JSON.stringify({
    target: targets[i].target,
    status_code: synapse.dendrite.status_code,
    status_message: synapse.dendrite.status_message,
    dummy_output: synapse.dummy_output,
    process_time: synapse.dendrite.process_time,
  }));
});
