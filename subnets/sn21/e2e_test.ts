import assert from "node:assert/strict";
import { hexToBytes } from "@noble/hashes/utils.js";
import { createDendrite } from "../../neurons/dendrite.ts";
import { SubnetError } from "../../protocol/errors.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";
import { RetrieveUserAPI, StoreUserAPI } from "./api.ts";
import { cidFor } from "./cid.ts";
import { startLocalSn21 } from "./local.ts";
import { RetrieveUser, type RetrieveUserSynapse, StoreUser, type StoreUserSynapse } from "./protocol.ts";
import { createSn21Subnet } from "./mod.ts";
import { silentLogger } from "../../protocol/logger.ts";

// The argon2i key of a zero private key (subnet-template.md §4.3): reused so the suite derives none here.
const KEY = hexToBytes("8870b702964229158caee13c7660ef247559f78995b1a3a065f7719edc11e103");

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 65_536) crypto.getRandomValues(out.subarray(at, at + 65_536));
  return out;
}

async function flipFirstByte(path: string): Promise<void> {
  const bytes = await Deno.readFile(path);
  bytes[0] ^= 1;
  await Deno.writeFile(path, bytes);
}

Deno.test("Subnet 21 stores and retrieves end to end over real sockets (API node + 3 miners, no chain)", async (t) => {
  await cryptoReady();
  await using net = await startLocalSn21({ chunkBytes: 256 * 1024 });
  const axons = [net.api];
  const alice = keypairFromUri("//Alice");
  const store = new StoreUserAPI(alice, { secretBoxKey: KEY });
  const retrieve = new RetrieveUserAPI(alice, { secretBoxKey: KEY });
  const random = randomBytes(1024 * 1024);
  const text = new TextEncoder().encode("Hello FileTao!\n".repeat(100));
  const cids: Record<string, { cid: string; bytes: Uint8Array }> = {};

  await t.step("plain: the CID is the spec's, and both files come back byte-identical", async () => {
    const helloCid = await store.query({ axons }, "Hello FileTao!", { ttl: 3600 });
    assert.equal(helloCid, "bafkreietxqwb3tqlv6gyjqh6otz52skqlyumk3q7y3fmn65t2xcvejly2u");
    for (const [name, bytes] of [["random", random], ["text", text]] as const) {
      const cid = await store.query({ axons, timeout: 30 }, bytes);
      assert.equal(cid, cidFor(bytes));
      cids[name] = { cid, bytes };
      assert.deepEqual(await retrieve.query({ axons, timeout: 30 }, cid), bytes);
    }
  });

  await t.step("encrypted: Python-compatible payload, round trip, and a wrong key is refused", async () => {
    for (const [name, bytes] of [["random", random], ["text", text]] as const) {
      const cid = await store.query({ axons, timeout: 30 }, bytes, { encrypt: true });
      assert.notEqual(cid, cidFor(bytes), "the CID covers the ciphertext");
      cids[`${name}-enc`] = { cid, bytes };
      assert.deepEqual(await retrieve.query({ axons, timeout: 30 }, cid), bytes);
    }
    const stranger = new RetrieveUserAPI(alice, { secretBoxKey: new Uint8Array(32) });
    await assert.rejects(stranger.query({ axons }, cids["text-enc"].cid), { code: "subnet/wrong-key" });
  });

  await t.step("each chunk is held by 2 distinct miners, and every miner holds some", async () => {
    for (const { cid } of Object.values(cids)) {
      const meta = JSON.parse(await Deno.readTextFile(`${net.dataDir}/api/sn21-api/${cid}.json`));
      for (const chunk of meta.chunks) assert.equal(new Set(chunk.holders).size, 2);
    }
    const counts = net.miners.map((m) => [...Deno.readDirSync(m.chunkDir)].length);
    assert.ok(counts.every((c) => c > 0), `every miner holds chunks: ${counts}`);
  });

  await t.step("with one miner stopped, everything is still retrievable", async () => {
    await net.miners[0].stop();
    for (const { cid, bytes } of Object.values(cids)) {
      assert.deepEqual(await retrieve.query({ axons, timeout: 30 }, cid), bytes);
    }
  });

  await t.step("a corrupted chunk is detected and never returned", async () => {
    const { cid, bytes } = cids.random;
    // Corrupt the first chunk on every running miner that holds it: the stopped one is the other copy.
    const meta = JSON.parse(await Deno.readTextFile(`${net.dataDir}/api/sn21-api/${cid}.json`));
    const chunk = meta.chunks.find((c: { holders: string[] }) => c.holders.includes(net.miners[0].target.hotkey));
    const live = net.miners.filter((m) => m !== net.miners[0] && chunk.holders.includes(m.target.hotkey));
    for (const m of live) await flipFirstByte(`${m.chunkDir}/${chunk.cid}`);
    const error = await retrieve.query({ axons, timeout: 30 }, cid).then(() => null, (e) => e);
    assert.ok(error instanceof SubnetError, "no bytes are returned");
    assert.equal(error.code, "subnet/retrieve-failed");
    assert.match(error.message, /503/);
    // One good copy is enough: restore one holder's chunk and the file comes back intact.
    await flipFirstByte(`${live[0].chunkDir}/${chunk.cid}`);
    assert.deepEqual(await retrieve.query({ axons, timeout: 30 }, cid), bytes);
  });

  await t.step("client faults get 400/404, never 500", async () => {
    const dendrite = createDendrite({ keypair: alice });
    const bad = await dendrite.query(
      net.api,
      StoreUser.create({ encrypted_data: "not base64!", encryption_payload: "{}" }),
      {
        type: StoreUser,
        deserialize: false,
      },
    ) as StoreUserSynapse;
    assert.equal(bad.dendrite.status_code, 400);
    const unknown = await dendrite.query(net.api, RetrieveUser.create({ data_hash: cidFor(new Uint8Array([9])) }), {
      type: RetrieveUser,
      deserialize: false,
    }) as RetrieveUserSynapse;
    assert.equal(unknown.dendrite.status_code, 404);
    const malformed = await dendrite.query(net.api, RetrieveUser.create({ data_hash: "nope" }), {
      type: RetrieveUser,
      deserialize: false,
    }) as RetrieveUserSynapse;
    assert.equal(malformed.dendrite.status_code, 400);
    await assert.rejects(retrieve.query({ axons }, cidFor(new Uint8Array([9]))), { code: "subnet/not-found" });
  });

  await t.step("no reachable node: the error lists each axon's status", async () => {
    const down = { ip: "127.0.0.1", port: 9, hotkey: net.api.hotkey };
    await assert.rejects(store.query({ axons: [down], timeout: 2 }, "x"), (e: SubnetError) => {
      assert.equal(e.code, "subnet/store-failed");
      assert.match(e.message, /127\.0\.0\.1:9 503/);
      return true;
    });
  });
});

