// The runtime suite: what a Node or Bun user does with the built npm package (`@subnet/subnet`),
// imported by name. `node.test.mjs` registers these cases with `node:test`, `bun.test.mjs` with
// `bun:test`; `run.ts` installs the package next to them and sets the environment:
//   DENO_EXEC      the Deno executable, for the Deno peer (`deno_peer.ts`)
//   SUBNET_ROOT    the repository root
//   SUBNET_SHARED  the `../shared` checkout (finney fixtures), absent in a user's clone
//   REQUIRE_FIXTURES=1  makes a missing `../shared` fail the fixture cases instead of skipping them
// Vectors are copied from ../shared/spec/wire-protocol.md (cited per section), never our own output.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import {
  bodyHashOf,
  createAxon,
  createDendrite,
  createVerifierPool,
  cryptoReady,
  defineSynapse,
  Dummy,
  keypairFromUri,
  keySecretFromMnemonic,
  naclSeal,
  openWallet,
  serve,
  signHex,
  ss58Address,
  Subtensor,
  synapseSigningMessage,
  verifySignature,
} from "@subnet/subnet";

const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const UUID = "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a";
// wire-protocol.md §1.3 (body hash of the Dummy example) and §2.3 (the 219-character message).
const BODY_HASH = "46d0efd0ebe050f4c245053f52c4f54d5c127953a6aae5df9c07a055a2f39205";
const MESSAGE = `1712345678901234567.${ALICE}.${BOB}.${UUID}.${BODY_HASH}`;
// wire-protocol.md §4.4: Alice's signature of MESSAGE, of `<Bytes>MESSAGE</Bytes>`, and the repo's invalid example.
const SIGNATURE = "0x6ee0228e04604193f950a839516f2434571af04275741ef2010d691f2c464d1b" +
  "c0aa3ba419cea8594e223b83f54bc1ce856b3cafe318da82e975ef9b52a08a8c";
const WRAPPED_SIGNATURE = "0x6a4df55fb271a9b70196219ee5e151eaf2c8d7084bd10c849ead339b9b182924" +
  "001899a6457d22f93953e9dbc8669b6de6a77fd6a0dadb0696eaeffd96ed1c84";
const INVALID_SIGNATURE = "0x4c291bfb0bb9c1274e86d4b666d13b2ac99a0bacc04a4846fb8ea50bda114677" +
  "f83c1f164af58fc184451e5140cc8160c4de626163b11451d3bbb208a1889f8a";
// wire-protocol.md §4.2 / §4.4: the "old leopard" key in Python's keyfile JSON.
const OLD_LEOPARD = "old leopard transfer rib spatial phone calm indicate online fire caution review";
const PUB = "0xe4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446";
const PRIV = "0x1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a" +
  "9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e";
const SEED = "0xda3cf5b1e9144931a0f0db65664aab662673b099415a7f8121b7245fb0be4143";
const ADDRESS = "5HDvhV6WDCjCKyrXqGQSDYqQAzkzabNhctmiDYEqgBC66BsX";
const PY7_JSON = `{"accountId": "${PUB}", "publicKey": "${PUB}", "privateKey": "${PRIV}", ` +
  `"secretPhrase": "${OLD_LEOPARD}", "secretSeed": "${SEED}", "ss58Address": "${ADDRESS}"}`;
// wire-protocol.md §4.3: the argon2i key of "thisisafakepassword" (injected: one 512 MiB derivation less).
const NACL_KEY = "a17c46ecafdd501ecb1da0651d35abfecf60df14bffa8e949f58aaecd75cb3c8";

/** wire-protocol.md §1.3, "[computed] class Dummy(Synapse)", with the §1.4 example values. */
const SpecDummy = defineSynapse({
  name: "Dummy",
  fields: z.object({
    text: z.string(),
    count: z.int().default(0),
    items: z.array(z.string()).default([]),
    meta: z.record(z.string(), z.number()).nullable().default(null),
    completion: z.string().nullable().default(null),
  }),
  requiredHashFields: ["text", "items", "meta", "count"],
});
const specDummy = () =>
  SpecDummy.create({
    text: "hello 'world'",
    items: ["a", "b"],
    meta: { x: 1.0, y: 0.5 },
    count: 3,
    timeout: 12.0,
    dendrite: { ip: "1.2.3.4", version: 9012002, nonce: 1712345678901234567n, uuid: UUID, hotkey: ALICE },
    axon: { ip: "5.6.7.8", port: 8091, hotkey: BOB },
  });

