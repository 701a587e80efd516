// The library as a user imports it: `mod.ts` (and the `./devnet` subpath) alone are enough to define a
// subnet, run a miner and a validator against a devnet, and see the validator score the miner.
import assert from "node:assert/strict";
import { z } from "zod";
import {
  createDendrite,
  cryptoReady,
  defineSynapse,
  keypairFromUri,
  startMiner,
  startValidator,
  type SubnetModule,
  Subtensor,
} from "../mod.ts";
import { startDevnet } from "../devnet/mod.ts";

const Echo = defineSynapse({
  name: "Echo",
  fields: z.object({ text: z.string(), reply: z.string().nullable().default(null) }),
  requiredHashFields: ["text"],
  deserialize: (s) => s.reply,
});

const echoSubnet: SubnetModule = {
  name: "echo",
  summary: "miners echo text upper-cased",
  setupMiner({ axon, blacklist, priority }) {
    axon.attach(Echo, (s) => ({ ...s, reply: s.text.toUpperCase() }), { blacklist, priority });
  },
  async validatorStep({ dendrite, axons, step, timeout }) {
    const text = `step ${step}`;
    const replies = await dendrite.query(axons, Echo.create({ text }), { type: Echo, timeout });
    return replies.map((r) => (r === text.toUpperCase() ? 1 : 0));
  },
};

Deno.test("mod.ts builds a tiny miner and validator that work against the devnet", async () => {
  await cryptoReady();
  const dir = await Deno.makeTempDir();
  await using net = await startDevnet({ serve: false, blockTimeMs: 100 });
  await using chain = await Subtensor.connect({ provider: net.createProvider() });
  const alice = keypairFromUri("//Alice");
  const minerKey = keypairFromUri("//ModMiner");
  const validatorKey = keypairFromUri("//ModValidator");
  for (const key of [minerKey, validatorKey]) {
    await chain.transfer(alice, { dest: key.address, amountRao: 10_000_000_000n });
    await chain.burnedRegister(key, { netuid: 1, hotkey: key.address });
  }
  const controller = new AbortController();
  const miner = await startMiner({
    chain,
    keypair: minerKey,
    netuid: 1,
    subnet: echoSubnet,
    port: 0,
    hostname: "127.0.0.2", // subtensor refuses to record 127.0.0.1 (this devnet too); the rest of 127/8 is fine
    dataDir: `${dir}/m`,
    forceValidatorPermit: false, // permits come with the first epoch; this test does not wait for one
    signal: controller.signal,
  });
  const mg = await chain.metagraph(1);
  assert.equal(mg.axons[miner.uid].ip, "127.0.0.2");
  assert.equal(mg.axons[miner.uid].port, miner.addr.port);

  // One validator step against the miner's real socket, as the runner does it.
  const rewards = await echoSubnet.validatorStep({
    dendrite: createDendrite({ keypair: validatorKey }),
    uids: [miner.uid],
    axons: [{ ip: "127.0.0.2", port: miner.addr.port, hotkey: minerKey.address }],
    step: 3,
    timeout: 2,
    dataDir: dir,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    signal: controller.signal,
  });
  assert.deepEqual(rewards, [1]);

  const validator = await startValidator({
    chain,
    keypair: validatorKey,
    netuid: 1,
    subnet: echoSubnet,
    statePath: `${dir}/v/state.json`,
    dataDir: `${dir}/v`,
    stepIntervalMs: 20,
    timeout: 0.3,
    signal: controller.signal,
  });
  const deadline = Date.now() + 60_000; // generous: a busy machine is slow, but a stuck validator must fail, not hang
  while (validator.status().step < 2) {
    assert.ok(Date.now() < deadline, `the validator made ${validator.status().step} of 2 steps within 60 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(validator.status().scores.length, mg.n);
  controller.abort();
  await Promise.all([validator.finished, miner.finished]);
  await Deno.remove(dir, { recursive: true });
});
