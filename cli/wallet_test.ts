import assert from "node:assert/strict";
import { runCli } from "./mod.ts";
import { naclOpen } from "../wallet/keyfile_crypto.ts";
import { captureIo } from "./_test_io.ts";

// wire-protocol.md §4.2 / §4.3 / §4.4 vectors.
const OLD_LEOPARD = "old leopard transfer rib spatial phone calm indicate online fire caution review";
const PUB = "0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446";
const ADDRESS = "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX";
const PY7_JSON = `{"accountId": "${PUB}", "publicKey": "${PUB}", "privateKey": ` +
  `"0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a9cffd34d9fb01cae1fba61aeed184c817442a2186d51` +
  `72416729a4b54dd4b84e", "secretPhrase": "${OLD_LEOPARD}", ` +
  `"secretSeed": "0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143", "ss58Address": "${ADDRESS}"}`;
const PUB_JSON = `{"accountId": "${PUB}", "publicKey": "${PUB}", "privateKey": null, "secretPhrase": null, ` +
  `"secretSeed": null, "ss58Address": "${ADDRESS}"}`;
/** argon2i key of "thisisafakepassword" (§4.3): lets the test open a file without a second derivation. */
const FAKE_PASSWORD_KEY = Uint8Array.from(
  "a17c46ecafdd501ecb1da0651d35abfecf60df14bffa8e949f58aaecd75cb3c8".match(/../g)!,
  (h) => parseInt(h, 16),
);

Deno.test("subnet wallet regen-hotkey writes the hotkey file Python would write", async () => {
  const path = await Deno.makeTempDir();
  const io = captureIo();
  const code = await runCli(
    [
      "wallet",
      "regen-hotkey",
      "--wallet.path",
      path,
      "--wallet.name",
      "w",
      "--wallet.hotkey",
      "h",
      "--mnemonic",
      OLD_LEOPARD,
    ],
    io,
  );
  assert.equal(code, 0, io.err.join("\n"));
  assert.equal(await Deno.readTextFile(`${path}/w/hotkeys/h`), PY7_JSON);
  assert.equal(await Deno.readTextFile(`${path}/w/hotkeys/hpub.txt`), PUB_JSON);
  assert.equal(Deno.statSync(`${path}/w/hotkeys/h`).mode! & 0o777, 0o600);
  assert.ok(!io.out.join("\n").includes("leopard"), "the mnemonic is not printed back");
  const again = captureIo();
  assert.equal(
    await runCli([
      "wallet",
      "regen-hotkey",
      "--wallet.path",
      path,
      "--wallet.name",
      "w",
      "--wallet.hotkey",
      "h",
      "--seed",
      "0x00",
    ], again),
    2,
  );
  await Deno.remove(path, { recursive: true });
});

