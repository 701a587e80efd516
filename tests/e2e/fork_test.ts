// Issue 19: a devnet forked from another devnet at a block runs the next epoch exactly as the source
// does (Incentive, Dividends, Bonds and Emission equal to the last u16), and a fork that cannot read
// what it needs exits with a message naming what failed and writes nothing.
import assert from "node:assert/strict";
import { Subtensor } from "../../chain/client.ts";
import { captureIo } from "../../cli/_test_io.ts";
import { runCli } from "../../cli/mod.ts";
import { u8aToHex } from "@polkadot/util";
import { startDevnet } from "../../devnet/devnet.ts";
import { NETUID_ITEMS, netuidPrefix } from "../../devnet/fork/plan.ts";
import { readFork } from "../../devnet/fork/read.ts";
import { simulateForkEpoch } from "../../devnet/fork/simulate.ts";
import type { StorageKeyHex, StorageReader } from "../../devnet/storage.ts";
import { HEAD_ONLY_ITEMS, S } from "../../devnet/subtensor/items.ts";
import { storeOf } from "../../devnet/subtensor/pallet.ts";
import type { TypedStore } from "../../devnet/subtensor/store.ts";
import { registerDevNeurons } from "../../neurons/dev_neurons.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";

/** Every entry of every netuid-keyed SubtensorModule item of subnet 1, mechanisms 0 and 1. */
function subnetDump(storage: StorageReader): Record<string, string> {
  const out: Record<string, string> = {};
  for (const index of [1, 1 + 4096]) {
    for (const item of NETUID_ITEMS) {
      for (const [k, v] of storage.entriesRaw(netuidPrefix(item, index) as StorageKeyHex)) out[k] = u8aToHex(v);
    }
  }
  return out;
}

/** The epoch outputs and stakes of a subnet, comparable with `deepEqual`. */
function epochState(st: TypedStore, netuid: number) {
  const n = st.get(S.SubnetworkN, netuid);
  const hotkeys = Array.from({ length: n }, (_, uid) => st.get(S.Keys, netuid, uid));
  return {
    n,
    incentive: st.get(S.Incentive, netuid),
    dividends: st.get(S.Dividends, netuid),
    emission: st.get(S.Emission, netuid),
    consensus: st.get(S.Consensus, netuid),
    validatorTrust: st.get(S.ValidatorTrust, netuid),
    bonds: Array.from({ length: n }, (_, uid) => st.get(S.Bonds, netuid, uid)),
    weights: Array.from({ length: n }, (_, uid) => st.get(S.Weights, netuid, uid)),
    stake: hotkeys.map((h) => st.get(S.TotalHotkeyAlpha, h, netuid)),
    epochIndex: st.get(HEAD_ONLY_ITEMS.SubnetEpochIndex, netuid),
  };
}

