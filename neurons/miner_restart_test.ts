// A miner restarted at once: with the same address it skips serve_axon (the chain already holds it);
// with a new port inside the serving rate limit it waits the limit out and serves, never failing.
import assert from "node:assert/strict";
import { Subtensor } from "../chain/client.ts";
import { startDevnet } from "../devnet/devnet.ts";
import { registerDevNeurons } from "./dev_neurons.ts";
import { startMiner } from "./miner.ts";
import type { Logger } from "../protocol/logger.ts";
import { templateSubnet } from "../subnets/template/mod.ts";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";

function freePort(): number {
  using l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  return (l.addr as Deno.NetAddr).port;
}

Deno.test("startMiner() restarted within seconds skips an unchanged serve_axon and waits out ServingRateLimitExceeded", async () => {
  await cryptoReady();
  const dir = await Deno.makeTempDir({ prefix: "subnet-restart-" });
  await using net = await startDevnet({ port: 0, blockTimeMs: 100, tempo: 10, allowLocalIp: true });
  await using chain = await Subtensor.connect({ chainEndpoint: net.endpoint });
  const minerKey = keypairFromUri("//RestartMiner");
  await registerDevNeurons(chain, { funder: keypairFromUri("//Alice"), netuid: 1, keys: [minerKey], validators: [] });
  const events: string[] = [];
  const logger: Logger = {
    debug() {},
    info: (e) => void events.push(e),
    warn: (e) => void events.push(e),
    error: (e) => void events.push(e),
  };
  const run = async (port: number) => {
    const miner = await startMiner({
      chain,
      keypair: minerKey,
      netuid: 1,
      subnet: templateSubnet,
      port,
      hostname: "0.0.0.0",
      dataDir: `${dir}/miner`,
      pollMs: 100,
      logger,
    });
    await miner.stop();
  };
  try {
    const port = freePort();
    await run(port);
    assert.ok(events.includes("miner.serving"));
    assert.ok(!events.includes("miner.serve_unchanged"));
    events.length = 0;
    await run(port); // at once, same address
    assert.ok(events.includes("miner.serve_unchanged"), events.join(","));
    events.length = 0;
    await run(freePort()); // at once, a new port: inside ServingRateLimit (50 blocks)
    assert.ok(events.includes("miner.serve_wait"), events.join(","));
    assert.ok(events.includes("miner.serving"));
    const mg = await chain.metagraph(1);
    assert.equal(mg.neurons[mg.uidOf(minerKey.address)!].axon_info.ip, "127.0.0.1");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
