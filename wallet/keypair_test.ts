import { bytesToHex, hexToBytes } from "./_hex.ts";
import assert from "node:assert/strict";
import { mnemonicToEntropy, mnemonicToMiniSecret, signatureVerify } from "@polkadot/util-crypto";
import {
  cryptoReady,
  DEV_PHRASE,
  keypairFromUri,
  keySecretFromMnemonic,
  keySecretFromPrivateKey,
  keySecretFromSeed,
  keySecretFromUri,
  normalizeMnemonic,
  ss58Address,
} from "./keypair.ts";
import { sr25519CanonicalToExpanded, sr25519ExpandedToCanonical } from "./sr25519_secret.ts";

// All vectors: wire-protocol.md §4.4 "Key vectors".
const OLD_LEOPARD = "old leopard transfer rib spatial phone calm indicate online fire caution review";
const PUBLIC = "0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446";
const CANONICAL = "0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a" +
  "9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e";
const POLKADOT_FORM = "0xf8c8a8ec9d0fdd031353337936af279bbda106b3ba0d45d920334eaa9664d656" +
  "9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e";
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

await cryptoReady();

Deno.test("keypairFromUri() gives the well-known dev addresses and verifiable signatures", () => {
  const alice = keypairFromUri("//Alice");
  assert.equal(alice.address, ALICE);
  assert.equal(keypairFromUri("//Bob").address, "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty");
  const message = new TextEncoder().encode("hello");
  assert.ok(signatureVerify(message, alice.sign(message), alice.address).isValid);
  assert.equal(keypairFromUri("//Alice", "ed25519").type, "ed25519");
});

Deno.test("keySecretFromMnemonic() matches the old leopard vectors (§4.4)", () => {
  assert.equal(bytesToHex(mnemonicToEntropy(OLD_LEOPARD)), "0x9a100b9cdc7d09470823979aeae492dc");
  assert.equal(
    bytesToHex(mnemonicToMiniSecret(OLD_LEOPARD)),
    "0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143",
  );
  const key = keySecretFromMnemonic(OLD_LEOPARD);
  assert.equal(bytesToHex(key.secretSeed!), "0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143");
  assert.equal(bytesToHex(key.keypair.publicKey), PUBLIC);
  assert.equal(key.keypair.address, "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX");
  assert.equal(ss58Address(key.keypair.publicKey, 0), "16ADqpMa4yzfmWs3nuTSMhfZ2ckeGtvqhPWCNqECEGDcGgU2");
  assert.equal(bytesToHex(key.privateKey), CANONICAL);
  assert.equal(key.secretPhrase, OLD_LEOPARD);
  assert.equal(keySecretFromMnemonic(`  ${OLD_LEOPARD.replaceAll(" ", "  \n")} `).keypair.address, key.keypair.address);
});

Deno.test("sr25519CanonicalToExpanded() converts between schnorrkel and polkadot forms (§4.4)", () => {
  assert.equal(bytesToHex(sr25519CanonicalToExpanded(hexToBytes(CANONICAL))), POLKADOT_FORM);
  assert.equal(bytesToHex(sr25519ExpandedToCanonical(hexToBytes(POLKADOT_FORM))), CANONICAL);
  const odd = hexToBytes(POLKADOT_FORM);
  odd[0] |= 1;
  assert.throws(() => sr25519ExpandedToCanonical(odd), RangeError);
  assert.throws(() => sr25519CanonicalToExpanded(new Uint8Array(63)), RangeError);
});

