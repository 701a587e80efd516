/**
 * The devnet's throughput: start-up, extrinsics accepted and included per second (signed
 * `transfer_keep_alive`s from 64 accounts, one block per batch), and JSON-RPC reads per second
 * through the same dispatcher the WebSocket uses. Each group has a baseline: metadata loading for
 * start-up, one sr25519 verification (the floor of accepting a signed extrinsic) for extrinsics,
 * a raw storage lookup for reads.
 *
 * Run: deno bench -A bench/devnet_bench.ts
 *
 * @module
 */
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { hexToU8a } from "@polkadot/util";
import { cryptoWaitReady, sr25519Verify } from "@polkadot/util-crypto";
import { startDevnet } from "../devnet/devnet.ts";
import { loadRuntimeMetadata } from "../devnet/metadata.ts";
import { RpcSession } from "../devnet/rpc/types.ts";
import { RpcHandler } from "../devnet/rpc/mod.ts";

await cryptoWaitReady();
const metadata = loadRuntimeMetadata();
const net = await startDevnet({ serve: false, instant: true, metadata });
const api = await ApiPromise.create({ provider: net.createProvider(), noInitWarn: true });
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const alice = keyring.addFromUri("//Alice");
const senders = Array.from({ length: 64 }, (_, i) => keyring.addFromUri(`//DevnetBench${i}`));
const fund = api.tx.utility.batch(senders.map((s) => api.tx.balances.transferKeepAlive(s.address, 10n ** 13n)));
await fund.signAsync(alice, { era: 0 });
net.chain.submit(fund.toHex());
net.chain.produceBlock();

let round = 0;
/** 64 signed transfers, one per sender, with the next nonce. */
async function batch(): Promise<string[]> {
  const nonce = round++;
  const out: string[] = [];
  for (const s of senders) {
    const tx = api.tx.balances.transferKeepAlive(alice.address, 1_000n);
    await tx.signAsync(s, { nonce, era: 0 });
    out.push(tx.toHex());
  }
  return out;
}

const message = hexToU8a("0x" + "ab".repeat(117));
const signature = alice.sign(message);

Deno.bench({ name: "load the metadata", group: "start-up", baseline: true, n: 5, warmup: 1 }, () => {
  loadRuntimeMetadata();
});
Deno.bench(
  { name: "startDevnet (in-process, SubtensorModule included)", group: "start-up", n: 5, warmup: 1 },
  async () => {
    const d = await startDevnet({ serve: false, instant: true });
    await d.close();
  },
);

Deno.bench({ name: "sr25519 verify × 64", group: "extrinsics", baseline: true, n: 10, warmup: 1 }, () => {
  for (let i = 0; i < 64; i++) sr25519Verify(message, signature, alice.publicKey);
});
Deno.bench({ name: "submit + include 64 transfers (one block)", group: "extrinsics", n: 10, warmup: 1 }, async (b) => {
  const txs = await batch();
  b.start();
  for (const tx of txs) net.chain.submit(tx);
  const block = net.chain.produceBlock();
  b.end();
  if (block.extrinsics.length !== 65) throw new Error(`included ${block.extrinsics.length - 1} of 64`);
});

const rpc = new RpcHandler({
  chain: net.chain,
  node: { chain: "bench", name: "bench", version: "0", properties: {} },
});
const session = new RpcSession(() => {});
const accountKey = net.chain.storage.key("System", "Account", alice.publicKey);
const getStorage = { jsonrpc: "2.0", id: 1, method: "state_getStorage", params: [accountKey] };
const neurons = {
  jsonrpc: "2.0",
  id: 2,
  method: "state_call",
  params: ["NeuronInfoRuntimeApi_get_neurons_lite", "0x0100"],
};

Deno.bench({ name: "raw storage lookup × 100", group: "reads", baseline: true }, () => {
  for (let i = 0; i < 100; i++) net.chain.storage.getRaw(accountKey);
});
Deno.bench({ name: "state_getStorage(System.Account) × 100", group: "reads" }, () => {
  for (let i = 0; i < 100; i++) rpc.handleParsed(session, getStorage);
});
Deno.bench({ name: "state_call get_neurons_lite(netuid 1, genesis subnet) × 10", group: "reads" }, () => {
  for (let i = 0; i < 10; i++) rpc.handleParsed(session, neurons);
});

globalThis.addEventListener("unload", () => {
  rpc.close();
});
