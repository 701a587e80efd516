import assert from "node:assert/strict";
import { editDistance, intOption, parseArgs, UsageError } from "./args.ts";
import { runCli } from "./mod.ts";
import { captureIo } from "./_test_io.ts";

const specs = {
  netuid: { type: "string", help: "Subnet", default: "1", env: "BT_NETUID" },
  "wallet.name": { type: "string", help: "Wallet", default: "default" },
  json: { type: "boolean", help: "JSON" },
  output: { type: "string", help: "Out", short: "o" },
} as const;

Deno.test("parseArgs() reads flags, inline values, short aliases, env and defaults", () => {
  const parsed = parseArgs(["store", "--wallet.name=miner", "-o", "x.bin", "--json", "f.txt"], specs, {
    BT_NETUID: "21",
  });
  assert.deepEqual(parsed.positionals, ["store", "f.txt"]);
  assert.equal(parsed.values["wallet.name"], "miner");
  assert.equal(parsed.values.output, "x.bin");
  assert.equal(parsed.values.json, true);
  assert.equal(parsed.values.netuid, "21");
});

Deno.test("parseArgs() flags win over env; --no-x turns a switch off", () => {
  const parsed = parseArgs(["--netuid", "3", "--no-json"], specs, { BT_NETUID: "21" });
  assert.equal(parsed.values.netuid, "3");
  assert.equal(parsed.values.json, false);
});

Deno.test("parseArgs() rejects unknown flags with a hint", () => {
  assert.throws(() => parseArgs(["--netuidd", "1"], specs, {}), (e: Error) => {
    assert.ok(e instanceof UsageError);
    assert.match(e.message, /did you mean "--netuid"/);
    return true;
  });
  assert.throws(() => parseArgs(["--netuid"], specs, {}), /needs a value/);
  assert.throws(() => parseArgs(["--json=maybe"], specs, {}), /true or false/);
});

Deno.test("intOption() names the flag when the value is not a number", () => {
  assert.equal(intOption({ netuid: "7" }, "netuid"), 7);
  assert.throws(() => intOption({ netuid: "seven" }, "netuid"), /--netuid/);
  assert.equal(editDistance("kitten", "sitting"), 3);
});

Deno.test("runCli() prints help for every subcommand and exits 2 on a usage error", async () => {
  const io = captureIo();
  assert.equal(await runCli(["--help"], io), 0);
  for (const name of ["miner", "validator", "query", "devnet", "demo", "wallet", "metagraph"]) {
    assert.match(io.out.join("\n"), new RegExp(`\\b${name}\\b`));
    const sub = captureIo();
    assert.equal(await runCli([name, "--help"], sub), 0, name);
    assert.match(sub.out.join("\n"), new RegExp(`subnet ${name}`));
  }
  const bad = captureIo();
  assert.equal(await runCli(["miner", "--nope"], bad), 2);
  assert.match(bad.err.join("\n"), /Unknown option "--nope"/);
  const unknown = captureIo();
  assert.equal(await runCli(["minr"], unknown), 2);
});

Deno.test("commands' list entries match the specs they load", async () => {
  const { commands } = await import("./mod.ts");
  for (const entry of commands) {
    const spec = await entry.load();
    assert.equal(spec.name, entry.name);
    assert.equal(spec.summary, entry.summary, `summary of ${entry.name}`);
  }
});
