// Process-level: the validator is SIGKILLed at random points and restarted; its state file is never
// half-written and its step and scores continue from what it saved. 20 kills under SOAK=1, 3 in CI.
import assert from "node:assert/strict";
import { Subtensor } from "../../chain/client.ts";
import { startDevnet } from "../../devnet/devnet.ts";
import { registerDevNeurons } from "../../neurons/dev_neurons.ts";
import { startMiner } from "../../neurons/miner.ts";
import { templateSubnet } from "../../subnets/template/mod.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";

const KILLS = Deno.env.get("SOAK") ? 20 : 3;
const root = new URL("../../", import.meta.url).pathname;

Deno.test(`validator killed with SIGKILL ${KILLS} times resumes from its saved state`, async () => {
  await cryptoReady();
  const dir = await Deno.makeTempDir({ prefix: "subnet-restart-" });
  await using net = await startDevnet({ port: 0, blockTimeMs: 100, tempo: 10, allowLocalIp: true });
  await using chain = await Subtensor.connect({ provider: net.createProvider(), timeoutMs: 10_000 });
  const alice = keypairFromUri("//Alice");
  const validatorUri = "//RestartValidator";
  const validatorKey = keypairFromUri(validatorUri);
  const minerKey = keypairFromUri("//RestartMiner");
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
    pollMs: 200,
    signal: controller.signal,
  });
  const minerUid = miner.uid;
  const statePath = `${dir}/logs/dev-RestartValidator/dev-RestartValidator/netuid1/validator/state.json`;
  const args = [
    "run",
    "-A",
    "main.ts",
    "validator",
    "--netuid",
    "1",
    "--dev",
    validatorUri,
    "--subtensor.chain_endpoint",
    net.endpoint,
    "--logging.logging_dir",
    `${dir}/logs`,
    "--neuron.epoch_length",
    "10",
    "--neuron.step_interval_ms",
    "20",
    "--neuron.timeout",
    "1",
    "--neuron.axon_off",
  ];

  let previous = { step: 0, score: 0 };
  let kills = 0;
  for (let i = 0; i < KILLS; i++) {
    const child = new Deno.Command(Deno.execPath(), { args, cwd: root, stdout: "null", stderr: "null" }).spawn();
    // Let it come up and take a few steps, then kill it at a random point of its loop.
    const started = Date.now();
    while (Date.now() - started < 90_000) { // generous: a loaded machine starts processes slowly
      await new Promise((r) => setTimeout(r, 50));
      try {
        const s = JSON.parse(await Deno.readTextFile(statePath));
        if (s.step >= previous.step + 3) break;
      } catch { /* not written yet */ }
    }
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 200)));
    child.kill("SIGKILL");
    await child.status;
    kills++;
    const text = await Deno.readTextFile(statePath);
    const state = JSON.parse(text); // never half-written: it always parses
    assert.equal(state.scores.length, state.hotkeys.length);
    assert.ok(state.step >= previous.step + 3, `step went from ${previous.step} to ${state.step}`);
    // The EMA continues: the honest miner's score never falls back to a fresh start's first value.
    if (i > 0) assert.ok(state.scores[minerUid] >= previous.score * 0.9 ** 2, "scores were reset");
    previous = { step: state.step, score: state.scores[minerUid] };
    const leftovers = [...Deno.readDirSync(statePath.slice(0, statePath.lastIndexOf("/")))]
      .filter((e) => e.name.endsWith(".tmp"));
    assert.ok(leftovers.length <= 1, "temp files pile up");
  }
  assert.equal(kills, KILLS);
  assert.ok(previous.score > 0.3, `the honest miner's score kept growing across restarts: ${previous.score}`);
  controller.abort();
  await miner.finished;
  await Deno.remove(dir, { recursive: true });
});
