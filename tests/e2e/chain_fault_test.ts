// The chain goes away mid-run: the devnet is stopped for a few seconds and restarted from its saved
// state on the same port. The neurons reconnect, and the validator sets weights again within two
// epochs, with no crash.
import assert from "node:assert/strict";
import { Subtensor } from "../../chain/client.ts";
import { startDevnet } from "../../devnet/devnet.ts";
import { registerDevNeurons } from "../../neurons/dev_neurons.ts";
import { startMiner } from "../../neurons/miner.ts";
import { startValidator } from "../../neurons/validator.ts";
import { templateSubnet } from "../../subnets/template/mod.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";

const TEMPO = 10;

async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

Deno.test("neurons survive the chain stopping for a few seconds and set weights again", async () => {
  await cryptoReady();
  const dir = await Deno.makeTempDir({ prefix: "subnet-fault-" });
  const options = { blockTimeMs: 100, tempo: TEMPO, allowLocalIp: true, statePath: `${dir}/chain.json` };
  let net = await startDevnet({ ...options, port: 0 });
  const port = net.port;
  const chain = await Subtensor.connect({ chainEndpoint: net.endpoint, timeoutMs: 10_000, reconnectDelayMsMin: 200 });
  const alice = keypairFromUri("//Alice");
  const validatorKey = keypairFromUri("//FaultValidator");
  const minerKey = keypairFromUri("//FaultMiner");
  await registerDevNeurons(chain, {
    funder: alice,
    netuid: 1,
    keys: [validatorKey, minerKey],
    validators: [validatorKey],
  });
  const controller = new AbortController();
  const miner = await startMiner({
    chain,
    keypair: minerKey,
    netuid: 1,
    subnet: templateSubnet,
    port: 0,
    hostname: "127.0.0.1",
    dataDir: `${dir}/miner`,
    epochLength: TEMPO,
    pollMs: 200,
    signal: controller.signal,
  });
  const validator = await startValidator({
    chain,
    keypair: validatorKey,
    netuid: 1,
    subnet: templateSubnet,
    statePath: `${dir}/validator/state.json`,
    dataDir: `${dir}/validator`,
    epochLength: TEMPO,
    timeout: 1,
    stepIntervalMs: 100,
    blockTimeMs: 100,
    signal: controller.signal,
  });
  try {
    await until("first weights", () => validator.status().lastWeights?.ok === true, 30_000);
    const firstWeights = validator.status().lastWeights!.block;

    await net.close();
    await new Promise((r) => setTimeout(r, 3_000));
    net = await startDevnet({ ...options, port });
    const restartedAt = net.chain.best.number;
    assert.ok(restartedAt >= firstWeights, "the chain came back from its saved state");

    await until(
      "weights after the restart",
      () => (validator.status().lastWeights?.block ?? 0) > restartedAt && validator.status().lastWeights!.ok,
      30_000,
    );
    const after = validator.status().lastWeights!;
    assert.ok(
      after.block <= restartedAt + 2 * TEMPO + 2,
      `weights came back at ${after.block}, restart at ${restartedAt}`,
    );
    const mg = await chain.metagraph(1);
    assert.ok(mg.last_update[mg.uidOf(validatorKey.address)!] > restartedAt);
  } finally {
    controller.abort();
    await Promise.all([validator.finished, miner.finished]);
    await chain.close();
    await net.close();
    await Deno.remove(dir, { recursive: true });
  }
});
