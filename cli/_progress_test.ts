import assert from "node:assert/strict";
import type { CliIo } from "./command.ts";
import { formatBytes, formatProgress, progressLine } from "./_progress.ts";

function io(isTerminal: boolean): { io: CliIo; written: string[] } {
  const written: string[] = [];
  const decoder = new TextDecoder();
  return {
    written,
    io: {
      print: () => {},
      error: () => {},
      writeStdout: () => Promise.resolve(),
      writeStderr: (bytes) => void written.push(decoder.decode(bytes)),
      env: {},
      signal: new AbortController().signal,
      isTerminal,
    },
  };
}

Deno.test("formatProgress shows bytes done / total, percent, rate and time", () => {
  assert.equal(formatBytes(999), "999 B");
  assert.equal(formatBytes(1_500), "1.5 KB");
  assert.equal(formatProgress("sn21 retrieve", 5e6, 2e7, 2), "sn21 retrieve 5.0 MB / 20.0 MB (25%)  2.5 MB/s  2.0 s");
  assert.equal(formatProgress("sn21 store", 0, undefined, 0), "sn21 store 0 B  -  0.0 s");
});

Deno.test("progressLine redraws in place with \\r on a terminal", async () => {
  const { io: term, written } = io(true);
  const line = progressLine(term, "sn21 retrieve", { afterMs: 0, tickMs: 10 });
  line.update(1_000, 4_000);
  await new Promise((r) => setTimeout(r, 60));
  line.update(4_000, 4_000);
  line.end();
  assert.ok(written.length >= 2, written.join("|"));
  assert.ok(written.slice(0, -1).every((w) => w.startsWith("\r\x1b[2Ksn21 retrieve ")));
  assert.match(written.at(-2)!, /4\.0 KB \/ 4\.0 KB \(100%\)/);
  assert.equal(written.at(-1), "\n");
});

Deno.test("progressLine prints nothing without a terminal, before afterMs, or without updates", async () => {
  const { io: pipe, written: none } = io(false);
  const a = progressLine(pipe, "x", { afterMs: 0, tickMs: 5 });
  a.update(1, 2);
  await new Promise((r) => setTimeout(r, 30));
  a.end();
  assert.deepEqual(none, []);
  const { io: term, written } = io(true);
  const b = progressLine(term, "x", { afterMs: 60_000, tickMs: 5 });
  b.update(1, 2);
  const c = progressLine(term, "y", { afterMs: 0, tickMs: 5 });
  await new Promise((r) => setTimeout(r, 30));
  b.end();
  c.end();
  assert.deepEqual(written, []);
});
