import assert from "node:assert/strict";
import { SubtensorPool } from "./pool.ts";
import type { Subtensor } from "./client.ts";

function fakeConnect() {
  const opened: { closed: boolean }[] = [];
  const connect = (_options: unknown) => {
    const c = { closed: false, close: () => Promise.resolve(void (c.closed = true)) };
    opened.push(c);
    return Promise.resolve(c as unknown as Subtensor);
  };
  return { opened, connect };
}

Deno.test("SubtensorPool.acquire() shares one connection per endpoint and closes it with the last lease", async () => {
  const { opened, connect } = fakeConnect();
  const pool = new SubtensorPool(connect);
  const a = await pool.acquire({ network: "local" });
  const b = await pool.acquire({ chainEndpoint: "ws://127.0.0.1:9944" });
  const c = await pool.acquire({ network: "finney" });
  assert.equal(a.chain, b.chain);
  assert.notEqual(a.chain, c.chain);
  assert.equal(opened.length, 2);
  await a.release();
  await a.release(); // a second release is a no-op
  assert.equal(opened[0].closed, false);
  await b.release();
  assert.equal(opened[0].closed, true);
  await c[Symbol.asyncDispose]();
  assert.equal(pool.size, 0);
});

Deno.test("SubtensorPool.acquire() does not cache a failed connect", async () => {
  let calls = 0;
  const pool = new SubtensorPool(() => {
    calls++;
    return Promise.reject(new Error("nothing answers"));
  });
  await assert.rejects(() => pool.acquire({ network: "local" }), /nothing answers/);
  await assert.rejects(() => pool.acquire({ network: "local" }), /nothing answers/);
  assert.equal(calls, 2);
  assert.equal(pool.size, 0);
});
