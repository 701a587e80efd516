import assert from "node:assert/strict";
import type { Codec } from "@polkadot/types/types";
import { loadRuntimeMetadata } from "../metadata.ts";
import { account, TestContext } from "./_test_context.ts";
import { S } from "./items.ts";
import { burnedRegister } from "./registration.ts";
import {
  encodeAllDynamicInfo,
  encodeDynamicInfo,
  encodeHyperparams,
  encodeNetworkRegistrationCost,
  encodeNeuron,
  encodeNeurons,
  encodeSubnetInfo,
  encodeSubnetsInfo,
  encodeSubnetState,
} from "./runtime_api.ts";
import { serveAxon } from "./serving.ts";
import {
  encodeCurrentAlphaPrice,
  encodeSimSwap,
  encodeStakeFee,
  encodeStakeInfo,
  encodeStakeInfoForColdkey,
  encodeStakeInfoForColdkeys,
} from "./stake_api.ts";
import { encodeAllMetagraphs, encodeMetagraph, encodeSelectiveMetagraph } from "./metagraph_api.ts";
import { addStake } from "./stake.ts";
import { setWeights } from "./weights.ts";

const runtime = loadRuntimeMetadata();

/** Decodes with the metadata's output type of `method` and checks every byte was consumed. */
function decodeOutput(method: string, bytes: Uint8Array): Record<string, unknown> {
  const info = runtime.runtimeApi(method);
  const codec = runtime.registry.createType(info.outputType, bytes) as Codec;
  assert.equal(codec.encodedLength, bytes.length, `${method}: whole output consumed`);
  return codec.toJSON() as Record<string, unknown>;
}

function populated(): TestContext {
  const ctx = new TestContext({ funded: [2] });
  burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(10) });
  burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(11) });
  addStake(ctx, account(2), { hotkey: account(10), netuid: 1, amount: 5_000_000_000n });
  addStake(ctx, account(1), { hotkey: account(1), netuid: 1, amount: 50_000_000_000n });
  serveAxon(ctx, account(10), {
    netuid: 1,
    version: 7,
    ip: 3232235777n,
    port: 8091,
    ipType: 4,
    protocol: 4,
    placeholder1: 0,
    placeholder2: 0,
  });
  ctx.advanceTo(10);
  ctx.next();
  setWeights(ctx, account(1), { netuid: 1, dests: [1, 2], weights: [1, 0], versionKey: 0n });
  ctx.advanceTo(20);
  return ctx;
}

Deno.test("encodeNeurons() is Vec<NeuronInfoLite> / Vec<NeuronInfo> as the metadata defines them", () => {
  const ctx = populated();
  const lite = decodeOutput("NeuronInfoRuntimeApi_get_neurons_lite", encodeNeurons(ctx.store, 1, false));
  const list = lite as unknown as Record<string, unknown>[];
  assert.equal(list.length, 3);
  const n1 = list[1];
  assert.equal(n1.uid, 1);
  assert.equal(n1.netuid, 1);
  assert.deepEqual(n1.axonInfo, {
    block: 1,
    version: 7,
    ip: 3232235777,
    port: 8091,
    ipType: 4,
    protocol: 4,
    placeholder1: 0,
    placeholder2: 0,
  });
  const stake = n1.stake as [string, number][];
  assert.equal(stake.length, 1);
  assert.equal(BigInt(stake[0][1]), ctx.store.get(S.TotalHotkeyAlpha, account(10), 1));
  assert.equal(n1.incentive, ctx.store.get(S.Incentive, 1)[1]);
  assert.ok((n1.incentive as number) > 0);
  assert.equal(n1.pruningScore, 65535);
  assert.equal(BigInt(n1.emission as number), ctx.store.get(S.Emission, 1)[1]);
  const full = decodeOutput("NeuronInfoRuntimeApi_get_neurons", encodeNeurons(ctx.store, 1, true));
  const owner = (full as unknown as Record<string, unknown>[])[0];
  assert.deepEqual(owner.weights, [[1, 65535]], "zero weights are left out");
  const one = decodeOutput("NeuronInfoRuntimeApi_get_neuron_lite", encodeNeuron(ctx.store, 1, 2, false));
  assert.equal((one as Record<string, unknown>).uid, 2);
  assert.equal(decodeOutput("NeuronInfoRuntimeApi_get_neuron", encodeNeuron(ctx.store, 1, 9, true)), null);
  assert.deepEqual(decodeOutput("NeuronInfoRuntimeApi_get_neurons_lite", encodeNeurons(ctx.store, 5, false)), []);
});