Deno.test("sn21 validatorStep() rewards miners that return their chunk and 0 to wrong or slow ones", async () => {
  await using net = await startLocalSn21({ miners: ["honest", "wrong", "slow"] });
  const subnet = createSn21Subnet({ probeBytes: 64 });
  const dendrite = createDendrite({ keypair: keypairFromUri("//Sn21Validator") });
  const dataDir = `${net.dataDir}/validator`;
  const step = (n: number) =>
    subnet.validatorStep({
      dendrite,
      uids: [0, 1, 2],
      axons: net.miners.map((m) => m.target),
      step: n,
      timeout: 2, // generous: a loaded machine must not make the honest miner late (slow always is)
      dataDir,
      logger: silentLogger,
      signal: new AbortController().signal,
    });
  assert.deepEqual(await step(0), [1, 0, 0]);
  assert.deepEqual(await step(1), [1, 0, 0]);
  // The honest miner loses its last probe: the next step asks for it and gets a 404.
  for (const entry of Deno.readDirSync(net.miners[0].chunkDir)) {
    await Deno.remove(`${net.miners[0].chunkDir}/${entry.name}`);
  }
  assert.deepEqual(await step(2), [0, 0, 0]);
});

Deno.test("the API node routes around a slow miner on store and a lying miner on retrieve", async () => {
  await using net = await startLocalSn21({
    miners: ["honest", "slow", "wrong"],
    chunkBytes: 64 * 1024,
    minerTimeout: 2, // generous under load; the slow miner is always later (timeout + 1 s)
  });
  const alice = keypairFromUri("//Alice");
  const data = randomBytes(256 * 1024);
  const stored: [number, number | undefined][] = [];
  const onStore = (done: number, total: number | undefined) => void stored.push([done, total]);
  const cid = await new StoreUserAPI(alice, { onProgress: onStore }).query({ axons: [net.api], timeout: 30 }, data);
  // The store reports its upload's start and end (the base64 body).
  assert.deepEqual(stored, [[0, stored[0][1]], [stored[0][1], stored[0][1]]]);
  assert.ok(stored[0][1]! > data.length);
  const meta = JSON.parse(await Deno.readTextFile(`${net.dataDir}/api/sn21-api/${cid}.json`));
  const [honest, slow, wrong] = net.miners.map((m) => m.target.hotkey);
  for (const chunk of meta.chunks) assert.deepEqual([...chunk.holders].sort(), [honest, wrong].sort());
  // The wrong miner alters every chunk it returns: detected, and the honest copy is served.
  const read: number[] = [];
  const retriever = new RetrieveUserAPI(alice, { onProgress: (done) => void read.push(done) });
  assert.deepEqual(await retriever.query({ axons: [net.api], timeout: 30 }, cid), data);
  // The retrieve reports the answer's bytes as they are read, growing to the whole answer.
  assert.ok(read.length > 0 && read.at(-1)! > data.length, String(read.at(-1)));
  assert.ok(read.every((n, i) => i === 0 || n > read[i - 1]));
  assert.ok(!meta.chunks.some((c: { holders: string[] }) => c.holders.includes(slow)));
});
