import { bytesToHex } from "./_hex.ts";
import assert from "node:assert/strict";
import { sha256 } from "@noble/hashes/sha2.js";
import { SubnetError } from "../protocol/errors.ts";
import {
  decryptKeyfileData,
  deriveNaclKey,
  encryptKeyfileData,
  keyfileEncryption,
  naclOpen,
  naclSeal,
} from "./keyfile_crypto.ts";
import { decryptAnsibleVault, fernetOpen, legacyFernetKey } from "./legacy_crypto.ts";
import { cbc } from "@noble/ciphers/aes.js";
import { hmac } from "@noble/hashes/hmac.js";

// wire-protocol.md §4.2: the 564-byte Python 7.x keyfile JSON of the "old leopard" mnemonic.
const KEYFILE_JSON = '{"accountId": "0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446", ' +
  '"publicKey": "0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446", ' +
  '"privateKey": "0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a9cffd34d9fb01cae1fba61aeed18' +
  '4c817442a2186d5172416729a4b54dd4b84e", ' +
  '"secretPhrase": "old leopard transfer rib spatial phone calm indicate online fire caution review", ' +
  '"secretSeed": "0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143", ' +
  '"ss58Address": "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX"}';
const NONCE = Uint8Array.from({ length: 24 }, (_, i) => i);
const enc = (s: string) => new TextEncoder().encode(s);

Deno.test("deriveNaclKey() and naclSeal() match the $NACL vectors (§4.3)", async () => {
  assert.equal(enc(KEYFILE_JSON).length, 564);
  // One real 512 MiB argon2i derivation; the rest reuses its key.
  const key = await deriveNaclKey("thisisafakepassword");
  assert.equal(bytesToHex(key), "0xa17c46ecafdd501ecb1da0651d35abfecf60df14bffa8e949f58aaecd75cb3c8");
  const small = naclSeal(enc('{"accountId": "0x00"}'), key, NONCE);
  assert.equal(small.length, 66);
  assert.equal(
    bytesToHex(small),
    "0x244e41434c000102030405060708090a0b0c0d0e0f1011121314151617d82229b7930f725f7c712de086139967a818896fc58" +
      "b9615756ca8f833ac3fcb353e2e7012",
  );
  const file = naclSeal(enc(KEYFILE_JSON), key, NONCE);
  assert.equal(file.length, 609);
  assert.equal(bytesToHex(sha256(file)), "0xf509ef3bf3d3024c5eadf057cee1a90255fd5ca52d512f160762305bb57f0093");
  const opened = naclOpen(file, key);
  assert.equal(opened.length, 564);
  assert.equal(new TextDecoder().decode(opened), KEYFILE_JSON);
  // The same path through decryptKeyfileData, with a derivation injected that depends on the
  // password (the real key for the real password only), so a decryptor that ignored it would fail.
  const wrongKey = key.slice();
  wrongKey[0] ^= 1;
  const deriveKey = (pw: string) => Promise.resolve(pw === "thisisafakepassword" ? key : wrongKey);
  const viaApi = await decryptKeyfileData(file, "thisisafakepassword", { deriveKey });
  assert.equal(new TextDecoder().decode(viaApi), KEYFILE_JSON);
  await assert.rejects(
    decryptKeyfileData(file, "thisisafakepassworD", { deriveKey }),
    (e: unknown) =>
      e instanceof SubnetError && e.code === "wallet/wrong-password" && !e.message.includes("thisisafakepassworD"),
  );
});

Deno.test("encryptKeyfileData() uses the injected nonce and key derivation", async () => {
  const key = new Uint8Array(32).fill(9);
  const file = await encryptKeyfileData(enc("{}"), "pw", {
    random: (n) => new Uint8Array(n).fill(1),
    deriveKey: (pw) => Promise.resolve(pw === "pw" ? key : new Uint8Array(32)),
  });
  assert.equal(keyfileEncryption(file), "nacl");
  assert.deepEqual(file.subarray(5, 29), new Uint8Array(24).fill(1));
  assert.equal(new TextDecoder().decode(naclOpen(file, key)), "{}");
  assert.throws(() => naclOpen(file.subarray(0, 30), key), /not a complete \$NACL file/);
});

Deno.test("keyfileEncryption() detects every format by prefix", () => {
  assert.equal(keyfileEncryption(enc("$NACL\x00")), "nacl");
  assert.equal(keyfileEncryption(enc("$ANSIBLE_VAULT;1.1;AES256\n")), "ansible");
  assert.equal(keyfileEncryption(enc("gAAAAABk")), "legacy");
  assert.equal(keyfileEncryption(enc('{"publicKey": "0x"}')), undefined);
});

