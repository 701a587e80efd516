// `Pays::No` calls as subtensor's CheckNonce takes them: a fresh, unfunded hotkey serves its axon and
// sets weights; it pays nothing, and its account keeps the nonce. A paying call from it is refused.
import assert from "node:assert/strict";
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { startDevnet } from "../devnet.ts";
import { send } from "./_polkadot_send.ts";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const bob = keyring.addFromUri("//Bob");
const fresh = keyring.addFromUri("//PaysNoFreshHotkey");
const TAO = 1_000_000_000n;

interface AccountJson {
  nonce: number;
  providers: number;
  data: { free: number };
}

Deno.test("a fresh, unfunded hotkey serves its axon and sets weights (Pays::No, check_nonce.rs)", async () => {
  await using net = await startDevnet({ serve: false, instant: true });
  const api = await ApiPromise.create({ provider: net.provider, noInitWarn: true, throwOnConnect: true });
  const tx = api.tx.subtensorModule;
  try {
    // Its coldkey (//Bob) registers it and stakes to it; the hotkey itself never holds TAO.
    assert.equal(await send(api, tx.burnedRegister(1, fresh.address), bob), "ok");
    assert.equal(await send(api, tx.addStake(fresh.address, 1, 100n * TAO), bob), "ok");
    do net.produceBlock(); while (net.chain.best.number % 10 !== 0); // an epoch: the validator permit
    const account = async () => (await api.query.system.account(fresh.address)).toJSON() as unknown as AccountJson;
    assert.equal((await account()).providers, 0, "no TAO, no provider");

    const ip = 203 * 2 ** 24 + 113 * 2 ** 8 + 7; // 203.0.113.7
    assert.equal(await send(api, tx.serveAxon(1, 10002000, ip, 8091, 4, 4, 0, 0), fresh), "ok");
    assert.equal(await send(api, tx.setWeights(1, [0, 1], [1, 1], 0), fresh), "ok");
    const after = await account();
    assert.equal(after.nonce, 2, "the account is kept with its nonce");
    assert.equal(after.data.free, 0, "nothing was charged");
    const axon = (await api.query.subtensorModule.axons(1, fresh.address)).toJSON() as { port: number };
    assert.equal(axon.port, 8091);

    // A paying call still needs a balance: refused at submission (1010 Payment), nothing included.
    const transfer = await send(api, api.tx.balances.transferAllowDeath(bob.address, 1n), fresh);
    assert.match(transfer, /1010.*Inability to pay some fees/, transfer);
  } finally {
    await api.disconnect();
  }
});
