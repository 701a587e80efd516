import assert from "node:assert/strict";
import { startDevnet } from "../devnet.ts";
import { DEV_ACCOUNTS } from "../genesis.ts";
import { S } from "../subtensor/items.ts";
import { storeOf } from "../subtensor/pallet.ts";
import { increaseStake } from "../subtensor/stake.ts";
import { ForkRpc } from "./rpc.ts";
import { mapLimit, readSubnetStorage, StorageSource, typedView } from "./storage_reader.ts";

Deno.test("readSubnetStorage() copies share entries, or forks a crowded pool as held by its owner", async () => {
  await using net = await startDevnet({ port: 0, instant: true });
  const alice = DEV_ACCOUNTS.Alice, bob = DEV_ACCOUNTS.Bob;
  const st = storeOf(net.chain.storage);
  increaseStake(st, alice, alice, 1, 3_000n);
  increaseStake(st, alice, bob, 1, 1_000n);
  const block = net.produceBlock();
  await using rpc = await ForkRpc.connect(net.endpoint);
  const src = new StorageSource(rpc, block.hash);

  const all = typedView((await readSubnetStorage(src, 1, 1)).entries);
  assert.equal(all.get(S.Alpha, alice, bob, 1), st.get(S.Alpha, alice, bob, 1));
  assert.equal(all.get(S.TotalHotkeyShares, alice, 1), st.get(S.TotalHotkeyShares, alice, 1));

  const crowded = await readSubnetStorage(src, 1, 1, 1);
  assert.equal(crowded.crowded, 1);
  const one = typedView(crowded.entries);
  assert.equal(one.get(S.Alpha, alice, bob, 1), 0n);
  assert.equal(one.get(S.Alpha, alice, alice, 1), 4_000n << 64n);
  assert.equal(one.get(S.TotalHotkeyShares, alice, 1), 4_000n << 64n);
});

Deno.test("mapLimit() keeps order and at most `limit` calls pending", async () => {
  let pending = 0, most = 0;
  const out = await mapLimit([5, 1, 3, 2, 4], 2, async (x) => {
    most = Math.max(most, ++pending);
    await new Promise((r) => setTimeout(r, x));
    pending--;
    return x * 10;
  });
  assert.deepEqual(out, [50, 10, 30, 20, 40]);
  assert.equal(most, 2);
});
