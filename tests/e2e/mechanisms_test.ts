// Incentive mechanisms end to end on the devnet, through our client, validator and CLI: a subnet with
// 2 mechanisms and a 30/70 split; one validator whose subnet module scores both sets different
// weights on mechid 0 and 1; `subnet metagraph --mechid 0|1 --json` shows each mechanism's incentive
// following its weights; a timelocked commit on mechid 1 is revealed under the mechanism's storage
// index. Blocks are made on demand with a fake clock (drand rounds follow it).
// E2E_TRANSCRIPT=1 prints what happened.
import assert from "node:assert/strict";
import { Subtensor } from "../../chain/client.ts";
import { createTimelockCommitter } from "../../chain/timelock/mod.ts";
import { timelockStatus } from "../../chain/timelock/status.ts";
import { captureIo } from "../../cli/_test_io.ts";
import { runCli } from "../../cli/mod.ts";
import { startDevnet } from "../../devnet/mod.ts";
import { registerDevNeurons } from "../../neurons/dev_neurons.ts";
import type { SubnetModule } from "../../neurons/subnet_module.ts";
import { startValidator } from "../../neurons/validator.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";

const say = Deno.env.get("E2E_TRANSCRIPT") === "1" ? (line: string) => console.log(`  ${line}`) : () => {};

