// Until the devnet lands: each extrinsic, signed offline with the finney metadata (spec 343),
// decodes back to the same call and its signature verifies over the signing payload
// (spec/client-rpc.md §4: payload = call ‖ extra ‖ additional_signed, hashed when > 256 bytes).
import assert from "node:assert/strict";
import { blake2AsU8a, signatureVerify } from "@polkadot/util-crypto";
import { u8aToHex } from "@polkadot/util";
import { Subtensor } from "./client.ts";
import {
  addStakeTx,
  burnedRegisterTx,
  commitTimelockedWeightsTx,
  commitWeightsTx,
  revealBlockFor,
  revealWeightsTx,
  serveAxonTx,
  setWeightsTx,
  transferTx,
  type Tx,
  weightsPath,
} from "./extrinsics.ts";
import { weightCommitHash } from "./weights.ts";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { FINNEY_GENESIS, finneyFixturesPresent, loadFinneyFixtures, ReplayNode } from "../tests/replay/node.ts";
import { ReplayProvider } from "../tests/replay/provider.ts";

const ignore = !finneyFixturesPresent();
const BLOCK_HASH = "0xdb13c066e2c63969f140164fb3bfe7a0aaa7b71407fc0fe525d68e57329ef9d0";

Deno.test(
  { name: "extrinsics: each signed call decodes back to itself with the finney metadata", ignore },
  async (t) => {
    await cryptoReady();
    const alice = keypairFromUri("//Alice");
    const bob = keypairFromUri("//Bob");
    const node = new ReplayNode(await loadFinneyFixtures(), { scenario: "metagraph" });
    await using chain = await Subtensor.connect({ provider: new ReplayProvider(node), timeoutMs: 5_000 });
    const api = chain.api;
    const hash = weightCommitHash({
      hotkey: alice.publicKey,
      netuid: 1,
      uids: [0, 1],
      values: [65535, 2],
      salt: [9],
      versionKey: 1n,
    });
    const cases: [string, string, Tx][] = [
      [
        "subtensorModule.setWeights",
        "set_weights",
        setWeightsTx(api, { netuid: 1, uids: [0, 3], values: [65535, 7], versionKey: 10_002_000 }),
      ],
      ["subtensorModule.commitWeights", "commit_weights", commitWeightsTx(api, 1, hash)],
      [
        "subtensorModule.revealWeights",
        "reveal_weights",
        revealWeightsTx(api, { netuid: 1, uids: [0, 1], values: [65535, 2], salt: [9], versionKey: 1n }),
      ],
      [
        "subtensorModule.serveAxon",
        "serve_axon",
        serveAxonTx(api, { netuid: 1, ip: "203.0.113.5", port: 8091, version: 10_002_000 }),
      ],
      ["subtensorModule.burnedRegister", "burned_register", burnedRegisterTx(api, 1, bob.address)],
      ["subtensorModule.addStake", "add_stake", addStakeTx(api, bob.address, 1, 1_000_000_000n)],
      ["balances.transferKeepAlive", "transfer_keep_alive", transferTx(api, bob.address, 1_000_000_000n)],
    ];
    if (api.tx.subtensorModule.commitTimelockedWeights) {
      cases.push([
        "subtensorModule.commitTimelockedWeights",
        "commit_timelocked_weights",
        commitTimelockedWeightsTx(api, {
          netuid: 1,
          commit: new Uint8Array(300).fill(7),
          revealRound: 123n,
          commitRevealVersion: 4,
        }),
      ]);
    }
    // Mechanism 1: the *_mechanism_* calls finney's runtime has, with `mecid` after `netuid`.
    cases.push(
      [
        "subtensorModule.setMechanismWeights",
        "set_mechanism_weights",
        setWeightsTx(api, { netuid: 1, mechid: 1, uids: [0, 3], values: [65535, 7], versionKey: 1n }),
      ],
      ["subtensorModule.commitMechanismWeights", "commit_mechanism_weights", commitWeightsTx(api, 1, hash, 1)],
      [
        "subtensorModule.revealMechanismWeights",
        "reveal_mechanism_weights",
        revealWeightsTx(api, { netuid: 1, mechid: 1, uids: [0, 1], values: [65535, 2], salt: [9], versionKey: 1n }),
      ],
      [
        "subtensorModule.commitTimelockedMechanismWeights",
        "commit_timelocked_mechanism_weights",
        commitTimelockedWeightsTx(api, {
          netuid: 1,
          mechid: 1,
          commit: new Uint8Array(300).fill(7),
          revealRound: 123n,
          commitRevealVersion: 4,
        }),
      ],
    );
    for (const [name, wire, tx] of cases) {
      await t.step(`${name} (${wire})`, () => {
        const call = tx.method.toHex();
        tx.sign(alice.pair, {
          blockHash: BLOCK_HASH,
          genesisHash: FINNEY_GENESIS,
          nonce: 5,
          runtimeVersion: api.runtimeVersion,
          tip: 0,
        });
        const decoded = api.registry.createType("Extrinsic", tx.toHex());
        assert.equal(decoded.method.toHex(), call);
        assert.equal(`${decoded.method.section}.${decoded.method.method}`, name);
        assert.equal(decoded.signer.toString(), alice.address);
        assert.equal(decoded.nonce.toNumber(), 5);
        assert.equal(decoded.tip.toBigInt(), 0n);
        // Rebuild the signing payload from the decoded fields and verify the signature over it.
        const payload = api.registry.createType("ExtrinsicPayload", {
          method: decoded.method.toHex(),
          era: decoded.era,
          nonce: decoded.nonce,
          tip: decoded.tip,
          mode: 0,
          metadataHash: null,
          specVersion: api.runtimeVersion.specVersion,
          transactionVersion: api.runtimeVersion.transactionVersion,
          genesisHash: FINNEY_GENESIS,
          blockHash: BLOCK_HASH,
        }, { version: decoded.version & 0x7f });
        const bytes = payload.toU8a({ method: true });
        const signed = bytes.length > 256 ? blake2AsU8a(bytes, 256) : bytes;
        assert.ok(signatureVerify(signed, decoded.signature.toU8a(), alice.address).isValid, `signature of ${name}`);
      });
    }
    await t.step("mechanism calls carry mecid after netuid; mechid 0 keeps the plain calls", () => {
      const set = setWeightsTx(api, { netuid: 1, mechid: 1, uids: [0], values: [65535], versionKey: 1n });
      assert.deepEqual(set.method.args.slice(0, 2).map((a) => a.toJSON()), [1, 1]);
      const zero = setWeightsTx(api, { netuid: 1, mechid: 0, uids: [0], values: [65535], versionKey: 1n });
      assert.equal(zero.method.method, "setWeights");
      assert.throws(
        () => setWeightsTx(api, { netuid: 1, mechid: 256, uids: [], values: [], versionKey: 1n }),
        RangeError,
      );
    });

    await t.step("byte arguments are passed raw (no double length prefix)", () => {
      const c = commitWeightsTx(api, 1, hash);
      assert.equal(c.method.args[1].toHex(), u8aToHex(hash));
      if (api.tx.subtensorModule.commitTimelockedWeights) {
        const tl = commitTimelockedWeightsTx(api, {
          netuid: 1,
          commit: new Uint8Array(3).fill(7),
          revealRound: 1n,
          commitRevealVersion: 4,
        });
        assert.equal(u8aToHex(tl.method.args[1].toU8a(true)), "0x070707");
      }
    });
    await t.step("the extra bytes carry era, compact nonce, compact tip and the metadata-hash mode", () => {
      const tx = transferTx(api, bob.address, 1_000_000_000n);
      tx.sign(alice.pair, {
        blockHash: BLOCK_HASH,
        genesisHash: FINNEY_GENESIS,
        nonce: 0,
        runtimeVersion: api.runtimeVersion,
      });
      const hex = u8aToHex(tx.toU8a());
      // immortal era 00, nonce 00, tip 00, mode 00, then Balances.transfer_keep_alive
      const call = tx.method.toHex().slice(2);
      assert.ok(hex.endsWith(`00000000${call}`), hex);
    });
  },
);

