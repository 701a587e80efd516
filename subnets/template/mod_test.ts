import assert from "node:assert/strict";
import { createAxon } from "../../neurons/axon.ts";
import { createDendrite } from "../../neurons/dendrite.ts";
import { serve } from "../../neurons/serve.ts";
import { silentLogger } from "../../protocol/logger.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";
import type { MinerKind } from "../subnet.ts";
import { templateReward, templateSubnet } from "./mod.ts";

Deno.test("templateReward() follows the template's checklist (subnet-template.md §3.4)", () => {
  assert.equal(templateReward(3, 6), 1);
  assert.equal(templateReward(3, 5), 0);
  assert.equal(templateReward(3, null), 0);
  assert.equal(templateReward(0, 1), 0);
  assert.equal(templateReward(0, 0), 1);
});

Deno.test("templateSubnet rewards honest miners 1 and wrong or slow ones 0 over real sockets", async () => {
  await cryptoReady();
  const controller = new AbortController();
  const kinds: MinerKind[] = ["honest", "wrong", "slow"];
  const servers = [];
  const axons = [];
  for (const [i, kind] of kinds.entries()) {
    const keypair = keypairFromUri(`//Miner${i}`);
    const axon = createAxon({ keypair });
    await templateSubnet.setupMiner({
      axon,
      blacklist: () => [false, "ok"],
      priority: () => 0,
      dataDir: "/nonexistent",
      kind,
      logger: silentLogger,
      signal: controller.signal,
    });
    const server = await serve(axon.fetch, { port: 0, hostname: "127.0.0.1", signal: controller.signal });
    servers.push({ server, axon });
    axons.push({ ip: "127.0.0.1", port: server.addr.port, hotkey: keypair.address });
  }
  const dendrite = createDendrite({ keypair: keypairFromUri("//Validator") });
  const rewards = await templateSubnet.validatorStep({
    dendrite,
    uids: [0, 1, 2],
    axons,
    step: 21,
    timeout: 0.5,
    dataDir: "/nonexistent",
    logger: silentLogger,
    signal: controller.signal,
  });
  assert.deepEqual(rewards, [1, 0, 0]);
  for (const { axon } of servers) axon.close();
  controller.abort();
  await Promise.all(servers.map(({ server }) => server.finished));
});
