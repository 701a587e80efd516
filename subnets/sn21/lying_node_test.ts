// Lying Subnet 21 API nodes (issue 22): the clients and the API node's reassembly must refuse
// answers that do not match their CID. Each test fails when the check it covers is removed
// (tests/mutation/mutations.ts plants those removals).
import assert from "node:assert/strict";
import { createAxon } from "../../neurons/axon.ts";
import { type AxonTarget, createDendrite } from "../../neurons/dendrite.ts";
import { serve } from "../../neurons/serve.ts";
import { SubnetError } from "../../protocol/errors.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";
import { fromBase64, toBase64 } from "./_base64.ts";
import { RetrieveUserAPI, StoreUserAPI } from "./api.ts";
import { cidFor } from "./cid.ts";
import { startLocalSn21 } from "./local.ts";
import { RetrieveUser, type RetrieveUserSynapse, StoreUser } from "./protocol.ts";
import type { StoredFile } from "./api_node.ts";

await cryptoReady();
const alice = keypairFromUri("//Alice");

/** An API node that keeps what it is given but lies in its answers: a wrong CID on store, flipped bytes on retrieve. */
async function startLyingNode(): Promise<AxonTarget & AsyncDisposable> {
  const keypair = keypairFromUri("//Sn21Liar");
  const files = new Map<string, Uint8Array>();
  const axon = createAxon({ keypair })
    .attach(StoreUser, (s) => {
      const data = fromBase64(s.encrypted_data)!;
      files.set(cidFor(data), data);
      return { ...s, encrypted_data: "", data_hash: cidFor(new Uint8Array([...data, 0])) };
    })
    .attach(RetrieveUser, (s) => {
      const data = files.get(s.data_hash)?.slice() ?? new Uint8Array([1]);
      data[0] ^= 1;
      return { ...s, encrypted_data: toBase64(data), encryption_payload: "{}" };
    });
  const server = await serve(axon.fetch, { port: 0, hostname: "127.0.0.1" });
  return {
    ip: "127.0.0.1",
    port: server.addr.port,
    hotkey: keypair.address,
    [Symbol.asyncDispose]: async () => {
      axon.close();
      await server.shutdown();
    },
  };
}

Deno.test("StoreUserAPI refuses an API node that answers another CID, and takes the next honest one", async () => {
  await using liar = await startLyingNode();
  await using net = await startLocalSn21({ miners: ["honest", "honest"] });
  const data = new TextEncoder().encode("the real bytes");
  const store = new StoreUserAPI(alice);
  await assert.rejects(store.query({ axons: [liar], timeout: 10 }, data), (e: unknown) => {
    assert.ok(e instanceof SubnetError && e.code === "subnet/store-failed", String(e));
    assert.match(e.message, new RegExp(`answered CID \\S+, expected ${cidFor(data)}`));
    return true;
  });
  assert.equal(await store.query({ axons: [liar, net.api], timeout: 10 }, data), cidFor(data));
});

Deno.test("RetrieveUserAPI refuses bytes that do not hash to the CID, and takes the next honest node's", async () => {
  await using liar = await startLyingNode();
  await using net = await startLocalSn21({ miners: ["honest", "honest"] });
  const data = new TextEncoder().encode("bytes the liar will flip");
  const cid = await new StoreUserAPI(alice).query({ axons: [net.api], timeout: 10 }, data);
  await new StoreUserAPI(alice).query({ axons: [liar], timeout: 10 }, data).catch(() => {}); // the liar keeps a copy
  const retrieve = new RetrieveUserAPI(alice);
  await assert.rejects(retrieve.query({ axons: [liar], timeout: 10 }, cid), (e: unknown) => {
    assert.ok(e instanceof SubnetError && e.code === "subnet/cid-mismatch", String(e));
    assert.match(e.message, /do not hash to/);
    return true;
  });
  assert.deepEqual(await retrieve.query({ axons: [liar, net.api], timeout: 10 }, cid), data);
});

Deno.test("the API node refuses to answer a file reassembled from a tampered chunk list (500, no bytes)", async () => {
  await using net = await startLocalSn21({ miners: ["honest", "honest"], chunkBytes: 1024 });
  const a = crypto.getRandomValues(new Uint8Array(3000));
  const b = crypto.getRandomValues(new Uint8Array(3000));
  const axons = [net.api];
  const cidA = await new StoreUserAPI(alice).query({ axons, timeout: 10 }, a);
  const cidB = await new StoreUserAPI(alice).query({ axons, timeout: 10 }, b);
  const path = (cid: string) => `${net.dataDir}/api/sn21-api/${cid}.json`;
  const fileA: StoredFile = JSON.parse(await Deno.readTextFile(path(cidA)));
  const fileB: StoredFile = JSON.parse(await Deno.readTextFile(path(cidB)));
  const dendrite = createDendrite({ keypair: alice });
  const ask = async () =>
    await dendrite.query(net.api, RetrieveUser.create({ data_hash: cidA }), {
      type: RetrieveUser,
      timeout: 10,
      deserialize: false,
    }) as RetrieveUserSynapse;
  assert.equal((await ask()).dendrite.status_code, 200, "the untampered file comes back");

  // Each tampering leaves every chunk a genuine, retrievable chunk whose bytes match its own CID.
  const tamperings: Record<string, StoredFile["chunks"]> = {
    "a chunk of another file": [fileA.chunks[0], fileB.chunks[1], fileA.chunks[2]],
    "two chunks swapped": [fileA.chunks[1], fileA.chunks[0], fileA.chunks[2]],
  };
  for (const [what, chunks] of Object.entries(tamperings)) {
    await Deno.writeTextFile(path(cidA), JSON.stringify({ ...fileA, chunks }));
    const answer = await ask();
    assert.equal(answer.dendrite.status_code, 500, `${what}: ${answer.dendrite.status_message}`);
    assert.match(answer.dendrite.status_message ?? "", /reassembled bytes do not match/, what);
    assert.equal(answer.encrypted_data, null, `${what}: no bytes`);
    await assert.rejects(new RetrieveUserAPI(alice).query({ axons, timeout: 10 }, cidA), SubnetError);
  }
});
