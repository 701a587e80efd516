import assert from "node:assert/strict";
import { ConnectionTable } from "./connection_limits.ts";

Deno.test("ConnectionTable.admit() holds one IP to connectionsPerIpMax, evicting its longest-waiting connection", () => {
  const table = new ConnectionTable({ connectionsPerIpMax: 2, connectionsMax: 100 });
  const closed: string[] = [];
  for (const name of ["a1", "a2", "a3", "a4"]) assert.ok(table.admit("10.0.0.1", () => closed.push(name), 0));
  assert.equal(table.countOf("10.0.0.1"), 2);
  assert.deepEqual(closed, ["a1", "a2"]);
  assert.ok(table.admit("10.0.0.2", () => closed.push("b1"), 0), "another IP still gets in");
  assert.equal(table.countOf("10.0.0.2"), 1);
  assert.equal(table.size, 3);
});
