/**
 * How to write a subnet client and register it. `DoubleAPI` is the template's `DummyAPI` done right
 * (upstream's `prepare_synapse` raises NameError and its `process_responses` returns at the first
 * answer): it sends `Dummy(dummy_input=n)` and collects every miner's `dummy_output`.
 *
 * The module's default export is a `SubnetApiHandler`, so the CLI can load it:
 *
 * ```sh
 * subnet query dummy33 double 7 --handler ./examples/custom_subnet_api.ts --dev //Alice --axons 127.0.0.1:8091:5F…
 * ```
 *
 * Run directly, it starts a template miner in-process and calls it through a registry:
 *
 * ```sh
 * deno run -A examples/custom_subnet_api.ts
 * ```
 *
 * @module
 */
import {
  createAxon,
  createDendrite,
  createSubnetRegistry,
  cryptoReady,
  Dummy,
  type DummyFields,
  keypairFromUri,
  registerSubnetApi,
  serve,
  silentLogger,
  type SubnetApiHandler,
  SubnetError,
  SubnetsAPI,
  type Synapse,
  templateSubnet,
} from "../mod.ts";

/** A client: say which synapse it sends, how to build it, and how to read the answers. */
export class DoubleAPI extends SubnetsAPI<DummyFields, [input: number], number[]> {
  /** The synapse class sent. */
  readonly type: typeof Dummy = Dummy;

  /** Builds `Dummy(dummy_input=input)`. */
  prepareSynapse(input: number): Synapse<DummyFields> {
    return Dummy.create({ dummy_input: input });
  }

  /** Every 200 answer's `dummy_output`. */
  processResponses(responses: readonly Synapse<DummyFields>[] | readonly unknown[]): number[] {
    return (responses as readonly Synapse<DummyFields>[])
      .filter((r) => r.dendrite.status_code === 200 && r.dummy_output !== null)
      .map((r) => r.dummy_output!);
  }
}

/** The registry entry: a name, an optional netuid, and methods the CLI can dispatch. */
const handler: SubnetApiHandler = {
  name: "dummy33",
  summary: "The template's DummyAPI (netuid 33 upstream), done right",
  netuid: 33,
  methods: {
    double: {
      summary: "Send Dummy(<n>) to the axons and print each answer",
      usage: "<n>",
      async call(call) {
        const input = Number(call.args[0]);
        if (!Number.isSafeInteger(input)) {
          throw new SubnetError("subnet/bad-argument", `Cannot double "${call.args[0] ?? ""}": not an integer`);
        }
        const api = new DoubleAPI(call.hotkey, { dendrite: call.dendrite });
        for (const output of await api.query({ axons: call.axons, timeout: call.timeout ?? 12 }, input)) {
          call.output.print(String(output));
        }
      },
    },
  },
};
export default handler;

if (import.meta.main) {
  await cryptoReady();
  const minerKey = keypairFromUri("//ExampleMiner");
  const axon = createAxon({ keypair: minerKey });
  const controller = new AbortController();
  await templateSubnet.setupMiner({
    axon,
    blacklist: () => [false, "open"],
    priority: () => 0,
    dataDir: ".",
    kind: "honest",
    logger: silentLogger,
    signal: controller.signal,
  });
  await using server = await serve(axon.fetch, { port: 0, hostname: "127.0.0.1" });
  const registry = registerSubnetApi(createSubnetRegistry(), handler);
  const alice = keypairFromUri("//Alice");
  await registry.resolve("33")!.methods.double.call({
    args: ["21"],
    options: {},
    hotkey: alice,
    coldkeyPrivateKey: () => Promise.reject(new Error("not needed")),
    dendrite: createDendrite({ keypair: alice }),
    axons: [{ ip: "127.0.0.1", port: server.addr.port, hotkey: minerKey.address }],
    output: { print: console.log, info: console.error, write: (b) => Deno.stdout.write(b).then(() => {}) },
    logger: silentLogger,
  });
  axon.close();
}
