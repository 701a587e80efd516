// Timelocked weights end to end on the in-process devnet (its default Drand pallet and timelocked
// commits): setWeights picks commit_timelocked_weights when commit-reveal is on, the timelock
// committer (chain/timelock) builds the commit, and the chain reveals it once the drand round's
// pulse is stored. The clock is fake; blocks are made on demand.
import assert from "node:assert/strict";
import { startDevnet } from "../devnet/mod.ts";
import { Subtensor } from "./client.ts";
import { createTimelockCommitter } from "./timelock/mod.ts";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";

Deno.test("Subtensor.setWeights() sends a timelocked commit the devnet reveals", async () => {
  await cryptoReady();
  let nowMs = 1_800_000_000_000;
  await using net = await startDevnet({ serve: false, instant: true, now: () => nowMs });
  const step = () => {
    nowMs += 1000;
    net.produceBlock();
  };
  await using chain = await Subtensor.connect({ provider: net.provider, timeoutMs: 10_000 });
  assert.ok(chain.api.tx.subtensorModule.commitTimelockedWeights && chain.hasStorage("Drand", "BeaconConfig"));
  const alice = keypairFromUri("//Alice");
  const hot = keypairFromUri("//SubnetE2eTimelocked");
  const api = chain.api;
  await chain.submit(
    api.tx.sudo.sudo(api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(1, true)),
    alice,
    "enable CR",
  );
  await chain.transfer(alice, { dest: hot.address, amountRao: 10_000_000_000n });
  await chain.burnedRegister(alice, { netuid: 1, hotkey: hot.address });
  const uid = (await chain.uidForHotkey(1, hot.address))!;
  const limit = Number(await chain.hyperparameter(1, "WeightsSetRateLimit"));
  for (let i = 0; i <= limit; i++) step();

  const timelock = createTimelockCommitter({ chain, now: () => nowMs, blockTimeMs: 1000 });
  const sw = await chain.setWeights(hot, { netuid: 1, uids: [uid], weights: [1] }, { timelock });
  assert.equal(sw.kind, "commit-timelocked");
  assert.ok(
    sw.result.events.some((e) => e.startsWith("subtensorModule.TimelockedWeightsCommitted")),
    sw.result.events.join(),
  );

  let row: unknown[] = [];
  for (let i = 0; i < 200 && row.length === 0; i++) {
    step();
    row = (await chain.storage("SubtensorModule", "Weights", [1, uid])) as unknown[];
  }
  // A new neuron has no validator permit, so it sets a self-weight (which the chain always accepts).
  assert.deepEqual(row, [[uid, 65535]], "the chain revealed exactly the committed weights");
});
