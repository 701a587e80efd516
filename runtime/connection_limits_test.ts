import assert from "node:assert/strict";
import { ConnectionTable } from "./connection_limits.ts";

Deno.test("ConnectionTable.admit() holds one IP to connectionsPerIpMax, evicting its longest-waiting connection", () => {
  const table = new ConnectionTable({ connectionsPerIpMax: 2, connectionsMax: 100, evictAfterMs: 0 });
  const closed: string[] = [];
  for (const name of ["a1", "a2", "a3", "a4"]) assert.ok(table.admit("10.0.0.1", () => closed.push(name), 0));
  assert.equal(table.countOf("10.0.0.1"), 2);
  assert.deepEqual(closed, ["a1", "a2"]);
  assert.ok(table.admit("10.0.0.2", () => closed.push("b1"), 0), "another IP still gets in");
  assert.equal(table.countOf("10.0.0.2"), 1);
  assert.equal(table.size, 3);
});

Deno.test("ConnectionTable.admit() evicts only connections that waited evictAfterMs, and sweep() closes late ones", () => {
  const table = new ConnectionTable({ connectionsPerIpMax: 1, evictAfterMs: 1_000, headerTimeoutMs: 5_000 });
  const closed: string[] = [];
  const a = table.admit("10.0.0.1", () => closed.push("a"), 0)!;
  assert.equal(table.admit("10.0.0.1", () => closed.push("b"), 500), null, "a waited 500 ms: the newcomer is refused");
  assert.ok(table.admit("10.0.0.1", () => closed.push("c"), 1_500), "a waited 1.5 s: evicted for the newcomer");
  assert.deepEqual(closed, ["a"]);
  assert.equal(a.state, "waiting");
  const busy = new ConnectionTable({ connectionsPerIpMax: 1, evictAfterMs: 0 });
  const x = busy.admit("10.0.0.2", () => closed.push("x"), 0)!;
  busy.requestStarted(x, 0);
  assert.equal(busy.admit("10.0.0.2", () => closed.push("y"), 10_000), null, "a busy connection is never evicted");
  busy.requestEnded(x, 10_000);
  assert.equal(busy.sweep(10_000 + 30_001), 1, "idle past idleTimeoutMs: closed");
  assert.deepEqual(closed, ["a", "x"]);
});
