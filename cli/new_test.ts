import assert from "node:assert/strict";
import { captureIo } from "./_test_io.ts";
import { runCli } from "./mod.ts";
import { runSubnetCli } from "./entry.ts";
import { resolveSubnetModule } from "../subnets/modules.ts";
import type { SubnetModule } from "../subnets/subnet.ts";
import { templateSubnet } from "../subnets/template/mod.ts";
import { Dummy } from "../subnets/template/synapse.ts";
import { createAxon } from "../neurons/axon.ts";
import { serve } from "../neurons/serve.ts";
import { silentLogger } from "../protocol/logger.ts";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";

Deno.test("subnet new writes the project, imports this library by path, and refuses a used folder or a bad name", async () => {
  const dir = await Deno.makeTempDir({ prefix: "subnet-new-" });
  try {
    const io = captureIo();
    assert.equal(await runCli(["new", `${dir}/echo-net`, "--json"], io), 0, io.err.join("\n"));
    const made = JSON.parse(io.out[0]);
    assert.equal(made.name, "echo-net");
    assert.deepEqual([...made.files].sort(), [
      ".gitignore",
      "README.md",
      "deno.json",
      "e2e_test.ts",
      "main.ts",
      "protocol.ts",
      "subnet.ts",
      "subnet_test.ts",
    ]);
    const config = JSON.parse(await Deno.readTextFile(`${dir}/echo-net/deno.json`));
    assert.equal(config.imports["@subnet/subnet"], new URL("../mod.ts", import.meta.url).href);
    assert.equal(config.imports["@subnet/subnet/cli"], new URL("./entry.ts", import.meta.url).href);
    assert.equal(
      config.imports.zod,
      JSON.parse(await Deno.readTextFile(new URL("../deno.json", import.meta.url))).imports.zod,
    );
    for (const task of ["demo", "test", "miner", "validator", "bundle", "compile"]) assert.ok(config.tasks[task], task);
    assert.match(await Deno.readTextFile(`${dir}/echo-net/subnet.ts`), /name: "echo-net"/);
    assert.match(
      await Deno.readTextFile(`${dir}/echo-net/README.md`),
      /made with @subnet\/subnet 0\.1\.0/,
    );

    const again = captureIo();
    assert.equal(await runCli(["new", `${dir}/echo-net`], again), 1);
    assert.match(again.err.join("\n"), /not empty/);
    const badName = captureIo();
    assert.equal(await runCli(["new", `${dir}/x`, "--name", "Not A Name"], badName), 2);
    assert.match(badName.err.join("\n"), /lowercase word/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runSubnetCli() makes its first subnet the default --subnet and leaves an explicit one alone", async () => {
  const asked: string[] = [];
  const fake = (name: string): SubnetModule => ({
    name,
    summary: "",
    setupMiner() {},
    validatorStep: (s) => (asked.push(name), Promise.resolve(s.uids.map(() => 0))),
  });
  const io = captureIo();
  // `demo --miners bogus` stops at argument checking, after --subnet is resolved by name.
  assert.equal(await runSubnetCli({ subnets: [fake("alpha")], args: ["demo", "--miners", "bogus"], io }), 1);
  assert.equal((await resolveSubnetModule("alpha")).name, "alpha", "registered by name");
  await assert.rejects(() => runSubnetCli({ subnets: [], args: [], io }), TypeError);
});

Deno.test("resolveSubnetModule() explains a module it cannot load in one line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "subnet-mod-" });
  try {
    await assert.rejects(resolveSubnetModule("./nope.ts", dir), (e: Error) => {
      assert.equal(e.message, `Cannot load subnet module ${dir}/nope.ts: no such file`);
      return true;
    });
    await Deno.writeTextFile(
      `${dir}/outside.ts`,
      'import { x } from "@someone/not-mapped";\nexport const subnet = x;\n',
    );
    await assert.rejects(resolveSubnetModule("./outside.ts", dir), (e: Error) => {
      assert.ok(!e.message.includes("\n"), e.message);
      assert.match(e.message, /subnet new <dir>/);
      return true;
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runSubnetCli() queries its subnet's synapses by name, netuid or synapse alone, and names itself in help", async () => {
  await cryptoReady();
  const minerKey = keypairFromUri("//AuthorQueryMiner");
  const doubler: SubnetModule = { ...templateSubnet, name: "doubler", defaultNetuid: 77, synapses: [Dummy] };
  const axon = createAxon({ keypair: minerKey });
  await doubler.setupMiner({
    axon,
    blacklist: () => [false, "open"],
    priority: () => 0,
    dataDir: "/nonexistent",
    kind: "honest",
    logger: silentLogger,
    signal: new AbortController().signal,
  });
  await using server = await serve(axon.fetch, { port: 0, hostname: "127.0.0.1" });
  const axons = `127.0.0.1:${server.addr.port}:${minerKey.address}`;
  const ask = async (...args: string[]) => {
    const io = captureIo();
    const code = await runSubnetCli({ subnets: [doubler], args: ["query", ...args, "--dev", "//Alice"], io });
    return { code, io };
  };
  for (const lead of [["doubler"], ["77"], []]) {
    const { code, io } = await ask(...lead, "Dummy", '{"dummy_input": 21}', "--axons", axons);
    assert.equal(code, 0, io.err.join("\n"));
    assert.deepEqual(io.out, ["42"], lead.join(" "));
  }
  const bad = await ask("doubler", "Dummy", "[1]", "--axons", axons);
  assert.equal(bad.code, 1);
  assert.match(bad.io.err.join("\n"), /give its fields as one JSON object/);
  const wrongField = await ask("doubler", "Dummy", '{"dummy_input": "x"}', "--axons", axons);
  assert.equal(wrongField.code, 1, wrongField.io.err.join("\n"));
  assert.match(wrongField.io.err.join("\n"), /dummy_input/);

  const help = captureIo();
  assert.equal(await runSubnetCli({ subnets: [doubler], args: ["--help"], io: help }), 0);
  assert.match(help.out.join("\n"), /^doubler/);
  assert.match(help.out.join("\n"), /Start with "doubler demo"/);
  const minerHelp = captureIo();
  assert.equal(await runSubnetCli({ subnets: [doubler], args: ["miner", "--help"], io: minerHelp }), 0);
  assert.match(minerHelp.out.join("\n"), /doubler miner/);
  // Every example runs this binary, under its own name.
  const examples = minerHelp.out.join("\n").split("Examples:\n")[1].split("\n").filter(Boolean);
  assert.ok(examples.length > 0 && examples.every((e) => e.startsWith("  doubler miner ")), examples.join("\n"));
  assert.match(minerHelp.out.join("\n"), /--subnet .*\[default: doubler\]/);
  // `deno task miner -- --netuid 1 …` hands Deno 2's `--` through: it separates nothing there.
  const afterTask = captureIo();
  assert.equal(await runSubnetCli({ subnets: [doubler], args: ["miner", "--", "--help"], io: afterTask }), 0);
  assert.match(afterTask.out.join("\n"), /doubler miner/);
  const usage = captureIo();
  assert.equal(await runCli(["balance", "--", "--json", "--address", "nope"], usage), 2);
  assert.match(usage.err.join("\n"), /^\{"error":\{"code":"usage"/, "--json after the task's -- still asks for JSON");
  const plain = captureIo();
  assert.equal(await runCli(["miner", "--help"], plain), 0);
  assert.match(plain.out.join("\n"), /--subnet .*\[default: template\]/);
});
