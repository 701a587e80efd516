// End to end against the in-process devnet (devnet/mod.ts startDevnet): the same Subtensor code
// path as ws://, with @polkadot/api on the devnet's provider, including the SubtensorModule steps.
import assert from "node:assert/strict";
import { startDevnet } from "../devnet/mod.ts";
import { Subtensor } from "./client.ts";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { SubnetError } from "../protocol/errors.ts";

Deno.test("Subtensor against the devnet: balances, transfers, waits and decoded failures", async (t) => {
  await cryptoReady();
  const alice = keypairFromUri("//Alice");
  const bob = keypairFromUri("//Bob");
  const nobody = keypairFromUri("//SubnetE2eNobody");
  await using net = await startDevnet({ serve: false, instant: true });
  await using chain = await Subtensor.connect({ provider: net.provider, timeoutMs: 10_000 });

  await t.step("balance() reads System.Account", async () => {
    assert.ok((await chain.balance(alice.address)).free > 0n);
    assert.equal((await chain.balance(nobody.address)).free, 0n);
  });

  await t.step("transfer() waits for inclusion and reports the events", async () => {
    const before = (await chain.balance(bob.address)).free;
    const r = await chain.transfer(alice, { dest: bob.address, amountRao: 5_000_000_000n });
    assert.match(r.blockHash ?? "", /^0x[0-9a-f]{64}$/);
    assert.ok(r.events.includes("balances.Transfer") && r.events.includes("system.ExtrinsicSuccess"), r.events.join());
    assert.equal((await chain.balance(bob.address)).free, before + 5_000_000_000n);
  });

  await t.step("transfer() can wait for finalization", async () => {
    const r = await chain.transfer(alice, { dest: bob.address, amountRao: 7n }, { waitFor: "finalization" });
    assert.match(r.blockHash ?? "", /^0x[0-9a-f]{64}$/);
  });

  await t.step("a failed dispatch is a chain/dispatch error naming the cause", async () => {
    await assert.rejects(
      () => chain.transfer(alice, { dest: bob.address, amountRao: 10n ** 18n }),
      (e: unknown) => e instanceof SubnetError && e.code === "chain/dispatch" && /FundsUnavailable/.test(e.message),
    );
  });

  await t.step("a pool rejection is a chain/rejected error with the node's reason", async () => {
    await assert.rejects(
      () => chain.transfer(nobody, { dest: bob.address, amountRao: 10n }),
      (e: unknown) => e instanceof SubnetError && e.code === "chain/rejected" && /1010/.test(e.message),
    );
  });

  await t.step({
    name: "burnedRegister(), serveAxon(), addStake(), setWeights() and the metagraph",
    fn: async () => {
      const hot = keypairFromUri("//SubnetE2eHot");
      // serve_axon and set_weights are Pays::No on subtensor (spec/chain.md §1.1); the devnet still
      // asks the signer to afford a fee, so the hotkey gets some TAO first.
      await chain.transfer(alice, { dest: hot.address, amountRao: 10_000_000_000n });
      await chain.burnedRegister(alice, { netuid: 1, hotkey: hot.address });
      const uid = await chain.uidForHotkey(1, hot.address);
      assert.notEqual(uid, null);
      await chain.serveAxon(hot, { netuid: 1, ip: "203.0.113.5", port: 8091 });
      await chain.addStake(alice, { hotkey: hot.address, netuid: 1, amountRao: 1_000_000_000n });
      const mg = await chain.metagraph(1, { hyperparameters: true });
      // The metagraph takes its block number from the mechagraph's `block`: the header's, at that hash.
      const header = await chain.rpc<{ number: string }>("chain_getHeader", [mg.blockHash]);
      assert.equal(mg.block, Number(header.number));
      assert.ok(Number(mg.hyperparameters?.tempo) > 0, JSON.stringify(Object.keys(mg.hyperparameters ?? {})));
      assert.equal(mg.hotkeys[uid!], hot.address);
      assert.equal(mg.axons[uid!].port, 8091);
      assert.equal(mg.axons[uid!].ip, "203.0.113.5");
      assert.ok(mg.S_rao[uid!] > 0n);
      const sw = await chain.setWeights(hot, { netuid: 1, uids: [uid!], weights: [1] }, { preferHash: true });
      assert.equal(sw.kind, "set"); // the devnet's netuid 1 starts with commit-reveal off
      assert.ok(sw.result.events.includes("subtensorModule.WeightsSet"), sw.result.events.join());
      await assert.rejects(
        () => chain.burnedRegister(alice, { netuid: 1, hotkey: hot.address }),
        (e: unknown) => e instanceof SubnetError && /HotKeyAlreadyRegisteredInSubNet/.test(e.message),
      );
    },
  });

  await t.step({
    name: "with commit-reveal on: a hash commit, then the reveal once its epoch comes (blocks made on demand)",
    fn: async () => {
      const api = chain.api;
      const enable = api.tx.sudo.sudo(api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(1, true));
      await chain.submit(enable, alice, "enable commit-reveal on netuid 1");
      assert.equal(await chain.hyperparameter(1, "CommitRevealWeightsEnabled"), true);
      const hot = keypairFromUri("//SubnetE2eCommitter");
      await chain.transfer(alice, { dest: hot.address, amountRao: 10_000_000_000n });
      await chain.burnedRegister(alice, { netuid: 1, hotkey: hot.address });
      const uid = (await chain.uidForHotkey(1, hot.address))!;
      const limit = Number(await chain.hyperparameter(1, "WeightsSetRateLimit"));
      for (let i = 0; i <= limit; i++) net.produceBlock();
      const sw = await chain.setWeights(hot, { netuid: 1, uids: [uid], weights: [1] }, { preferHash: true });
      assert.equal(sw.kind, "commit-hash");
      if (sw.kind !== "commit-hash") return;
      let blocksMade = 0;
      const revealed = await chain.revealWhenDue(hot, sw.reveal, {
        pollMs: 0,
        attemptsMax: 5_000,
        sleep: () => {
          blocksMade++;
          net.produceBlock();
          return Promise.resolve();
        },
      });
      assert.ok(revealed.events.includes("system.ExtrinsicSuccess"), revealed.events.join());
      assert.ok(blocksMade > 0);
      // Without preferHash, a runtime with commit_timelocked_weights needs a timelock committer.
      await assert.rejects(
        () => chain.setWeights(hot, { netuid: 1, uids: [uid], weights: [1] }),
        (e: unknown) => e instanceof SubnetError && e.code === "chain/timelock-required" && /drand/.test(e.message),
      );
    },
  });
});