Deno.test("keySecretFromPrivateKey() signs as the stored canonical key", () => {
  const key = keySecretFromPrivateKey(CANONICAL);
  assert.equal(bytesToHex(key.keypair.publicKey), PUBLIC);
  assert.equal(bytesToHex(key.privateKey), CANONICAL);
  assert.equal(key.secretSeed, undefined);
  const message = new TextEncoder().encode("Test1231223123123");
  assert.ok(signatureVerify(message, key.keypair.sign(message), key.keypair.address).isValid);
  // repo test: this signature must not verify for the old leopard key
  const bad = "0x4c291bfb0bb9c1274e86d4b666d13b2ac99a0bacc04a4846fb8ea50bda114677" +
    "f83c1f164af58fc184451e5140cc8160c4de626163b11451d3bbb208a1889f8a";
  assert.equal(signatureVerify(message, bad, key.keypair.address).isValid, false);
  assert.throws(() => keySecretFromPrivateKey("0x1234"), RangeError);
});

Deno.test("keySecretFromUri() matches the derivation table and dev keys (§4.4)", async (t) => {
  const table: [string, string][] = [
    [`${OLD_LEOPARD}//Alice`, "5FEiH8iuDUw271xbqWTWuB6WrDjv5dnCeDX1CyHubAniXDNN"],
    [`${OLD_LEOPARD}/Alice`, "5GNXbA46ma5dg19GXdiKi5JH3mnkZ8Yea3bBtZAvj7t99P9i"],
    ["//Bob/test", "5CJGwWiKXSE16WJaxBdPZhWqUYkotgenLUALv7ZvqQ4TXeqf"],
    ["/Bob//test", "5Cwc8tShrshDJUp1P1M21dKUTcYQpV9GcfSa4hUBNmMdV3Cx"],
    [`${DEV_PHRASE}/Bob//test`, "5Cwc8tShrshDJUp1P1M21dKUTcYQpV9GcfSa4hUBNmMdV3Cx"],
    ["//PathNameLongerThan32BytesWhichShouldBeHashed", "5GR5pfZeNs1uQiSWVxZaQiZou3wdZiX894eqgvfNfHbEh7W2"],
    [DEV_PHRASE, "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV"],
    ["//Alice", ALICE],
    ["//Bob", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"],
  ];
  for (const [uri, address] of table) {
    await t.step(uri.slice(-30), () => assert.equal(keySecretFromUri(uri).keypair.address, address));
  }
  await t.step("Alice's public key and canonical private key", () => {
    const alice = keySecretFromUri("//Alice");
    assert.equal(
      bytesToHex(alice.keypair.publicKey),
      "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d",
    );
    assert.equal(
      bytesToHex(alice.privateKey),
      "0x33a6f3093f158a7109f679410bef1a0c54168145e0cecb4df006c1c2fffb1f09" +
        "925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011",
    );
    assert.equal(alice.secretSeed, undefined, "a derived key has no stored seed");
  });
  await t.step("Alice's and Bob's mini-secrets give their keys", () => {
    assert.equal(
      keySecretFromSeed("0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a").keypair.address,
      ALICE,
    );
    const bob = keySecretFromSeed("0x398f0c28f98885e046333d4a41c19cee4c37368a9832c6502f6cfd182e2aef89");
    assert.equal(
      bytesToHex(bob.keypair.publicKey),
      "0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48",
    );
  });
  await t.step("bad URIs are refused", () => {
    assert.throws(() => keySecretFromUri("not a mnemonic at all"), RangeError);
    assert.throws(() => keySecretFromMnemonic(OLD_LEOPARD.replace("old", "zoo")), RangeError);
  });
});

Deno.test("keySecretFromSeed() makes ed25519 keys that round-trip through privateKey", () => {
  const ed = keySecretFromMnemonic(OLD_LEOPARD, "ed25519");
  assert.equal(ed.keypair.type, "ed25519");
  assert.equal(keySecretFromPrivateKey(ed.privateKey, "ed25519").keypair.address, ed.keypair.address);
  const message = new TextEncoder().encode("m");
  assert.ok(signatureVerify(message, ed.keypair.sign(message), ed.keypair.address).isValid);
  assert.notEqual(ed.keypair.address, keySecretFromMnemonic(OLD_LEOPARD).keypair.address);
  assert.equal(normalizeMnemonic(" a\tb "), "a b");
});
