// Plain signed routes refuse from the headers alone (shape, window, receiver, signature format)
// before a byte of the body is read.
import assert from "node:assert/strict";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { createAxon, type PeerInfo } from "./axon.ts";
import { type AuthDialect, signRequest } from "./signed_fetch.ts";

await cryptoReady();
const bob = keypairFromUri("//Bob");
const alice = keypairFromUri("//Alice");
const charlie = keypairFromUri("//Charlie");
const PEER: PeerInfo = { remoteAddr: { hostname: "1.2.3.4", port: 40000 } };
const NOW_MS = 1_750_000_000_000;

/** `request`'s headers on a body that counts how often it is read. */
function withCountedBody(request: Request): { request: Request; pulls: () => number } {
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls++;
      controller.enqueue(new Uint8Array(1024));
    },
  }, { highWaterMark: 0 });
  return {
    request: new Request(
      request.url,
      { method: "POST", headers: request.headers, body, duplex: "half" } as RequestInit,
    ),
    pulls: () => pulls,
  };
}

const CASES: [string, AuthDialect, (h: Headers) => void, Partial<{ receiver: string; nowMs: number }>][] = [
  ["btauth, stale nonce", "btauth", () => {}, { nowMs: NOW_MS - 60_000 }],
  ["btauth, another receiver", "btauth", () => {}, { receiver: charlie.address }],
  ["btauth, signature not 64 bytes", "btauth", (h) => h.set("x-bittensor-signature", "0x1234"), {}],
  ["btauth, nonce not a number", "btauth", (h) => h.set("x-bittensor-nonce", "soon"), {}],
  ["epistula, stale timestamp", "epistula", () => {}, { nowMs: NOW_MS - 60_000 }],
  ["epistula, another receiver", "epistula", () => {}, { receiver: charlie.address }],
  ["epistula, signature not hex", "epistula", (h) => h.set("epistula-request-signature", "0xzz"), {}],
  ["synapse, stale nonce", "synapse", () => {}, { nowMs: NOW_MS - 3_600_000 }],
  ["synapse, signature not hex", "synapse", (h) => h.set("bt_header_dendrite_signature", "0xzz"), {}],
  ["synapse, body hash not hex", "synapse", (h) => h.set("computed_body_hash", "x"), {}],
  ["synapse, another receiver", "synapse", () => {}, { receiver: charlie.address }],
];

Deno.test("axon.route() refuses bad auth headers without reading the body", async (t) => {
  for (const [name, dialect, spoil, over] of CASES) {
    await t.step(name, async () => {
      const axon = createAxon({ keypair: bob, now: () => NOW_MS }).route("/echo", (body) => body);
      const signed = signRequest("http://127.0.0.1/echo", {
        dialect,
        signer: alice,
        receiver: over.receiver ?? bob.address,
        body: "{}",
        now: () => over.nowMs ?? NOW_MS,
      });
      spoil(signed.headers);
      const { request, pulls } = withCountedBody(signed);
      const res = await axon.fetch(request, PEER);
      await res.body?.cancel();
      assert.ok(res.status === 400 || res.status === 401, `status ${res.status}`);
      assert.equal(pulls(), 0, "the body was read");
    });
  }
  await t.step("good headers: the body is read and the signature checked", async () => {
    const axon = createAxon({ keypair: bob, now: () => NOW_MS }).route("/echo", (body) => body);
    const signed = signRequest("http://127.0.0.1/echo", {
      dialect: "btauth",
      signer: alice,
      receiver: bob.address,
      body: "{}",
      now: () => NOW_MS,
    });
    const { request, pulls } = withCountedBody(signed);
    const res = await axon.fetch(request, PEER);
    await res.body?.cancel();
    assert.ok(pulls() > 0);
  });
});
