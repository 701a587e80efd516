import assert from "node:assert/strict";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { Keyring } from "@polkadot/keyring";
import { signHex, signSynapse, synapseSigningMessage, verifySignature } from "./signing.ts";
import { SpecDummy, specDummy } from "./_fixtures_test.ts";

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
// wire-protocol.md §2.3 (the 219-character message) and §4.4 (Alice's signatures over it).
const MESSAGE =
  "1712345678901234567.5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a.46d0efd0ebe050f4c245053f52c4f54d5c127953a6aae5df9c07a055a2f39205";
const SIGNATURE =
  "0x6ee0228e04604193f950a839516f2434571af04275741ef2010d691f2c464d1bc0aa3ba419cea8594e223b83f54bc1ce856b3cafe318da82e975ef9b52a08a8c";
const WRAPPED_SIGNATURE =
  "0x6a4df55fb271a9b70196219ee5e151eaf2c8d7084bd10c849ead339b9b182924001899a6457d22f93953e9dbc8669b6de6a77fd6a0dadb0696eaeffd96ed1c84";

Deno.test("synapseSigningMessage() gives the §2.3 219-character message", () => {
  const s = specDummy();
  const message = synapseSigningMessage(s, SpecDummy.bodyHash(s));
  assert.equal(message, MESSAGE);
  assert.equal(message.length, 219);
});

Deno.test("verifySignature() accepts Alice's §4.4 signatures and refuses others", async () => {
  await cryptoWaitReady();
  assert.equal(verifySignature(ALICE, MESSAGE, SIGNATURE), true);
  assert.equal(verifySignature(ALICE, MESSAGE, WRAPPED_SIGNATURE), true, "<Bytes> fallback");
  assert.equal(verifySignature(BOB, MESSAGE, SIGNATURE), false);
  assert.equal(verifySignature(ALICE, MESSAGE + "x", SIGNATURE), false);
  assert.equal(verifySignature(ALICE, MESSAGE, SIGNATURE.slice(2)), false);
  assert.equal(verifySignature(ALICE, MESSAGE, SIGNATURE.slice(0, -2)), false);
  assert.equal(verifySignature("not-an-address", MESSAGE, SIGNATURE), false);
  // wire-protocol.md §4.4 "invalid-signature example (repo test: must verify False)"
  assert.equal(
    verifySignature(
      ALICE,
      "Test1231223123123",
      "0x4c291bfb0bb9c1274e86d4b666d13b2ac99a0bacc04a4846fb8ea50bda114677f83c1f164af58fc184451e5140cc8160c4de626163b11451d3bbb208a1889f8a",
    ),
    false,
  );
});

Deno.test("signSynapse() signs so that verifySignature() accepts it (sr25519, context substrate)", async () => {
  await cryptoWaitReady();
  const alice = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice");
  const signer = { address: alice.address, sign: (m: Uint8Array) => alice.sign(m) };
  const signed = signSynapse(SpecDummy, specDummy(), signer);
  assert.equal(signed.dendrite.hotkey, ALICE);
  assert.match(signed.dendrite.signature!, /^0x[0-9a-f]{128}$/);
  assert.equal(verifySignature(ALICE, MESSAGE, signed.dendrite.signature!), true);
  assert.equal(verifySignature(ALICE, MESSAGE, signHex(signer, MESSAGE)), true);
  assert.equal(specDummy().dendrite.signature, null, "the input is not changed");
});

Deno.test("synapseSigningMessage() names the missing part", () => {
  const s = specDummy();
  assert.throws(() => synapseSigningMessage({ ...s, dendrite: { ...s.dendrite, nonce: null } }, "h"), {
    code: "protocol/unsigned",
    field: "dendrite.nonce",
  });
  assert.throws(() => synapseSigningMessage({ ...s, axon: { ...s.axon, hotkey: null } }, "h"), {
    field: "axon.hotkey",
  });
});