const hex = (text) => Uint8Array.from(text.replace(/^0x/, "").match(/../g), (h) => parseInt(h, 16));
const TIMEOUT_MS = 60_000;

/** Starts `deno run -A tests/runtimes/deno_peer.ts …args` and resolves with its first stdout line and the process. */
function denoPeer(args) {
  const deno = process.env.DENO_EXEC;
  if (!deno) throw new Error("Cannot start the Deno peer: DENO_EXEC is not set (run through tests/runtimes/run.ts)");
  const child = spawn(deno, ["run", "-A", "tests/runtimes/deno_peer.ts", ...args], {
    cwd: process.env.SUBNET_ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => stderr += chunk);
  const lines = createInterface({ input: child.stdout });
  const first = new Promise((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`deno_peer.ts ${args[0]} exited ${code}: ${stderr.slice(-2000)}`)));
  });
  return { child, first, stop: () => child.kill("SIGTERM") };
}

/** Where the finney fixtures are, or a skip reason; with REQUIRE_FIXTURES=1 their absence is a failure. */
export function fixtureSkip() {
  const shared = process.env.SUBNET_SHARED ?? "";
  if (shared && existsSync(join(shared, "fixtures", "finney", "recorded_rpc.json"))) return undefined;
  if (process.env.REQUIRE_FIXTURES === "1") return undefined;
  return `../shared/fixtures/finney is absent (${shared || "SUBNET_SHARED unset"})`;
}

