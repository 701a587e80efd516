// Expectations from ../shared/fixtures/finney/README.md (recorded by bittensor 10.2.0's own tests),
// replayed through tests/replay (one connection; each step switches the recorded scenario).
import assert from "node:assert/strict";
import { hexToU8a } from "@polkadot/util";
import { Subtensor } from "./client.ts";
import { finneyFixturesPresent, loadFinneyFixtures, ReplayNode } from "../tests/replay/node.ts";
import { ReplayProvider, serveReplay } from "../tests/replay/provider.ts";

const ignore = !finneyFixturesPresent();
const HOTKEY = "5Cf4LPRv6tiyuFsfLRQaFYEEn3zJRGi4bAE9DwbbKmbCSHpV";

Deno.test({ name: "Subtensor reproduces every expectation of the finney fixtures README", ignore }, async (t) => {
  const node = new ReplayNode(await loadFinneyFixtures(), { scenario: "metagraph" });
  await using chain = await Subtensor.connect({ provider: new ReplayProvider(node), timeoutMs: 5_000 });

  await t.step("metagraph(): netuid 1 has n = 1024 at block 6852690", async () => {
    node.useScenario("metagraph");
    const mg = await chain.metagraph(1);
    assert.equal(mg.n, 1024);
    assert.equal(mg.netuid, 1);
    assert.equal(mg.block, 6852690);
    assert.equal(mg.blockHash, "0xdb13c066e2c63969f140164fb3bfe7a0aaa7b71407fc0fe525d68e57329ef9d0");
    assert.deepEqual(mg.uids, Array.from({ length: 1024 }, (_, i) => i));
    assert.equal(mg.uidOf(mg.hotkeys[5]), 5);
    assert.equal(mg.neuronByHotkey(mg.hotkeys[7])?.uid, 7);
    assert.equal(mg.total_stake_rao?.length, 1024);
    assert.ok(mg.I.every((x) => x >= 0 && x <= 1) && mg.D.every((x) => x >= 0 && x <= 1));
  });

  await t.step("metagraph sync() refreshes in place", async () => {
    node.useScenario("metagraph");
    const mg = await chain.metagraph(1);
    mg.n = 0;
    assert.equal((await mg.sync(chain)).n, 1024);
  });

  await t.step("blockNumber() is 6522038 (get_current_block)", async () => {
    node.useScenario("get_current_block");
    assert.equal(await chain.blockNumber(), 6522038);
  });

  await t.step("blockHash(6522038) (get_block_hash)", async () => {
    node.useScenario("get_block_hash");
    assert.equal(await chain.blockHash(6522038), "0x4f0bbe5e96a78ca4cc1df9a7e757d335165d6d71c545cf6eb4794986424bcd29");
  });

  await t.step("subnetworkN(1) is 1024", async () => {
    node.useScenario("subnetwork_n");
    assert.equal(await chain.subnetworkN(1), 1024);
  });

  await t.step("netuidsForHotkey() is [14]", async () => {
    node.useScenario("get_netuids_for_hotkey");
    assert.deepEqual(await chain.netuidsForHotkey(HOTKEY), [14]);
  });

  await t.step("isHotkeyRegistered(14, hotkey) is true (uid 29)", async () => {
    node.useScenario("is_hotkey_registered_on_subnet");
    assert.equal(await chain.isHotkeyRegistered(14, HOTKEY), true);
    assert.equal(await chain.uidForHotkey(14, HOTKEY), 29);
  });

  await t.step("blocksSinceLastUpdate(1, 0) is 4009702", async () => {
    node.useScenario("blocks_since_last_update");
    assert.equal(await chain.blocksSinceLastUpdate(1, 0), 4009702);
  });

  await t.step("neuronForHotkey(14, hotkey): that hotkey, a stake and an axon", async () => {
    node.useScenario("get_neuron_for_pubkey_and_subnet");
    const neuron = await chain.neuronForHotkey(14, HOTKEY);
    assert.ok(neuron);
    assert.equal(neuron.hotkey, HOTKEY);
    assert.equal(neuron.netuid, 14);
    assert.equal(neuron.uid, 29);
    assert.equal(neuron.stake_rao, 293397769457395n);
    assert.equal(neuron.axon_info.hotkey, HOTKEY); // never served: all-zero fields, as get_axon_info answers
    assert.equal(neuron.axon_info.ip, "0.0.0.0");
  });

  await t.step(
    "hyperparameter(): Tempo 1000 and ImmunityPeriod 5000 on netuid 23 (tempo, immunity_period)",
    async () => {
      node.useScenario("tempo");
      const tempoAt = "0x03a008636efbe7706f79f2c7d7d4e85ff26a3e67922e5fefab71e7f6d9dab43d";
      assert.equal(await chain.hyperparameter(23, "Tempo", tempoAt), 1000);
      node.useScenario("immunity_period");
      const immunityAt = "0x8d3cb34e83a45c0d2a2896bbe5fd34e108d9d82b7261a4eaf1c4b585c17a4689";
      assert.equal(await chain.hyperparameter(23, "ImmunityPeriod", immunityAt), 5000);
    },
  );

  await t.step("balance() decodes System.Account (get_balance)", async () => {
    node.useScenario("get_balance");
    const at = "0x1b3f85dc8c83cada6d1782c955973a509a37c62af3d6ba29f5fd816aee37eb3b";
    // 0x…d0c30fbc01000000 = free 7450117072 RAO; 00e1f50500000000 = reserved 100000000
    const pub = "0x1257de87a71abb164403f7cb9ea65d0721f8bb89d8bd85754deceedd91e86053";
    const b = await chain.balance(hexToU8a(pub), at);
    assert.equal(b.free, 7450117072n);
    assert.equal(b.reserved, 100_000_000n);
  });

  await t.step("hyperparameters() never fails: it falls back to storage reads", async () => {
    node.useScenario("tempo");
    const hp = await chain.hyperparameters(23);
    assert.equal(typeof hp, "object"); // everything here is unrecorded at the best block: an empty, not a failure
  });

  await t.step("an unrecorded call is a chain/rpc error, not a hang", async () => {
    node.useScenario("metagraph");
    await assert.rejects(() => chain.subnetworkN(3), (e: Error & { code?: string }) => e.code === "chain/rpc");
  });

  await t.step("each neuron decodes as @polkadot/types decodes the same bytes", async () => {
    node.useScenario("metagraph");
    const hash = "0xdb13c066e2c63969f140164fb3bfe7a0aaa7b71407fc0fe525d68e57329ef9d0";
    const neurons = await chain.neuronsLite(1, hash);
    const raw = await chain.rpc<string>("state_call", ["NeuronInfoRuntimeApi_get_neurons_lite", "0x0100", hash]);
    const apis = (chain.api.registry.metadata as unknown as {
      apis: { name: unknown; methods: { name: unknown; output: { toNumber(): number } }[] }[];
    }).apis;
    const out = apis.find((a) => String(a.name) === "NeuronInfoRuntimeApi")!.methods
      .find((m) => String(m.name) === "get_neurons_lite")!.output.toNumber();
    const codec = chain.api.registry.createType(chain.api.registry.createLookupType(out), raw);
    assert.equal(codec.encodedLength, hexToU8a(raw).length);
    const theirs = codec.toJSON() as Record<string, unknown>[];
    assert.equal(theirs.length, neurons.length);
    neurons.forEach((n, i) => {
      const p = theirs[i] as {
        hotkey: string;
        coldkey: string;
        uid: number;
        netuid: number;
        active: boolean;
        axonInfo: Record<string, number>;
        stake: [string, number | string][];
        emission: number | string;
        incentive: number;
        consensus: number;
        validatorTrust: number;
        dividends: number;
        lastUpdate: number;
        validatorPermit: boolean;
        pruningScore: number;
      };
      assert.equal(n.hotkey, p.hotkey);
      assert.equal(n.coldkey, p.coldkey);
      assert.equal(n.uid, p.uid);
      assert.equal(n.netuid, p.netuid);
      assert.equal(n.active, p.active);
      assert.equal(n.axon_info.ipInt, BigInt(p.axonInfo.ip));
      assert.equal(n.axon_info.port, p.axonInfo.port);
      assert.equal(n.axon_info.version, p.axonInfo.version);
      assert.equal(n.axon_info.ip_type, p.axonInfo.ipType);
      assert.deepEqual(n.stake.map((s) => [s.coldkey, s.rao]), p.stake.map(([c, v]) => [c, BigInt(v)]));
      assert.equal(n.emission, BigInt(p.emission));
      assert.equal(n.incentive, p.incentive);
      assert.equal(n.consensus, p.consensus);
      assert.equal(n.validator_trust, p.validatorTrust);
      assert.equal(n.dividends, p.dividends);
      assert.equal(n.last_update, p.lastUpdate);
      assert.equal(n.validator_permit, p.validatorPermit);
      assert.equal(n.pruning_score, p.pruningScore);
    });
  });
});

