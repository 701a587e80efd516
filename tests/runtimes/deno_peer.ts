/**
 * The Deno side of the runtime suite (`cases.mjs`), started by the Node or Bun test as a child
 * process. Prints one line and keeps serving until SIGTERM (`axon`, `replay`) or exits (`query`):
 *
 * - `axon`: serves the template's `Dummy` (`dummy_output = 2 × dummy_input`) as `//Bob` on
 *   127.0.0.1 with full verification; prints `listening on <port>`.
 * - `query <ip:port:hotkey>`: as `//Alice`, sends `Dummy(21)` once as signed and once with the signed
 *   nonce header changed after signing; prints `{"honest": {status, dummy_output}, "tampered": {http_status, status,
 *   message, tampered}}`.
 * - `replay`: serves the finney recording (`tests/replay`) over WebSocket, scenario `metagraph`;
 *   prints `replay on ws://…`, or `absent: …` when `../shared` is missing.
 *
 * @module
 */
import { createAxon, createDendrite, cryptoReady, Dummy, keypairFromUri, serve } from "../../mod.ts";
import { finneyFixturesPresent, loadFinneyFixtures, ReplayNode } from "../replay/node.ts";
import { serveReplay } from "../replay/provider.ts";

const [mode, target] = Deno.args;
await cryptoReady();

/** Serves until SIGTERM, then shuts down. */
async function untilTerminated(shutdown: () => Promise<void>): Promise<void> {
  const { promise, resolve } = Promise.withResolvers<void>();
  Deno.addSignalListener("SIGTERM", resolve);
  await promise;
  await shutdown();
}

if (mode === "axon") {
  const axon = createAxon({ keypair: keypairFromUri("//Bob") })
    .attach(Dummy, (synapse) => ({ ...synapse, dummy_output: synapse.dummy_input * 2 }));
  const server = await serve(axon.fetch, { port: 0, hostname: "127.0.0.1", onDrainTimeout: () => axon.close() });
  console.log(`listening on ${server.addr.port}`);
  await untilTerminated(async () => {
    axon.close();
    await server.shutdown();
  });
} else if (mode === "query" && target) {
  const [ip, port, hotkey] = target.split(":");
  const axons = [{ ip, port: Number(port), hotkey }];
  const alice = keypairFromUri("//Alice");
  const ask = { type: Dummy, timeout: 30, deserialize: false as const };
  const [honest] = await createDendrite({ keypair: alice }).query(axons, Dummy.create({ dummy_input: 21 }), ask);
  // The same request with its signed nonce moved by one after signing: the signature no longer matches.
  let tampered = false;
  let httpStatus = 0;
  const tamperingFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    const nonce = headers.get("bt_header_dendrite_nonce");
    tampered = nonce !== null;
    if (nonce !== null) headers.set("bt_header_dendrite_nonce", String(BigInt(nonce) + 1n));
    const response = await fetch(input, { ...init, headers });
    httpStatus = response.status;
    return response;
  };
  const [refused] = await createDendrite({ keypair: alice, fetch: tamperingFetch })
    .query(axons, Dummy.create({ dummy_input: 21 }), ask);
  console.log(JSON.stringify({
    honest: { status: honest.dendrite.status_code, dummy_output: honest.dummy_output },
    tampered: {
      http_status: httpStatus,
      status: refused.dendrite.status_code,
      message: refused.dendrite.status_message,
      tampered,
    },
  }));
} else if (mode === "replay") {
  if (!finneyFixturesPresent()) {
    console.log("absent: ../shared/fixtures/finney/recorded_rpc.json is missing");
  } else {
    const server = serveReplay(new ReplayNode(await loadFinneyFixtures(), { scenario: "metagraph" }));
    console.log(`replay on ${server.url}`);
    await untilTerminated(() => server.close());
  }
} else {
  console.error("usage: deno_peer.ts axon | query <ip:port:hotkey> | replay");
  Deno.exit(2);
}
