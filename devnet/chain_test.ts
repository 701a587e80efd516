import assert from "node:assert/strict";
import { Keyring } from "@polkadot/keyring";
import { compactToU8a, hexToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { blake2AsU8a, cryptoWaitReady } from "@polkadot/util-crypto";
import { waitReady } from "@polkadot/wasm-crypto";
import { Chain, RpcError } from "./chain.ts";
import { frameworkPallets } from "./devnet.ts";
import { deterministicClock, devGenesisConfig } from "./genesis.ts";
import { loadRuntimeMetadata } from "./metadata.ts";
import { Runtime } from "./runtime.ts";
import { readAccount } from "./system.ts";

await cryptoWaitReady();
await waitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const alice = keyring.addFromUri("//Alice");
const bob = keyring.addFromUri("//Bob");
const runtime = new Runtime(loadRuntimeMetadata(), { pallets: frameworkPallets() });

function newChain(): Chain {
  let t = 1_700_000_000_000;
  return new Chain({ runtime, genesis: devGenesisConfig(), now: () => (t += 250) });
}

/**
 * Signs a v4 extrinsic by hand with the layout of client-rpc.md §4 (not with @polkadot/api):
 * era ++ compact nonce ++ compact tip ++ metadata-hash mode, payload = call ++ extra ++ additional.
 */
function sign(
  chain: Chain,
  call: Uint8Array,
  options: { nonce: number; era?: { period: number; birth: number } },
): string {
  let eraBytes = Uint8Array.of(0);
  let eraHash = hexToU8a(chain.genesisHash);
  if (options.era) {
    const { period, birth } = options.era;
    const phase = birth % period;
    const encoded = Math.min(15, Math.max(1, Math.log2(period) - 1)) | (phase << 4);
    eraBytes = Uint8Array.of(encoded & 0xff, encoded >> 8);
    eraHash = hexToU8a(chain.blockByNumber(birth)!.hash);
  }
  const extra = u8aConcat(eraBytes, compactToU8a(options.nonce), compactToU8a(0), Uint8Array.of(0));
  const u32 = (n: number) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n, true);
    return b;
  };
  const additional = u8aConcat(u32(343), u32(1), hexToU8a(chain.genesisHash), eraHash, Uint8Array.of(0));
  let payload = u8aConcat(call, extra, additional);
  if (payload.length > 256) payload = blake2AsU8a(payload, 256);
  const body = u8aConcat(Uint8Array.of(0x84, 0), alice.publicKey, Uint8Array.of(1), alice.sign(payload), extra, call);
  return u8aToHex(u8aConcat(compactToU8a(body.length), body));
}

const transfer = (amount: bigint) =>
  runtime.encodeCall("Balances", "transfer_keep_alive", { dest: { Id: bob.publicKey }, value: amount });

Deno.test("Chain.submit() pools future nonces and includes them once the gap closes", () => {
  const chain = newChain();
  const later = chain.submit(sign(chain, transfer(2n), { nonce: 1 }));
  assert.equal(later.status, "future");
  assert.equal(chain.produceBlock().extrinsics.length, 1, "only the timestamp inherent");
  assert.equal(chain.submit(sign(chain, transfer(1n), { nonce: 0 })).status, "ready");
  const block = chain.produceBlock();
  assert.equal(block.extrinsics.length, 3);
  assert.equal(readAccount(chain.storage, alice.publicKey).nonce, 2);
  assert.equal(chain.poolSize, 0);
});

Deno.test("Chain.submit() refuses duplicates, same-nonce replacements and unsigned transactions", () => {
  const chain = newChain();
  const tx = sign(chain, transfer(1n), { nonce: 0 });
  chain.submit(tx);
  assert.throws(() => chain.submit(tx), (e) => e instanceof RpcError && e.code === 1013);
  assert.throws(
    () => chain.submit(sign(chain, transfer(2n), { nonce: 0 })),
    (e) => e instanceof RpcError && e.code === 1014,
  );
  const bare = u8aConcat(Uint8Array.of(0x04), runtime.encodeCall("Timestamp", "set", [1n]));
  assert.throws(
    () => chain.submit(u8aToHex(u8aConcat(compactToU8a(bare.length), bare))),
    (e) => e instanceof RpcError && e.code === 1011,
  );
  assert.throws(() => chain.submit("0x1234"), (e) => e instanceof RpcError && e.code === 1002);
});

Deno.test("Chain checks mortal eras against its own block hashes", () => {
  const chain = newChain();
  for (let i = 0; i < 5; i++) chain.produceBlock();
  // Signed against block 4 with a 4-block era: valid while 4 <= current < 8.
  const ok = sign(chain, transfer(1n), { nonce: 0, era: { period: 4, birth: 4 } });
  assert.equal(chain.submit(ok).status, "ready");
  chain.produceBlock();
  assert.equal(readAccount(chain.storage, alice.publicKey).nonce, 1);
  for (let i = 0; i < 4; i++) chain.produceBlock();
  // Now at block 10: the same era points at block 8, whose hash differs from block 4's → bad proof.
  const expired = sign(chain, transfer(1n), { nonce: 1, era: { period: 4, birth: 4 } });
  assert.throws(
    () => chain.submit(expired),
    (e) => e instanceof RpcError && e.code === 1010 && /bad signature/.test(e.data!),
  );
});

Deno.test("Chain blocks link by blake2_256(SCALE(header)) and keep per-block state", () => {
  const chain = newChain();
  const b1 = chain.produceBlock();
  chain.submit(sign(chain, transfer(5n * 10n ** 9n), { nonce: 0 }));
  const b2 = chain.produceBlock();
  assert.equal(b2.header.parentHash, b1.hash);
  assert.equal(chain.blockByHash(b2.hash), b2);
  const before = readAccount(chain.stateAt(b1.hash).state, bob.publicKey).free;
  const after = readAccount(chain.stateAt(b2.hash).state, bob.publicKey).free;
  assert.equal(after - before, 5n * 10n ** 9n);
  assert.throws(() => chain.stateAt("0x" + "11".repeat(32)), (e) => e instanceof RpcError && e.code === 4003);
  // System.Events at b2 decodes with the metadata: phase ApplyExtrinsic(1) for the transfer.
  const events = chain.stateAt(b2.hash).state.get("System", "Events")!.toJSON() as {
    phase: { applyExtrinsic?: number };
    event: { index: string };
  }[];
  assert.ok(events.some((e) => e.phase.applyExtrinsic === 1 && e.event.index === "0x0000"), "ExtrinsicSuccess");
  assert.ok(events.some((e) => e.phase.applyExtrinsic === 0), "the timestamp inherent's events");
  assert.equal(chain.finalized.number, 0);
  chain.finalize();
  assert.equal(chain.finalized.hash, b2.hash);
});

Deno.test("Chain with a deterministic clock makes the same blocks for the same transactions", () => {
  const make = () => new Chain({ runtime, genesis: devGenesisConfig({ seed: 7 }), now: deterministicClock() });
  const first = make();
  const tx = sign(first, transfer(10n ** 9n), { nonce: 0 }); // sr25519 signing is randomized: sign once
  const run = (chain: Chain) => {
    chain.submit(tx);
    chain.produceBlock();
    return [chain.genesisHash, chain.produceBlock().hash];
  };
  assert.deepEqual(run(first), run(make()));
});
