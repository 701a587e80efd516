import assert from "node:assert/strict";
import { runCli } from "./mod.ts";
import { captureIo } from "./_test_io.ts";

// wire-protocol.md §4.2 vector.
const OLD_LEOPARD = "old leopard transfer rib spatial phone calm indicate online fire caution review";
const ADDRESS = "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX";
const ROOT = new URL("..", import.meta.url).pathname;

async function hotkeyAddress(path: string): Promise<string> {
  return JSON.parse(await Deno.readTextFile(`${path}/w/hotkeys/h`)).ss58Address;
}

Deno.test("subnet wallet regen-hotkey --mnemonic-file reads the words from a file", async () => {
  const path = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${path}/words`, `${OLD_LEOPARD}\n`);
    const io = captureIo();
    const args = ["wallet", "regen-hotkey", "--wallet.path", path, "--wallet.name", "w", "--wallet.hotkey", "h"];
    assert.equal(await runCli([...args, "--mnemonic-file", `${path}/words`], io), 0, io.err.join("\n"));
    assert.equal(await hotkeyAddress(path), ADDRESS);
    assert.ok(!io.out.join("\n").includes("leopard"), "the mnemonic is not printed back");

    await Deno.writeTextFile(`${path}/empty`, "\n");
    const empty = captureIo();
    assert.equal(await runCli([...args, "--overwrite", "--mnemonic-file", `${path}/empty`], empty), 1);
    assert.match(empty.err.join("\n"), /Cannot read the mnemonic from the mnemonic file .*empty: it is empty/);
    const both = captureIo();
    assert.equal(await runCli([...args, "--mnemonic-file", `${path}/words`, "--mnemonic", "-"], both), 2);
    assert.match(both.err.join("\n"), /exclude each other/);
  } finally {
    await Deno.remove(path, { recursive: true });
  }
});

Deno.test("subnet wallet regen-hotkey --mnemonic - reads the words from standard input (a real process)", async () => {
  const path = await Deno.makeTempDir();
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "main.ts",
        "wallet",
        "regen-hotkey",
        "--wallet.path",
        path,
        "--wallet.name",
        "w",
        "--wallet.hotkey",
        "h",
        "--mnemonic",
        "-",
      ],
      cwd: ROOT,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(`${OLD_LEOPARD}\n`));
    await writer.close();
    const out = await child.output();
    assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
    assert.equal(await hotkeyAddress(path), ADDRESS);
    assert.ok(!new TextDecoder().decode(out.stdout).includes("leopard"));
  } finally {
    await Deno.remove(path, { recursive: true });
  }
});

Deno.test("subnet wallet show --dev never prints the password part of a secret URI", async () => {
  for (const json of [false, true]) {
    const io = captureIo();
    assert.equal(await runCli(["wallet", "show", "--dev", "//Alice///hunter2", ...(json ? ["--json"] : [])], io), 0);
    const all = [...io.out, ...io.err].join("\n");
    assert.ok(!all.includes("hunter2"), all);
    if (!json) assert.match(all, /dev key \/\/Alice\/\/\/…/);
  }
});
