// End to end: @polkadot/api (and the project's own `Subtensor` client) against an in-process devnet
// running this folder's SubtensorModule/AdminUtils: registration, axons, weights, commit–reveal,
// transfers, stake, epochs, every documented error by its subtensor name, and the metagraph.
import assert from "node:assert/strict";
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import type { SubmittableExtrinsic } from "@polkadot/api/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { startDevnet } from "../devnet.ts";
import { Subtensor } from "../../chain/client.ts";
import { keypairFromUri } from "../../wallet/keypair.ts";
import { SubnetError } from "../../protocol/errors.ts";
import { commitHash } from "./commit_reveal.ts";
import { send } from "./_polkadot_send.ts";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
type Pair = ReturnType<Keyring["addFromUri"]>;
const alice = keyring.addFromUri("//Alice");
const bob = keyring.addFromUri("//Bob");
const charlie = keyring.addFromUri("//Charlie");
const validator = keyring.addFromUri("//E2eValidator");
const miners = [1, 2, 3].map((i) => keyring.addFromUri(`//E2eMiner${i}`));
const nobody = keyring.addFromUri("//E2eNobody");
const TAO = 1_000_000_000n;

interface LiteJson {
  hotkey: string;
  uid: number;
  active: boolean;
  axonInfo: { ip: number; port: number; ipType: number };
  stake: [string, number][];
  incentive: number;
  dividends: number;
  validatorPermit: boolean;
  lastUpdate: number;
  emission: number;
}

async function neurons(api: ApiPromise): Promise<LiteJson[]> {
  // deno-lint-ignore no-explicit-any
  const out = await (api.call as any).neuronInfoRuntimeApi.getNeuronsLite(1);
  return out.toJSON() as LiteJson[];
}

