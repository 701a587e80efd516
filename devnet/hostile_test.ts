/**
 * The devnet against hostile RPC clients, over real sockets to a real `subnet devnet` process:
 * every `Object.prototype` name as a method, a subscription hog, a subscriber that never reads,
 * a huge chunked HTTP body and a future-nonce flood. Each check below fails without its limit.
 * CI runs small counts; `SOAK=1` runs the full ones (400 MiB body, 400 metadata reads).
 */
import assert from "node:assert/strict";
import { Keyring } from "@polkadot/keyring";
import { compactToU8a, hexToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { startDevnet } from "./devnet.ts";
import { RpcHandler } from "./rpc/mod.ts";
import { serveRpc } from "./server.ts";
import { devnetEndpoint } from "../tests/_sockets.ts";

const SOAK = Deno.env.get("SOAK") === "1";
const ROOT = new URL("..", import.meta.url).pathname;
const MiB = 1024 * 1024;

/** The limits the devnet process runs with (small, so floods reach them fast). */
const LIMITS = {
  subscriptionsPerConnectionMax: 64,
  storageKeysPerSubscriptionMax: 16,
  wsBufferedBytesMax: MiB,
  httpBodyBytesMax: MiB,
  txPoolPerSenderMax: 8,
  txFutureLifetimeBlocks: 24,
};

interface DevnetProcess {
  readonly port: number;
  readonly endpoint: string;
  /** Resident memory of the devnet process in MiB (NaN where /proc is absent). */
  rssMiB(): number;
  /** Whether the process is still running. */
  alive(): boolean;
  stop(): Promise<void>;
}

async function spawnDevnet(extra: string[]): Promise<DevnetProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts", "devnet", "--port", "0", ...extra],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    return s;
  });
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const endpoint = await devnetEndpoint(reader);
  const drain = (async () => {
    while (!(await reader.read()).done) { /* keep stdout flowing */ }
  })();
  return {
    port: Number(endpoint.split(":")[2]),
    endpoint,
    rssMiB() {
      try {
        const kb = /VmRSS:\s+(\d+)/.exec(Deno.readTextFileSync(`/proc/${child.pid}/status`))![1];
        return Math.round(Number(kb) / 1024);
      } catch {
        return NaN;
      }
    },
    alive: () => !exited,
    async stop() {
      if (!exited) child.kill("SIGTERM");
      await status;
      await drain;
    },
  };
}

type Message = Record<string, unknown> & { error?: { code: number; message: string } };

/** A JSON-RPC WebSocket client that reads everything. */
async function connect(endpoint: string) {
  const ws = new WebSocket(endpoint);
  const pending = new Map<number, (m: Message) => void>();
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    for (const one of Array.isArray(m) ? m : [m]) {
      if (typeof one.id === "number") pending.get(one.id)?.(one);
      pending.delete(one.id);
    }
  };
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let id = 0;
  return {
    call(method: string, params: unknown[] = []): Promise<Message> {
      const n = ++id;
      ws.send(JSON.stringify({ jsonrpc: "2.0", id: n, method, params }));
      return new Promise((resolve) => pending.set(n, resolve));
    },
    send(text: string): void {
      ws.send(text);
    },
    close(): Promise<void> {
      const closed = new Promise<void>((r) => ws.onclose = () => r());
      ws.close();
      return closed;
    },
  };
}

