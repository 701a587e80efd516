import assert from "node:assert/strict";
import { UsageError } from "./args.ts";
import type { CliIo } from "./command.ts";
import { runCommand } from "./command.ts";
import { devnetCommand, parseDurationMs } from "./devnet.ts";

Deno.test("parseDurationMs() reads ms, s and bare milliseconds", () => {
  assert.equal(parseDurationMs("250ms"), 250);
  assert.equal(parseDurationMs("12s"), 12000);
  assert.equal(parseDurationMs("1.5s"), 1500);
  assert.equal(parseDurationMs("100"), 100);
  for (const bad of ["0", "fast", "-1s", "2h"]) assert.throws(() => parseDurationMs(bad), UsageError, bad);
});

Deno.test("subnet devnet prints ws://127.0.0.1:PORT when ready and stops on the signal", async () => {
  const out: string[] = [];
  const err: string[] = [];
  const abort = new AbortController();
  const { promise: printed, resolve } = Promise.withResolvers<void>();
  const io: CliIo = {
    print: (line) => {
      out.push(line);
      resolve();
    },
    error: (line) => err.push(line),
    writeStdout: () => Promise.resolve(),
    env: {},
    signal: abort.signal,
  };
  const exit = runCommand(devnetCommand, ["--port", "0", "--instant"], io, "subnet devnet");
  await printed;
  assert.match(out[0], /^ws:\/\/127\.0\.0\.1:\d+$/);
  const res = await fetch(out[0].replace("ws://", "http://"), {
    method: "POST",
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "state_getRuntimeVersion", params: [] }),
  });
  assert.equal((await res.json()).result.specName, "node-subtensor");
  abort.abort();
  assert.equal(await exit, 0);
  assert.ok(err.some((l) => l.includes("devnet.stop")));
});

Deno.test("subnet devnet refuses a bad --block-time with a usage error", async () => {
  const err: string[] = [];
  const io: CliIo = {
    print: () => {},
    error: (line) => err.push(line),
    writeStdout: () => Promise.resolve(),
    env: {},
    signal: new AbortController().signal,
  };
  assert.equal(await runCommand(devnetCommand, ["--block-time", "soon"], io, "subnet devnet"), 2);
  assert.match(err[0], /--block-time "soon"/);
});
