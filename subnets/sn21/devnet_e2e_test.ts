// End to end on the devnet: Subnet 21 at netuid 21 with three miners and a validator running the real
// runners (its axon is the API node), axons on real sockets, Yuma on the devnet; the client finds the
// API node by the default selection (vtrust > 0, top stake, answers a ping) over WebSocket.
import assert from "node:assert/strict";
import { hexToBytes } from "@noble/hashes/utils.js";
import { Subtensor } from "../../chain/client.ts";
import type { CliIo } from "../../cli/command.ts";
import { runCli } from "../../cli/mod.ts";
import { startDevnet } from "../../devnet/devnet.ts";
import { createDendrite } from "../../neurons/dendrite.ts";
import { startMiner } from "../../neurons/miner.ts";
import { startValidator } from "../../neurons/validator.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";
import { sn21ApiHandler } from "./handler.ts";
import { RetrieveUserAPI, StoreUserAPI } from "./api.ts";
import { cidFor } from "./cid.ts";
import { sn21Subnet } from "./mod.ts";

const TAO = 1_000_000_000n;
const NETUID = 21;
// The argon2i key of a zero private key (subnet-template.md §4.3): no derivation in this test.
const KEY = hexToBytes("8870b702964229158caee13c7660ef247559f78995b1a3a065f7719edc11e103");

function capture(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    print: (l) => void out.push(l),
    error: (l) => void err.push(l),
    writeStdout: () => Promise.resolve(),
    env: { HOME: "/nonexistent" },
    signal: new AbortController().signal,
  };
}

function randomBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let at = 0; at < length; at += 65_536) crypto.getRandomValues(out.subarray(at, at + 65_536));
  return out;
}

