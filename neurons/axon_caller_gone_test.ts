// A caller that gives up mid-body (its own timeout closes the connection) is its fault: the axon
// answers 400 and logs at debug, never "axon.internal_error" (500).
import assert from "node:assert/strict";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { createAxon, type PeerInfo } from "./axon.ts";
import type { Logger } from "../protocol/logger.ts";
import { SPEC_NOW_MS, specDummy, specRequest } from "../tests/_spec_synapse.ts";

await cryptoReady();

Deno.test("createAxon() answers 400, not 500, when the caller closes the connection mid-body", async () => {
  const errors: string[] = [];
  const logger: Logger = { debug() {}, info() {}, warn() {}, error: (e) => void errors.push(e) };
  const axon = createAxon({ keypair: keypairFromUri("//Bob"), now: () => SPEC_NOW_MS, logger })
    .attach(specDummy, (s) => s);
  const spec = specRequest();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"name": "Dummy"'));
      controller.error(new Deno.errors.BadResource("Cannot read request body as underlying resource unavailable"));
    },
  });
  const request = new Request(spec.url, { method: "POST", headers: spec.headers, body });
  const peer: PeerInfo = { remoteAddr: { hostname: "1.2.3.4", port: 40000 } };
  const res = await axon.fetch(request, peer);
  await res.body?.cancel();
  assert.equal(res.status, 400);
  assert.deepEqual(errors, []);
});
