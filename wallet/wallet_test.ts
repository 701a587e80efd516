import assert from "node:assert/strict";
import { sha256 } from "@noble/hashes/sha2.js";
import { SubnetError } from "../protocol/errors.ts";
import { naclSeal } from "./keyfile_crypto.ts";
import { createWallet, expandHome, listWallets, openWallet } from "./wallet.ts";
import { btwalletPasswordEnvName, encodeBtwalletPassword, passwordFromEnv } from "./password_env.ts";
import { cryptoReady, keySecretFromMnemonic } from "./keypair.ts";

// wire-protocol.md §4.2 / §4.4 vectors.
const OLD_LEOPARD = "old leopard transfer rib spatial phone calm indicate online fire caution review";
const PUB = "0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446";
const PRIV = "0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a" +
  "9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e";
const SEED = "0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143";
const ADDRESS = "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX";
const PY7_JSON = `{"accountId": "${PUB}", "publicKey": "${PUB}", "privateKey": "${PRIV}", ` +
  `"secretPhrase": "${OLD_LEOPARD}", "secretSeed": "${SEED}", "ss58Address": "${ADDRESS}"}`;
const enc = (s: string) => new TextEncoder().encode(s);

/** A fast stand-in for argon2i: tests of the file logic must not spend 11 s per derivation. */
/** A fast stand-in for argon2i that still depends on every byte of the password. */
const fastKdf = (password: string) => Promise.resolve(sha256(new TextEncoder().encode(password)));

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "subnet-wallet-" });
}

async function writePy(path: string, text: string | Uint8Array) {
  await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
  await Deno.writeFile(path, typeof text === "string" ? enc(text) : text, { mode: 0o600 });
}

await cryptoReady();

Deno.test("openWallet() loads every keyfile layout Python wrote (§4.2)", async (t) => {
  const root = await tempDir();
  const layouts: Record<string, string> = {
    "py7": PY7_JSON,
    "py6-no-privateKey": `{"accountId": "${PUB}", "publicKey": "${PUB}", "secretPhrase": "${OLD_LEOPARD}", ` +
      `"secretSeed": "${SEED}", "ss58Address": "${ADDRESS}"}`,
    "btwallet-compact": `{"ss58Address":"${ADDRESS}","secretSeed":"${SEED}","privateKey":"${PRIV}",` +
      `"publicKey":"${PUB}","secretPhrase":"${OLD_LEOPARD}","accountId":"${PUB}"}`,
    "seed-only": `{"secretSeed": "${SEED}"}`,
    "private-key-only": `{"privateKey": "${PRIV}", "secretPhrase": null, "secretSeed": null}`,
    "btwallet-text-seed": `{"secretSeed":"0x\\u0001abc","privateKey":"${PRIV}"}`,
  };
  for (const [hotkey, json] of Object.entries(layouts)) {
    await t.step(hotkey, async () => {
      await writePy(`${root}/w/hotkeys/${hotkey}`, json);
      const kp = await openWallet({ name: "w", hotkey, path: root }).hotkey();
      assert.equal(kp.address, ADDRESS);
    });
  }
  await t.step("coldkeypub.txt in every layout, including a bare 0x key", async () => {
    const pubs = [
      `{"accountId": "${PUB}", "publicKey": "${PUB}", "privateKey": null, "secretPhrase": null, ` +
      `"secretSeed": null, "ss58Address": "${ADDRESS}"}`,
      `{"ss58Address":"${ADDRESS}","publicKey":"${PUB}","accountId":"${PUB}"}`,
      `{"ss58Address": "${ADDRESS}"}`,
      PUB,
    ];
    for (const text of pubs) {
      await Deno.writeTextFile(`${root}/w/coldkeypub.txt`, text);
      assert.equal(await openWallet({ name: "w", path: root }).coldkeypub(), ADDRESS);
    }
  });
  await t.step("a plaintext coldkey opens without a password", async () => {
    await writePy(`${root}/w/coldkey`, PY7_JSON);
    assert.equal((await openWallet({ name: "w", path: root }).coldkey()).address, ADDRESS);
  });
  await t.step("a public-only file cannot sign", async () => {
    await writePy(`${root}/w/hotkeys/pubonly`, `{"ss58Address": "${ADDRESS}"}`);
    await assert.rejects(
      openWallet({ name: "w", hotkey: "pubonly", path: root }).hotkey(),
      (e: unknown) => e instanceof SubnetError && e.code === "wallet/no-secret",
    );
  });
  await Deno.remove(root, { recursive: true });
});

