// Issue 19: `subnet devnet --fork` that cannot read what it needs (endpoint down, also mid-way; netuid
// absent; block pruned or unknown; --state already holding a chain) exits 1 with a message naming what
// failed and leaves no --state or --fork-cache file; --fork-cache restarts a fork offline.
import assert from "node:assert/strict";
import { join } from "node:path";
import { captureIo } from "../../cli/_test_io.ts";
import { runCli } from "../../cli/mod.ts";
import { startDevnet } from "../../devnet/devnet.ts";

async function devnetCli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const stop = new AbortController();
  stop.abort(); // a successful devnet starts, prints and stops at once
  const io = captureIo({}, stop.signal);
  const code = await runCli(["devnet", "--port", "0", "--instant", ...args], io);
  return { code, out: io.out, err: io.err };
}

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) out.push(e.name);
  return out.sort();
}

/** A WebSocket relay to `upstream` that drops every connection after `limit` requests, then refuses more. */
function cuttingRelay(upstream: string, limit: number): { url: string; close(): Promise<void> } {
  let seen = 0;
  let cut = false;
  const sockets = new Set<WebSocket>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    if (cut) return new Response("gone", { status: 503 });
    const { socket, response } = Deno.upgradeWebSocket(req);
    const up = new WebSocket(upstream);
    const queue: string[] = [];
    sockets.add(socket);
    sockets.add(up);
    up.onopen = () => queue.splice(0).forEach((m) => up.send(m));
    up.onmessage = (ev) => socket.readyState === WebSocket.OPEN && socket.send(ev.data);
    socket.onmessage = (ev) => {
      if (++seen > limit) {
        cut = true;
        for (const s of sockets) s.close();
        return;
      }
      if (up.readyState === WebSocket.OPEN) up.send(ev.data);
      else queue.push(ev.data);
    };
    socket.onclose = () => up.close();
    return response;
  });
  return {
    url: `ws://127.0.0.1:${server.addr.port}`,
    close: async () => {
      for (const s of sockets) s.close();
      await server.shutdown();
    },
  };
}

Deno.test("subnet devnet --fork refuses clearly and writes nothing when it cannot read", async (t) => {
  await using source = await startDevnet({ port: 0, instant: true, tempo: 10 });
  for (let i = 0; i < 3; i++) source.produceBlock();
  const dir = await Deno.makeTempDir();
  const state = join(dir, "state.json");
  const cache = join(dir, "cache.json");
  const common = ["--state", state, "--fork-cache", cache];

  await t.step("netuid absent", async () => {
    const r = await devnetCli(["--fork", source.endpoint, "--netuid", "7", ...common]);
    assert.equal(r.code, 1);
    assert.match(r.err.join("\n"), /subnet 7 does not exist at block 3/);
    assert.deepEqual(await files(dir), []);
  });

  await t.step("no such block", async () => {
    const r = await devnetCli(["--fork", source.endpoint, "--netuid", "1", "--at", "999", ...common]);
    assert.equal(r.code, 1);
    assert.match(r.err.join("\n"), /Cannot fork at block 999: .* has no such block/);
    assert.deepEqual(await files(dir), []);
  });

  await t.step("endpoint down", async () => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const r = await devnetCli(["--fork", `ws://127.0.0.1:${port}`, "--netuid", "1", ...common]);
    assert.equal(r.code, 1);
    assert.match(r.err.join("\n"), new RegExp(`Cannot connect to ws://127.0.0.1:${port}`));
    assert.deepEqual(await files(dir), []);
  });

  await t.step("endpoint down mid-way", async () => {
    const relay = cuttingRelay(source.endpoint, 12);
    try {
      const r = await devnetCli(["--fork", relay.url, "--netuid", "1", ...common]);
      assert.equal(r.code, 1);
      assert.match(r.err.join("\n"), /Cannot read state_\w+ from ws:\/\/127\.0\.0\.1:\d+: .*after 3 retries/);
      assert.deepEqual(await files(dir), []);
    } finally {
      await relay.close();
    }
  });

  await t.step("a node answering nonsense", async () => {
    const head = source.chain.best;
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
      const { socket, response } = Deno.upgradeWebSocket(req);
      socket.onmessage = (ev) => {
        const { id, method } = JSON.parse(String(ev.data));
        const result = method === "chain_getFinalizedHead"
          ? head.hash
          : method === "chain_getHeader"
          ? head.header
          : { changes: "nonsense" };
        socket.send(JSON.stringify({ jsonrpc: "2.0", id, result }));
      };
      return response;
    });
    try {
      const r = await devnetCli(["--fork", `ws://127.0.0.1:${server.addr.port}`, "--netuid", "1", ...common]);
      assert.equal(r.code, 1, r.err.join("\n"));
      assert.match(r.err.join("\n"), /Cannot read state_queryStorageAt from .*: the answer is not change sets/);
      assert.deepEqual(await files(dir), []);
    } finally {
      await server.shutdown();
    }
  });

  await t.step("block pruned", async () => {
    for (let i = 0; i < 1030; i++) source.produceBlock(); // the devnet keeps 1024 blocks' state
    const r = await devnetCli(["--fork", source.endpoint, "--netuid", "1", "--at", "2", ...common]);
    assert.equal(r.code, 1);
    assert.match(r.err.join("\n"), /Cannot fork block 2 \(0x[0-9a-f]+\) from .*no longer holds that block's state/);
    assert.deepEqual(await files(dir), []);
  });

  await t.step("--fork-cache restarts offline; an existing --state is refused", async () => {
    const best = source.chain.best.number;
    const first = await devnetCli(["--fork", source.endpoint, "--netuid", "1", "--json", ...common]);
    assert.equal(first.code, 0, first.err.join("\n"));
    assert.equal(JSON.parse(first.out[0]).fork.block, best);
    assert.deepEqual(await files(dir), ["cache.json", "state.json"]);
    const again = await devnetCli(["--fork", source.endpoint, "--netuid", "1", ...common]);
    assert.equal(again.code, 1);
    assert.match(again.err.join("\n"), /Cannot fork into .*state\.json: it already holds a chain/);
    await Deno.remove(state);
    await source.close();
    const offline = await devnetCli(["--fork-cache", cache, "--json"]);
    assert.equal(offline.code, 0, offline.err.join("\n"));
    const json = JSON.parse(offline.out[0]);
    assert.equal(json.best, best);
    assert.equal(json.fork.subnets[0].neurons, 1);
  });
  await Deno.remove(dir, { recursive: true });
});
