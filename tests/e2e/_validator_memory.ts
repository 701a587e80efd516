/**
 * Runs a validator for `--steps N` steps against an in-process devnet with two miners and prints one
 * JSON line with heap and RSS at the first and last step (after a GC). Used by
 * `validator_memory_test.ts`; run it directly for the full figure:
 * `deno run -A --v8-flags=--expose-gc tests/e2e/_validator_memory.ts --steps 1000`.
 *
 * @module
 */
import { Subtensor } from "../../chain/client.ts";
import { startDevnet } from "../../devnet/devnet.ts";
import { startMiner } from "../../neurons/miner.ts";
import { startValidator } from "../../neurons/validator.ts";
import { templateSubnet } from "../../subnets/template/mod.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";

const steps = Number(Deno.args[Deno.args.indexOf("--steps") + 1] || 100);
const TAO = 1_000_000_000n;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const sample = () => {
  gc();
  const m = Deno.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss };
};

await cryptoReady();
const dir = await Deno.makeTempDir({ prefix: "subnet-memory-" });
const net = await startDevnet({ serve: false, blockTimeMs: 50, tempo: 10, allowLocalIp: true });
const chain = await Subtensor.connect({ provider: net.createProvider(), timeoutMs: 10_000 });
const alice = keypairFromUri("//Alice");
const validatorKey = keypairFromUri("//MemoryValidator");
const minerKeys = [keypairFromUri("//MemoryMiner1"), keypairFromUri("//MemoryMiner2")];
for (const key of [validatorKey, ...minerKeys]) {
  await chain.transfer(alice, { dest: key.address, amountRao: 100n * TAO });
  await chain.burnedRegister(key, { netuid: 1, hotkey: key.address });
}
await chain.addStake(validatorKey, { hotkey: validatorKey.address, netuid: 1, amountRao: 50n * TAO });
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
await net.close();
await Deno.remove(dir, { recursive: true });
console.log(JSON.stringify({ steps, first, last, weights: validator.status().lastWeights?.ok ?? false }));