Deno.test("a devnet forked from a devnet runs the next epoch exactly as the source; simulate --fork", async (t) => {
  await cryptoReady();
  await using source = await startDevnet({ port: 0, instant: true, tempo: 10 });
  await using chain = await Subtensor.connect({ provider: source.createProvider() });
  const validators = [1, 2].map((i) => keypairFromUri(`//ForkValidator${i}`));
  const miners = [1, 2, 3].map((i) => keypairFromUri(`//ForkMiner${i}`));
  await registerDevNeurons(chain, {
    funder: keypairFromUri("//Alice"),
    netuid: 1,
    keys: [...validators, ...miners],
    validators,
  });
  const untilEpoch = () => {
    do source.produceBlock(); while (source.chain.best.number % 10 !== 0);
  };
  untilEpoch();
  const mg = await chain.metagraph(1);
  const uids = miners.map((m) => mg.uidOf(m.address)!);
  await chain.setWeights(validators[0], { netuid: 1, uids, weights: [1, 2, 3] });
  await chain.setWeights(validators[1], { netuid: 1, uids, weights: [3, 1, 1] });
  for (let i = 0; i < 3; i++) untilEpoch(); // bonds build up over a few epochs
  source.produceBlock();
  source.produceBlock();
  const at = source.chain.best.number;

  await t.step("the fork equals the source, and so does its next epoch", () => equality(at));
  await t.step("simulate --fork moves a miner's incentive as the new weights say", async () => {
    const dir = await Deno.makeTempDir();
    const file = `${dir}/weights.json`;
    // Validator 1 moves all its weight to the first miner (it gave it 1 of 1:2:3 before).
    await Deno.writeTextFile(file, JSON.stringify({ uids, weights: [1, 0, 0] }));
    const io = captureIo();
    const args = ["simulate", "--fork", source.endpoint, "--netuid", "1", "--at", String(at), "--weights", file];
    const code = await runCli([...args, "--hotkey", validators[0].address, "--json"], io);
    assert.equal(code, 0, io.err.join("\n"));
    const r = JSON.parse(io.out[0]);
    assert.equal(r.validator, mg.uidOf(validators[0].address));
    assert.deepEqual(r.weights, [[uids[0], 65535], [uids[1], 0], [uids[2], 0]].sort((a, b) => a[0] - b[0]));
    const [m1, m2, m3] = uids.map((u) => r.uids[u].incentive);
    assert.ok(m1.simulated > m1.unchanged + 0.05, `first miner up: ${JSON.stringify(m1)}`);
    assert.ok(m2.simulated < m2.unchanged && m3.simulated < m3.unchanged, "the others down");
    // With weights unchanged, the simulation is the epoch the chain ran next.
    const ran = storeOf(source.chain.storage);
    assert.deepEqual(
      uids.map((u) => Math.round(r.uids[u].incentive.unchanged * 65535)),
      uids.map((u) => ran.get(S.Incentive, 1)[u]),
    );
    const table = captureIo();
    const plot = `${dir}/incentive.svg`;
    assert.equal(await runCli([...args, "--hotkey", String(r.validator), "--plot", plot], table), 0);
    console.log(table.out.join("\n"));
    const row = table.out.find((l) => l.trimStart().startsWith(`${uids[0]} `))!;
    assert.match(row, /^\s+\d+\s+0\.\d+ → 1\.000000 \(\+0\.\d+\)/, row);
    assert.match(await Deno.readTextFile(plot), /^<svg[\s\S]*<\/svg>\n$/);
    await Deno.remove(dir, { recursive: true });
  });

  await t.step("with two mechanisms, every subnet item of both mechanisms stays equal over an epoch", async () => {
    const st = storeOf(source.chain.storage);
    st.put(S.MechanismCountCurrent, [1], 2);
    for (const [v, w] of [[validators[0], [3, 2, 1]], [validators[1], [1, 1, 4]]] as const) {
      const uid = mg.uidOf(v.address)!;
      st.put(S.Weights, [1 + 4096, uid], uids.map((u, i) => [u, Math.round((w[i] / Math.max(...w)) * 65535)]));
      st.mutate(S.LastUpdate, [1 + 4096], (lu) => {
        const out = [...lu];
        while (out.length <= uid) out.push(0n);
        out[uid] = BigInt(source.chain.best.number);
        return out;
      });
    }
    source.produceBlock();
    const at = source.chain.best.number;
    await using fork = await startDevnet({
      serve: false,
      instant: true,
      fork: { endpoint: source.endpoint, netuids: [1], at },
    });
    assert.equal(fork.fork!.subnets[0].mechanisms, 2);
    assert.deepEqual(subnetDump(fork.chain.storage), subnetDump(source.chain.storage));
    const snapshot = await readFork({ endpoint: source.endpoint, netuids: [1], at });
    const sim = simulateForkEpoch(snapshot, {
      netuid: 1,
      mechid: 1,
      validator: mg.uidOf(validators[0].address)!,
      weights: [[uids[2], 1]],
    });
    for (let i = 0; i < 10; i++) assert.equal(fork.produceBlock().number, source.produceBlock().number);
    const after = subnetDump(source.chain.storage);
    const ran = storeOf(source.chain.storage).get(S.Incentive, 1 + 4096);
    assert.deepEqual(uids.map((u) => Math.round(sim.uids[u].incentive.unchanged * 65535)), uids.map((u) => ran[u]));
    assert.ok(sim.uids[uids[2]].incentive.simulated > sim.uids[uids[2]].incentive.unchanged);
    assert.ok(Object.keys(after).some((k) => k.startsWith(netuidPrefix(S.Bonds, 1 + 4096))), "mechanism 1 has bonds");
    assert.deepEqual(subnetDump(fork.chain.storage), after);
  });

  async function equality(at: number) {
    await using fork = await startDevnet({
      serve: false,
      instant: true,
      fork: { endpoint: source.endpoint, netuids: [1], at },
    });
    assert.equal(fork.chain.best.number, at);
    assert.equal(fork.chain.best.hash, source.chain.best.hash);
    const report = fork.fork!;
    assert.equal(report.block, at);
    assert.equal(report.subnets[0].neurons, 6);
    assert.ok(report.subnets[0].storage.Weights >= 2 && report.subnets[0].storage.Bonds >= 2, JSON.stringify(report));
    assert.deepEqual(report.subnets[0].missing, {});
    assert.deepEqual(epochState(storeOf(fork.chain.storage), 1), epochState(storeOf(source.chain.storage), 1));

    // One more epoch on both, weights unchanged.
    const before = epochState(storeOf(source.chain.storage), 1).epochIndex;
    for (let i = 0; i < 10; i++) {
      assert.equal(fork.produceBlock().number, source.produceBlock().number);
    }
    const a = epochState(storeOf(source.chain.storage), 1);
    const b = epochState(storeOf(fork.chain.storage), 1);
    assert.equal(a.epochIndex, before + 1n, "an epoch ran on the source");
    assert.ok(a.incentive.some((x) => x > 0) && a.bonds.some((r) => r.length > 0));
    assert.deepEqual(b, a);
    assert.deepEqual(subnetDump(fork.chain.storage), subnetDump(source.chain.storage), "every subnet item");
  }
});
