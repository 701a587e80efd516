import assert from "node:assert/strict";
import { silentLogger } from "../protocol/logger.ts";
import { createAdmission } from "./axon_admit.ts";
import type { RequestHead } from "./axon_head.ts";
import { PriorityGate } from "./axon_priority.ts";
import { AxonReject } from "./axon_reject.ts";

const head = (timeout: number): RequestHead => ({
  name: "Dummy",
  timeout,
  computedBodyHash: "",
  dendrite: { ip: "1.2.3.4", port: 1 },
});

function admission(concurrencyMax = 1, queueMax = 8) {
  const closing = new AbortController();
  const gate = new PriorityGate({ concurrencyMax, queueMax });
  return { closing, ...createAdmission({ gate, closing: closing.signal, logger: silentLogger, timeoutMaxS: 3600 }) };
}

Deno.test("createAdmission() runs waiting work highest priority first", async () => {
  const { acquireSlot, runGated } = admission();
  const first = await acquireSlot(head(5), performance.now(), () => 0);
  const order: string[] = [];
  const low = runGated(head(5), performance.now(), () => 1, () => order.push("low"));
  const high = runGated(head(5), performance.now(), () => 9, () => order.push("high"));
  await new Promise((r) => setTimeout(r, 20)); // both are queued
  first.done();
  await Promise.all([low, high]);
  assert.deepEqual(order, ["high", "low"]);
});

Deno.test("createAdmission() refuses with 408 past the timeout, 503 when the queue is full or the axon closes", async () => {
  const { acquireSlot, runGated, closing } = admission(1, 1);
  const held = await acquireSlot(head(5), performance.now(), () => 0);
  const late = runGated(head(0.05), performance.now(), () => 0, () => "never");
  await assert.rejects(
    runGated(head(5), performance.now(), () => 0, () => "no room"),
    (e) => e instanceof AxonReject && e.status === 503,
  );
  await assert.rejects(late, (e) => e instanceof AxonReject && e.status === 408);
  held.done();
  const running = runGated(head(5), performance.now(), () => 0, () => new Promise(() => {}));
  closing.abort();
  await assert.rejects(running, (e) => e instanceof AxonReject && e.status === 503);
});
