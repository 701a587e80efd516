import assert from "node:assert/strict";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { createAxon, type PeerInfo } from "./axon.ts";
import { createDendrite } from "./dendrite.ts";
import { serve } from "./serve.ts";
import { type SpecDummy, specDummy } from "../tests/_spec_synapse.ts";

await cryptoReady();
const alice = keypairFromUri("//Alice");
const bob = keypairFromUri("//Bob");
const charlie = keypairFromUri("//Charlie");
const PEER: PeerInfo = { remoteAddr: { hostname: "127.0.0.1", port: 40000 } };

const request: SpecDummy = specDummy.fromBody({
  text: "hello 'world'",
  count: 3,
  items: ["a", "b"],
  meta: { x: 1, y: 0.5 },
});

function bobAxon() {
  return createAxon({ keypair: bob }).attach(
    specDummy,
    (s, { hotkey }) => ({ ...s, completion: `${s.text} for ${hotkey}` }),
  );
}

Deno.test("dendrite.query() signs, sends and merges the answer as Python does", async () => {
  const axon = bobAxon();
  const dendrite = createDendrite({
    keypair: alice,
    fetch: (input, init) => axon.fetch(new Request(input, init), PEER),
  });
  const result = await dendrite.query({ ip: "127.0.0.1", port: 8091, hotkey: bob.address }, request, {
    type: specDummy,
    deserialize: false,
  }) as SpecDummy;
  assert.equal(result.completion, `hello 'world' for ${alice.address}`);
  assert.equal(result.axon.status_code, 200);
  assert.equal(result.axon.status_message, "Success");
  assert.equal(result.dendrite.status_code, 200);
  assert.equal(result.dendrite.status_message, "Success");
  assert.equal(result.dendrite.uuid, dendrite.uuid);
  assert.equal(typeof result.dendrite.nonce, "bigint");
  assert.equal(typeof result.dendrite.process_time, "number");
  assert.equal(request.completion, null, "the caller's synapse is not mutated");
});

Deno.test("dendrite.query() returns results in order and never throws for a bad axon", async () => {
  const axon = bobAxon();
  await using server = await serve(axon.fetch, { port: 0, hostname: "127.0.0.1" });
  const closed = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const deadPort = closed.addr.port;
  closed.close();
  const dendrite = createDendrite({ keypair: alice });
  const port = server.addr.port;
  const results = await dendrite.query(
    [
      { ip: "127.0.0.1", port, hotkey: bob.address },
      { ip: "127.0.0.1", port: deadPort, hotkey: bob.address },
      { ip: "127.0.0.1", port, hotkey: charlie.address },
      { ip: "127.0.0.1", port, hotkey: bob.address },
    ],
    request,
    { type: specDummy, deserialize: false, timeout: 5 },
  ) as SpecDummy[];
  assert.deepEqual(results.map((r) => r.dendrite.status_code), [200, 503, 401, 200]);
  assert.equal(results[1].dendrite.status_message, `Service unavailable at 127.0.0.1:${deadPort}/Dummy`);
  assert.match(String(results[2].dendrite.status_message), /^Not Verified with error: Signature mismatch with /);
  assert.equal(results[2].axon.status_code, 401, "Python 7.2+ copies the error status onto axon too");
  assert.ok(results[3].dendrite.nonce! > results[0].dendrite.nonce!, "a fresh nonce per request");
});

Deno.test("dendrite.query() maps a timeout to 408 with Python's message", async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  await using server = await serve(async () => {
    await held; // an axon that never answers in time
    return new Response("{}");
  }, { port: 0, hostname: "127.0.0.1" });
  const dendrite = createDendrite({ keypair: alice });
  const result = await dendrite.query({ ip: "127.0.0.1", port: server.addr.port, hotkey: bob.address }, request, {
    type: specDummy,
    deserialize: false,
    timeout: 0.2,
  }) as SpecDummy;
  release();
  assert.equal(result.dendrite.status_code, 408);
  assert.equal(result.dendrite.status_message, "Request timeout after 0.2 seconds");
});