async function httpCall(port: number, body: unknown): Promise<Message> {
  const res = await fetch(`http://127.0.0.1:${port}/`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return await res.json();
}

/** A WebSocket over a raw TCP connection, so a test can stop reading (masked text frames out). */
async function rawWebSocket(port: number): Promise<{ conn: Deno.TcpConn; send(text: string): Promise<void> }> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const key = btoa("subnet-hostile-1");
  await conn.write(
    new TextEncoder().encode(
      `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    ),
  );
  let head = "";
  const buf = new Uint8Array(1);
  while (!head.endsWith("\r\n\r\n")) {
    if (await conn.read(buf) === null) throw new Error("connection closed during the handshake");
    head += String.fromCharCode(buf[0]);
  }
  assert.match(head, /^HTTP\/1\.1 101/);
  return {
    conn,
    async send(text: string) {
      const data = new TextEncoder().encode(text);
      const mask = crypto.getRandomValues(new Uint8Array(4));
      const len = data.length < 126 ? [0x80 | data.length] : [0x80 | 126, data.length >> 8, data.length & 255];
      const frame = new Uint8Array(1 + len.length + 4 + data.length);
      frame.set([0x81, ...len]);
      frame.set(mask, 1 + len.length);
      for (let i = 0; i < data.length; i++) frame[1 + len.length + 4 + i] = data[i] ^ mask[i & 3];
      for (let at = 0; at < frame.length;) at += await conn.write(frame.subarray(at));
    },
  };
}

/** Reads until the peer has sent nothing for `quietMs` or `stopAfter` bytes arrived; returns the bytes read. */
async function readUntilQuiet(conn: Deno.TcpConn, quietMs: number, stopAfter: number): Promise<number> {
  const buf = new Uint8Array(MiB);
  let total = 0;
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const quiet = new Promise<"quiet">((r) => timer = setTimeout(() => r("quiet"), quietMs));
    const n = await Promise.race([conn.read(buf).catch(() => null), quiet]);
    clearTimeout(timer);
    if (n === "quiet" || n === null) return total;
    total += n;
    if (total > stopAfter) return total;
  }
}

/** An immortal, hand-signed `Balances.transfer_keep_alive` of 1 TAO (client-rpc.md §4 layout). */
function signedTransfer(genesisHash: string, from: string, nonce: number): string {
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  const signer = keyring.addFromUri(from);
  const dest = keyring.addFromUri("//Charlie");
  const call = u8aConcat(Uint8Array.of(5, 3, 0), dest.publicKey, compactToU8a(10n ** 9n));
  const extra = u8aConcat(Uint8Array.of(0), compactToU8a(nonce), compactToU8a(0), Uint8Array.of(0));
  const versions = Uint8Array.of(0x57, 0x01, 0, 0, 1, 0, 0, 0); // spec 343, tx version 1
  const genesis = hexToU8a(genesisHash);
  const payload = u8aConcat(call, extra, versions, genesis, genesis, Uint8Array.of(0));
  const body = u8aConcat(Uint8Array.of(0x84, 0), signer.publicKey, Uint8Array.of(1), signer.sign(payload), extra, call);
  return u8aToHex(u8aConcat(compactToU8a(body.length), body));
}

Deno.test({
  name: "subnet devnet survives hostile RPC clients and keeps serving",
  sanitizeResources: false,
  sanitizeOps: false,
}, async (t) => {
  await cryptoWaitReady();
  const limitArgs = Object.entries(LIMITS).flatMap(([k, v]) => ["--limit", `${k}=${v}`]);
  const net = await spawnDevnet(["--instant", ...limitArgs]);
  const good = await connect(net.endpoint);
  try {
    await t.step("every Object.prototype name is an unknown method, over WebSocket and HTTP", async () => {
      const names = Object.getOwnPropertyNames(Object.prototype);
      assert.ok(names.includes("constructor") && names.includes("__proto__"));
      for (const name of names) {
        const ws = await good.call(name, []);
        assert.equal(ws.error?.code, -32601, `WebSocket ${name}`);
        const http = await httpCall(net.port, { jsonrpc: "2.0", id: 1, method: name, params: [] });
        assert.equal(http.error?.code, -32601, `HTTP ${name}`);
      }
      const batch = names.map((method, id) => ({ jsonrpc: "2.0", id, method, params: [] }));
      const answers = await httpCall(net.port, batch) as unknown as Message[];
      assert.equal(answers.length, names.length);
      assert.ok(answers.every((a) => a.error?.code === -32601));
      // A client that closes right after asking: its answers have nowhere to go.
      const quitter = await rawWebSocket(net.port);
      for (let i = 0; i < 20; i++) await quitter.send(`{"jsonrpc":"2.0","id":${i},"method":"state_getMetadata"}`);
      quitter.conn.close();
      assert.equal((await good.call("system_chain")).result, "Bittensor Devnet");
      assert.ok(net.alive());
      console.log(`devnet: ${names.length} Object.prototype names answered -32601 over WebSocket and HTTP; alive`);
    });

    await t.step("a subscription hog gets its maximum, and a second client still subscribes", async () => {
      const hog = await connect(net.endpoint);
      const max = LIMITS.subscriptionsPerConnectionMax;
      for (let i = 0; i < max; i++) assert.equal(typeof (await hog.call("chain_subscribeNewHeads")).result, "string");
      const refused = await hog.call("chain_subscribeNewHeads");
      assert.equal(refused.error?.code, -32006);
      const second = await connect(net.endpoint);
      assert.equal(typeof (await second.call("chain_subscribeNewHeads")).result, "string");
      const keys = (n: number) => Array.from({ length: n }, (_, i) => "0x" + i.toString(16).padStart(64, "0"));
      const tooMany = await second.call("state_subscribeStorage", [keys(LIMITS.storageKeysPerSubscriptionMax + 1)]);
      assert.equal(tooMany.error?.code, -32602);
      assert.equal(typeof (await second.call("state_subscribeStorage", [keys(16)])).result, "string");
      console.log(`devnet: hog held ${max} subscriptions (next refused -32006); a second client subscribed`);
      await hog.close();
      await second.close();
    });

    await t.step("a subscriber that never reads is cut off and the node's memory stays bounded", async () => {
      const meta = (await good.call("state_getMetadata")).result as string;
      const requests = SOAK ? 400 : 100;
      const rssBefore = net.rssMiB();
      const hog = await rawWebSocket(net.port);
      for (let i = 0; i < 32; i++) await hog.send(`{"jsonrpc":"2.0","id":"s${i}","method":"chain_subscribeNewHeads"}`);
      for (let i = 0; i < requests; i++) await hog.send(`{"jsonrpc":"2.0","id":${i},"method":"state_getMetadata"}`);
      for (let i = 0; i < 20; i++) await good.call("engine_createBlock", [true, true]);
      assert.equal((await good.call("system_chain")).result, "Bittensor Devnet");
      const rssHeld = net.rssMiB();
      const asked = requests * meta.length;
      // Kernel socket buffers on loopback hold a few MiB beyond what the server queues.
      const bound = LIMITS.wsBufferedBytesMax + meta.length + 16 * MiB;
      const received = await readUntilQuiet(hog.conn, 2000, bound);
      hog.conn.close();
      console.log(
        `devnet: non-reading subscriber asked ${(asked / MiB).toFixed(0)} MiB, received ${
          (received / MiB).toFixed(1)
        } MiB before the cut; RSS ${rssBefore} → ${rssHeld} MiB while held`,
      );
      assert.ok(received <= bound, `received ${received} bytes, more than ${bound}`);
      if (!Number.isNaN(rssBefore)) assert.ok(rssHeld - rssBefore < 48, `RSS grew ${rssHeld - rssBefore} MiB`);
      assert.equal((await good.call("system_chain")).result, "Bittensor Devnet");
    });

    await t.step("a chunked HTTP body over httpBodyBytesMax is refused while it streams", async () => {
      const offered = (SOAK ? 400 : 64) * MiB;
      const rssBefore = net.rssMiB();
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: net.port });
      await conn.write(
        new TextEncoder().encode(
          "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        ),
      );
      let answer = "";
      const reading = (async () => {
        const buf = new Uint8Array(4096);
        for (;;) {
          const n = await conn.read(buf).catch(() => null);
          if (n === null) return;
          answer += new TextDecoder().decode(buf.subarray(0, n));
          if (answer.includes("\r\n\r\n")) return;
        }
      })();
      const chunk = new TextEncoder().encode(`10000\r\n${" ".repeat(0x10000)}\r\n`);
      let sent = 0;
      let peak = rssBefore;
      try {
        while (sent < offered && !answer) {
          for (let at = 0; at < chunk.length;) at += await conn.write(chunk.subarray(at));
          sent += 0x10000;
          if (sent % (16 * MiB) === 0) peak = Math.max(peak, net.rssMiB());
        }
      } catch {
        // the server closed the connection: it has stopped reading
      }
      await reading;
      peak = Math.max(peak, net.rssMiB());
      conn.close();
      console.log(
        `devnet: chunked body: sent ${(sent / MiB).toFixed(1)} of ${offered / MiB} MiB before "${
          answer.split("\r\n")[0]
        }"; RSS ${rssBefore} → peak ${peak} MiB`,
      );
      assert.match(answer, /^HTTP\/1\.1 413/);
      assert.ok(sent < 32 * MiB, `sent ${sent} bytes before the refusal`);
      assert.equal((await good.call("system_chain")).result, "Bittensor Devnet");
    });

    await t.step(
      "future-nonce transactions: at most txPoolPerSenderMax per sender, dropped after their lifetime",
      async () => {
        const genesis = (await good.call("chain_getBlockHash", [0])).result as string;
        const max = LIMITS.txPoolPerSenderMax;
        for (let nonce = 1; nonce <= max; nonce++) {
          const ok = await good.call("author_submitExtrinsic", [signedTransfer(genesis, "//Alice", nonce + 100)]);
          assert.equal(ok.error, undefined, `nonce ${nonce}: ${JSON.stringify(ok.error)}`);
        }
        const refused = await good.call("author_submitExtrinsic", [signedTransfer(genesis, "//Alice", max + 101)]);
        assert.equal(refused.error?.code, 1016);
        const bob = await good.call("author_submitExtrinsic", [signedTransfer(genesis, "//Bob", 100)]);
        assert.equal(bob.error, undefined);
        assert.equal(((await good.call("author_pendingExtrinsics")).result as string[]).length, max + 1);
        for (let i = 0; i <= LIMITS.txFutureLifetimeBlocks; i++) await good.call("engine_createBlock", [true, true]);
        assert.deepEqual((await good.call("author_pendingExtrinsics")).result, []);
        console.log(
          `devnet: sender held ${max} future transactions (next refused 1016); all dropped after their lifetime`,
        );
      },
    );
    assert.ok(net.alive());
  } finally {
    await good.close();
    await net.stop();
  }
});

