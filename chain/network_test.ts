import assert from "node:assert/strict";
import { networkName, NETWORKS, resolveEndpoint } from "./network.ts";

Deno.test("resolveEndpoint() maps names to bittensor's endpoints and lets chain_endpoint win", () => {
  assert.equal(resolveEndpoint("finney"), "wss://entrypoint-finney.opentensor.ai:443");
  assert.equal(resolveEndpoint("test"), "wss://test.finney.opentensor.ai:443");
  assert.equal(resolveEndpoint("archive"), "wss://archive.chain.opentensor.ai:443");
  assert.equal(resolveEndpoint(), "ws://127.0.0.1:9944");
  assert.equal(resolveEndpoint("finney", "ws://10.0.0.1:9944"), "ws://10.0.0.1:9944");
  assert.equal(resolveEndpoint("ws://example.org:9944"), "ws://example.org:9944");
  assert.equal(networkName(NETWORKS.local), "local");
});

Deno.test("resolveEndpoint() refuses unknown names and HTTP URLs with what to use instead", () => {
  assert.throws(() => resolveEndpoint("mainnet"), /finney, test, archive, local/);
  assert.throws(() => resolveEndpoint("https://x.org"), /wss:\/\/x\.org/);
});
