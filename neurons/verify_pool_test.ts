import assert from "node:assert/strict";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { createVerifierPool, sr25519VerifyCompat } from "./verify_pool.ts";

const enc = new TextEncoder();

Deno.test("sr25519VerifyCompat() checks the spec's vector, its <Bytes> form, and refuses others", async () => {
  await cryptoReady();
  // wire-protocol.md §2.3 message and §4.4 signatures (Alice).
  const message = enc.encode(
    "1712345678901234567.5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a.46d0efd0ebe050f4c245053f52c4f54d5c127953a6aae5df9c07a055a2f39205",
  );
  const hex = (h: string) => Uint8Array.from(h.match(/../g)!.map((b) => parseInt(b, 16)));
  const alice = hex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  const plain = hex(
    "6ee0228e04604193f950a839516f2434571af04275741ef2010d691f2c464d1bc0aa3ba419cea8594e223b83f54bc1ce856b3cafe318da82e975ef9b52a08a8c",
  );
  const wrapped = hex(
    "6a4df55fb271a9b70196219ee5e151eaf2c8d7084bd10c849ead339b9b182924001899a6457d22f93953e9dbc8669b6de6a77fd6a0dadb0696eaeffd96ed1c84",
  );
  assert.ok(sr25519VerifyCompat(message, plain, alice));
  assert.ok(sr25519VerifyCompat(message, wrapped, alice));
  const bad = plain.slice();
  bad[10] ^= 1;
  assert.equal(sr25519VerifyCompat(message, bad, alice), false);
  assert.equal(sr25519VerifyCompat(message, plain.subarray(1), alice), false);
  assert.equal(sr25519VerifyCompat(enc.encode("other"), plain, alice), false);
});

Deno.test("createVerifierPool() verifies on workers", async () => {
  await cryptoReady();
  const bob = keypairFromUri("//Bob");
  using pool = await createVerifierPool({ workers: 2 });
  const msg = enc.encode("hello");
  const sig = bob.sign(msg);
  const results = await Promise.all([
    pool.verify(msg, sig, bob.publicKey),
    pool.verify(enc.encode("hellO"), sig, bob.publicKey),
    pool.verify(msg, sig, bob.publicKey),
  ]);
  assert.deepEqual(results, [true, false, true]);
});
