import assert from "node:assert/strict";
import { signatureVerify } from "@polkadot/util-crypto";
import { cryptoReady, keySecretFromUri } from "../wallet/keypair.ts";
import { createAxon } from "./axon.ts";
import { createDendrite } from "./dendrite.ts";
import { sr25519VerifyCompat } from "./verify_pool.ts";
import { wasmSr25519Signer } from "./wasm_signer.ts";
import { Dummy } from "../subnets/template/synapse.ts";

Deno.test("wasmSr25519Signer() signs what the keypair's public key verifies, and a dendrite can use it", async () => {
  await cryptoReady();
  const alice = keySecretFromUri("//Alice");
  const signer = wasmSr25519Signer(alice);
  assert.equal(signer.address, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
  const msg = new TextEncoder().encode("1712345678901234567.a.b.c.d");
  assert.ok(sr25519VerifyCompat(msg, signer.sign(msg), alice.keypair.publicKey));
  assert.ok(signatureVerify(msg, signer.sign(msg), alice.keypair.address).isValid, "polkadot-js agrees");
  const bob = keySecretFromUri("//Bob").keypair;
  const axon = createAxon({ keypair: bob }).attach(Dummy, (s) => ({ ...s, dummy_output: s.dummy_input * 2 }));
  const dendrite = createDendrite({
    keypair: signer,
    fetch: (input, init) => axon.fetch(new Request(input, init), { remoteAddr: { hostname: "127.0.0.1", port: 1 } }),
  });
  const out = await dendrite.query(
    { ip: "127.0.0.1", port: 8091, hotkey: bob.address },
    Dummy.create({ dummy_input: 4 }),
    {
      type: Dummy,
    },
  );
  assert.equal(out, 8);
  assert.throws(() => wasmSr25519Signer(keySecretFromUri("//Alice", "ed25519")), RangeError);
});
