// The Deno accept layer over real sockets, on both engines: silent, slow-header and idle keep-alive
// connections are closed; a request in flight outlives every timeout; the per-IP cap refuses or
// evicts; WebSockets (serve-http engine) outlive the idle timeout and count under the caps.
import assert from "node:assert/strict";
import { closedWithin } from "../tests/_sockets.ts";
import { type EdgeEngine, type EdgeServer, pickEngine, serveDeno, type ServeDenoOptions } from "./serve_deno.ts";

const enc = new TextEncoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ENGINES: { engine: EdgeEngine; webSockets: boolean }[] = [
  { engine: "deno-serve", webSockets: false },
  { engine: "serve-http", webSockets: true },
];

/** Reads until a whole response head arrived (or the connection ended); the text read. */
async function readHead(conn: Deno.Conn): Promise<string> {
  const buf = new Uint8Array(4096);
  let text = "";
  while (!text.includes("\r\n\r\n")) {
    const n = await conn.read(buf).catch(() => null);
    if (n === null) return text;
    text += new TextDecoder().decode(buf.subarray(0, n));
  }
  return text;
}

async function start(
  options: Partial<ServeDenoOptions> & { webSockets: boolean },
  handler: Parameters<typeof serveDeno>[0] = () => new Response("ok"),
): Promise<EdgeServer & AsyncDisposable> {
  const server = await serveDeno(handler, { port: 0, hostname: "127.0.0.1", ...options });
  return Object.assign(server, { [Symbol.asyncDispose]: () => server.shutdown() });
}

Deno.test("pickEngine() finds Deno.serve's engine, and Deno.serveHttp for WebSockets, on this Deno", () => {
  // A Deno upgrade that drops either runtime API would silently serve without limits: fail here instead.
  assert.equal(pickEngine({}), "deno-serve");
  assert.equal(pickEngine({ webSockets: true }), "serve-http");
});

for (const { engine, webSockets } of ENGINES) {
  Deno.test(`serveDeno() [${engine}] closes silent, slow-header and idle keep-alive connections`, async () => {
    await using server = await start({ webSockets, limits: { headerTimeoutMs: 600, idleTimeoutMs: 600 } });
    assert.equal(server.engine, engine);
    const { port } = server.addr;
    const silent = await Deno.connect({ hostname: "127.0.0.1", port });
    const drip = await Deno.connect({ hostname: "127.0.0.1", port });
    const idle = await Deno.connect({ hostname: "127.0.0.1", port });
    await drip.write(enc.encode("GET / HTTP/1.1\r\nhost: x\r\n"));
    let dripping = true;
    const dripped = (async () => {
      for (let i = 0; dripping && i < 40; i++) {
        await sleep(200);
        await drip.write(enc.encode(`x-drip-${i}: 1\r\n`)).catch(() => dripping = false);
      }
    })();
    await idle.write(enc.encode("GET / HTTP/1.1\r\nhost: x\r\n\r\n"));
    assert.match(await readHead(idle), /^HTTP\/1\.1 200/, "a keep-alive request is answered");
    const [silentMs, dripMs, idleMs] = await Promise.all([silent, drip, idle].map((c) => closedWithin(c, 6_000)));
    dripping = false;
    await dripped;
    for (const c of [silent, drip, idle]) c.close();
    assert.ok(silentMs < 6_000, "a connection that never sends is closed");
    assert.ok(dripMs < 6_000, "a head dripped one header at a time is closed (the drip lasts 8 s)");
    assert.ok(idleMs < 6_000, "a keep-alive connection with no next request is closed");
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), "ok", "and the server still serves");
  });

  Deno.test(`serveDeno() [${engine}] never cuts a request in flight at the timeouts`, async () => {
    await using server = await start(
      { webSockets, limits: { headerTimeoutMs: 300, idleTimeoutMs: 300 } },
      async () => {
        await sleep(1_500);
        return new Response("slow but whole");
      },
    );
    const res = await fetch(`http://127.0.0.1:${server.addr.port}/`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), "slow but whole");
  });

  Deno.test(`serveDeno() [${engine}] holds one IP to connectionsPerIpMax`, async (t) => {
    await t.step("every connection busy: the newcomer is closed unserved", async () => {
      const gate = Promise.withResolvers<void>();
      let entered = 0;
      await using server = await start(
        { webSockets, limits: { connectionsPerIpMax: 2, evictAfterMs: 0 } },
        async () => {
          entered++;
          await gate.promise;
          return new Response("ok");
        },
      );
      const { port } = server.addr;
      const busy = [fetch(`http://127.0.0.1:${port}/a`), fetch(`http://127.0.0.1:${port}/b`)];
      while (entered < 2) await sleep(20);
      const extra = await Deno.connect({ hostname: "127.0.0.1", port });
      await extra.write(enc.encode("GET / HTTP/1.1\r\nhost: x\r\n\r\n")).catch(() => {});
      assert.equal(await readHead(extra), "", "refused: closed without an answer");
      extra.close();
      assert.equal(server.connections(), 2);
      gate.resolve();
      for (const res of await Promise.all(busy)) assert.equal(await res.text(), "ok");
    });
    await t.step("connections waiting past evictAfterMs: the oldest makes room", async () => {
      await using server = await start({ webSockets, limits: { connectionsPerIpMax: 2, evictAfterMs: 100 } });
      const { port } = server.addr;
      const waiting = [
        await Deno.connect({ hostname: "127.0.0.1", port }),
        await Deno.connect({ hostname: "127.0.0.1", port }),
      ];
      await sleep(300);
      const res = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(await res.text(), "ok");
      assert.ok(await closedWithin(waiting[0], 3_000) < 3_000, "the longest-waiting connection was evicted");
      for (const c of waiting) c.close();
    });
  });
}

Deno.test("serveDeno() [serve-http] keeps a held WebSocket past the idle timeout and counts it under the per-IP cap", async () => {
  await using server = await start(
    { webSockets: true, limits: { headerTimeoutMs: 300, idleTimeoutMs: 300, connectionsPerIpMax: 1, evictAfterMs: 0 } },
    (request, info) => {
      const { socket, response } = Deno.upgradeWebSocket(request);
      const release = info.hold();
      socket.onmessage = (e) => socket.send(`echo ${e.data}`);
      socket.onclose = release;
      return response;
    },
  );
  const ws = new WebSocket(`ws://127.0.0.1:${server.addr.port}/`);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  await sleep(1_200); // four idle timeouts
  const echoed = new Promise((resolve) => ws.onmessage = (e) => resolve(e.data));
  ws.send("still here");
  assert.equal(await echoed, "echo still here");
  assert.equal(server.connections(), 1, "the WebSocket's connection is still counted");
  const extra = await Deno.connect({ hostname: "127.0.0.1", port: server.addr.port });
  await extra.write(enc.encode("GET / HTTP/1.1\r\nhost: x\r\n\r\n")).catch(() => {});
  assert.equal(await readHead(extra), "", "the per-IP cap counts the WebSocket: the newcomer is refused");
  extra.close();
  const closed = new Promise((resolve) => ws.onclose = resolve);
  ws.close();
  await closed;
  for (let i = 0; i < 100 && server.connections() > 0; i++) await sleep(20);
  assert.equal(server.connections(), 0, "released once the WebSocket closed");
});