Deno.test("SubtensorModule on the devnet through @polkadot/api and the Subtensor client", async (t) => {
  await using net = await startDevnet({ serve: false, instant: true }); // SubtensorModule + AdminUtils by default
  const api = await ApiPromise.create({ provider: net.provider, noInitWarn: true, throwOnConnect: true });
  const tx = api.tx.subtensorModule;
  const sudo = (call: SubmittableExtrinsic<"promise">) => send(api, api.tx.sudo.sudo(call), alice);
  const untilEpoch = async () => {
    const tempo = 10;
    do net.produceBlock(); while (net.chain.best.number % tempo !== 0);
    await neurons(api); // let the API see the head
  };
  try {
    await t.step("genesis: subnet 1 with //Alice as uid 0, fast-blocks hyperparameters", async () => {
      const ns = await neurons(api);
      assert.equal(ns.length, 1);
      assert.equal(ns[0].hotkey, alice.address);
      // deno-lint-ignore no-explicit-any
      const hp = ((await (api.call as any).subnetInfoRuntimeApi.getSubnetHyperparams(1)).toJSON()) as Record<
        string,
        unknown
      >;
      assert.equal(hp.tempo, 10);
      assert.equal(hp.commitRevealWeightsEnabled, false);
      assert.equal(hp.weightsRateLimit, 0);
      assert.equal((await api.query.subtensorModule.tempo(1)).toString(), "10");
    });

    await t.step("transfers fund the hotkeys; burned_register gives uids 1..4", async () => {
      for (const hot of [validator, ...miners, nobody]) {
        assert.equal(await send(api, api.tx.balances.transferKeepAlive(hot.address, 10n * TAO), alice), "ok");
      }
      assert.equal(await send(api, tx.burnedRegister(1, validator.address), charlie), "ok");
      for (const m of miners) assert.equal(await send(api, tx.burnedRegister(1, m.address), bob), "ok");
      const ns = await neurons(api);
      assert.deepEqual(ns.map((n) => n.hotkey), [alice, validator, ...miners].map((p) => p.address));
      assert.equal(await send(api, tx.burnedRegister(1, miners[0].address), bob), "HotKeyAlreadyRegisteredInSubNet");
    });

    await t.step(
      "serve_axon stores the axon; 127.0.0.1 is refused like subtensor (pool: InvalidIpAddress)",
      async () => {
        const ip = 203 * 2 ** 24 + 113 * 2 ** 8 + 5; // 203.0.113.5
        assert.equal(await send(api, tx.serveAxon(1, 10002000, ip, 8091, 4, 4, 0, 0), miners[0]), "ok");
        const n = (await neurons(api))[2];
        assert.equal(n.axonInfo.ip, ip);
        assert.equal(n.axonInfo.port, 8091);
        const local = await send(api, tx.serveAxon(1, 10002000, 0x7f000001, 8091, 4, 4, 0, 0), miners[1]);
        assert.match(local, /1010.*Custom error: 11/, local);
        const unregistered = await send(api, tx.serveAxon(1, 1, ip, 8091, 4, 4, 0, 0), nobody);
        assert.match(unregistered, /Custom error: 10/, unregistered);
      },
    );

    await t.step(
      "add_stake: //Charlie stakes 1000 TAO to the validator; the next epoch gives it a permit",
      async () => {
        assert.equal(await send(api, tx.addStake(validator.address, 1, 1000n * TAO), charlie), "ok");
        const alpha = (await api.query.subtensorModule.totalHotkeyAlpha(validator.address, 1)).toString();
        assert.equal(alpha, String(1000n * TAO));
        await untilEpoch();
        const v = (await neurons(api))[1];
        assert.equal(v.validatorPermit, true);
        assert.equal(BigInt(v.stake[0][1]), 1000n * TAO);
        assert.equal(v.stake[0][0], charlie.address);
      },
    );

    await t.step("set_weights: each documented failure by its subtensor name", async () => {
      const uids = [2, 3, 4];
      const sw = (who: Pair, dests: number[], weights: number[], key = 0) =>
        send(api, tx.setWeights(1, dests, weights, key), who);
      assert.equal(await sw(nobody, uids, [1, 2, 3]), "HotKeyNotRegisteredInSubNet");
      assert.equal(await sw(validator, [2, 2], [1, 2]), "DuplicateUids");
      assert.equal(await sw(validator, [2, 9], [1, 2]), "UidVecContainInvalidOne");
      assert.equal(await sw(miners[0], [3], [1]), "NeuronNoValidatorPermit");
      assert.equal(await sudo(api.tx.adminUtils.sudoSetMinAllowedWeights(1, 4)), "ok");
      assert.equal(await sw(validator, uids, [1, 2, 3]), "WeightVecLengthIsLow");
      assert.equal(await sudo(api.tx.adminUtils.sudoSetMinAllowedWeights(1, 1)), "ok");
      assert.equal(await sudo(api.tx.adminUtils.sudoSetWeightsVersionKey(1, 7)), "ok");
      assert.equal(await sw(validator, uids, [1, 2, 3], 6), "IncorrectWeightVersionKey");
      assert.equal(await sudo(api.tx.adminUtils.sudoSetWeightsVersionKey(1, 0)), "ok");
      assert.equal(await sudo(api.tx.adminUtils.sudoSetWeightsSetRateLimit(1, 100)), "ok");
      const tooFast = await sw(validator, uids, [1, 2, 3]); // registered < 100 blocks ago
      assert.match(tooFast, /1010.*Custom error: 6/, "refused at submission (RateLimitExceeded), as subtensor");
      assert.equal(await sudo(api.tx.adminUtils.sudoSetWeightsSetRateLimit(1, 0)), "ok");
      assert.equal(await send(api, api.tx.adminUtils.sudoSetTempo(1, 20), alice), "BadOrigin", "root only");
    });

    await t.step("one validator weighting three miners 1:2:3 gives incentives 1:2:3 after an epoch", async () => {
      assert.equal(await send(api, tx.setWeights(1, [2, 3, 4], [1, 2, 3], 0), validator), "ok");
      await untilEpoch();
      const ns = await neurons(api);
      const inc = ns.slice(2).map((n) => n.incentive);
      assert.deepEqual(inc, [10922, 21844, 32767]);
      assert.ok(Math.abs(inc[1] / inc[0] - 2) < 1e-3 && Math.abs(inc[2] / inc[0] - 3) < 1e-3);
      assert.equal(ns[1].dividends, 65535);
      assert.ok(ns[4].emission > ns[3].emission && ns[3].emission > ns[2].emission);
    });

    await t.step("commit_weights / reveal_weights (hash commit–reveal v2)", async () => {
      assert.equal(await sudo(api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(1, true)), "ok");
      assert.equal(await send(api, tx.setWeights(1, [2, 3, 4], [3, 2, 1], 0), validator), "CommitRevealEnabled");
      const reveal = { netuid: 1, uids: [2, 3, 4], values: [3, 2, 1], salt: [9, 9], versionKey: 0n };
      const hash = commitHash(validator.publicKey, reveal);
      assert.equal(await send(api, tx.commitWeights(1, hash), validator), "ok");
      const early = await send(api, tx.revealWeights(1, [2, 3, 4], [3, 2, 1], [9, 9], 0), validator);
      assert.match(early, /Custom error: 17/, "pool: CommitBlockNotInRevealRange");
      await untilEpoch();
      assert.equal(await send(api, tx.revealWeights(1, [2, 3, 4], [3, 2, 1], [9, 9], 0), validator), "ok");
      // deno-lint-ignore no-explicit-any
      const full = ((await (api.call as any).neuronInfoRuntimeApi.getNeuron(1, 1)).toJSON()) as {
        weights: [number, number][];
      };
      assert.deepEqual(full.weights, [[2, 65535], [3, 43690], [4, 21845]]);
      assert.equal(await sudo(api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(1, false)), "ok");
    });

    await t.step("remove_stake returns TAO to the coldkey", async () => {
      const before = (await api.query.system.account(charlie.address)) as unknown as {
        data: { free: { toBigInt(): bigint } };
      };
      assert.equal(await send(api, tx.removeStake(validator.address, 1, 100n * TAO), charlie), "ok");
      const after = (await api.query.system.account(charlie.address)) as unknown as {
        data: { free: { toBigInt(): bigint } };
      };
      assert.ok(after.data.free.toBigInt() > before.data.free.toBigInt() + 99n * TAO);
    });

    await t.step("the project's Subtensor client reads the metagraph and names the errors", async () => {
      await using chain = await Subtensor.connect({ provider: net.createProvider(), timeoutMs: 10_000 });
      const mg = await chain.metagraph(1);
      assert.equal(mg.hotkeys[1], validator.address);
      assert.equal(mg.axons[2].port, 8091);
      assert.ok(mg.S_rao[1] > 0n);
      const hot = keypairFromUri("//E2eMiner1");
      await assert.rejects(
        () => chain.serveAxon(hot, { netuid: 1, ip: "127.0.0.1", port: 8091 }),
        (e: unknown) => e instanceof SubnetError && /InvalidIpAddress/.test(e.message),
      );
      const v = keypairFromUri("//E2eValidator");
      const r = await chain.setWeights(v, { netuid: 1, uids: [2, 3, 4], weights: [1, 1, 1] }, { versionKey: 0 });
      assert.equal(r.kind, "set");
      await assert.rejects(
        () => chain.setWeights(v, { netuid: 1, uids: [2, 2], weights: [1, 1] }, { versionKey: 0 }),
        (e: unknown) => e instanceof SubnetError && /DuplicateUids/.test(e.message),
      );
    });
  } finally {
    await api.disconnect();
  }
});