Deno.test("dendrite.query() reuses its keep-alive connection to an axon", async () => {
  const axon = bobAxon();
  const peers = new Set<number>();
  await using server = await serve((request, info) => {
    peers.add(info.remoteAddr.port);
    return axon.fetch(request, info);
  }, { port: 0, hostname: "127.0.0.1" });
  const dendrite = createDendrite({ keypair: alice });
  const target = { ip: "127.0.0.1", port: server.addr.port, hotkey: bob.address };
  for (let i = 0; i < 5; i++) {
    const result = await dendrite.query(target, request, { type: specDummy, deserialize: false }) as SpecDummy;
    assert.equal(result.dendrite.status_code, 200);
  }
  assert.equal(peers.size, 1, "five sequential calls used one TCP connection");
});

Deno.test("dendrite.query() deserializes by default, as Python does", async () => {
  const { Dummy } = await import("../subnets/template/synapse.ts");
  const axon = createAxon({ keypair: bob }).attach(Dummy, (s) => ({ ...s, dummy_output: s.dummy_input * 2 }));
  const dendrite = createDendrite({
    keypair: alice,
    fetch: (input, init) => axon.fetch(new Request(input, init), PEER),
  });
  const target = { ip: "127.0.0.1", port: 8091, hotkey: bob.address };
  const outputs: (number | null)[] = await dendrite.query([target, target], Dummy.create({ dummy_input: 21 }), {
    type: Dummy,
  });
  assert.deepEqual(outputs, [42, 42]);
  const one: number | null = await dendrite.query(target, Dummy.create({ dummy_input: 5 }), { type: Dummy });
  assert.equal(one, 10);
});

Deno.test("dendrite.stream() reads an axon.attachStream answer chunk by chunk, the synapse last", async () => {
  const axon = createAxon({ keypair: bob }).attachStream(specDummy, async function* (s) {
    for (const word of s.text.split(" ")) yield `data: ${word}\n\n`;
  });
  await using server = await serve(axon.fetch, { port: 0, hostname: "127.0.0.1" });
  const dendrite = createDendrite({ keypair: alice });
  const target = { ip: "127.0.0.1", port: server.addr.port, hotkey: bob.address };
  const items: (Uint8Array | SpecDummy)[] = [];
  for await (const item of dendrite.stream(target, request, { type: specDummy })) items.push(item);
  const last = items.pop() as SpecDummy;
  const text = items.map((c) => new TextDecoder().decode(c as Uint8Array)).join("");
  assert.equal(text, "data: hello\n\ndata: 'world'\n\n");
  assert.equal(last.dendrite.status_code, 200);
  assert.equal(last.axon.status_message, "Success");
  assert.equal(last.text, "hello 'world'");
  const forged = createDendrite({ keypair: charlie });
  const refused: unknown[] = [];
  for await (const item of forged.stream({ ...target, hotkey: charlie.address }, request, { type: specDummy })) {
    refused.push(item);
  }
  assert.equal(refused.length, 1, "a refusal yields only the synapse");
  assert.equal((refused[0] as SpecDummy).dendrite.status_code, 401);
});

Deno.test("every axon answers a signed plain Synapse ping at /Synapse", async () => {
  const { BaseSynapse } = await import("../protocol/synapse.ts");
  const axon = createAxon({ keypair: bob });
  const dendrite = createDendrite({
    keypair: alice,
    fetch: (input, init) => axon.fetch(new Request(input, init), PEER),
  });
  const target = { ip: "127.0.0.1", port: 8091, hotkey: bob.address };
  const pong = await dendrite.query(target, BaseSynapse.create({}), { type: BaseSynapse, timeout: 3 });
  assert.equal(pong.dendrite.status_code, 200);
  assert.equal(pong.axon.status_message, "Success");
  const unsigned = await axon.fetch(new Request("http://x/Synapse", { method: "POST", body: "{}" }), PEER);
  assert.equal(unsigned.status, 401);
  assert.deepEqual(await unsigned.json(), {
    message: "Not Verified with error: No SS58 formatted address or public key provided.",
  });
});
