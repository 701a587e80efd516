import assert from "node:assert/strict";
import { join } from "node:path";
import { FORK_FORMAT, type ForkSnapshot, loadForkCache, saveForkCache } from "./snapshot.ts";

const snapshot: ForkSnapshot = {
  format: FORK_FORMAT,
  header: { parentHash: "0x00", number: "0x5", stateRoot: "0x00", extrinsicsRoot: "0x00", digest: { logs: [] } },
  timestampMs: 1,
  netuids: [1],
  entries: [["0x01", "0x02"]],
  report: { endpoint: "ws://x", block: 5, hash: "0x00", subnets: [], globals: [], keys: 1, bytes: 1, seconds: 0 },
};

Deno.test("saveForkCache() writes atomically and loadForkCache() reads it back", async () => {
  const dir = await Deno.makeTempDir();
  const path = join(dir, "fork.json");
  assert.equal(await loadForkCache(path), null);
  await saveForkCache(snapshot, path);
  assert.deepEqual(await loadForkCache(path), snapshot);
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["fork.json"]); // no temporary file left
  await Deno.writeTextFile(path, "{not json");
  await assert.rejects(loadForkCache(path), /Cannot load fork cache .*: it is not JSON/);
  await Deno.writeTextFile(path, JSON.stringify({ format: "other" }));
  await assert.rejects(loadForkCache(path), /it is not a subnet-fork\/1 file/);
  await Deno.remove(dir, { recursive: true });
});