Deno.test("Subtensor.connect() says how to start a devnet when nothing answers locally", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  await assert.rejects(
    () => Subtensor.connect({ chainEndpoint: `ws://127.0.0.1:${port}`, connectTimeoutMs: 3_000 }),
    (e: Error & { code?: string }) => e.code === "chain/unreachable" && e.message.includes("subnet devnet"),
  );
});

Deno.test({ name: "Subtensor reconnects with backoff after the node goes away and comes back", ignore }, async () => {
  const node = new ReplayNode(await loadFinneyFixtures(), { scenario: "get_current_block" });
  let server = serveReplay(node);
  const port = Number(new URL(server.url).port);
  const events: string[] = [];
  const logger = {
    debug: (e: string) => events.push(e),
    info: (e: string) => events.push(e),
    warn: (e: string) => events.push(e),
    error: (e: string) => events.push(e),
  };
  const chain = await Subtensor.connect({
    chainEndpoint: server.url,
    logger,
    reconnectDelayMsMin: 20,
    reconnectDelayMsMax: 200,
    timeoutMs: 5_000,
  });
  try {
    assert.equal(await chain.blockNumber(), 6522038);
    await server.close();
    server = serveReplay(node, { port });
    let block: number | undefined;
    for (let attempt = 0; attempt < 300 && block === undefined; attempt++) {
      try {
        block = await chain.blockNumber();
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    assert.equal(block, 6522038);
    assert.ok(events.includes("chain.reconnect") && events.includes("chain.connected"), events.join());
  } finally {
    await chain.close();
    await server.close();
  }
});