Deno.test("decryptAnsibleVault() opens Ansible's own AES256 test vault", async () => {
  // ansible/ansible test/units/parsing/vault/test_vault.py, test_encrypt_decrypt_aes256_existing_vault
  const vault = "$ANSIBLE_VAULT;1.1;AES256\n" +
    "33363965326261303234626463623963633531343539616138316433353830356566396130353436\n" +
    "3562643163366231316662386565383735653432386435610a306664636137376132643732393835\n" +
    "63383038383730306639353234326630666539346233376330303938323639306661313032396437\n" +
    "6233623062366136310a633866373936313238333730653739323461656662303864663666653563\n" +
    "3138";
  assert.equal(new TextDecoder().decode(await decryptAnsibleVault(vault, "test-vault-password")), "Setec Astronomy");
  const viaApi = await decryptKeyfileData(enc(vault), "test-vault-password");
  assert.equal(new TextDecoder().decode(viaApi), "Setec Astronomy");
  await assert.rejects(
    decryptAnsibleVault(vault, "nope"),
    (e: unknown) => (e as SubnetError).code === "wallet/wrong-password",
  );
  await assert.rejects(decryptAnsibleVault("$ANSIBLE_VAULT;1.1;AES\n00", "x"), /not 1.1\/1.2 AES256/);
});

Deno.test("fernetOpen() opens the Fernet spec token", () => {
  // fernet/spec generate.json / verify.json: secret cw_0x689RpI-…, src "hello"
  const key = Uint8Array.from(atob("cw/0x689RpI+jtRR7oE8h/eQsKImvJapLeSbXpwF4e4="), (c) => c.charCodeAt(0));
  const token = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
  assert.equal(new TextDecoder().decode(fernetOpen(token, key)), "hello");
  const wrong = key.slice();
  wrong[0] ^= 1;
  assert.throws(() => fernetOpen(token, wrong), (e: unknown) => (e as SubnetError).code === "wallet/wrong-password");
  assert.throws(() => fernetOpen("gAAAAA", key), /malformed/);
});

/** Builds a Fernet token the way Python's `cryptography` does (version, timestamp, IV, AES-128-CBC, HMAC). */
function fernetToken(key: Uint8Array, plaintext: Uint8Array, iv: Uint8Array): string {
  const body = cbc(key.subarray(16), iv).encrypt(plaintext);
  const signed = new Uint8Array([0x80, 0, 0, 0, 0, 0x1d, 0xc0, 0x9e, 0xb0, ...iv, ...body]);
  const token = new Uint8Array([...signed, ...hmac(sha256, key.subarray(0, 16), signed)]);
  return btoa(String.fromCharCode(...token)).replace(/\+/g, "-").replace(/\//g, "_");
}

Deno.test("decryptKeyfileData() opens a bittensor 6.x legacy Fernet keyfile from its password", async () => {
  const iterations = 1000; // Python uses 10,000,000; the full count runs under SOAK=1
  const key = await legacyFernetKey("legacy pw", { iterations });
  const token = fernetToken(key, enc('{"accountId": "0x00"}'), new Uint8Array(16).fill(3));
  assert.ok(token.startsWith("gAAAAA"));
  const plain = await decryptKeyfileData(enc(token), "legacy pw", { legacyIterations: iterations });
  assert.equal(new TextDecoder().decode(plain), '{"accountId": "0x00"}');
  await assert.rejects(
    decryptKeyfileData(enc(token), "other pw", { legacyIterations: iterations }),
    (e: unknown) => (e as SubnetError).code === "wallet/wrong-password",
  );
});

const SOAK = Deno.env.get("SOAK") === "1";

Deno.test({
  name: "decryptKeyfileData() round-trips with the real KDFs and refuses a wrong password (SOAK)",
  ignore: !SOAK,
  fn: async () => {
    const file = await encryptKeyfileData(enc(KEYFILE_JSON), "soak password");
    assert.equal(new TextDecoder().decode(await decryptKeyfileData(file, "soak password")), KEYFILE_JSON);
    await assert.rejects(
      decryptKeyfileData(file, "soak passwore"),
      (e: unknown) => (e as SubnetError).code === "wallet/wrong-password",
    );
    const legacyKey = await legacyFernetKey("legacy pw");
    const token = fernetToken(legacyKey, enc(KEYFILE_JSON), new Uint8Array(16));
    assert.equal(new TextDecoder().decode(await decryptKeyfileData(enc(token), "legacy pw")), KEYFILE_JSON);
  },
});
