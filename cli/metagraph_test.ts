// The fixtures README's metagraph expectation (netuid 1, n = 1024, block 6852690) through the CLI,
// against the replay server over WebSocket.
import assert from "node:assert/strict";
import { runCli } from "./mod.ts";
import { finneyFixturesPresent, loadFinneyFixtures, ReplayNode } from "../tests/replay/node.ts";
import { serveReplay } from "../tests/replay/provider.ts";
import { captureIo } from "./_test_io.ts";

Deno.test({
  name: "subnet metagraph --json prints netuid 1 with n = 1024 at block 6852690",
  ignore: !finneyFixturesPresent(),
}, async () => {
  await using server = serveReplay(new ReplayNode(await loadFinneyFixtures(), { scenario: "metagraph" }));
  const io = captureIo();
  const code = await runCli(["metagraph", "--netuid", "1", "--json", "--subtensor.chain_endpoint", server.url], io);
  assert.equal(code, 0, io.err.join("\n"));
  const doc = JSON.parse(io.out.join("\n"));
  assert.equal(doc.netuid, 1);
  assert.equal(doc.n, 1024);
  assert.equal(doc.block, 6852690);
  assert.equal(doc.neurons.length, 1024);
  const n0 = doc.neurons[0];
  assert.deepEqual(Object.keys(n0), [
    "uid",
    "hotkey",
    "coldkey",
    "stake_rao",
    "alpha_stake_rao",
    "tao_stake_rao",
    "total_stake_rao",
    "validator_permit",
    "active",
    "incentive",
    "dividends",
    "consensus",
    "validator_trust",
    "emission",
    "last_update",
    "axon",
    "trust",
    "rank",
    "block_at_registration",
  ]);
  assert.equal(n0.hotkey, "5DkMmXtWf16RNdusZGCrJ7ca7ADPgRnZLVWCWbgA7s7sy1AQ");
  assert.equal(n0.stake_rao, 2557172316);
  assert.equal(n0.alpha_stake_rao, n0.stake_rao); // through the mechagraph, stake_rao is the alpha stake
  assert.equal(n0.tao_stake_rao, 0);
  assert.equal(n0.total_stake_rao, 2557172316);
  assert.equal(doc.mechid, 0);
  assert.equal(doc.mechanism_count, 1);
  assert.equal(doc.name, "Apex");
  assert.equal(doc.tempo, 99);
  // 3235789677 = 0xC0DE3B6D
  assert.deepEqual(n0.axon, { ip: "192.222.59.109", port: 6028, version: 9011001 });
});

Deno.test("subnet metagraph says how to start a devnet when nothing answers", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const io = captureIo();
  const code = await runCli(["metagraph", "--netuid", "1", "--subtensor.chain_endpoint", `ws://127.0.0.1:${port}`], io);
  assert.equal(code, 1);
  assert.match(io.err.join("\n"), /subnet devnet/);
});
