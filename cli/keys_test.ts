import assert from "node:assert/strict";
import { sha256 } from "@noble/hashes/sha2.js";
import { UsageError } from "./args.ts";
import { keysFromOptions, walletFromOptions } from "./keys.ts";
import { SubnetError } from "../protocol/errors.ts";
import { keySecretFromMnemonic } from "../wallet/keypair.ts";
import { openWallet } from "../wallet/wallet.ts";

const OLD_LEOPARD = "old leopard transfer rib spatial phone calm indicate online fire caution review";
const ADDRESS = "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX"; // wire-protocol.md §4.4
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const DEFAULTS = { "wallet.name": "default", "wallet.hotkey": "default", "wallet.path": "~/.bittensor/wallets" };
/** A fast stand-in for argon2i (file logic tests run in milliseconds) that depends on every byte of the password. */
const fastKdf = (password: string) => Promise.resolve(sha256(new TextEncoder().encode(password)));

Deno.test("keysFromOptions() gives --dev as both coldkey and hotkey", async () => {
  const keys = keysFromOptions({ ...DEFAULTS, dev: "//Alice" }, {});
  assert.equal(keys.source, "dev");
  assert.equal((await keys.hotkey()).address, ALICE);
  assert.equal((await keys.coldkey()).address, ALICE);
  assert.equal(await keys.coldkeypub(), ALICE);
  assert.equal(keys.describe(), "dev key //Alice");
  // A BT_WALLET_NAME in the environment is not an explicit flag.
  keysFromOptions({ ...DEFAULTS, "wallet.name": "envname", dev: "//Bob" }, { BT_WALLET_NAME: "envname" });
  await assert.rejects(keysFromOptions({ dev: "bad uri words" }, {}).hotkey(), UsageError);
});

Deno.test("keysFromOptions() refuses --dev with an explicit --wallet.* flag", () => {
  for (const flag of ["wallet.name", "wallet.hotkey", "wallet.path"]) {
    assert.throws(
      () => keysFromOptions({ ...DEFAULTS, [flag]: "x", dev: "//Alice" }, {}),
      (e: unknown) => e instanceof UsageError && e.message.includes(`"--${flag}"`),
    );
  }
});

Deno.test("keysFromOptions() reads wallet files, expanding ~ from HOME", async () => {
  const home = await Deno.makeTempDir();
  const wallet = openWallet({ name: "m", hotkey: "h", path: `${home}/wallets`, deriveKey: fastKdf });
  await wallet.setHotkey(keySecretFromMnemonic(OLD_LEOPARD));
  await wallet.setColdkey(keySecretFromMnemonic(OLD_LEOPARD), { password: "correct horse" });
  await Deno.writeTextFile(`${home}/pw`, "correct horse\n");
  await Deno.writeTextFile(`${home}/bad`, "wrong horse\n");
  const values = { "wallet.name": "m", "wallet.hotkey": "h", "wallet.path": "~/wallets" };
  const env = { HOME: home };
  let asked = 0;
  const prompt = () => (asked++, Promise.resolve(undefined));
  const keys = keysFromOptions(values, env, { deriveKey: fastKdf, prompt });
  assert.equal(keys.source, "wallet");
  assert.equal(keys.wallet!.path, `${home}/wallets`);
  assert.equal((await keys.hotkey()).address, ADDRESS);
  assert.equal(await keys.coldkeypub(), ADDRESS);
  assert.equal(asked, 0, "hotkey and coldkeypub never ask for a password");
  await assert.rejects(keys.coldkey(), (e: unknown) => (e as SubnetError).code === "wallet/password-required");
  assert.equal(asked, 1);
  const withFile = keysFromOptions({ ...values, "password-file": `${home}/pw` }, env, { deriveKey: fastKdf });
  assert.equal((await withFile.coldkey()).address, ADDRESS);
  const before = await Deno.readFile(wallet.coldkeyPath);
  const wrong = keysFromOptions({ ...values, "password-file": `${home}/bad` }, env, { deriveKey: fastKdf });
  await assert.rejects(wrong.coldkey(), (e: unknown) => {
    assert.ok(e instanceof SubnetError);
    assert.equal(e.code, "wallet/wrong-password");
    assert.ok(!e.message.includes("wrong horse"));
    return true;
  });
  assert.deepEqual(await Deno.readFile(wallet.coldkeyPath), before, "nothing written");
  const missing = keysFromOptions({ ...values, "password-file": `${home}/nope` }, env, { deriveKey: fastKdf });
  await assert.rejects(missing.coldkey(), (e: unknown) => (e as SubnetError).code === "cli/password-file");
  await Deno.remove(home, { recursive: true });
});

Deno.test("keysFromOptions() names the command that creates a missing hotkey", async () => {
  const keys = keysFromOptions({ "wallet.name": "nobody", "wallet.hotkey": "hk", "wallet.path": "/nonexistent/w" }, {});
  await assert.rejects(keys.hotkey(), (e: unknown) => {
    assert.ok(e instanceof SubnetError);
    assert.equal(e.code, "wallet/not-found");
    assert.match(
      e.message,
      /subnet wallet new-hotkey --wallet\.name nobody --wallet\.path \/nonexistent\/w --wallet\.hotkey hk/,
    );
    return true;
  });
  assert.throws(() => walletFromOptions({}, {}), (e: unknown) => (e as SubnetError).code === "wallet/no-home");
});

Deno.test({
  name: "keysFromOptions() with the real argon2i refuses a wrong password and writes nothing (SOAK)",
  ignore: Deno.env.get("SOAK") !== "1",
  fn: async () => {
    const home = await Deno.makeTempDir();
    const wallet = openWallet({ name: "m", path: home });
    await wallet.setColdkey(keySecretFromMnemonic(OLD_LEOPARD), { password: "correct horse" });
    const before = await Deno.readFile(wallet.coldkeyPath);
    await Deno.writeTextFile(`${home}/bad`, "wrong horse");
    await Deno.writeTextFile(`${home}/pw`, "correct horse");
    const values = { "wallet.name": "m", "wallet.path": home };
    await assert.rejects(
      keysFromOptions({ ...values, "password-file": `${home}/bad` }, {}).coldkey(),
      (e: unknown) => (e as SubnetError).code === "wallet/wrong-password",
    );
    assert.deepEqual(await Deno.readFile(wallet.coldkeyPath), before);
    assert.equal((await keysFromOptions({ ...values, "password-file": `${home}/pw` }, {}).coldkey()).address, ADDRESS);
    await Deno.remove(home, { recursive: true });
  },
});