Deno.test("weightsPath() follows the clarified commit–reveal rules", () => {
  assert.equal(weightsPath({ commitRevealEnabled: false, hasTimelocked: true }), "set");
  assert.equal(weightsPath({ commitRevealEnabled: true, hasTimelocked: true }), "commit-timelocked");
  assert.equal(weightsPath({ commitRevealEnabled: true, hasTimelocked: true, preferHash: true }), "commit-hash");
  assert.equal(weightsPath({ commitRevealEnabled: true, hasTimelocked: false }), "commit-hash");
});

Deno.test("revealBlockFor() finds the first block of the reveal epoch (modulo schedule)", () => {
  // epoch(b) = ⌊(b + netuid + 1)/(tempo + 1)⌋; tempo 360, netuid 1: block 1000 → epoch 2; epoch 3 starts at 1081
  assert.equal(revealBlockFor({ commitBlock: 1000, netuid: 1, tempo: 360, revealPeriodEpochs: 1 }), 1081);
  assert.equal(revealBlockFor({ commitBlock: 1000, netuid: 1, tempo: 360, revealPeriodEpochs: 2 }), 1442);
});

Deno.test("setWeightsTx() rejects mismatched or out-of-range values before building", () => {
  const api = {} as never;
  assert.throws(() => setWeightsTx(api, { netuid: 1, uids: [0], values: [1, 2], versionKey: 0 }), RangeError);
  assert.throws(() => setWeightsTx(api, { netuid: 1, uids: [0], values: [70000], versionKey: 0 }), RangeError);
});
