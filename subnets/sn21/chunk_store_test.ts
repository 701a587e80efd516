import assert from "node:assert/strict";
import { openChunkStore } from "./chunk_store.ts";

Deno.test("openChunkStore() stores by CID, expires by ttl, and reports corruption", async () => {
  const dir = await Deno.makeTempDir();
  let clock = 1_000_000;
  const store = await openChunkStore({ dir, now: () => clock, blobBytesMax: 1024 });
  const data = new TextEncoder().encode("Hello FileTao!");
  const cid = await store.put(data, 10);
  assert.equal(cid, "bafkreietxqwb3tqlv6gyjqh6otz52skqlyumk3q7y3fmn65t2xcvejly2u");
  const found = await store.get(cid);
  assert.equal(found.status, "found");
  assert.deepEqual(found.status === "found" && found.data, data);
  assert.equal((await Deno.stat(`${dir}/${cid}`)).mode! & 0o777, 0o600);

  assert.equal((await store.get("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku")).status, "missing");
  assert.equal((await store.get("../../etc/passwd")).status, "missing");
  await assert.rejects(store.put(new Uint8Array(2048), 10), /limit is 1024/);
  await assert.rejects(store.put(data, 0), /positive/);

  const bytes = await Deno.readFile(`${dir}/${cid}`);
  bytes[0] ^= 1;
  await Deno.writeFile(`${dir}/${cid}`, bytes);
  assert.equal((await store.get(cid)).status, "corrupt");

  clock += 11_000;
  assert.equal((await store.get(cid)).status, "missing");
  assert.equal(await store.sweep(), 1);
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("openChunkStore() reports a corrupt expiry as corrupt, heals it on put, and sweeps stale temps", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/.bafkreiexample.json.0123456789abcdef.tmp`, "half");
  const store = await openChunkStore({ dir });
  assert.deepEqual([...Deno.readDirSync(dir)], []);
  const data = new TextEncoder().encode("Hello FileTao!");
  const cid = await store.put(data, 10);
  await Deno.writeTextFile(`${dir}/${cid}.meta`, '{"expiresAtMs":');
  assert.equal((await store.get(cid)).status, "corrupt");
  assert.equal(await store.put(data, 10), cid);
  assert.equal((await store.get(cid)).status, "found");
  await Deno.remove(dir, { recursive: true });
});
