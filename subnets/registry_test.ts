import assert from "node:assert/strict";
import { Metagraph, type NeuronLite } from "../chain/metagraph.ts";
import { createDendrite } from "../neurons/dendrite.ts";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { defaultSubnetRegistry } from "./handlers.ts";
import {
  createSubnetRegistry,
  loadSubnetApiModule,
  parseAxonList,
  registerSubnetApi,
  selectApiNodes,
  selectServingAxons,
  type SubnetApiHandler,
} from "./registry.ts";
import { startLocalSn21 } from "./sn21/local.ts";

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

function handler(name: string, netuid?: number): SubnetApiHandler {
  return { name, netuid, summary: name, methods: { m: { summary: "", call: () => Promise.resolve() } } };
}

Deno.test("createSubnetRegistry() resolves names, aliases and netuids; later handlers replace earlier", () => {
  const registry = defaultSubnetRegistry();
  assert.equal(registry.resolve("sn21")?.name, "sn21");
  assert.equal(registry.resolve("21")?.name, "sn21");
  assert.equal(registry.resolve("FileTao")?.name, "sn21");
  assert.equal(registry.resolve("template")?.name, "template");
  assert.equal(registry.resolve("99"), undefined);
  registerSubnetApi(registry, handler("mine", 21));
  assert.equal(registry.resolve("21")?.name, "mine");
  assert.equal(registry.resolve("sn21"), undefined, "the netuid clash replaced sn21");
  assert.throws(() => createSubnetRegistry([{ ...handler("x"), methods: {} }]), TypeError);
  assert.throws(() => createSubnetRegistry([handler("bad name")]), TypeError);
});

Deno.test("loadSubnetApiModule() registers a module's default export and registerSubnetApis()", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const method = `{ summary: "", call: () => Promise.resolve() }`;
    await Deno.writeTextFile(
      `${dir}/a.ts`,
      `export default { name: "alpha", netuid: 40, summary: "a", methods: { go: ${method} } };\n` +
        `export function registerSubnetApis(r) { r.register({ name: "beta", summary: "b", methods: { go: ${method} } }); }\n`,
    );
    await Deno.writeTextFile(`${dir}/empty.ts`, "export const nothing = 1;\n");
    const registry = createSubnetRegistry();
    const added = await loadSubnetApiModule(registry, "./a.ts", `file://${dir}/`);
    assert.deepEqual(added.map((h) => h.name), ["alpha", "beta"]);
    assert.equal(registry.resolve("40")?.name, "alpha");
    await assert.rejects(loadSubnetApiModule(registry, "./empty.ts", `file://${dir}/`), { code: "subnet/bad-handler" });
    await assert.rejects(loadSubnetApiModule(registry, "./missing.ts", `file://${dir}/`), {
      code: "subnet/bad-handler",
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseAxonList() reads ip:port:hotkey lists, IPv6 in brackets", () => {
  assert.deepEqual(parseAxonList(`127.0.0.1:8091:${ALICE}, [::1]:9:${ALICE}`), [
    { ip: "127.0.0.1", port: 8091, hotkey: ALICE },
    { ip: "::1", port: 9, hotkey: ALICE },
  ]);
  assert.throws(() => parseAxonList("127.0.0.1:8091"), { code: "subnet/bad-axons" });
  assert.throws(() => parseAxonList(`127.0.0.1:0:${ALICE}`), { code: "subnet/bad-axons" });
  assert.throws(() => parseAxonList(""), { code: "subnet/bad-axons" });
});

function neuron(
  uid: number,
  opts: { vtrust: number; stake: bigint; ip: string; port: number; hotkey: string },
): NeuronLite {
  return {
    uid,
    netuid: 21,
    hotkey: opts.hotkey,
    coldkey: opts.hotkey,
    active: true,
    axon_info: {
      block: 1,
      version: 10002000,
      ip: opts.ip,
      ipInt: 0n,
      port: opts.port,
      ip_type: 4,
      protocol: 4,
      hotkey: opts.hotkey,
      coldkey: opts.hotkey,
    },
    stake: [],
    stake_rao: opts.stake,
    emission: 0n,
    rank: 0,
    incentive: 0,
    consensus: 0,
    trust: 0,
    validator_trust: opts.vtrust,
    dividends: 0,
    last_update: 0,
    validator_permit: opts.vtrust > 0,
    pruning_score: 0,
  };
}

Deno.test("selectApiNodes() keeps validators with vtrust > 0 and top stake that answer a ping (subnet-template.md §1.10)", async () => {
  await cryptoReady();
  await using net = await startLocalSn21({ miners: ["honest"] });
  const miner = net.miners[0].target;
  const neurons = [
    neuron(0, { vtrust: 65535, stake: 1_000_000n, ip: net.api.ip, port: net.api.port, hotkey: net.api.hotkey }),
    neuron(1, { vtrust: 0, stake: 0n, ip: miner.ip, port: miner.port, hotkey: miner.hotkey }),
    neuron(2, { vtrust: 65535, stake: 2_000_000n, ip: "127.0.0.1", port: 9, hotkey: ALICE }),
    neuron(3, { vtrust: 100, stake: 10n, ip: "127.0.0.1", port: 9, hotkey: ALICE }),
    ...Array.from(
      { length: 16 },
      (_, i) => neuron(4 + i, { vtrust: 0, stake: 0n, ip: "0.0.0.0", port: 0, hotkey: ALICE }),
    ),
  ];
  const metagraph = new Metagraph({ netuid: 21, block: 1, blockHash: "0x00", neurons });
  const dendrite = createDendrite({ keypair: keypairFromUri("//Alice") });
  const picked = await selectApiNodes({ metagraph, dendrite, pingTimeout: 2 });
  assert.deepEqual(picked.axons, [{ ip: net.api.ip, port: net.api.port, hotkey: net.api.hotkey }]);
  assert.ok(picked.rejected.some((r) => r.startsWith("uid 2 127.0.0.1:9: ping 503")), picked.rejected.join("\n"));
  assert.ok(picked.rejected.includes("uid 1: validator_trust 0"));
  assert.ok(picked.rejected.includes("uid 3: stake not in the top 10%"));
  const serving = await selectServingAxons({ metagraph, dendrite });
  assert.equal(serving.axons.length, 4);
});
