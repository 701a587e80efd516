/**
 * Runs a validator (and two miners) for `--steps N` steps against the devnet at `--endpoint` and
 * prints one JSON line with this process's heap and RSS at step 10 and step N (after a GC). The
 * devnet runs in another process, so its growing block history is not counted. Used by
 * `validator_memory_test.ts` (which starts the devnet and registers the keys).
 *
 * @module
 */
import { Subtensor } from "../../chain/client.ts";
import { startMiner } from "../../neurons/miner.ts";
import { startValidator } from "../../neurons/validator.ts";
import { templateSubnet } from "../../subnets/template/mod.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";

const steps = Number(Deno.args[Deno.args.indexOf("--steps") + 1] || 100);
const endpoint = Deno.args[Deno.args.indexOf("--endpoint") + 1];
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const sample = () => {
  gc();
  const m = Deno.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss };
};

await cryptoReady();
const dir = await Deno.makeTempDir({ prefix: "subnet-memory-" });
const chain = await Subtensor.connect({ chainEndpoint: endpoint, timeoutMs: 10_000 });
const validatorKey = keypairFromUri("//MemoryValidator");
const minerKeys = [keypairFromUri("//MemoryMiner1"), keypairFromUri("//MemoryMiner2")];
const controller = new AbortController();
const miners = await Promise.all(minerKeys.map((keypair, i) =>
  startMiner({
    chain,
    keypair,
    netuid: 1,
    subnet: templateSubnet,
    port: 0,
    hostname: "127.0.0.1",
    dataDir: `${dir}/m${i}`,
    pollMs: 100,
    epochLength: 10,
    signal: controller.signal,
  })
));
let first: { heapUsed: number; rss: number } | undefined;
let last: { heapUsed: number; rss: number } | undefined;
const done = Promise.withResolvers<void>();
const validator = await startValidator({
  chain,
  keypair: validatorKey,
  netuid: 1,
  subnet: templateSubnet,
  statePath: `${dir}/v/state.json`,
  dataDir: `${dir}/v`,
  epochLength: 10,
  timeout: 1,
  stepIntervalMs: 0,
  blockTimeMs: 50,
  signal: controller.signal,
  onStep: (s) => {
    if (s.step === 10) first = sample();
    if (s.step >= steps && !last) {
      last = sample();
      done.resolve();
    }
  },
});
await done.promise;
controller.abort();
await Promise.all([validator.finished, ...miners.map((m) => m.finished)]);
await chain.close();
await Deno.remove(dir, { recursive: true });
console.log(JSON.stringify({ steps, first, last, weights: validator.status().lastWeights?.ok ?? false }));
