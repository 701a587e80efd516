// The route table on its own: what a path leads to, its metrics label, and the names it refuses.
import assert from "node:assert/strict";
import { BaseSynapse } from "../protocol/synapse.ts";
import { specDummy } from "../tests/_spec_synapse.ts";
import { RouteTable } from "./axon_routes.ts";

const forward = { forward: <S>(s: S) => s };

Deno.test("RouteTable.match() finds synapse routes at /Name and plain routes at their exact path", () => {
  const routes = new RouteTable();
  routes.addSynapse(BaseSynapse, forward, {});
  routes.addSynapse(specDummy, forward, {});
  routes.addPlain("/v1/echo", (body) => body, { timeout: 3 });
  const dummy = routes.match("/Dummy");
  assert.equal(dummy.kind, "synapse");
  assert.equal(dummy.label, "Dummy");
  assert.equal(dummy.kind === "synapse" && dummy.route.type, specDummy);
  const echo = routes.match("/v1/echo");
  assert.equal(echo.kind, "plain");
  assert.equal(echo.label, "/v1/echo");
  assert.equal(echo.kind === "plain" && echo.route.options.timeout, 3);
  assert.deepEqual(routes.match("/Dummy/more"), { kind: "none", label: "unknown", name: "Dummy" });
  assert.deepEqual(routes.match("/Nope"), { kind: "none", label: "unknown", name: "Nope" });
  assert.deepEqual(routes.match("/"), { kind: "none", label: "unknown", name: "" });
  assert.deepEqual(routes.synapseNames, ["Synapse", "Dummy"]);
});

Deno.test("RouteTable refuses names that are not Python identifiers, metrics, duplicates and shadowing paths", () => {
  const routes = new RouteTable();
  routes.addSynapse(BaseSynapse, forward, {});
  routes.addSynapse(BaseSynapse, forward, {}); // Synapse may be replaced
  routes.addSynapse(specDummy, forward, {});
  assert.throws(() => routes.addSynapse(specDummy, forward, {}), /already attached/);
  for (const name of ["metrics", "1abc", "a-b", "a/b", ""]) {
    assert.throws(() => routes.addSynapse({ ...specDummy, name }, forward, {}), RangeError, name);
  }
  assert.throws(() => routes.addPlain("echo", (b) => b, {}), /must start with "\/"/);
  assert.throws(() => routes.addPlain("/Dummy", (b) => b, {}), /not shadow a synapse/);
});
