import assert from "node:assert/strict";
import { type GateTicket, PriorityGate } from "./axon_priority.ts";

Deno.test("PriorityGate.acquire() serves the highest priority first, FIFO among equals", async () => {
  const gate = new PriorityGate({ concurrencyMax: 1, queueMax: 10 });
  const first = await gate.acquire(0, 1000);
  assert.ok(first.ok);
  const order: string[] = [];
  const wait = (name: string, p: number) =>
    gate.acquire(p, 1000).then((t: GateTicket) => {
      order.push(name);
      if (t.ok) t.release();
    });
  const all = [wait("low", 1), wait("high", 9), wait("mid-a", 5), wait("mid-b", 5), wait("nan", NaN)];
  assert.equal(gate.queued, 5);
  first.release();
  first.release(); // a second release is ignored
  await Promise.all(all);
  assert.deepEqual(order, ["high", "mid-a", "mid-b", "low", "nan"]);
  assert.equal(gate.running, 0);
});

Deno.test("PriorityGate.acquire() times out and refuses beyond queueMax", async () => {
  const gate = new PriorityGate({ concurrencyMax: 1, queueMax: 1 });
  const held = await gate.acquire(0, 1000);
  const timedOut = gate.acquire(0, 5);
  assert.deepEqual(await gate.acquire(0, 1000), { ok: false, reason: "full" });
  assert.deepEqual(await timedOut, { ok: false, reason: "timeout" });
  assert.equal(gate.queued, 0);
  if (held.ok) held.release();
  const again = await gate.acquire(0, 1000);
  assert.ok(again.ok);
  if (again.ok) again.release();
});
