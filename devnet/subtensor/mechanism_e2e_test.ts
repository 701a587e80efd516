// End to end through @polkadot/api: a subnet with 2 mechanisms and a 30/70 split set by its owner,
// different weights on mechid 0 and 1, and the mechagraph runtime APIs per mechanism.
import assert from "node:assert/strict";
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { startDevnet } from "../devnet.ts";
import { send } from "./_polkadot_send.ts";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
type Pair = ReturnType<Keyring["addFromUri"]>;
const alice = keyring.addFromUri("//Alice");
const bob = keyring.addFromUri("//Bob");
const validator = keyring.addFromUri("//MechValidator");
const miners = [1, 2].map((i) => keyring.addFromUri(`//MechMiner${i}`));
const TAO = 1_000_000_000n;

interface Mechagraph {
  netuid: number;
  incentives: number[] | null;
  lastUpdate: number[] | null;
}

Deno.test("mechanisms on the devnet: owner sets 2 with a 30/70 split; each mechagraph follows its weights", async () => {
  await using net = await startDevnet({ serve: false, instant: true });
  const api = await ApiPromise.create({ provider: net.provider, noInitWarn: true, throwOnConnect: true });
  const tx = api.tx.subtensorModule;
  // deno-lint-ignore no-explicit-any
  const subnetApi = (api.call as any).subnetInfoRuntimeApi;
  const untilEpoch = async () => {
    do net.produceBlock(); while (net.chain.best.number % 10 !== 0);
    await api.rpc.chain.getHeader();
  };
  try {
    for (const hot of [validator, ...miners]) {
      assert.equal(await send(api, api.tx.balances.transferKeepAlive(hot.address, 10n * TAO), alice), "ok");
    }
    assert.equal(await send(api, tx.burnedRegister(1, validator.address), bob), "ok"); // uid 1
    for (const m of miners) assert.equal(await send(api, tx.burnedRegister(1, m.address), bob), "ok"); // uids 2, 3
    assert.equal(await send(api, tx.addStake(validator.address, 1, 1000n * TAO), bob), "ok");
    await untilEpoch(); // the validator's permit

    const admin = api.tx.adminUtils;
    assert.equal(await send(api, admin.sudoSetMechanismCount(1, 2), bob), "BadOrigin", "not the owner");
    assert.equal(await send(api, admin.sudoSetMechanismCount(1, 2), alice), "ok", "the subnet owner");
    assert.equal(await send(api, admin.sudoSetMechanismEmissionSplit(1, [19660, 45875]), alice), "ok");
    assert.equal(await send(api, admin.sudoSetMechanismEmissionSplit(1, [1, 2]), alice), "InvalidValue");
    assert.equal((await api.query.subtensorModule.mechanismCountCurrent(1)).toString(), "2");
    assert.deepEqual((await api.query.subtensorModule.mechanismEmissionSplit(1)).toJSON(), [19660, 45875]);

    assert.equal(await send(api, tx.setMechanismWeights(1, 0, [2], [1], 0), validator), "ok");
    assert.equal(await send(api, tx.setMechanismWeights(1, 1, [3], [1], 0), validator), "ok");
    const noMechanism = await send(api, tx.setMechanismWeights(1, 2, [3], [1], 0), validator);
    assert.match(noMechanism, /1010.*Custom error: 6/, "check_rate_limit refuses a mechanism the subnet lacks");
    await untilEpoch();

    const all = Array.from({ length: 74 }, (_, i) => i);
    const mech = async (mecid: number) =>
      (await subnetApi.getSelectiveMechagraph(1, mecid, all)).toJSON() as unknown as Mechagraph;
    const m0 = await mech(0);
    const m1 = await mech(1);
    assert.equal(m1.netuid, 1, "the selective mechagraph reports the subnet's netuid");
    assert.deepEqual(m0.incentives?.slice(2), [65535, 0]);
    assert.deepEqual(m1.incentives?.slice(2), [0, 65535]);
    assert.ok((m1.lastUpdate?.[1] ?? 0) > 0);
    const full = (await subnetApi.getMechagraph(1, 1)).toJSON() as unknown as Mechagraph;
    assert.equal(full.netuid, 4097, "get_mechagraph reports the storage index");
    assert.equal((await subnetApi.getMechagraph(1, 2)).isNone, true);
    assert.equal(((await subnetApi.getAllMechagraphs()).toJSON() as unknown[]).length, 3); // root, 1.0, 1.1

    // Emission follows the split: over one epoch the mechanism-1 miner earns 70 % of the miners' alpha.
    const alpha = async (p: Pair) =>
      BigInt((await api.query.subtensorModule.totalHotkeyAlpha(p.address, 1)).toString());
    const before = await Promise.all(miners.map(alpha));
    await untilEpoch();
    const after = await Promise.all(miners.map(alpha));
    const [e0, e1] = after.map((a, i) => a - before[i]);
    assert.ok(Math.abs(Number(e1) / Number(e0 + e1) - 0.7) < 0.001, `${e0} vs ${e1}`);
  } finally {
    await api.disconnect();
  }
});
