/**
 * SubtensorModule throughput on the devnet (issue 6 targets): `set_weights` accepted and included per
 * second from 64 validators each sending a full 256-uid row (one block per batch of 64), and
 * metagraph reads per second (`state_call NeuronInfoRuntimeApi_get_neurons_lite`) of a 256-neuron
 * subnet through the JSON-RPC dispatcher the WebSocket uses. Baselines: 64 sr25519 verifications
 * (the floor of accepting 64 signed extrinsics) and the bare SCALE encoding of the 256 neurons.
 *
 * The subnet is filled directly in state (not timed); its tempo is 1000 so no epoch lands in a
 * timed block (`yuma_bench.ts` measures the epoch).
 *
 * Run: deno bench -A bench/subtensor_bench.ts
 *
 * @module
 */
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { hexToU8a } from "@polkadot/util";
import { cryptoWaitReady, sr25519Verify } from "@polkadot/util-crypto";
import { startDevnet } from "../devnet/devnet.ts";
import { RpcHandler } from "../devnet/rpc/mod.ts";
import { RpcSession } from "../devnet/rpc/types.ts";
import { S } from "../devnet/subtensor/items.ts";
import { appendNeuron, createAccountIfNonExistent } from "../devnet/subtensor/neurons.ts";
import { storeOf } from "../devnet/subtensor/pallet.ts";
import { encodeNeurons } from "../devnet/subtensor/runtime_api.ts";
import { increaseStake } from "../devnet/subtensor/stake.ts";

await cryptoWaitReady();
const net = await startDevnet({ serve: false, instant: true, subtensor: { genesis: { tempo: 1000 } } });
const api = await ApiPromise.create({ provider: net.createProvider(), noInitWarn: true });
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const alice = keyring.addFromUri("//Alice");
const validators = Array.from({ length: 64 }, (_, i) => keyring.addFromUri(`//SubtensorBenchValidator${i}`));
const N = 256;

// Fund the validator hotkeys (they sign), then fill netuid 1 to 256 uids straight in state.
const fund = api.tx.utility.batch(validators.map((v) => api.tx.balances.transferKeepAlive(v.address, 10n ** 12n)));
await fund.signAsync(alice, { era: 0 });
net.chain.submit(fund.toHex());
net.chain.produceBlock();
const st = storeOf(net.chain.storage);
const block = net.chain.best.number;
for (let i = 1; i < N; i++) {
  const hotkey = i <= validators.length
    ? validators[i - 1].publicKey
    : new Uint8Array(32).map((_, j) => (j === 0 ? 0xbe : j === 1 ? i & 0xff : j === 2 ? i >> 8 : 7));
  createAccountIfNonExistent(st, alice.publicKey, hotkey);
  appendNeuron(st, 1, hotkey, block);
  if (i <= validators.length) increaseStake(st, hotkey, alice.publicKey, 1, 1_000_000_000_000n);
}
st.put(S.ValidatorPermit, [1], Array.from({ length: N }, (_, uid) => uid <= validators.length));
net.chain.produceBlock();

const dests = Array.from({ length: N }, (_, i) => i);
const weights = dests.map((d) => (d * 7919) % 65536);
let round = 0;
/** 64 signed `set_weights`, one per validator, with the next nonce. */
async function batch(): Promise<string[]> {
  const nonce = round++;
  const out: string[] = [];
  for (const v of validators) {
    const tx = api.tx.subtensorModule.setWeights(1, dests, weights, 0);
    await tx.signAsync(v, { nonce, era: 0 });
    out.push(tx.toHex());
  }
  return out;
}

const message = hexToU8a("0x" + "ab".repeat(600));
const signature = alice.sign(message);

Deno.bench({ name: "sr25519 verify × 64", group: "set_weights", baseline: true, n: 10, warmup: 1 }, () => {
  for (let i = 0; i < 64; i++) sr25519Verify(message, signature, alice.publicKey);
});
Deno.bench(
  { name: "submit + include 64 set_weights of 256 uids (one block)", group: "set_weights", n: 10, warmup: 1 },
  async (b) => {
    const txs = await batch();
    b.start();
    for (const tx of txs) net.chain.submit(tx);
    const made = net.chain.produceBlock();
    b.end();
    if (made.extrinsics.length !== 65) throw new Error(`included ${made.extrinsics.length - 1} of 64`);
  },
);

const rpc = new RpcHandler({ chain: net.chain, node: { chain: "bench", name: "bench", version: "0", properties: {} } });
const session = new RpcSession(() => {});
const neurons = {
  jsonrpc: "2.0",
  id: 1,
  method: "state_call",
  params: ["NeuronInfoRuntimeApi_get_neurons_lite", "0x0100"],
};
const snapshot = storeOf(net.chain.storage);
if (encodeNeurons(snapshot, 1, false).length < N * 150) throw new Error("the bench subnet is not filled");

Deno.bench({ name: "encode 256 NeuronInfoLite (no RPC)", group: "metagraph", baseline: true }, () => {
  encodeNeurons(snapshot, 1, false);
});
Deno.bench({ name: "state_call get_neurons_lite, 256 neurons", group: "metagraph" }, () => {
  rpc.handleParsed(session, neurons);
});

globalThis.addEventListener("unload", () => {
  rpc.close();
});
