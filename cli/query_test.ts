import assert from "node:assert/strict";
import type { CliIo } from "./command.ts";
import { runCli } from "./mod.ts";
import { cidFor } from "../subnets/sn21/cid.ts";
import { startLocalSn21 } from "../subnets/sn21/local.ts";
import { templateSubnet } from "../subnets/template/mod.ts";
import { createAxon } from "../neurons/axon.ts";
import { serve } from "../neurons/serve.ts";
import { silentLogger } from "../protocol/logger.ts";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";

function capture(): CliIo & { out: string[]; err: string[]; bytes: Uint8Array[] } {
  const out: string[] = [];
  const err: string[] = [];
  const bytes: Uint8Array[] = [];
  return {
    out,
    err,
    bytes,
    print: (l) => void out.push(l),
    error: (l) => void err.push(l),
    writeStdout: (b) => Promise.resolve(void bytes.push(b.slice())),
    env: { HOME: "/nonexistent" },
    signal: new AbortController().signal,
  };
}

Deno.test("subnet query sn21 store/retrieve over --axons (no chain) prints the CID last and writes the bytes", async () => {
  await using net = await startLocalSn21();
  const dir = await Deno.makeTempDir();
  const axons = `${net.api.ip}:${net.api.port}:${net.api.hotkey}`;
  try {
    const file = `${dir}/f.txt`;
    const text = new TextEncoder().encode("Hello Bittensor!");
    await Deno.writeFile(file, text);

    const store = capture();
    const code = await runCli(["query", "sn21", "store", file, "--axons", axons, "--dev", "//Alice"], store);
    assert.equal(code, 0, store.err.join("\n"));
    assert.equal(store.out.at(-1), "bafkreihck3cnokvxrirzjxnf5by24u6ofzr64esbjyhrlfq7odbaxjj4yq"); // §4.2
    assert.equal(store.out.at(-1), cidFor(text));

    const retrieve = capture();
    const out = `${dir}/out.txt`;
    assert.equal(
      await runCli(
        ["query", "21", "retrieve", store.out.at(-1)!, "-o", out, "--axons", axons, "--dev", "//Alice"],
        retrieve,
      ),
      0,
    );
    assert.deepEqual(await Deno.readFile(out), text);

    const toStdout = capture();
    assert.equal(
      await runCli(["query", "filetao", "retrieve", cidFor(text), "--axons", axons, "--dev", "//Alice"], toStdout),
      0,
    );
    assert.deepEqual(toStdout.bytes, [text]);
    assert.deepEqual(toStdout.out, []);

    const json = capture();
    assert.equal(
      await runCli(["query", "sn21", "store", file, "--axons", axons, "--dev", "//Alice", "--json"], json),
      0,
      json.err.join("\n"),
    );
    assert.equal(json.out.length, 1);
    const doc = JSON.parse(json.out[0]);
    assert.equal(doc.subnet, "sn21");
    assert.equal(doc.method, "store");
    assert.equal(doc.result, cidFor(text));

    const missing = capture();
    assert.equal(
      await runCli(["query", "sn21", "store", `${dir}/nope`, "--axons", axons, "--dev", "//Alice"], missing),
      1,
    );
    assert.match(missing.err.join("\n"), /Cannot read .*nope: it does not exist/);

    const unknown = capture();
    assert.equal(
      await runCli(
        ["query", "sn21", "retrieve", cidFor(new Uint8Array([1])), "--axons", axons, "--dev", "//Alice"],
        unknown,
      ),
      1,
    );
    assert.match(unknown.err.join("\n"), /no API node knows this CID .*404/);

    const down = capture();
    const dead = `127.0.0.1:9:${net.api.hotkey}`;
    assert.equal(
      await runCli(["query", "sn21", "store", file, "--axons", dead, "--dev", "//Alice", "--timeout", "2"], down),
      1,
    );
    assert.match(down.err.join("\n"), /none of 1 API node\(s\) stored it \(127\.0\.0\.1:9 503/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("subnet query reports usage errors for unknown subnets, methods and axons", async () => {
  const io = capture();
  assert.equal(await runCli(["query", "nosuch", "x", "--dev", "//Alice", "--axons", "1.2.3.4:1:x"], io), 2);
  assert.match(io.err.join("\n"), /No client is registered for subnet "nosuch"/);
  const method = capture();
  assert.equal(await runCli(["query", "sn21", "delete", "--dev", "//Alice"], method), 2);
  assert.match(method.err.join("\n"), /no method "delete": store, retrieve/);
  const axons = capture();
  assert.equal(await runCli(["query", "sn21", "retrieve", "b", "--dev", "//Alice", "--axons", "nope"], axons), 1);
  assert.match(axons.err.join("\n"), /Cannot use axon "nope": expected ip:port:ss58-hotkey/);
});

Deno.test("subnet query dispatches a handler loaded with --handler (examples/custom_subnet_api.ts)", async () => {
  await cryptoReady();
  const minerKey = keypairFromUri("//QueryTestMiner");
  const axon = createAxon({ keypair: minerKey });
  const controller = new AbortController();
  await templateSubnet.setupMiner({
    axon,
    blacklist: () => [false, "open"],
    priority: () => 0,
    dataDir: "/nonexistent",
    kind: "honest",
    logger: silentLogger,
    signal: controller.signal,
  });
  await using server = await serve(axon.fetch, { port: 0, hostname: "127.0.0.1" });
  const axons = `127.0.0.1:${server.addr.port}:${minerKey.address}`;
  const handler = new URL("../examples/custom_subnet_api.ts", import.meta.url).pathname;
  const io = capture();
  assert.equal(
    await runCli(["query", "33", "double", "7", "--handler", handler, "--axons", axons, "--dev", "//Alice"], io),
    0,
  );
  assert.deepEqual(io.out, ["14"]);
  const template = capture();
  assert.equal(await runCli(["query", "template", "dummy", "5", "--axons", axons, "--dev", "//Alice"], template), 0);
  assert.deepEqual(template.out, ["10"]);
  axon.close();
});
