// Issue 7's end-to-end check, through the user-facing command: one validator weights three miners
// 1:2:3 with the Subtensor client, an epoch runs on the devnet, and `subnet metagraph --json` shows
// incentives in that proportion.
import assert from "node:assert/strict";
import { Subtensor } from "../../chain/client.ts";
import { captureIo } from "../../cli/_test_io.ts";
import { runCli } from "../../cli/mod.ts";
import { startDevnet } from "../../devnet/devnet.ts";
import { registerDevNeurons } from "../../neurons/dev_neurons.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";

Deno.test("weights 1:2:3 give incentives 1:2:3 in subnet metagraph --json after an epoch", async () => {
  await cryptoReady();
  await using net = await startDevnet({ port: 0, instant: true, tempo: 10 });
  await using chain = await Subtensor.connect({ provider: net.createProvider() });
  const validator = keypairFromUri("//YumaValidator");
  const miners = [1, 2, 3].map((i) => keypairFromUri(`//YumaMiner${i}`));
  await registerDevNeurons(chain, {
    funder: keypairFromUri("//Alice"),
    netuid: 1,
    keys: [validator, ...miners],
    validators: [validator],
  });
  // Permits come with an epoch; then the weights; then the epoch that turns them into incentive.
  const untilEpoch = () => {
    do net.produceBlock(); while (net.chain.best.number % 10 !== 0);
  };
  untilEpoch();
  const mg = await chain.metagraph(1);
  const uids = miners.map((m) => mg.uidOf(m.address)!);
  const result = await chain.setWeights(validator, { netuid: 1, uids, weights: [1, 2, 3] });
  assert.equal(result.kind, "set");
  untilEpoch();

  const io = captureIo();
  assert.equal(
    await runCli(["metagraph", "--netuid", "1", "--json", "--subtensor.chain_endpoint", net.endpoint], io),
    0,
  );
  const json = JSON.parse(io.out.join("\n"));
  const byUid = new Map(json.neurons.map((n: { uid: number }) => [n.uid, n]));
  const incentive = uids.map((uid) => (byUid.get(uid) as { incentive: number }).incentive);
  assert.ok(incentive[0] > 0);
  assert.ok(Math.abs(incentive[1] / incentive[0] - 2) < 1e-3, `ratio ${incentive[1] / incentive[0]}`);
  assert.ok(Math.abs(incentive[2] / incentive[0] - 3) < 1e-3, `ratio ${incentive[2] / incentive[0]}`);
  assert.ok(Math.abs(incentive.reduce((a, b) => a + b) - 1) < 1e-3);
  const v = byUid.get(mg.uidOf(validator.address)!) as { dividends: number; validator_permit: boolean };
  assert.ok(v.validator_permit && v.dividends > 0.99);
});
