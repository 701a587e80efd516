// `startDevnet({ genesis: "finney" })` (`subnet devnet --genesis finney`): finney's hyperparameters, and
// the weights rate limit refused at submission (1010, Custom(6)) as subtensor's transaction extension does.
import assert from "node:assert/strict";
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { startDevnet } from "../devnet.ts";
import { send } from "./_polkadot_send.ts";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const alice = keyring.addFromUri("//Alice"); // owner of subnet 1, uid 0

Deno.test("the finney preset: finney's hyperparameters; a second set_weights inside the rate limit is refused at submission with Custom(6); a limit-priced stake that would slip is refused", async () => {
  await using net = await startDevnet({ serve: false, instant: true, genesis: "finney" });
  const api = await ApiPromise.create({ provider: net.provider, noInitWarn: true, throwOnConnect: true });
  const tx = api.tx.subtensorModule;
  try {
    // deno-lint-ignore no-explicit-any
    const hp = (await (api.call as any).subnetInfoRuntimeApi.getSubnetHyperparams(1)).toJSON() as Record<
      string,
      unknown
    >;
    assert.equal(hp.tempo, 360);
    assert.equal(hp.commitRevealWeightsEnabled, true);
    assert.equal(hp.commitRevealPeriod, 1);
    assert.equal(hp.weightsRateLimit, 100);
    assert.equal(hp.activityCutoff, 5000);
    assert.equal(hp.immunityPeriod, 7200);
    assert.equal(hp.servingRateLimit, 10);

    // Commit–reveal is on: commits are rate limited at the pool (CommittingWeightsTooFast → Custom 6).
    const hash = new Uint8Array(32).fill(7);
    assert.equal(await send(api, tx.commitWeights(1, hash), alice), "ok");
    const second = await send(api, tx.commitWeights(1, new Uint8Array(32).fill(8)), alice);
    assert.match(second, /1010.*Custom error: 6/, second);

    // With commit–reveal off (the owner may switch it), set_weights meets the same limit at submission.
    assert.equal(await send(api, api.tx.adminUtils.sudoSetCommitRevealWeightsEnabled(1, false), alice), "ok");
    const early = await send(api, tx.setWeights(1, [0], [1], 0), alice);
    assert.match(early, /1010.*Custom error: 6/, "100 blocks have not passed since the commit");
    while (net.chain.best.number < 110) net.produceBlock();
    assert.equal(await send(api, tx.setWeights(1, [0], [1], 0), alice), "ok");
    const best = net.chain.best.number;
    const again = await send(api, tx.setWeights(1, [0], [1], 0), alice);
    assert.match(again, /1010.*Custom error: 6/, again);
    assert.equal(net.chain.best.number, best, "nothing was included: the pool refused it");

    // The subnet is a dynamic pool (1000 TAO / 1000 alpha): a limit-priced stake that would slip fails.
    // deno-lint-ignore no-explicit-any
    const price = Number((await (api.call as any).swapRuntimeApi.currentAlphaPrice(1)).toString());
    assert.equal(price, 1e9);
    const slip = tx.addStakeLimit(alice.address, 1, 100n * 10n ** 9n, 1_050_000_000n, false);
    assert.equal(await send(api, slip, alice), "SlippageTooHigh");
    const partial = tx.addStakeLimit(alice.address, 1, 100n * 10n ** 9n, 1_050_000_000n, true);
    assert.equal(await send(api, partial, alice), "ok");
    // deno-lint-ignore no-explicit-any
    const after = Number((await (api.call as any).swapRuntimeApi.currentAlphaPrice(1)).toString());
    assert.ok(after > 1e9 && after <= 1.051e9, `price ${after} stays under the limit`);
  } finally {
    await api.disconnect();
  }
});
