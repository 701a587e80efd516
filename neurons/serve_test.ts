import assert from "node:assert/strict";
import { serve } from "./serve.ts";

Deno.test("serve() binds a handler, passes the peer address and shuts down gracefully", async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  const started = Promise.withResolvers<void>();
  const server = await serve(async (request, info) => {
    if (new URL(request.url).pathname === "/slow") {
      started.resolve();
      await gate;
    }
    return Response.json({ peer: info.remoteAddr.hostname });
  }, { port: 0, hostname: "127.0.0.1" });
  const base = `http://127.0.0.1:${server.addr.port}`;
  assert.deepEqual(await (await fetch(`${base}/`)).json(), { peer: "127.0.0.1" });
  const slow = fetch(`${base}/slow`);
  await started.promise;
  const stopped = server.shutdown();
  release();
  assert.deepEqual(await (await slow).json(), { peer: "127.0.0.1" }, "the in-flight request finishes");
  await stopped;
  await server.finished;
  await assert.rejects(fetch(`${base}/`));
});

Deno.test("serve() stops when its signal aborts", async () => {
  const controller = new AbortController();
  const server = await serve(() => new Response("ok"), { port: 0, hostname: "127.0.0.1", signal: controller.signal });
  const base = `http://127.0.0.1:${server.addr.port}`;
  assert.equal(await (await fetch(base)).text(), "ok");
  controller.abort();
  await server.finished;
  await assert.rejects(fetch(base), "nothing listens once the signal aborted");
});