Deno.test("encodeHyperparams() and the subnet info APIs decode with the metadata's types", () => {
  const ctx = populated();
  const hp = decodeOutput("SubnetInfoRuntimeApi_get_subnet_hyperparams", encodeHyperparams(ctx.store, 1, false));
  assert.equal(hp.tempo, 10);
  assert.equal(hp.commitRevealWeightsEnabled, false);
  assert.equal(hp.weightsRateLimit, 0);
  assert.equal(hp.minAllowedWeights, 1);
  assert.equal(hp.maxValidators, 64);
  const v2 = decodeOutput("SubnetInfoRuntimeApi_get_subnet_hyperparams_v2", encodeHyperparams(ctx.store, 1, true));
  assert.equal(v2.yumaVersion, 3);
  assert.equal(v2.subnetIsActive, true);
  assert.equal(
    decodeOutput("SubnetInfoRuntimeApi_get_subnet_hyperparams", encodeHyperparams(ctx.store, 9, false)),
    null,
  );
  const info = decodeOutput("SubnetInfoRuntimeApi_get_subnet_info", encodeSubnetInfo(ctx.store, 1, false));
  assert.equal(info.subnetworkN, 3);
  decodeOutput("SubnetInfoRuntimeApi_get_subnet_info_v2", encodeSubnetInfo(ctx.store, 1, true));
  const all = decodeOutput("SubnetInfoRuntimeApi_get_subnets_info", encodeSubnetsInfo(ctx.store, false));
  assert.equal((all as unknown as unknown[]).length, 2, "root and netuid 1");
  decodeOutput("SubnetInfoRuntimeApi_get_subnets_info_v2", encodeSubnetsInfo(ctx.store, true));
  const state = decodeOutput("SubnetInfoRuntimeApi_get_subnet_state", encodeSubnetState(ctx.store, 1));
  assert.equal((state.hotkeys as unknown[]).length, 3);
  assert.equal(BigInt((state.alphaStake as number[])[1]), ctx.store.get(S.TotalHotkeyAlpha, account(10), 1));
  const dyn = decodeOutput("SubnetInfoRuntimeApi_get_dynamic_info", encodeDynamicInfo(ctx.store, 1, ctx.block));
  assert.equal(dyn.tempo, 10);
  decodeOutput("SubnetInfoRuntimeApi_get_all_dynamic_info", encodeAllDynamicInfo(ctx.store, ctx.block));
  const cost = decodeOutput(
    "SubnetRegistrationRuntimeApi_get_network_registration_cost",
    encodeNetworkRegistrationCost(ctx.store),
  );
  assert.equal(cost, 1_000_000_000_000);
});

Deno.test("encodeMetagraph() and encodeSelectiveMetagraph() decode as the metadata's Metagraph types", () => {
  const ctx = populated();
  const mg = decodeOutput("SubnetInfoRuntimeApi_get_metagraph", encodeMetagraph(ctx.store, 1, ctx.block));
  assert.equal(mg.netuid, 1);
  assert.equal(mg.numUids, 3);
  assert.equal((mg.hotkeys as unknown[]).length, 3);
  assert.equal((mg.axons as { port: number }[])[1].port, 8091);
  assert.deepEqual(mg.incentives, ctx.store.get(S.Incentive, 1));
  assert.equal(BigInt((mg.alphaStake as number[])[1]), ctx.store.get(S.TotalHotkeyAlpha, account(10), 1));
  assert.equal(decodeOutput("SubnetInfoRuntimeApi_get_metagraph", encodeMetagraph(ctx.store, 9, ctx.block)), null);
  const all = decodeOutput("SubnetInfoRuntimeApi_get_all_metagraphs", encodeAllMetagraphs(ctx.store, ctx.block));
  assert.equal((all as unknown as unknown[]).length, 2);
  const every = Array.from({ length: 74 }, (_, i) => i);
  const sel = decodeOutput(
    "SubnetInfoRuntimeApi_get_selective_metagraph",
    encodeSelectiveMetagraph(ctx.store, 1, ctx.block, every),
  );
  assert.equal(sel.tempo, 10);
  assert.deepEqual(sel.validators, [0, 1]);
  const some = decodeOutput(
    "SubnetInfoRuntimeApi_get_selective_metagraph",
    encodeSelectiveMetagraph(ctx.store, 1, ctx.block, [8]),
  );
  assert.equal(some.tempo, 10);
  assert.equal(some.hotkeys, null);
});

Deno.test("the StakeInfo and Swap runtime APIs decode with the metadata's types", () => {
  const ctx = populated();
  const list = decodeOutput(
    "StakeInfoRuntimeApi_get_stake_info_for_coldkey",
    encodeStakeInfoForColdkey(ctx.store, account(2)),
  ) as unknown as { netuid: number; stake: number; isRegistered: boolean }[];
  assert.equal(list.length, 1);
  assert.equal(BigInt(list[0].stake), ctx.store.get(S.TotalHotkeyAlpha, account(10), 1));
  assert.equal(list[0].isRegistered, true);
  const many = decodeOutput(
    "StakeInfoRuntimeApi_get_stake_info_for_coldkeys",
    encodeStakeInfoForColdkeys(ctx.store, [account(2), account(9)]),
  ) as unknown as unknown[][];
  assert.equal(many.length, 2);
  const one = decodeOutput(
    "StakeInfoRuntimeApi_get_stake_info_for_hotkey_coldkey_netuid",
    encodeStakeInfo(ctx.store, account(10), account(2), 1),
  ) as { netuid: number };
  assert.equal(one.netuid, 1);
  assert.equal(decodeOutput("StakeInfoRuntimeApi_get_stake_fee", encodeStakeFee(ctx.store, 1, 5n)), 0);
  assert.equal(decodeOutput("SwapRuntimeApi_current_alpha_price", encodeCurrentAlphaPrice(ctx.store, 1)), 1e9);
  const sim = decodeOutput("SwapRuntimeApi_sim_swap_tao_for_alpha", encodeSimSwap(ctx.store, 1, 5n, true));
  assert.equal(sim.alphaAmount, 5);
});
