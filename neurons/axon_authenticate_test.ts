// The authenticate stage on its own: the spec's signed request (wire-protocol.md §6, Alice → Bob)
// verifies, and each check refuses what it guards (identity, nonce window, signature shape,
// signature, receiver), with the status the axon answers.
import assert from "node:assert/strict";
import { bytesToHex } from "@noble/hashes/utils.js";
import { encodeAddress } from "@polkadot/util-crypto";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { SPEC_NONCE, SPEC_NOW_MS, SPEC_SIGNATURE, specRequest } from "../tests/_spec_synapse.ts";
import { createSynapseAuth, type SynapseAuthOptions } from "./axon_authenticate.ts";
import { parseHead, type RequestHead } from "./axon_head.ts";
import { NonceStore } from "./axon_nonces.ts";
import { AxonReject } from "./axon_reject.ts";
import { sr25519VerifyCompat } from "./verify_pool.ts";

await cryptoReady();
const alice = keypairFromUri("//Alice");
const bob = keypairFromUri("//Bob");
const PEER = { hostname: "1.2.3.4", port: 40000 };

function stage(extra: Partial<SynapseAuthOptions> = {}) {
  const nonces = extra.nonces ?? new NonceStore();
  const auth = createSynapseAuth({
    receiver: bob.address,
    nonces,
    verifier: sr25519VerifyCompat,
    now: () => SPEC_NOW_MS,
    ...extra,
  });
  return { auth, nonces };
}

const specHead = (headers: Record<string, string | null> = {}): RequestHead =>
  parseHead("Dummy", specRequest({ headers }).headers, PEER);

const refused = (status: number, pattern: RegExp) => (e: unknown) =>
  e instanceof AxonReject && e.status === status && pattern.test(e.message);

Deno.test("createSynapseAuth() verifies the spec's request and returns the caller keyed on its public key", async () => {
  const { auth, nonces } = stage();
  const head = specHead();
  const caller = await auth.verify(head, auth.identify(head.dendrite.hotkey));
  assert.equal(caller.hotkey, alice.address);
  assert.equal(caller.key, bytesToHex(alice.publicKey));
  assert.equal(caller.nonce, SPEC_NONCE);
  assert.equal(caller.uuid, "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a");
  assert.equal(caller.origin.ip, "1.2.3.4");
  assert.equal(nonces.size, 0, "verification records nothing: the nonce is committed later");
});

Deno.test("createSynapseAuth() refuses each forgery with 401", async (t) => {
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "0" ? "1" : "0") + s.slice(i + 1);
  const cases: [string, Record<string, string | null>, RegExp][] = [
    ["one changed signature byte", { bt_header_dendrite_signature: flip(SPEC_SIGNATURE, 40) }, /Signature mismatch/],
    ["another nonce", { bt_header_dendrite_nonce: String(SPEC_NONCE + 1n) }, /Signature mismatch/],
    ["another uuid", { bt_header_dendrite_uuid: "x" }, /Signature mismatch/],
    ["another body hash", { computed_body_hash: "0".repeat(64) }, /Signature mismatch/],
    ["another hotkey", { bt_header_dendrite_hotkey: bob.address }, /Signature mismatch/],
    ["no signature", { bt_header_dendrite_signature: null }, /Signature mismatch/],
    ["a non-hex signature", { bt_header_dendrite_signature: "0xzz" }, /Invalid signature format/],
    ["no hotkey", { bt_header_dendrite_hotkey: null }, /No SS58 formatted address/],
    ["no nonce", { bt_header_dendrite_nonce: null }, /Missing Nonce/],
  ];
  for (const [name, headers, pattern] of cases) {
    await t.step(name, async () => {
      const { auth } = stage();
      const head = specHead(headers);
      await assert.rejects(auth.verify(head, auth.identify(head.dendrite.hotkey)), refused(401, pattern));
    });
  }
  await t.step("signed for another receiver", async () => {
    const { auth } = stage({ receiver: alice.address });
    const head = specHead();
    await assert.rejects(auth.verify(head, auth.identify(head.dendrite.hotkey)), refused(401, /Signature mismatch/));
  });
});

Deno.test("createSynapseAuth() pre-checks the nonce before any signature work (401 stale or replayed, 503 full)", async () => {
  let verified = 0;
  const verifier = (m: Uint8Array, s: Uint8Array, p: Uint8Array) => (verified++, sr25519VerifyCompat(m, s, p));
  const head = specHead();
  const uuid = head.dendrite.uuid!;
  const late = stage({ verifier, now: () => SPEC_NOW_MS + 20_000 }).auth;
  await assert.rejects(late.verify(head, late.identify(alice.address)), refused(401, /Nonce is too old: acceptable/));
  const replay = stage({ verifier });
  replay.nonces.commit(replay.auth.identify(alice.address)!.keyHex, uuid, SPEC_NONCE, 12, SPEC_NONCE);
  await assert.rejects(replay.auth.verify(head, replay.auth.identify(alice.address)), refused(401, /newer one/));
  const full = stage({ verifier, nonces: new NonceStore({ entriesMax: 1 }) });
  full.nonces.commit("another key", uuid, SPEC_NONCE, 12, SPEC_NONCE);
  await assert.rejects(full.auth.verify(head, full.auth.identify(alice.address)), refused(503, /full/));
  assert.equal(verified, 0, "no refused request cost a signature check");
  const { auth } = stage({ verifier });
  await auth.verify(head, auth.identify(alice.address));
  assert.equal(verified, 1);
});

Deno.test("createSynapseAuth().identify() accepts only the canonical SS58 of a key (401 otherwise)", () => {
  const { auth } = stage();
  assert.equal(auth.identify(undefined), undefined);
  assert.equal(auth.identify(alice.address)?.address, alice.address);
  for (const prefix of [0, 2, 7, 1000]) {
    assert.throws(() => auth.identify(encodeAddress(alice.publicKey, prefix)), refused(401, /not a canonical SS58/));
  }
});

Deno.test("createSynapseAuth().checkHead() refuses from the headers alone", async (t) => {
  const cases: [string, Record<string, string | null>, string | null, number, RegExp][] = [
    ["no hotkey", { bt_header_dendrite_hotkey: null }, null, 401, /No SS58 formatted address/],
    ["another prefix", { bt_header_dendrite_hotkey: encodeAddress(alice.publicKey, 0) }, null, 401, /canonical/],
    ["no nonce", { bt_header_dendrite_nonce: null }, null, 401, /Missing Nonce/],
    ["a stale nonce", { bt_header_dendrite_nonce: String(SPEC_NONCE - 60_000_000_000n) }, null, 401, /too old/],
    ["a short signature", { bt_header_dendrite_signature: "0x1234" }, null, 401, /Invalid signature format/],
    ["a body hash not hex", { computed_body_hash: "z".repeat(64) }, null, 401, /sha3-256 hex digest/],
    ["another receiver", {}, alice.address, 401, /different receiver/],
  ];
  for (const [name, headers, receiverHeader, status, pattern] of cases) {
    await t.step(name, () => {
      assert.throws(() => stage().auth.checkHead(specHead(headers), receiverHeader), refused(status, pattern));
    });
  }
  await t.step("the spec's headers pass (with or without our hotkey as receiver)", () => {
    stage().auth.checkHead(specHead(), bob.address);
    stage().auth.checkHead(specHead(), null);
  });
});
