// End to end: a devnet, three template miners (honest, wrong, slow) and a validator, all real:
// @polkadot/api over the in-process provider, axons on real sockets, Yuma on the devnet.
import assert from "node:assert/strict";
import { Subtensor } from "../../chain/client.ts";
import { startDevnet } from "../../devnet/devnet.ts";
import { registerDevNeurons } from "../../neurons/dev_neurons.ts";
import { startMiner } from "../../neurons/miner.ts";
import { startValidator } from "../../neurons/validator.ts";
import { templateSubnet } from "../../subnets/template/mod.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";

Deno.test("miners and a validator on the devnet: the honest miner earns the largest incentive", async () => {
  await cryptoReady();
  const dir = await Deno.makeTempDir({ prefix: "subnet-e2e-" });
  await using net = await startDevnet({ serve: false, blockTimeMs: 100, tempo: 10, allowLocalIp: true });
  await using chain = await Subtensor.connect({ provider: net.createProvider(), timeoutMs: 10_000 });
  const alice = keypairFromUri("//Alice");
  const validatorKey = keypairFromUri("//E2eNeuronsValidator");
  const kinds = ["honest", "wrong", "slow"] as const;
  const minerKeys = kinds.map((k) => keypairFromUri(`//E2eNeurons-${k}`));

  await registerDevNeurons(chain, {
    funder: alice,
    netuid: 1,
    keys: [validatorKey, ...minerKeys],
    validators: [validatorKey],
  });

  const controller = new AbortController();
  const miners = [];
  for (const [i, kind] of kinds.entries()) {
    miners.push(
      await startMiner({
        chain,
        keypair: minerKeys[i],
        netuid: 1,
        subnet: templateSubnet,
        kind,
        port: 0,
        hostname: "127.0.0.1",
        dataDir: `${dir}/miner-${kind}`,
        epochLength: 10,
        pollMs: 200,
        signal: controller.signal,
      }),
    );
  }
  const validator = await startValidator({
    chain,
    keypair: validatorKey,
    netuid: 1,
    subnet: templateSubnet,
    statePath: `${dir}/validator/state.json`,
    dataDir: `${dir}/validator`,
    epochLength: 10,
    timeout: 0.5,
    stepIntervalMs: 100,
    signal: controller.signal,
  });

  // Wait until weights were set and two epochs have passed since.
  const deadline = Date.now() + 60_000;
  let weightsBlock = -1;
  while (Date.now() < deadline) {
    const s = validator.status();
    if (s.lastWeights?.ok && weightsBlock < 0) weightsBlock = s.lastWeights.block;
    if (weightsBlock >= 0 && s.block >= weightsBlock + 21) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(weightsBlock >= 0, `the validator set no weights: ${JSON.stringify(validator.status().lastWeights)}`);

  const mg = await chain.metagraph(1);
  const [honest, wrong, slow] = minerKeys.map((k) => mg.uidOf(k.address)!);
  const v = mg.uidOf(validatorKey.address)!;
  assert.ok(mg.I[honest] > 0, `honest incentive ${mg.I[honest]}`);
  for (const uid of mg.uids) if (uid !== honest) assert.ok(mg.I[honest] > mg.I[uid], `uid ${uid} ≥ honest`);
  assert.equal(mg.I[wrong], 0);
  assert.equal(mg.I[slow], 0);
  assert.ok(mg.last_update[v] >= weightsBlock, "the validator's weights are on chain");
  assert.ok(mg.D[v] > 0, "the validator earns dividends");
  assert.ok(miners[0].served() > 0);

  controller.abort();
  await Promise.all([validator.finished, ...miners.map((m) => m.finished)]);
  const state = JSON.parse(await Deno.readTextFile(`${dir}/validator/state.json`));
  assert.ok(state.step > 0 && state.scores[honest] > state.scores[wrong]);
  await Deno.remove(dir, { recursive: true });
});
