// Issue 19: a fork of finney netuid 1 at block 6852690, served by a replay of the recordings (which
// hold runtime-API answers but no storage), gives `subnet metagraph --json` with the recorded neurons.
import assert from "node:assert/strict";
import { captureIo } from "../../cli/_test_io.ts";
import { runCli } from "../../cli/mod.ts";
import type { Option, Struct, Vec } from "@polkadot/types";
import type { Codec } from "@polkadot/types/types";
import { hexToU8a } from "@polkadot/util";
import { ApiPromise } from "@polkadot/api";
import type { SubmittableExtrinsic } from "@polkadot/api/types";
import { Keyring } from "@polkadot/keyring";
import { startDevnet } from "../../devnet/devnet.ts";
import { S } from "../../devnet/subtensor/items.ts";
import { storeOf } from "../../devnet/subtensor/pallet.ts";
import { loadRuntimeMetadata } from "../../devnet/metadata.ts";
import { skipWithoutShared } from "../_fixtures.ts";
import { loadFinneyFixtures, ReplayNode } from "../replay/node.ts";
import { serveReplay } from "../replay/provider.ts";

interface Neuron {
  uid: number;
  hotkey: string;
  coldkey: string;
  stake_rao: number | string;
  total_stake_rao: number | string;
  validator_permit: boolean;
  axon: unknown;
  active: boolean;
  incentive: number;
  dividends: number;
  emission_rao: number | string;
}

async function metagraph(endpoint: string): Promise<{ n: number; block: number; neurons: Neuron[] }> {
  const io = captureIo();
  const code = await runCli(["metagraph", "--netuid", "1", "--json", "--subtensor.chain_endpoint", endpoint], io);
  assert.equal(code, 0, io.err.join("\n"));
  return JSON.parse(io.out.join("\n"));
}

Deno.test({
  name: "a fork of the finney recording gives the recorded neurons in subnet metagraph --json",
  ignore: skipWithoutShared("fixtures/finney/recorded_rpc.json"),
}, async () => {
  await using replay = serveReplay(new ReplayNode(await loadFinneyFixtures(), { scenario: "metagraph" }));
  const recorded = await metagraph(replay.url);
  assert.equal(recorded.neurons.length, 1024);

  await using net = await startDevnet({
    port: 0,
    instant: true,
    fork: { endpoint: replay.url, netuids: [1], at: 6852690 },
  });
  const report = net.fork!;
  assert.equal(report.block, 6852690);
  assert.equal(net.chain.best.number, 6852690);
  const sn = report.subnets[0];
  assert.equal(sn.neurons, 1024);
  assert.ok(sn.runtimeApi["NeuronInfoRuntimeApi_get_neurons_lite"].includes("Keys"));
  assert.ok(sn.runtimeApi["SubnetInfoRuntimeApi_get_selective_mechagraph"].includes("Tempo"));
  assert.ok(sn.missing.Weights && sn.missing.Bonds, "weights and bonds are reported missing");

  const forked = await metagraph(net.endpoint);
  assert.equal(forked.n ?? forked.neurons.length, recorded.n ?? recorded.neurons.length);
  assert.equal(forked.neurons.length, 1024);
  const pick = (x: Neuron) => ({
    uid: x.uid,
    hotkey: x.hotkey,
    coldkey: x.coldkey,
    total_stake_rao: x.total_stake_rao,
    validator_permit: x.validator_permit,
    axon: x.axon,
    active: x.active,
    incentive: x.incentive,
    dividends: x.dividends,
    emission_rao: x.emission_rao,
  });
  assert.deepEqual(forked.neurons.map(pick), recorded.neurons.map(pick));
  // stake_rao is the hotkey's whole alpha (the recorded mechagraph's alpha_stake, decoded here on its own);
  // the recorded get_neurons_lite listed only the owner's share.
  const fixtures = await loadFinneyFixtures();
  const calls = fixtures.recorded.metagraph.state_call as Record<string, { result: string }>;
  const text = Object.keys(calls).find((k) => k.includes("get_selective_mechagraph"))!;
  const meta = loadRuntimeMetadata();
  const method = meta.runtimeApi("SubnetInfoRuntimeApi_get_selective_mechagraph");
  const mg = (meta.decode(method.outputType, hexToU8a(calls[text].result)) as Option<Struct>).unwrap();
  const alpha = [...(mg.get("alphaStake") as Option<Vec<Codec>>).unwrap()].map((c) => BigInt(c.toString()));
  assert.deepEqual(forked.neurons.map((x) => BigInt(x.stake_rao)), alpha);
  // Alice is sudo and Bob can register into the forked subnet; the devnet continues at the recorded block + 1.
  const api = await ApiPromise.create({ provider: net.createProvider(), noInitWarn: true });
  try {
    const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
    const [alice, bob] = [keyring.addFromUri("//Alice"), keyring.addFromUri("//Bob")];
    const included = (tx: SubmittableExtrinsic<"promise">, who: typeof alice) =>
      new Promise<void>((resolve, reject) => {
        tx.signAndSend(who, ({ status, dispatchError }) => {
          if (dispatchError) reject(new Error(dispatchError.toString()));
          else if (status.isInBlock) resolve();
        }).catch(reject);
      });
    await included(api.tx.sudo.sudo(api.tx.adminUtils.sudoSetTempo(1, 20)), alice);
    assert.equal(net.chain.best.number, 6852691);
    await included(api.tx.subtensorModule.burnedRegister(1, bob.address), bob);
    const st = storeOf(net.chain.storage);
    assert.equal(st.get(S.Tempo, 1), 20);
    assert.ok(st.has(S.Uids, 1, bob.publicKey), "Bob holds a uid on the forked subnet");
  } finally {
    await api.disconnect();
  }
});
