/**
 * The axon under attack in `axon_side_test.ts`: Bob's axon serving the template's `Dummy` and a
 * plain signed route `/echo`, both with a blacklist that refuses Alice, behind the real `serve()`
 * edge. Flags: `--header-timeout-ms`, `--idle-timeout-ms`, `--per-ip` (connection limits). Prints
 * `listening on P` when ready.
 *
 * @module
 */
import { createAxon } from "../../neurons/axon.ts";
import { serve } from "../../neurons/serve.ts";
import { Dummy } from "../../subnets/template/synapse.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";

const arg = (name: string): number | undefined => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : undefined;
};
await cryptoReady();
const alice = keypairFromUri("//Alice").address;
const deny = (hotkey: string | undefined): [boolean, string] => [hotkey === alice, "Alice is banned"];
const axon = createAxon({ keypair: keypairFromUri("//Bob") })
  .attach(Dummy, (s) => ({ ...s, dummy_output: (s.dummy_input ?? 0) * 2 }), {
    blacklist: (head) => deny(head.dendrite.hotkey),
  })
  .route("/echo", (body) => body, { blacklist: (hotkey) => deny(hotkey) });
const server = await serve(axon.fetch, {
  port: 0,
  hostname: "127.0.0.1",
  limits: {
    headerTimeoutMs: arg("header-timeout-ms"),
    idleTimeoutMs: arg("idle-timeout-ms"),
    connectionsPerIpMax: arg("per-ip"),
  },
});
console.log(`listening on ${server.addr.port}`);
await server.finished;
