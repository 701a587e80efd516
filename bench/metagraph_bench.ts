/**
 * Decode of the recorded 1024-neuron finney metagraph (`get_neurons_lite` of netuid 1 at block
 * 6852690, ../shared/fixtures/finney) into a `Metagraph` — hex to bytes, SCALE decode with the
 * metadata's own types, 2048+ SS58 addresses, the Python-named arrays — against a bare
 * `JSON.parse` of the same JSON-RPC response as the baseline. Target: ≤ 25 ms.
 *
 * Run: deno bench -A bench/metagraph_bench.ts
 *
 * @module
 */
import { Metadata, TypeRegistry } from "@polkadot/types";
import { compactFromU8a, hexToU8a } from "@polkadot/util";
import { decodeNeuronsLite, Metagraph } from "../chain/metagraph.ts";
import { hexDecode, ScaleCompiler } from "../chain/scale.ts";
import { createSs58Encoder } from "../chain/ss58.ts";
import { finneyFixturesPresent, loadFinneyFixtures } from "../tests/replay/node.ts";

const present = finneyFixturesPresent();
let responseText = "";
let decodeOnce: () => Metagraph = () => {
  throw new Error("fixtures absent");
};

if (present) {
  const fx = await loadFinneyFixtures();
  const calls = fx.recorded.metagraph.state_call as Record<string, unknown>;
  const key = Object.keys(calls).find((k) => k.includes("NeuronInfoRuntimeApi_get_neurons_lite"))!;
  responseText = JSON.stringify({ jsonrpc: "2.0", id: 1, ...(calls[key] as object) });
  const registry = new TypeRegistry();
  // Option<OpaqueMetadata>: 0x01, compact length, then the `meta`-prefixed bytes.
  const wrapped = hexToU8a(fx.metadataAtVersion15);
  const [prefix, length] = compactFromU8a(wrapped.subarray(1));
  const metadata = new Metadata(registry, wrapped.subarray(1 + prefix, 1 + prefix + length.toNumber()));
  registry.setMetadata(metadata);
  const apis = (metadata.asLatest as unknown as {
    apis: { name: unknown; methods: { name: unknown; output: { toNumber(): number } }[] }[];
  }).apis;
  const typeId = apis.find((a) => String(a.name) === "NeuronInfoRuntimeApi")!.methods
    .find((m) => String(m.name) === "get_neurons_lite")!.output.toNumber();
  const compiler = new ScaleCompiler(registry);
  const ss58 = await createSs58Encoder(42);
  decodeOnce = () => {
    const hex = (JSON.parse(responseText) as { result: string }).result;
    const neurons = decodeNeuronsLite(compiler, typeId, hexDecode(hex), ss58);
    return new Metagraph({ netuid: 1, block: 6852690, blockHash: "0xdb13", neurons });
  };
  if (decodeOnce().n !== 1024) throw new Error("the recorded metagraph should hold 1024 neurons");
}

Deno.bench({
  name: "JSON.parse of the get_neurons_lite response (373 KB)",
  group: "metagraph",
  baseline: true,
  ignore: !present,
  fn() {
    JSON.parse(responseText);
  },
});

Deno.bench({
  name: "decode 1024 neurons into a Metagraph (parse + hex + SCALE + SS58)",
  group: "metagraph",
  ignore: !present,
  fn() {
    decodeOnce();
  },
});

// `deno run -A bench/metagraph_bench.ts` prints CPU time per operation (user + system, from
// node:process), which a busy shared machine distorts far less than wall time.
if (import.meta.main && present) {
  const { cpuUsage } = await import("node:process");
  const cpuMs = (f: () => void, n: number): number => {
    const start = cpuUsage();
    for (let i = 0; i < n; i++) f();
    const d = cpuUsage(start);
    return (d.user + d.system) / 1000 / n;
  };
  cpuMs(() => decodeOnce(), 20); // warm up
  const parse = cpuMs(() => JSON.parse(responseText), 500);
  const decode = cpuMs(() => decodeOnce(), 100);
  console.log(
    `JSON.parse: ${parse.toFixed(3)} ms CPU; decode to Metagraph: ${decode.toFixed(2)} ms CPU (target ≤ 25 ms)`,
  );
}
