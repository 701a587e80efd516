import assert from "node:assert/strict";
import { Metagraph, type MetagraphSnapshot, type NeuronLite } from "./metagraph.ts";

function neuron(uid: number, over: Partial<NeuronLite> = {}): NeuronLite {
  const hotkey = `hot${uid}`;
  return {
    uid,
    netuid: 3,
    hotkey,
    coldkey: "cold",
    active: true,
    axon_info: {
      block: 1,
      version: 1,
      ip: "1.2.3.4",
      ipInt: 16909060n,
      port: 8091,
      ip_type: 4,
      protocol: 4,
      hotkey,
      coldkey: "cold",
    },
    stake: [{ coldkey: "cold", rao: 1_500_000_000n }],
    stake_rao: 1_500_000_000n,
    emission: 2_000_000_000n,
    rank: 0,
    incentive: 65535,
    consensus: 32767,
    trust: 0,
    validator_trust: 0,
    dividends: 13107,
    last_update: 77,
    validator_permit: uid === 0,
    pruning_score: 65535,
    ...over,
  };
}

Deno.test("Metagraph() exposes Python's fields: u16/65535 proportions, TAO floats and exact RAO", () => {
  const mg = new Metagraph({
    netuid: 3,
    block: 100,
    blockHash: "0xab",
    neurons: [neuron(0), neuron(1, { incentive: 0 })],
  });
  assert.equal(mg.n, 2);
  assert.deepEqual(mg.uids, [0, 1]);
  assert.deepEqual(mg.I, [1, 0]);
  assert.equal(mg.C[0], 32767 / 65535);
  assert.equal(mg.D[0], 0.2);
  assert.deepEqual(mg.S, [1.5, 1.5]);
  assert.deepEqual(mg.S_rao, [1_500_000_000n, 1_500_000_000n]);
  assert.deepEqual(mg.E, [2, 2]);
  assert.deepEqual(mg.validator_permit, [true, false]);
  assert.deepEqual(mg.last_update, [77, 77]);
  assert.equal(mg.axons[1].hotkey, "hot1");
  assert.equal(mg.uidOf("hot1"), 1);
  assert.equal(mg.uidOf("nobody"), undefined);
  assert.equal(mg.neuron(1)?.hotkey, "hot1");
  assert.equal(mg.neuronByHotkey("hot0")?.uid, 0);
});

Deno.test("Metagraph.sync() refreshes every field in place with the same optional reads", async () => {
  const mg = new Metagraph({ netuid: 3, block: 1, blockHash: "0x01", neurons: [neuron(0)] }, { hyperparameters: true });
  const asked: unknown[] = [];
  const next: MetagraphSnapshot = {
    netuid: 3,
    block: 2,
    blockHash: "0x02",
    neurons: [neuron(0), neuron(1), neuron(2, { hotkey: "new" })],
    hyperparameters: { tempo: 360 },
  };
  const same = await mg.sync({
    metagraphSnapshot: (netuid, options) => {
      asked.push([netuid, options]);
      return Promise.resolve(next);
    },
  });
  assert.equal(same, mg);
  assert.deepEqual(asked, [[3, { hyperparameters: true }]]);
  assert.equal(mg.n, 3);
  assert.equal(mg.block, 2);
  assert.equal(mg.uidOf("new"), 2);
  assert.equal(mg.hyperparameters?.tempo, 360);
});
