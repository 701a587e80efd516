// The devnet's connection hygiene (devnet/limits.ts: headerTimeoutMs, idleTimeoutMs,
// connectionsPerIpMax, socketsMax) over real sockets: slow-header and idle clients are dropped, the
// per-IP cap refuses the extra connection, @polkadot/api keeps its WebSocket past the idle timeout,
// and a devnet out of descriptors carries on.
import assert from "node:assert/strict";
import { ApiPromise, WsProvider } from "@polkadot/api";
import { fileURLToPath } from "node:url";
import { startDevnet } from "./mod.ts";
import { closedWithin, devnetEndpoint } from "../tests/_sockets.ts";

const enc = new TextEncoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ROOT = fileURLToPath(new URL("../", import.meta.url));

function rpcPost(port: number, method = "system_chain"): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}/`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params: [] }),
  });
}

async function openWebSocket(endpoint: string): Promise<WebSocket> {
  const ws = new WebSocket(endpoint);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  return ws;
}

function hasPrlimit(): boolean {
  try {
    return new Deno.Command("prlimit", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

Deno.test("the devnet drops slow-header, silent and idle keep-alive clients, and @polkadot/api keeps its WebSocket", async () => {
  await using net = await startDevnet({ port: 0, limits: { headerTimeoutMs: 600, idleTimeoutMs: 600 } });
  const port = Number(new URL(net.endpoint).port);
  const provider = new WsProvider(net.endpoint, false);
  await provider.connect();
  const api = await ApiPromise.create({ provider, noInitWarn: true, throwOnConnect: true });
  let disconnects = 0;
  provider.on("disconnected", () => disconnects++);
  try {
    const silent = await Deno.connect({ hostname: "127.0.0.1", port });
    const drip = await Deno.connect({ hostname: "127.0.0.1", port });
    await drip.write(enc.encode("GET / HTTP/1.1\r\nhost: x\r\nupgrade: websocket\r\n"));
    let dripping = true;
    const dripped = (async () => {
      for (let i = 0; dripping && i < 40; i++) {
        await sleep(200);
        await drip.write(enc.encode(`x-drip-${i}: 1\r\n`)).catch(() => dripping = false);
      }
    })();
    const idle = await Deno.connect({ hostname: "127.0.0.1", port });
    const body = '{"jsonrpc":"2.0","id":1,"method":"system_chain","params":[]}';
    await idle.write(enc.encode(`POST / HTTP/1.1\r\nhost: x\r\ncontent-length: ${body.length}\r\n\r\n${body}`));
    const [silentMs, dripMs, idleMs] = await Promise.all([silent, drip, idle].map((c) => closedWithin(c, 6_000)));
    dripping = false;
    await dripped;
    for (const c of [silent, drip, idle]) c.close();
    console.log(
      `devnet closed: silent after ${silentMs.toFixed(0)} ms, header drip after ${dripMs.toFixed(0)} ms, ` +
        `idle keep-alive after ${idleMs.toFixed(0)} ms (timeouts 600 ms)`,
    );
    assert.ok(silentMs < 6_000, "a client that never sends is dropped");
    assert.ok(dripMs < 6_000, "a handshake dripped one header at a time is dropped (the drip lasts 8 s)");
    assert.ok(idleMs < 6_000, "a keep-alive HTTP connection with no next request is dropped");
    await sleep(1_500); // the WebSocket has now sat through several idle timeouts
    assert.equal((await api.rpc.system.chain()).toString(), "Bittensor Devnet", "the @polkadot/api client still works");
    assert.equal(disconnects, 0, "its WebSocket outlived several idle timeouts");
  } finally {
    await api.disconnect();
  }
});

Deno.test("the devnet's per-IP cap refuses the extra connection, WebSockets included", async () => {
  await using net = await startDevnet({ port: 0, limits: { connectionsPerIpMax: 2 } });
  const port = Number(new URL(net.endpoint).port);
  const sockets = [await openWebSocket(net.endpoint), await openWebSocket(net.endpoint)];
  await assert.rejects(rpcPost(port), "a third connection from 127.0.0.1 is closed unanswered");
  const closed = new Promise((resolve) => sockets[0].onclose = resolve);
  sockets[0].close();
  await closed;
  let again: Response | undefined;
  for (let i = 0; i < 100 && !again; i++) {
    again = await rpcPost(port).catch(() => undefined);
    if (!again) await sleep(50);
  }
  assert.equal(again?.status, 200, "served again once a WebSocket left");
  assert.equal((await again!.json()).result, "Bittensor Devnet");
  const done = new Promise((resolve) => sockets[1].onclose = resolve);
  sockets[1].close();
  await done;
});

Deno.test({
  name: "a devnet under prlimit --nofile=256 holding 400 idle connections stays up and answers",
  ignore: !hasPrlimit(), // skipped where util-linux prlimit is absent
  sanitizeResources: false,
}, async () => {
  const child = new Deno.Command("prlimit", {
    args: ["--nofile=256", Deno.execPath(), "run", "-A", "main.ts", "devnet", "--port", "0"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const endpoint = await devnetEndpoint(reader);
  const drain = (async () => {
    while (!(await reader.read()).done) { /* keep stdout flowing */ }
  })();
  const port = Number(endpoint.split(":")[2]);
  const idle: Deno.Conn[] = [];
  try {
    for (let i = 0; i < 400; i++) {
      try {
        idle.push(await Deno.connect({ hostname: "127.0.0.1", port }));
      } catch { /* the backlog may refuse a few */ }
    }
    await sleep(1_500); // past evictAfterMs: a newcomer now evicts the longest-waiting connection
    let answer: Response | undefined;
    for (let i = 0; i < 20 && !answer; i++) answer = await rpcPost(port).catch(() => undefined);
    const alive = Deno.readTextFileSync(`/proc/${child.pid}/status`).includes("State:");
    console.log(`devnet at --nofile=256: ${idle.length} idle connections opened; system_chain ${answer?.status}`);
    assert.ok(alive, "the devnet process is alive");
    assert.equal(answer?.status, 200);
    assert.equal((await answer!.json()).result, "Bittensor Devnet");
  } finally {
    for (const c of idle) c.close();
    child.kill("SIGTERM");
    await child.status;
    await drain;
  }
});
