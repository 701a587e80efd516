/**
 * `devnet --fork` end to end (connect, read, build the chain, serve): a 64-, 256- and 1024-uid subnet
 * from a local devnet over WebSocket (storage path: every uid with weights and bonds, 1/4 of them
 * staked validators), and the 1024-neuron finney recording through the replay server (runtime-API
 * path). Memory: heap growth per fork, and the entries and bytes read, in proportion to the subnet.
 * Targets (issue 19): 256 uids < 2 s, the 1024-neuron replay < 5 s.
 *
 * Run: deno bench -A --v8-flags=--expose-gc bench/fork_bench.ts   (the table of figures is printed first)
 *
 * @module
 */
import { startDevnet } from "../devnet/devnet.ts";
import type { Devnet } from "../devnet/devnet.ts";
import { loadRuntimeMetadata } from "../devnet/metadata.ts";
import { S } from "../devnet/subtensor/items.ts";
import { appendNeuron, createAccountIfNonExistent } from "../devnet/subtensor/neurons.ts";
import { storeOf } from "../devnet/subtensor/pallet.ts";
import { increaseStake } from "../devnet/subtensor/stake.ts";
import { finneyFixturesPresent, loadFinneyFixtures, ReplayNode } from "../tests/replay/node.ts";
import { serveReplay } from "../tests/replay/provider.ts";

const metadata = loadRuntimeMetadata();

/** A devnet whose subnet 1 holds `n` uids (uid 0 is the genesis owner), weights and bonds for validators. */
async function sourceWith(n: number): Promise<Devnet> {
  const net = await startDevnet({ port: 0, instant: true, metadata });
  const st = storeOf(net.chain.storage);
  st.put(S.MaxAllowedUids, [1], 4096);
  const validators = Math.max(1, n >> 2);
  for (let uid = 1; uid < n; uid++) {
    const key = new Uint8Array(32);
    new DataView(key.buffer).setUint32(0, uid + 1);
    createAccountIfNonExistent(st, key, key);
    appendNeuron(st, 1, key, 1);
    if (uid < validators) increaseStake(st, key, key, 1, 1_000_000_000_000n);
  }
  const miners = Array.from({ length: n - validators }, (_, i) => validators + i);
  for (let v = 1; v < validators; v++) {
    st.put(S.Weights, [1, v], miners.map((m) => [m, 1 + ((m * 7 + v) % 65535)] as [number, number]));
    st.put(S.Bonds, [1, v], miners.map((m) => [m, 1 + ((m * 13 + v) % 65535)] as [number, number]));
  }
  st.put(S.ValidatorPermit, [1], Array.from({ length: n }, (_, i) => i < validators));
  net.produceBlock();
  return net;
}

interface Figure {
  name: string;
  seconds: number;
  entries: number;
  keys: number;
  mib: number;
  heapMib: number;
}

async function measure(name: string, endpoint: string, at?: number): Promise<Figure> {
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = Deno.memoryUsage().heapUsed;
  const t0 = performance.now();
  const fork = await startDevnet({ port: 0, instant: true, metadata, fork: { endpoint, netuids: [1], at } });
  const seconds = (performance.now() - t0) / 1000;
  (globalThis as { gc?: () => void }).gc?.();
  const heapMib = (Deno.memoryUsage().heapUsed - heap0) / 1048576; // retained by the forked devnet
  const r = fork.fork!;
  const entries = Object.values(r.subnets[0].storage).reduce((a, b) => a + b, 0) || fork.chain.storage.size;
  await fork.close();
  return { name, seconds, entries, keys: r.keys, mib: r.bytes / 1048576, heapMib };
}

const figures: Figure[] = [];
const sources: Devnet[] = [];
for (const n of [64, 256, 1024]) {
  const source = await sourceWith(n);
  sources.push(source);
  await measure("warm-up", source.endpoint); // JIT and connection set-up
  figures.push(await measure(`devnet → devnet, ${n} uids`, source.endpoint));
}
let replayUrl: string | undefined;
if (finneyFixturesPresent()) {
  const replay = serveReplay(new ReplayNode(await loadFinneyFixtures(), { scenario: "metagraph" }));
  replayUrl = replay.url;
  figures.push(await measure("finney replay, 1024 neurons (runtime APIs)", replay.url, 6852690));
  globalThis.addEventListener("unload", () => void replay.close());
}
console.log("fork end to end (connect, read, build, serve):");
for (const f of figures) {
  console.log(
    `  ${f.name.padEnd(44)} ${f.seconds.toFixed(3).padStart(7)} s  ${String(f.keys).padStart(6)} keys  ` +
      `${String(f.entries).padStart(6)} entries  ${f.mib.toFixed(2).padStart(6)} MiB read  retained heap +${
        f.heapMib.toFixed(1)
      } MiB`,
  );
}

Deno.bench({ name: "fork a 256-uid subnet from a local devnet", n: 5, warmup: 1 }, async () => {
  const fork = await startDevnet({
    port: 0,
    instant: true,
    metadata,
    fork: { endpoint: sources[1].endpoint, netuids: [1] },
  });
  await fork.close();
});
if (replayUrl) {
  const url = replayUrl;
  Deno.bench({ name: "fork the 1024-neuron finney replay", n: 5, warmup: 1 }, async () => {
    const fork = await startDevnet({
      port: 0,
      instant: true,
      metadata,
      fork: { endpoint: url, netuids: [1], at: 6852690 },
    });
    await fork.close();
  });
}