Deno.test("subnet wallet create makes Python's layout and prints the mnemonics once", async () => {
  const path = await Deno.makeTempDir();
  const io = captureIo({ HOME: "/nonexistent" });
  const code = await runCli([
    "wallet",
    "create",
    "--wallet.path",
    path,
    "--wallet.name",
    "c",
    "--no-password",
    "--json",
  ], io);
  assert.equal(code, 0, io.err.join("\n"));
  assert.match(io.err.join("\n"), /UNENCRYPTED/);
  const report = JSON.parse(io.out[0]);
  const cold = JSON.parse(await Deno.readTextFile(`${path}/c/coldkey`));
  assert.deepEqual(Object.keys(cold), [
    "accountId",
    "publicKey",
    "privateKey",
    "secretPhrase",
    "secretSeed",
    "ss58Address",
  ]);
  assert.equal(cold.secretPhrase, report.coldkey_mnemonic);
  assert.equal(cold.ss58Address, report.coldkey);
  assert.equal(report.coldkey_mnemonic.split(" ").length, 12);
  const show = captureIo();
  assert.equal(await runCli(["wallet", "show", "--wallet.path", path, "--wallet.name", "c", "--json"], show), 0);
  const shown = JSON.parse(show.out[0]);
  assert.equal(shown.coldkey, report.coldkey);
  assert.deepEqual(shown.hotkeys, [{ name: "default", address: report.hotkey }]);
  assert.ok(!show.out.join("").includes(report.coldkey_mnemonic.split(" ")[0] + " "), "show prints no secret");
  const list = captureIo();
  assert.equal(await runCli(["wallet", "list", "--wallet.path", path, "--json"], list), 0);
  assert.equal(JSON.parse(list.out[0]).wallets[0].coldkeypub, report.coldkey);
  const twice = captureIo();
  assert.equal(
    await runCli(["wallet", "create", "--wallet.path", path, "--wallet.name", "c", "--no-password"], twice),
    1,
  );
  assert.match(twice.err.join("\n"), /already exists .*--overwrite/);
  const hot = captureIo();
  assert.equal(
    await runCli(["wallet", "new-hotkey", "--wallet.path", path, "--wallet.name", "c", "--wallet.hotkey", "h2"], hot),
    0,
  );
  assert.equal(hot.out.length, 3, "address line, then the mnemonic once");
  await Deno.remove(path, { recursive: true });
});

Deno.test("subnet wallet regen-coldkey encrypts with $NACL from --password-file (one real argon2i run)", async () => {
  const path = await Deno.makeTempDir();
  await Deno.writeTextFile(`${path}/pw`, "thisisafakepassword\n");
  const io = captureIo();
  const code = await runCli(
    [
      "wallet",
      "regen-coldkey",
      "--wallet.path",
      path,
      "--wallet.name",
      "w",
      "--mnemonic",
      OLD_LEOPARD,
      "--password-file",
      `${path}/pw`,
    ],
    io,
  );
  assert.equal(code, 0, io.err.join("\n"));
  const file = await Deno.readFile(`${path}/w/coldkey`);
  assert.equal(file.length, 609);
  assert.equal(new TextDecoder().decode(naclOpen(file, FAKE_PASSWORD_KEY)), PY7_JSON);
  assert.equal(await Deno.readTextFile(`${path}/w/coldkeypub.txt`), PUB_JSON);
  assert.ok(!io.out.join("\n").includes("thisisafakepassword"));
  await Deno.remove(path, { recursive: true });
});

Deno.test("subnet wallet regen-coldkey without a password source fails and writes nothing", async () => {
  const path = await Deno.makeTempDir();
  const io = captureIo();
  const code = await runCli([
    "wallet",
    "regen-coldkey",
    "--wallet.path",
    path,
    "--wallet.name",
    "w",
    "--mnemonic",
    OLD_LEOPARD,
  ], io);
  assert.equal(code, 1);
  assert.match(io.err.join("\n"), /--password-file/);
  assert.deepEqual(Array.from(Deno.readDirSync(path)), []);
  const bad = captureIo();
  assert.equal(
    await runCli(
      ["wallet", "regen-coldkey", "--wallet.path", path, "--mnemonic", "not valid words", "--no-password"],
      bad,
    ),
    2,
  );
  assert.ok(!bad.err.join("\n").includes("not valid words"), "the mnemonic is not echoed");
  await Deno.remove(path, { recursive: true });
});

Deno.test("subnet wallet show --dev prints the dev key and refuses --wallet.* with it", async () => {
  const io = captureIo();
  assert.equal(await runCli(["wallet", "show", "--dev", "//Alice", "--json"], io), 0);
  assert.equal(JSON.parse(io.out[0]).coldkey, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
  const clash = captureIo();
  assert.equal(await runCli(["wallet", "show", "--dev", "//Alice", "--wallet.hotkey", "x"], clash), 2);
  assert.match(clash.err.join("\n"), /cannot be combined with "--wallet.hotkey"/);
});
