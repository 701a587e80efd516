import assert from "node:assert/strict";
import { ForkRpc, NodeRpcError, resolveEndpoint } from "./rpc.ts";
import { startDevnet } from "../devnet.ts";

Deno.test("resolveEndpoint() takes network names and ws/http endpoints, and refuses the rest", () => {
  assert.equal(resolveEndpoint("finney"), "wss://entrypoint-finney.opentensor.ai:443");
  assert.equal(resolveEndpoint("http://127.0.0.1:9944"), "ws://127.0.0.1:9944");
  assert.throws(() => resolveEndpoint("127.0.0.1:9944"), /give finney, test, local or a ws:\/\/ or wss:\/\/ endpoint/);
});

Deno.test("ForkRpc answers in flight at once, and a node's error is not retried", async () => {
  await using net = await startDevnet({ port: 0, instant: true });
  await using rpc = await ForkRpc.connect(net.endpoint, { retries: 2, backoffMs: 10 });
  const hashes = await Promise.all([0, 0, 0].map((n) => rpc.call<string>("chain_getBlockHash", [n])));
  assert.equal(new Set(hashes).size, 1);
  const before = rpc.answered;
  await assert.rejects(rpc.call("no_such_method", []), NodeRpcError);
  assert.equal(rpc.answered, before + 1);
});