/** The cases: `{ name, fn, fixtures? }`. */
export const cases = [
  {
    name: "wire vectors: body hash, signing message and signatures (wire-protocol.md §1.3, §2.3, §4.4)",
    async fn() {
      await cryptoReady();
      const s = specDummy();
      assert.equal(SpecDummy.bodyHash(s), BODY_HASH);
      assert.equal(bodyHashOf({}, []), "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
      const message = synapseSigningMessage(s, BODY_HASH);
      assert.equal(message, MESSAGE);
      assert.equal(message.length, 219);
      assert.equal(verifySignature(ALICE, MESSAGE, SIGNATURE), true);
      assert.equal(verifySignature(ALICE, MESSAGE, WRAPPED_SIGNATURE), true, "<Bytes> fallback");
      assert.equal(verifySignature(BOB, MESSAGE, SIGNATURE), false);
      assert.equal(verifySignature(ALICE, MESSAGE + "x", SIGNATURE), false);
      assert.equal(verifySignature(ALICE, "Test1231223123123", INVALID_SIGNATURE), false);
      const headers = new Map(SpecDummy.toHeaders(s));
      assert.equal(headers.get("bt_header_dendrite_nonce"), "1712345678901234567");
      assert.equal(headers.get("timeout"), "12.0");
      assert.equal(headers.get("bt_header_input_obj_text"), "IiI=");
      assert.equal(headers.get("computed_body_hash"), BODY_HASH);
    },
  },
  {
    name: "wire vectors: key derivation (wire-protocol.md §4.4)",
    async fn() {
      await cryptoReady();
      const secret = keySecretFromMnemonic(OLD_LEOPARD);
      assert.equal(ss58Address(hex(PUB)), ADDRESS);
      assert.equal(keypairFromUri("//Alice").address, ALICE);
      assert.equal(keypairFromUri("//Bob").address, BOB);
      assert.ok(secret, "a key secret from the mnemonic");
    },
  },
  {
    name: "a wallet laid out as Python does loads and signs (wire-protocol.md §4.1–§4.3)",
    async fn() {
      await cryptoReady();
      const root = await mkdtemp(join(tmpdir(), "subnet-runtime-wallet-"));
      try {
        const write = async (path, data) => {
          await mkdir(join(root, path, ".."), { recursive: true });
          await writeFile(join(root, path), data, { mode: 0o600 });
        };
        const key = hex(NACL_KEY);
        const coldkey = naclSeal(new TextEncoder().encode(PY7_JSON), key, Uint8Array.from({ length: 24 }, (_, i) => i));
        assert.equal(coldkey.length, 609, "the spec's 609-byte $NACL coldkey");
        await write("py/coldkey", coldkey);
        await write(
          "py/coldkeypub.txt",
          `{"accountId": "${PUB}", "publicKey": "${PUB}", "privateKey": null, "secretPhrase": null, ` +
            `"secretSeed": null, "ss58Address": "${ADDRESS}"}`,
        );
        await write("py/hotkeys/default", PY7_JSON);
        const deriveKey = (pw) => Promise.resolve(pw === "thisisafakepassword" ? key : new Uint8Array(32));
        const wallet = openWallet({ name: "py", path: root, deriveKey });
        const hotkey = await wallet.hotkey();
        assert.equal(hotkey.address, ADDRESS);
        assert.equal(await wallet.coldkeypub(), ADDRESS);
        assert.deepEqual(await wallet.hotkeyNames(), ["default"]);
        const signature = signHex(hotkey, MESSAGE);
        assert.equal(verifySignature(ADDRESS, MESSAGE, signature), true);
        assert.equal(verifySignature(ALICE, MESSAGE, signature), false);
        assert.equal((await wallet.coldkey({ password: "thisisafakepassword" })).address, ADDRESS);
        await assert.rejects(wallet.coldkey({ password: "thisisafakepasswore" }), /password is wrong/);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  },
  {
    name: "createVerifierPool() verifies on worker threads",
    async fn() {
      await cryptoReady();
      const pool = await createVerifierPool({ workers: 2 });
      try {
        const alice = keypairFromUri("//Alice");
        const message = new TextEncoder().encode(MESSAGE);
        const signature = hex(SIGNATURE);
        assert.equal(await pool.verify(message, signature, alice.publicKey), true);
        assert.equal(await pool.verify(message, signature, keypairFromUri("//Bob").publicKey), false);
      } finally {
        pool.close();
      }
    },
  },
  {
    name: "serve() lets an in-flight request finish on shutdown, then refuses connections",
    async fn() {
      let release;
      const gate = new Promise((resolve) => release = resolve);
      let started;
      const inside = new Promise((resolve) => started = resolve);
      const server = await serve(async (request, info) => {
        if (new URL(request.url).pathname === "/slow") {
          started();
          await gate;
        }
        return Response.json({ peer: info.remoteAddr.hostname, body: await request.text() });
      }, { port: 0, hostname: "127.0.0.1" });
      const base = `http://127.0.0.1:${server.addr.port}`;
      const echo = await fetch(`${base}/`, { method: "POST", body: "hi" });
      assert.deepEqual(await echo.json(), { peer: "127.0.0.1", body: "hi" });
      const slow = fetch(`${base}/slow`);
      await inside;
      const stopped = server.shutdown();
      release();
      assert.equal((await (await slow).json()).peer, "127.0.0.1", "the in-flight request finishes");
      await stopped;
      await server.finished;
      await assert.rejects(fetch(`${base}/`));
    },
  },
  {
    name: "serve() sends a streamed body's first chunk before the producer has the next",
    async fn() {
      let release;
      const gate = new Promise((resolve) => release = resolve);
      const server = await serve(() =>
        new Response(
          new ReadableStream({
            async start(controller) {
              controller.enqueue(new TextEncoder().encode("first "));
              await gate; // the client releases it only once it holds the first chunk
              controller.enqueue(new TextEncoder().encode("second"));
              controller.close();
            },
          }),
        ), { port: 0, hostname: "127.0.0.1" });
      try {
        const res = await fetch(`http://127.0.0.1:${server.addr.port}/`);
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let text = decoder.decode((await reader.read()).value, { stream: true });
        assert.equal(text, "first ");
        release();
        for (let r = await reader.read(); !r.done; r = await reader.read()) text += decoder.decode(r.value);
        assert.equal(text, "first second");
      } finally {
        release();
        await server.shutdown();
      }
    },
  },
  {
    name: "serve() drops a client that stalls in its headers (limits.headerTimeoutMs)",
    async fn() {
      const server = await serve(() => new Response("ok"), {
        port: 0,
        hostname: "127.0.0.1",
        limits: { headerTimeoutMs: 1_000, idleTimeoutMs: 1_000 },
      });
      try {
        const socket = connect(server.addr.port, "127.0.0.1");
        await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
        // Never finishes its headers. Node's default would keep it 60 s; Bun checks its idle timer coarsely (~10 s).
        socket.write("POST /x HTTP/1.1\r\nHost: a\r\n");
        const closed = new Promise((resolve) => socket.once("close", () => resolve("closed")));
        const late = new Promise((resolve) => setTimeout(() => resolve("still open"), 30_000).unref());
        socket.resume();
        assert.equal(await Promise.race([closed, late]), "closed", "the server closed the stalled connection");
      } finally {
        await server.shutdown();
      }
    },
  },
  {
    name: "a metagraph decodes from the finney replay (netuid 1, n = 1024 at block 6852690)",
    fixtures: true,
    async fn() {
      const peer = denoPeer(["replay"]);
      try {
        const line = await peer.first;
        if (line.startsWith("absent")) throw new Error(`Cannot replay finney: ${line} (REQUIRE_FIXTURES=1)`);
        const url = line.replace(/^replay on /, "");
        const chain = await Subtensor.connect({ network: url, timeoutMs: 10_000 });
        try {
          const mg = await chain.metagraph(1);
          assert.equal(mg.n, 1024);
          assert.equal(mg.netuid, 1);
          assert.equal(mg.block, 6852690);
          assert.equal(mg.blockHash, "0xdb13c066e2c63969f140164fb3bfe7a0aaa7b71407fc0fe525d68e57329ef9d0");
          assert.equal(mg.uidOf(mg.hotkeys[5]), 5);
          assert.ok(mg.I.every((x) => x >= 0 && x <= 1));
        } finally {
          await chain.close();
        }
      } finally {
        peer.stop();
      }
    },
  },
  {
    name: "a dendrite here queries the Deno axon, and an axon here answers the Deno dendrite like Deno's does",
    async fn() {
      await cryptoReady();
      const denoAxon = denoPeer(["axon"]);
      const bob = keypairFromUri("//Bob");
      const axon = createAxon({ keypair: bob }).attach(Dummy, (s) => ({ ...s, dummy_output: s.dummy_input * 2 }));
      const server = await serve(axon.fetch, { port: 0, hostname: "127.0.0.1" });
      try {
        const denoPort = Number((await denoAxon.first).replace(/^listening on /, ""));
        // This runtime's dendrite → the Deno axon.
        const dendrite = createDendrite({ keypair: keypairFromUri("//Alice") });
        const [answer] = await dendrite.query(
          [{ ip: "127.0.0.1", port: denoPort, hotkey: BOB }],
          Dummy.create({ dummy_input: 21 }),
          { type: Dummy, timeout: 30, deserialize: false },
        );
        assert.equal(answer.dendrite.status_code, 200, answer.dendrite.status_message ?? "");
        assert.equal(answer.dummy_output, 42);
        // The Deno dendrite → this runtime's axon, and → the Deno axon, each once honest and once tampered.
        const ask = async (port) => {
          const peer = denoPeer(["query", `127.0.0.1:${port}:${BOB}`]);
          return JSON.parse(await peer.first);
        };
        const here = await ask(server.addr.port);
        const there = await ask(denoPort);
        assert.equal(here.honest.status, 200, JSON.stringify(here));
        assert.equal(here.honest.dummy_output, 42);
        assert.equal(here.tampered.tampered, true, "the nonce was changed after signing");
        assert.equal(there.honest.status, 200, JSON.stringify(there));
        assert.equal(there.tampered.http_status, 401, JSON.stringify(there));
        assert.equal(here.tampered.http_status, there.tampered.http_status, "the same refusal as on Deno");
        assert.equal(here.tampered.status, there.tampered.status);
        const reason = (message) => message.replace(/ with \d+\..*$/, ""); // the rest names this request's nonce and uuid
        assert.equal(reason(here.tampered.message), "Not Verified with error: Signature mismatch");
        assert.equal(reason(here.tampered.message), reason(there.tampered.message));
      } finally {
        denoAxon.stop();
        axon.close();
        await server.shutdown();
      }
    },
  },
];

export { TIMEOUT_MS };