Deno.test("serveRpc() answers a result that cannot be JSON with -32603 and keeps serving", async () => {
  await using net = await startDevnet({ serve: false, instant: true });
  const rpc = new RpcHandler({
    chain: net.chain,
    node: { chain: "t", name: "t", version: "0", properties: {} },
    methods: { test_bigint: () => 1n, test_throws: () => JSON.parse("{") },
  });
  const server = await serveRpc(rpc, { port: 0 });
  try {
    const c = await connect(`ws://127.0.0.1:${server.port}`);
    assert.equal((await c.call("test_bigint")).error?.code, -32603);
    assert.equal((await c.call("test_throws")).error?.code, -32603);
    assert.equal((await c.call("system_name")).result, "t");
    const http = await httpCall(server.port, { jsonrpc: "2.0", id: 7, method: "test_bigint" });
    assert.deepEqual([http.id, http.error?.code], [7, -32603]);
    await c.close();
  } finally {
    await server.close();
    rpc.close();
  }
});

Deno.test("serveRpc() caps open connections (503) and times out a slow HTTP body (408)", async () => {
  await using net = await startDevnet({
    port: 0,
    instant: true,
    limits: { connectionsMax: 2, httpBodyTimeoutMs: 300 },
  });
  const a = await connect(net.endpoint);
  const b = await connect(net.endpoint);
  const refused = await fetch(`http://127.0.0.1:${net.port}/`, { method: "POST", body: "{}" });
  assert.equal(refused.status, 503);
  await refused.body?.cancel();
  await b.close();
  // The server learns of the close asynchronously: wait (bounded) until a slot is free again.
  let status = 0;
  for (let i = 0; i < 100 && status !== 200; i++) {
    const res = await fetch(`http://127.0.0.1:${net.port}/`, {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "system_name" }),
    });
    status = res.status;
    await res.body?.cancel();
    if (status !== 200) await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(status, 200);

  const conn = await Deno.connect({ hostname: "127.0.0.1", port: net.port });
  await conn.write(new TextEncoder().encode('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"jsonrpc"'));
  const buf = new Uint8Array(1024);
  const n = await conn.read(buf);
  assert.match(new TextDecoder().decode(buf.subarray(0, n ?? 0)), /^HTTP\/1\.1 408/);
  conn.close();
  await a.close();
});
