import assert from "node:assert/strict";
import { signatureVerify } from "@polkadot/util-crypto";
import { cryptoReady, keypairFromUri } from "./keypair.ts";

Deno.test("keypairFromUri() gives the well-known dev addresses and verifiable signatures", async () => {
  await cryptoReady();
  const alice = keypairFromUri("//Alice");
  assert.equal(alice.address, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
  assert.equal(keypairFromUri("//Bob").address, "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty");
  const message = new TextEncoder().encode("hello");
  assert.ok(signatureVerify(message, alice.sign(message), alice.address).isValid);
  assert.equal(keypairFromUri("//Alice", "ed25519").type, "ed25519");
});