Deno.test("one validator scores two mechanisms; each mechagraph follows its weights; mechid 1 reveals a timelocked commit", async () => {
  await cryptoReady();
  let nowMs = 1_800_000_000_000;
  await using net = await startDevnet({ port: 0, instant: true, tempo: 10, allowLocalIp: true, now: () => nowMs });
  const step = () => {
    nowMs += 1000;
    net.produceBlock();
  };
  await using chain = await Subtensor.connect({ provider: net.createProvider(), timeoutMs: 10_000 });
  const api = chain.api;
  const alice = keypairFromUri("//Alice"); // owns netuid 1 on the devnet
  const validatorKey = keypairFromUri("//E2eMechValidator");
  const [minerA, minerB] = ["A", "B"].map((k) => keypairFromUri(`//E2eMechMiner${k}`));
  await registerDevNeurons(chain, {
    funder: alice,
    netuid: 1,
    keys: [validatorKey, minerA, minerB],
    validators: [validatorKey],
  });
  for (const [i, m] of [minerA, minerB].entries()) {
    await chain.serveAxon(m, { netuid: 1, ip: "127.0.0.1", port: 18_000 + i });
  }
  const [uidA, uidB, uidV] = await Promise.all(
    [minerA, minerB, validatorKey].map(async (k) => (await chain.uidForHotkey(1, k.address))!),
  );
  await chain.submit(api.tx.adminUtils.sudoSetMechanismCount(1, 2), alice, "set 2 mechanisms");
  await chain.submit(api.tx.adminUtils.sudoSetMechanismEmissionSplit(1, [19660, 45875]), alice, "split 30/70");
  say(`netuid 1: validator uid ${uidV}, miner A uid ${uidA}, miner B uid ${uidB}; 2 mechanisms, split 19660/45875`);

  // Mechanism 0 rewards miner A, mechanism 1 miner B.
  const twoMechanisms: SubnetModule = {
    name: "two-mechanisms",
    summary: "rewards miner A on mechanism 0 and miner B on mechanism 1",
    mechanisms: [0, 1],
    setupMiner: () => {},
    validatorStep: ({ uids, mechid }) => Promise.resolve(uids.map((u) => (u === (mechid === 1 ? uidB : uidA) ? 1 : 0))),
  };
  const dir = await Deno.makeTempDir({ prefix: "subnet-mech-" });
  const producer = setInterval(step, 20);
  try {
    const validator = await startValidator({
      chain,
      keypair: validatorKey,
      netuid: 1,
      subnet: twoMechanisms,
      statePath: `${dir}/state.json`,
      dataDir: dir,
      epochLength: 5,
      stepIntervalMs: 20,
      setWeightsOptions: { timelock: createTimelockCommitter({ chain, now: () => nowMs, blockTimeMs: 1000 }) },
    });
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && !validator.status().mechanismWeights?.every((w) => w.ok)) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await validator.stop();
    const set = validator.status().mechanismWeights ?? [];
    assert.deepEqual(
      set.map((w) => [w.mechid, w.ok, w.message]),
      [[0, true, "set"], [1, true, "set"]],
      JSON.stringify(set),
    );
    for (const w of set) {
      say(
        `validator set weights on mechid ${w.mechid} at block ${w.block}: uids ${w.uids} weights ${
          w.weights.map((x) => x.toFixed(3))
        }`,
      );
    }
    const scoreA = set[0].weights[set[0].uids.indexOf(uidA)];
    const scoreB = set[1].weights[set[1].uids.indexOf(uidB)];
    assert.ok(scoreA > 0.9 && scoreB > 0.9, "each mechanism's vector favours its own miner");

    // Two epochs later, each mechanism's incentive follows its own weights.
    const start = await chain.blockNumber();
    while ((await chain.blockNumber()) < start + 22) await new Promise((r) => setTimeout(r, 20));
  } finally {
    clearInterval(producer);
  }
  const read = async (mechid: number) => {
    const io = captureIo();
    const code = await runCli(
      ["metagraph", "--netuid", "1", "--mechid", String(mechid), "--json", "--subtensor.chain_endpoint", net.endpoint],
      io,
    );
    assert.equal(code, 0, io.err.join("\n"));
    return JSON.parse(io.out.join("\n"));
  };
  const [m0, m1] = [await read(0), await read(1)];
  for (const m of [m0, m1]) {
    const row = (uid: number) => m.neurons[uid];
    say(
      `metagraph --mechid ${m.mechid} --json: block ${m.block}, mechanism_count ${m.mechanism_count}, ` +
        `emissions_split ${JSON.stringify(m.emissions_split)}; incentive A ${row(uidA).incentive.toFixed(4)}, ` +
        `B ${row(uidB).incentive.toFixed(4)}; validator last_update ${row(uidV).last_update}`,
    );
  }
  assert.equal(m0.mechid, 0);
  assert.equal(m1.mechid, 1);
  assert.equal(m0.mechanism_count, 2);
  assert.ok(m0.neurons.every((x: { validator_trust: unknown }) => typeof x.validator_trust === "number"));
  assert.deepEqual(m0.emissions_split, [30, 70]);
  assert.ok(m0.neurons[uidA].incentive > 0.99 && m0.neurons[uidB].incentive === 0, "mechanism 0 pays miner A");
  assert.ok(m1.neurons[uidB].incentive > 0.99 && m1.neurons[uidA].incentive === 0, "mechanism 1 pays miner B");
  assert.ok(m1.neurons[uidV].last_update > 0, "the validator's weights on mechanism 1 are on chain");
  // Over one epoch, miner A (mechanism 0) earns 30 % of the miners' alpha and miner B 70 %.
  const alphaOf = async () =>
    await Promise.all(
      [minerA, minerB].map(async (k) =>
        BigInt(await chain.storage("SubtensorModule", "TotalHotkeyAlpha", [k.address, 1]) as bigint)
      ),
    );
  const before = await alphaOf();
  for (let i = 0; i < 11; i++) step();
  const [gainA, gainB] = (await alphaOf()).map((a, i) => Number(a - before[i]));
  say(
    `one epoch's alpha: miner A +${gainA} RAO, miner B +${gainB} RAO (B's share ${
      (gainB / (gainA + gainB)).toFixed(4)
    }); metagraph emission A ${m0.neurons[uidA].emission}, B ${m0.neurons[uidB].emission}`,
  );
  assert.ok(Math.abs(gainB / (gainA + gainB) - 0.7) < 0.01, `emission follows the 30/70 split: ${gainA} vs ${gainB}`);
  // The stored emission is subtensor's share-weighted fold (epoch_with_mechanisms): 0.3·0.3 : 0.7·0.7 = 9 : 49.
  const stored = Number(m0.neurons[uidA].emission) / Number(m0.neurons[uidB].emission);
  assert.ok(Math.abs(stored - 9 / 49) < 0.01, `stored emission ratio ${stored}`);
  const io = captureIo();
  assert.equal(
    await runCli(["metagraph", "--netuid", "1", "--mechid", "2", "--subtensor.chain_endpoint", net.endpoint], io),
    1,
  );
  assert.match(io.err.join("\n"), /mechanism 2 of netuid 1: the subnet has 2 mechanisms/);
  for (const mechid of ["0", "1"]) {
    const missing = captureIo();
    const args = ["metagraph", "--netuid", "77", "--mechid", mechid, "--subtensor.chain_endpoint", net.endpoint];
    assert.equal(await runCli(args, missing), 1);
    assert.match(missing.err.join("\n"), /subnet 77 does not exist/);
  }

  // A timelocked commit on mechanism 1 (now rewarding miner A) is revealed under storage index 4097.
  await chain.submit(api.tx.sudo.sudo(api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(1, true)), alice, "CR on");
  for (let i = 0; i < 12; i++) step(); // past the weights rate limit
  const timelock = createTimelockCommitter({ chain, now: () => nowMs, blockTimeMs: 1000 });
  const sw = await chain.setWeights(validatorKey, { netuid: 1, mechid: 1, uids: [uidA], weights: [1] }, { timelock });
  assert.equal(sw.kind, "commit-timelocked");
  const committed = await timelockStatus(chain, { netuid: 1, mechid: 1, hotkey: validatorKey.publicKey });
  assert.equal(committed.pending.length, 1);
  say(
    `timelocked commit on mechid 1 at block ${committed.pending[0].commitBlock}, reveal round ${
      committed.pending[0].revealRound
    }`,
  );
  let row: unknown = [];
  for (let i = 0; i < 200 && JSON.stringify(row) !== JSON.stringify([[uidA, 65535]]); i++) {
    step();
    row = await chain.storage("SubtensorModule", "Weights", [4097, uidV]);
  }
  assert.deepEqual(row, [[uidA, 65535]], "the chain revealed the mechanism-1 commit under index 4097");
  const revealed = await timelockStatus(chain, { netuid: 1, mechid: 1, hotkey: validatorKey.publicKey });
  const outcome = revealed.recent.find((r) => r.status === "revealed");
  assert.ok(outcome, JSON.stringify(revealed.recent, (_, v) => typeof v === "bigint" ? String(v) : v));
  say(`weights status --mechid 1: revealed at block ${outcome.block}, Weights[4097][${uidV}] = ${JSON.stringify(row)}`);
  assert.deepEqual(
    await chain.storage("SubtensorModule", "Weights", [1, uidV]),
    [[uidA, 65535]],
    "mechanism 0 unchanged",
  );

  // A hash commit on mechanism 1: the chain accepts the reveal only if the hash covers index 4097.
  for (let i = 0; i < 12; i++) step();
  const hashed = await chain.setWeights(validatorKey, { netuid: 1, mechid: 1, uids: [uidB], weights: [1] }, {
    preferHash: true,
  });
  assert.equal(hashed.kind, "commit-hash");
  if (hashed.kind !== "commit-hash") return;
  assert.equal(hashed.reveal.mechid, 1);
  const producer2 = setInterval(step, 20);
  try {
    const r = await chain.revealWhenDue(validatorKey, hashed.reveal, { pollMs: 20 });
    say(
      `hash commit on mechid 1 revealed by reveal_mechanism_weights: ${r.events.filter((e) => e.includes("Weights"))}`,
    );
  } finally {
    clearInterval(producer2);
  }
  assert.deepEqual(await chain.storage("SubtensorModule", "Weights", [4097, uidV]), [[uidB, 65535]]);
});