Deno.test("createWallet() writes Python's layout, field set and modes", async () => {
  const root = await tempDir();
  const path = `${root}/nested/wallets`;
  const created = await createWallet({ name: "w1", path, password: null });
  const { wallet } = created;
  const names = (dir: string) => Array.from(Deno.readDirSync(dir), (e) => e.name).sort();
  assert.deepEqual(names(`${path}/w1`), ["coldkey", "coldkeypub.txt", "hotkeys"]);
  assert.deepEqual(names(`${path}/w1/hotkeys`), ["default", "defaultpub.txt"]);
  const fields = ["accountId", "publicKey", "privateKey", "secretPhrase", "secretSeed", "ss58Address"];
  const cold = JSON.parse(await Deno.readTextFile(wallet.coldkeyPath));
  assert.deepEqual(Object.keys(cold), fields);
  assert.equal(cold.secretPhrase, created.coldkeyMnemonic);
  assert.equal(cold.ss58Address, created.coldkeyAddress);
  const hot = JSON.parse(await Deno.readTextFile(wallet.hotkeyPath));
  assert.deepEqual(Object.keys(hot), fields);
  assert.equal(hot.secretPhrase, created.hotkeyMnemonic);
  const pub = JSON.parse(await Deno.readTextFile(wallet.coldkeypubPath));
  assert.deepEqual(Object.keys(pub), fields);
  assert.deepEqual([pub.privateKey, pub.secretPhrase, pub.secretSeed], [null, null, null]);
  // json.dumps separators, exactly
  assert.match(await Deno.readTextFile(wallet.coldkeypubPath), /^\{"accountId": "0x[0-9a-f]{64}", "publicKey": /);
  for (const f of [wallet.coldkeyPath, wallet.coldkeypubPath, wallet.hotkeyPath, wallet.hotkeypubPath]) {
    assert.equal(Deno.statSync(f).mode! & 0o777, 0o600, f);
  }
  for (const d of [`${root}/nested`, path, wallet.dir, `${wallet.dir}/hotkeys`]) {
    assert.equal(Deno.statSync(d).mode! & 0o777, 0o700, d);
  }
  assert.equal((await wallet.hotkey()).address, created.hotkeyAddress);
  assert.equal(await wallet.coldkeypub(), created.coldkeyAddress);
  assert.equal((await wallet.coldkey()).address, created.coldkeyAddress);
  assert.deepEqual(await listWallets({ path }), [{
    name: "w1",
    coldkeypub: created.coldkeyAddress,
    hotkeys: [{ name: "default", address: created.hotkeyAddress }],
  }]);
  await assert.rejects(
    createWallet({ name: "w1", path, password: null }),
    (e: unknown) => e instanceof SubnetError && e.code === "wallet/exists" && e.message.includes("--overwrite"),
  );
  assert.equal(Array.from(Deno.readDirSync(`${path}/w1/hotkeys`)).length, 2, "no temp files left behind");
  await Deno.remove(root, { recursive: true });
});

Deno.test("Wallet.setHotkey() writes the exact Python 7.x JSON for the old leopard key (§4.2)", async () => {
  const root = await tempDir();
  const wallet = openWallet({ name: "w", hotkey: "h", path: root });
  await wallet.setHotkey(keySecretFromMnemonic(OLD_LEOPARD));
  assert.equal(await Deno.readTextFile(wallet.hotkeyPath), PY7_JSON);
  await Deno.remove(root, { recursive: true });
});

Deno.test("Wallet.coldkey() refuses a wrong password and writes nothing", async () => {
  const root = await tempDir();
  const wallet = openWallet({ name: "w", path: root, deriveKey: fastKdf });
  await wallet.setColdkey(keySecretFromMnemonic(OLD_LEOPARD), { password: "right password" });
  const before = await Deno.readFile(wallet.coldkeyPath);
  assert.equal(new TextDecoder().decode(before.subarray(0, 5)), "$NACL");
  const listing = () => Array.from(Deno.readDirSync(wallet.dir), (e) => e.name).sort().join(",");
  const names = listing();
  await assert.rejects(wallet.coldkey({ password: "wrong password!" }), (e: unknown) => {
    assert.ok(e instanceof SubnetError);
    assert.equal(e.code, "wallet/wrong-password");
    assert.match(e.message, /password is wrong/);
    assert.ok(!e.message.includes("wrong password!"), "the password is never echoed");
    return true;
  });
  assert.deepEqual(await Deno.readFile(wallet.coldkeyPath), before);
  assert.equal(listing(), names);
  assert.equal((await wallet.coldkey({ password: "right password" })).address, ADDRESS);
  await assert.rejects(wallet.coldkey(), (e: unknown) => (e as SubnetError).code === "wallet/password-required");
  assert.equal((await wallet.coldkey({ prompt: () => Promise.resolve("right password") })).address, ADDRESS);
  await Deno.remove(root, { recursive: true });
});

Deno.test("Wallet.coldkey() takes the password from btwallet and bittensor 6.x env conventions", async () => {
  const root = await tempDir();
  const base = { name: "cold", path: root, deriveKey: fastKdf };
  await openWallet(base).setColdkey(keySecretFromMnemonic(OLD_LEOPARD), { password: "pw from env" });
  const name = btwalletPasswordEnvName(`${root}/cold/coldkey`);
  const btEnv = { [name]: encodeBtwalletPassword(name, "pw from env") };
  assert.equal((await openWallet({ ...base, env: btEnv }).coldkey()).address, ADDRESS);
  assert.equal((await openWallet({ ...base, env: { BT_COLD_PW_COLD: "pw from env" } }).coldkey()).address, ADDRESS);
  assert.equal(passwordFromEnv({ BT_COLD_PW_OTHER: "x" }, { keyfilePath: "/p", walletName: "cold" }), undefined);
  // bittensor 7.x tests/unit_tests/test_keyfile.py test_get_coldkey_password_from_environment
  const pyEnv = { bt_cold_pw_wallet: "password", BT_COLD_PW_My_Wallet: "password2" };
  assert.equal(passwordFromEnv(pyEnv, { keyfilePath: "/p", walletName: "WALLET" }), "password");
  assert.equal(passwordFromEnv(pyEnv, { keyfilePath: "/p", walletName: "my_wallet" }), "password2");
  assert.equal(passwordFromEnv(pyEnv, { keyfilePath: "/p", walletName: "my-wallet" }), "password2");
  assert.equal(passwordFromEnv(pyEnv, { keyfilePath: "/p", walletName: "non_existent_wallet" }), undefined);
  await Deno.remove(root, { recursive: true });
});

Deno.test("Wallet.hotkey() reports a missing file with the command that creates it", async () => {
  const root = await tempDir();
  const wallet = openWallet({ name: "miner", hotkey: "h1", path: root });
  await assert.rejects(wallet.hotkey(), (e: unknown) => {
    assert.ok(e instanceof SubnetError);
    assert.equal(e.code, "wallet/not-found");
    assert.match(e.message, /subnet wallet new-hotkey --wallet\.name miner .*--wallet\.hotkey h1/);
    return true;
  });
  await assert.rejects(wallet.coldkeypub(), /subnet wallet create/);
  await Deno.remove(root, { recursive: true });
});

Deno.test("a $NACL coldkey written by Python opens with the key its password derives", async () => {
  const root = await tempDir();
  const key = new Uint8Array(32).fill(7);
  await writePy(`${root}/py/coldkey`, naclSeal(enc(PY7_JSON), key, new Uint8Array(24)));
  const deriveKey = (pw: string) => Promise.resolve(pw === "its password" ? key : new Uint8Array(32).fill(8));
  const wallet = openWallet({ name: "py", path: root, deriveKey });
  assert.equal((await wallet.coldkey({ password: "its password" })).address, ADDRESS);
  await assert.rejects(wallet.coldkey({ password: "its passworD" }), /password is wrong/);
  await Deno.remove(root, { recursive: true });
});

Deno.test("expandHome() expands ~ and refuses names with slashes", () => {
  assert.equal(expandHome("~/w", "/home/u/"), "/home/u/w");
  assert.equal(expandHome("/abs", undefined), "/abs");
  assert.throws(() => expandHome("~/w"), (e: unknown) => (e as SubnetError).code === "wallet/no-home");
  assert.throws(() => openWallet({ name: "../x", path: "/tmp" }), /plain file name/);
});

Deno.test("a wallet laid out by Python with the spec's 609-byte $NACL coldkey loads (§4.3)", async () => {
  const root = await tempDir();
  // The argon2i key of "thisisafakepassword" (§4.3), injected so the suite runs one derivation less.
  const key = Uint8Array.from(
    "a17c46ecafdd501ecb1da0651d35abfecf60df14bffa8e949f58aaecd75cb3c8".match(/../g)!,
    (h) => parseInt(h, 16),
  );
  const deriveKey = (pw: string) => Promise.resolve(pw === "thisisafakepassword" ? key : new Uint8Array(32));
  const coldkey = naclSeal(enc(PY7_JSON), key, Uint8Array.from({ length: 24 }, (_, i) => i));
  assert.equal(coldkey.length, 609);
  await writePy(`${root}/py/coldkey`, coldkey);
  await writePy(
    `${root}/py/coldkeypub.txt`,
    `{"accountId": "${PUB}", "publicKey": "${PUB}", "privateKey": null, "secretPhrase": null, ` +
      `"secretSeed": null, "ss58Address": "${ADDRESS}"}`,
  );
  await writePy(`${root}/py/hotkeys/default`, PY7_JSON);
  const wallet = openWallet({ name: "py", path: root, deriveKey });
  assert.equal((await wallet.hotkey()).address, ADDRESS);
  assert.equal(await wallet.coldkeypub(), ADDRESS);
  assert.equal((await wallet.coldkey({ password: "thisisafakepassword" })).address, ADDRESS);
  await assert.rejects(wallet.coldkey({ password: "thisisafakepasswore" }), /password is wrong/);
  await Deno.remove(root, { recursive: true });
});
