// The devnet's connection cap (devnet/limits.ts connectionsMax): past it, a new client gets 503
// with Retry-After instead of another session; a slot frees when a client leaves.
import assert from "node:assert/strict";
import { startDevnet } from "./mod.ts";

Deno.test("the devnet answers 503 past connectionsMax and serves again once a client leaves", async () => {
  await using net = await startDevnet({ port: 0, limits: { connectionsMax: 2 } });
  const http = net.endpoint.replace(/^ws/, "http");
  const call = () =>
    fetch(http, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "system_chain", params: [] }),
    });
  const open = async () => {
    const ws = new WebSocket(net.endpoint);
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = reject;
    });
    return ws;
  };
  const first = await call();
  assert.equal(first.status, 200);
  await first.body?.cancel();
  const sockets = [await open(), await open()];
  const refused = await call();
  assert.equal(refused.status, 503);
  assert.match(await refused.text(), /connectionsMax/);
  assert.equal(refused.headers.get("retry-after"), "1");
  const closed = new Promise((resolve) => sockets[0].onclose = resolve);
  sockets[0].close();
  await closed;
  let again = await call();
  for (let i = 0; i < 100 && again.status === 503; i++) {
    await again.body?.cancel();
    await new Promise((r) => setTimeout(r, 50));
    again = await call();
  }
  assert.equal(again.status, 200);
  await again.body?.cancel();
  const done = new Promise((resolve) => sockets[1].onclose = resolve);
  sockets[1].close();
  await done;
});