Deno.test("Subnet 21 on the devnet: store and retrieve through the validator's API node, survive a stopped miner, detect corruption", async () => {
  await cryptoReady();
  const dir = await Deno.makeTempDir({ prefix: "sn21-e2e-" });
  await using net = await startDevnet({
    port: 0,
    blockTimeMs: 100,
    tempo: 10,
    allowLocalIp: true,
    subtensor: { genesis: { netuid: NETUID } },
  });
  await using chain = await Subtensor.connect({ provider: net.createProvider(), timeoutMs: 10_000 });
  const alice = keypairFromUri("//Alice");
  const validatorKey = keypairFromUri("//Sn21E2eValidator");
  const minerKeys = [0, 1, 2].map((i) => keypairFromUri(`//Sn21E2eMiner${i}`));
  for (const key of [validatorKey, ...minerKeys]) {
    await chain.transfer(alice, { dest: key.address, amountRao: 100n * TAO });
    await chain.burnedRegister(key, { netuid: NETUID, hotkey: key.address });
  }
  await chain.addStake(validatorKey, { hotkey: validatorKey.address, netuid: NETUID, amountRao: 50n * TAO });

  const controller = new AbortController();
  const minerStops = minerKeys.map(() => new AbortController());
  const miners = [];
  for (const [i, keypair] of minerKeys.entries()) {
    miners.push(
      await startMiner({
        chain,
        keypair,
        netuid: NETUID,
        subnet: sn21Subnet,
        port: 0,
        hostname: "127.0.0.1",
        dataDir: `${dir}/miner${i}`,
        epochLength: 10,
        pollMs: 200,
        signal: AbortSignal.any([controller.signal, minerStops[i].signal]),
      }),
    );
  }
  const validator = await startValidator({
    chain,
    keypair: validatorKey,
    netuid: NETUID,
    subnet: sn21Subnet,
    statePath: `${dir}/validator/state.json`,
    dataDir: `${dir}/validator`,
    epochLength: 10,
    timeout: 1,
    stepIntervalMs: 200,
    axon: { port: 0, hostname: "127.0.0.1" },
    signal: controller.signal,
  });
  try {
    // Ready once the default selection finds the API node (vtrust > 0 needs weights and an epoch).
    const dendrite = createDendrite({ keypair: alice });
    const deadline = Date.now() + 60_000;
    let found: { ip: string; port: number; hotkey: string }[] = [];
    let why: string[] = [];
    while (Date.now() < deadline && found.length === 0) {
      await new Promise((r) => setTimeout(r, 200));
      const mg = await chain.metagraph(NETUID);
      ({ axons: found, rejected: why } = await sn21ApiHandler.selectAxons!({ metagraph: mg, dendrite }));
    }
    assert.deepEqual(
      found.map((a) => a.hotkey),
      [validatorKey.address],
      `the validator is the API node (${why.join("; ")})`,
    );

    assert.ok(await sn21Subnet.isReady!({ chain, netuid: NETUID, dendrite }), "what subnet demo waits for");

    const file = `${dir}/f.txt`;
    const text = new TextEncoder().encode("Hello Bittensor!");
    await Deno.writeFile(file, text);
    const store = capture();
    // sn21 resolves to netuid 21 without flags; --netuid points the template's client at it.
    const chainArgs = ["--subtensor.chain_endpoint", net.endpoint, "--dev", "//Alice"];
    assert.equal(await runCli(["query", "sn21", "store", file, ...chainArgs], store), 0, store.err.join("\n"));
    assert.equal(store.out.at(-1), cidFor(text));
    const retrieve = capture();
    const out = `${dir}/out.txt`;
    assert.equal(await runCli(["query", "sn21", "retrieve", store.out.at(-1)!, "-o", out, ...chainArgs], retrieve), 0);
    assert.deepEqual(await Deno.readFile(out), text);
    const viaNetuid = capture();
    assert.equal(await runCli(["query", "template", "dummy", "1", "--netuid", "21", ...chainArgs], viaNetuid), 1);
    assert.match(viaNetuid.err.join("\n"), /none of 4 axon\(s\) answered 200/, "SN21 neurons do not serve Dummy");

    const storeApi = new StoreUserAPI(alice, { secretBoxKey: KEY });
    const retrieveApi = new RetrieveUserAPI(alice, { secretBoxKey: KEY });
    const random = randomBytes(1024 * 1024);
    const files: [string, Uint8Array][] = [];
    for (const encrypt of [false, true]) {
      for (const bytes of [random, text]) {
        const cid = await storeApi.query({ axons: found, timeout: 60 }, bytes, { encrypt });
        assert.deepEqual(await retrieveApi.query({ axons: found, timeout: 60 }, cid), bytes);
        files.push([cid, bytes]);
      }
    }

    minerStops[0].abort();
    await miners[0].finished;
    for (const [cid, bytes] of files) {
      assert.deepEqual(await retrieveApi.query({ axons: found, timeout: 60 }, cid), bytes);
    }

    // Corrupt the random file's chunk on every live holder: detected, and no bytes come back.
    const [cid] = files[0];
    const meta = JSON.parse(await Deno.readTextFile(`${dir}/validator/sn21-api/${cid}.json`));
    const chunk = meta.chunks[0];
    for (const [i, key] of minerKeys.entries()) {
      if (i === 0 || !chunk.holders.includes(key.address)) continue;
      const path = `${dir}/miner${i}/sn21-chunks/${chunk.cid}`;
      const bytes = await Deno.readFile(path);
      bytes[0] ^= 1;
      await Deno.writeFile(path, bytes);
    }
    const result = await retrieveApi.query({ axons: found, timeout: 60 }, cid).then((b) => b, (e) => e);
    assert.equal(result.code, "subnet/retrieve-failed", "every live copy is corrupt: nothing is returned");
    assert.match(result.message, /503/);

    // The validator's probes rewarded the miners that kept their chunks.
    const scores = validator.status().scores;
    const mg = await chain.metagraph(NETUID);
    for (const key of minerKeys.slice(1)) assert.ok(scores[mg.uidOf(key.address)!] > 0, "live miners score");
  } finally {
    controller.abort();
    await Promise.all([validator.finished, ...miners.map((m) => m.finished)]);
    await Deno.remove(dir, { recursive: true });
  }
});
