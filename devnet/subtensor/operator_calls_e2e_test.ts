// The calls operators use (set_identity, set_commitment, move_stake, transfer_stake, unstake_all) through
// @polkadot/api, and calls the devnet does not implement refused at submission, naming the call.
import assert from "node:assert/strict";
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { startDevnet } from "../devnet.ts";
import { send } from "./_polkadot_send.ts";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const alice = keyring.addFromUri("//Alice");
const bob = keyring.addFromUri("//Bob");
const charlie = keyring.addFromUri("//Charlie");
const hot = keyring.addFromUri("//OperatorHotkey");
const TAO = 1_000_000_000n;

Deno.test("operator calls on the devnet; an unimplemented call is refused at submission and costs nothing", async () => {
  await using net = await startDevnet({ serve: false, instant: true });
  const api = await ApiPromise.create({ provider: net.provider, noInitWarn: true, throwOnConnect: true });
  const tx = api.tx.subtensorModule;
  const q = api.query.subtensorModule;
  const stake = async (hotkey: string, coldkey: string) =>
    // deno-lint-ignore no-explicit-any
    BigInt(((await (api.call as any).stakeInfoRuntimeApi.getStakeInfoForHotkeyColdkeyNetuid(hotkey, coldkey, 1))
      .toJSON()?.stake ?? 0).toString());
  try {
    assert.equal(await send(api, tx.setIdentity("bob", "", "", "", "", "", ""), bob), "HotKeyNotRegisteredInNetwork");
    assert.equal(await send(api, tx.burnedRegister(1, hot.address), bob), "ok");
    assert.equal(await send(api, tx.setIdentity("bob", "https://b.example", "", "", "", "", ""), bob), "ok");
    const identity = (await q.identitiesV2(bob.address)).toHuman() as { name: string; url: string };
    assert.deepEqual([identity.name, identity.url], ["bob", "https://b.example"]);

    const info = { fields: [{ Raw4: "0x01020304" }] };
    assert.equal(await send(api, api.tx.commitments.setCommitment(1, info), alice), "ok");
    const commitment = (await api.query.commitments.commitmentOf(1, alice.address)).toJSON() as { block: number };
    assert.ok(commitment.block > 0);
    assert.equal(await send(api, api.tx.commitments.setCommitment(1, info), charlie), "AccountNotAllowedCommit");

    assert.equal(await send(api, tx.addStake(hot.address, 1, 100n * TAO), bob), "ok");
    assert.equal(await stake(hot.address, bob.address), 100n * TAO);
    assert.equal(await send(api, tx.moveStake(hot.address, alice.address, 1, 1, 10n * TAO), bob), "ok");
    assert.equal(await stake(alice.address, bob.address), 10n * TAO);
    assert.equal(await send(api, tx.transferStake(charlie.address, hot.address, 1, 1, 20n * TAO), bob), "ok");
    assert.equal(await stake(hot.address, charlie.address), 20n * TAO);
    assert.equal(
      await send(api, tx.moveStake(hot.address, alice.address, 1, 1, 1000n * TAO), bob),
      "NotEnoughStakeToWithdraw",
    );
    const before = BigInt((await q.totalHotkeyAlpha(hot.address, 1)).toString());
    assert.equal(await send(api, tx.unstakeAll(hot.address), bob), "ok");
    assert.equal(await stake(hot.address, bob.address), 0n);
    assert.equal(BigInt((await q.totalHotkeyAlpha(hot.address, 1)).toString()), before - 70n * TAO);

    type Account = { nonce: number; data: { free: string } };
    const account = async () => (await api.query.system.account(bob.address)).toJSON() as unknown as Account;
    const was = await account();
    const best = net.chain.best.number;
    const refused = await send(api, tx.rootRegister(hot.address), bob);
    assert.match(refused, /1010.*SubtensorModule\.root_register is not implemented by the devnet/, refused);
    const wrapped = await send(api, api.tx.sudo.sudo(api.tx.adminUtils.sudoSetDefaultTake(100)), alice);
    assert.match(wrapped, /AdminUtils\.sudo_set_default_take is not implemented/, wrapped);
    assert.deepEqual(await account(), was, "nothing charged, the nonce unused");
    assert.equal(net.chain.best.number, best, "no block included them");
  } finally {
    await api.disconnect();
  }
});