Deno.test("Subtensor client hash commit → reveal at its computed block, on the legacy epoch schedule", async () => {
  await using net = await startDevnet({ serve: false, instant: true, subtensor: { legacyEpoch: true } });
  await using chain = await Subtensor.connect({ provider: net.createProvider(), timeoutMs: 10_000 });
  const owner = keypairFromUri("//Alice"); // uid 0 of the genesis subnet: may always set weights
  const miner = keypairFromUri("//E2eLegacyMiner");
  await chain.burnedRegister(owner, { netuid: 1, hotkey: miner.address });
  const api = await ApiPromise.create({ provider: net.createProvider(), noInitWarn: true });
  try {
    assert.equal(
      await send(api, api.tx.sudo.sudo(api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(1, true)), alice),
      "ok",
    );
  } finally {
    await api.disconnect();
  }
  const r = await chain.setWeights(owner, { netuid: 1, uids: [1], weights: [1] }, { preferHash: true, versionKey: 0 });
  assert.equal(r.kind, "commit-hash");
  if (r.kind !== "commit-hash") return;
  while (net.chain.best.number + 1 < r.reveal.revealBlock) net.produceBlock();
  await chain.revealWeights(owner, r.reveal);
  const n = await chain.neuronsLite(1);
  assert.equal(n.length, 2);
  const weights = await chain.storage("SubtensorModule", "Weights", [1, 0]);
  assert.deepEqual(weights, [[1, 65535]]);
});
