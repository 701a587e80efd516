import assert from "node:assert/strict";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { cidFor } from "./cid.ts";
import { coldkeyPassword, decryptFromStorage, deriveSecretBoxKey, encryptForStorage } from "./encryption.ts";

// subnet-template.md §4.3, computed with PyNaCl and pycryptodome.
const ARGON_KEY_ZERO = "8870b702964229158caee13c7660ef247559f78995b1a3a065f7719edc11e103";
const PAYLOAD =
  '{"nonce": "010101010101010101010101010101010101010101010101", "ciphertext": "02f79828fa5f217727d5b33280b431cbecb90d7d43fb9b95c71bc50d26c72094fdf4eff42f61e8f7c8453ecb6230f41074e465f5bf3f71c3eccf43e1aad58f7823097473176f2300e55903a3d3d7da0536db525da15b00720be344bd28f167d64e10042099febec431a025bb0038df5c4434914b50e10b8b77e60e0d462d8950aacf95d1cab986cceb08af45d54ad893b308203209fd4714ba0020f5a4f2a519289671d5c6a0d154b4dbc78fdf388f7371183d3eeeba69"}';
const CT = "2f09cc1a56c40c41f19a8f483a85";

Deno.test("deriveSecretBoxKey() matches PyNaCl's argon2i for a zero private key", async () => {
  const key = await deriveSecretBoxKey(coldkeyPassword(new Uint8Array(64)));
  assert.equal(bytesToHex(key), ARGON_KEY_ZERO);
});

Deno.test("encryptForStorage() reproduces the spec's payload vector byte for byte", () => {
  const key = hexToBytes(ARGON_KEY_ZERO);
  const randomness = {
    aesKey: Uint8Array.from({ length: 32 }, (_, i) => i),
    gcmNonce: Uint8Array.from({ length: 16 }, (_, i) => i),
    boxNonce: new Uint8Array(24).fill(1),
  };
  const { ciphertext, payload } = encryptForStorage(new TextEncoder().encode("Hello FileTao!"), key, randomness);
  assert.equal(bytesToHex(ciphertext), CT);
  assert.equal(payload, PAYLOAD);
  assert.equal(cidFor(ciphertext), "bafkreidnkzrxsx45shwajcgnuisare3cbs3ghzrrdrlf6dys5vstibp7zq");
});

Deno.test("decryptFromStorage() opens the vector and refuses a wrong key or a changed byte", () => {
  const key = hexToBytes(ARGON_KEY_ZERO);
  assert.equal(new TextDecoder().decode(decryptFromStorage(hexToBytes(CT), PAYLOAD, key)), "Hello FileTao!");
  assert.throws(() => decryptFromStorage(hexToBytes(CT), PAYLOAD, new Uint8Array(32)), /wrong wallet/);
  const changed = hexToBytes(CT);
  changed[0] ^= 1;
  assert.throws(() => decryptFromStorage(changed, PAYLOAD, key), /authentication tag/);
  assert.throws(() => decryptFromStorage(changed, "nope", key), /not JSON/);
  assert.throws(() => decryptFromStorage(changed, '{"nonce": "zz", "ciphertext": ""}', key), /not valid hex/);
});
