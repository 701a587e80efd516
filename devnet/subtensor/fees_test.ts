// Fees as subtensor charges them: the formula's parts, and on a running devnet that what `paymentInfo`,
// `payment_queryInfo` and `query_fee_details` quote is exactly what the block takes from the balance.
import assert from "node:assert/strict";
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import type { SubmittableExtrinsic } from "@polkadot/api/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { startDevnet } from "../devnet.ts";
import { send } from "./_polkadot_send.ts";
import { dispatchWeight, extensionWeight, inclusionFee, transactionFee, weightToFee } from "./fees.ts";

Deno.test("weightToFee() is refTime / 20,000 to the nearest RAO, a half rounding down", () => {
  assert.equal(weightToFee(0n), 0n);
  assert.equal(weightToFee(10_000n), 0n);
  assert.equal(weightToFee(10_001n), 1n);
  assert.equal(weightToFee(20_000n), 1n);
  assert.equal(weightToFee(115_480_000n), 5_774n);
});

Deno.test("transactionFee() is base + length + weight fee of the declared and extension weights", async (t) => {
  await t.step("the extensions of spec 343 weigh 443.643 µs, 7 reads and 2 writes among them", () => {
    const own = 527_000n + 461_000n + 439_000n + 4_160_000n + 6_523_000n + 4_747_000n + 51_786_000n;
    assert.equal(extensionWeight().refTime, own + 7n * 25_000_000n + 2n * 100_000_000n);
  });
  await t.step("transfer_keep_alive: 38.159 µs + 1 read + 1 write", () => {
    const weight = dispatchWeight("Balances", "transfer_keep_alive");
    assert.equal(weight.refTime, 38_159_000n + 25_000_000n + 100_000_000n + 443_643_000n);
    assert.equal(transactionFee({ weight, paysFee: true }, 146), 5_774n + 146n + 30_340n);
  });
  await t.step("add_stake: 340.8 µs + 25 reads + 16 writes", () => {
    const weight = dispatchWeight("SubtensorModule", "add_stake");
    const total = 340_800_000n + 25n * 25_000_000n + 16n * 100_000_000n + 443_643_000n;
    assert.equal(weight.refTime, total);
    assert.equal(transactionFee({ weight, paysFee: true }, 150), 5_774n + 150n + weightToFee(total));
  });
  await t.step("Pays::No pays nothing, whatever its weight and length", () => {
    const weight = dispatchWeight("SubtensorModule", "set_weights");
    assert.equal(transactionFee({ weight, paysFee: false }, 500), 0n);
    assert.equal(inclusionFee({ weight, paysFee: false }, 500), null);
  });
});

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const alice = keyring.addFromUri("//Alice");
const bob = keyring.addFromUri("//Bob");
const hot = keyring.addFromUri("//FeesHotkey");
const TAO = 1_000_000_000n;

Deno.test("the devnet charges what it quotes: transfer and add_stake", async () => {
  await using net = await startDevnet({ serve: false, instant: true });
  const api = await ApiPromise.create({ provider: net.provider, noInitWarn: true, throwOnConnect: true });
  const free = async (who: string) =>
    BigInt(((await api.query.system.account(who)).toJSON() as { data: { free: number | string } }).data.free);
  /** Quotes `tx` three ways, checks they agree with the formula, sends it, returns [quoted fee, balance drop]. */
  const quoteAndSend = async (make: () => SubmittableExtrinsic<"promise">, pallet: string, call: string) => {
    const info = await make().paymentInfo(bob);
    const signed = await make().signAsync(bob);
    const length = signed.encodedLength;
    const weight = dispatchWeight(pallet, call);
    const expected = transactionFee({ weight, paysFee: true }, length);
    assert.equal(info.partialFee.toBigInt(), expected, `${call}: paymentInfo`);
    assert.equal(info.weight.refTime.toBigInt(), weight.refTime, `${call}: weight`);
    // the legacy RPCs, raw (@polkadot/api decodes payment_queryInfo's weight as the old u64)
    const rpc = await net.provider.send<{ partialFee: string }>("payment_queryInfo", [signed.toHex()]);
    assert.equal(BigInt(rpc.partialFee), expected, `${call}: payment_queryInfo`);
    type Details = { inclusionFee: { baseFee: string; lenFee: string; adjustedWeightFee: string } };
    const details = (await net.provider.send<Details>("payment_queryFeeDetails", [signed.toHex()])).inclusionFee;
    assert.equal(BigInt(details.baseFee), 5_774n);
    assert.equal(BigInt(details.lenFee), BigInt(length));
    assert.equal(BigInt(details.adjustedWeightFee), weightToFee(weight.refTime));
    const viaApi = await api.call.transactionPaymentApi.queryFeeDetails(signed.toU8a(), length);
    const parts = (viaApi.toJSON() as { inclusionFee: { lenFee: number; adjustedWeightFee: number } }).inclusionFee;
    assert.equal(BigInt(parts.lenFee), BigInt(length), `${call}: query_fee_details`);
    assert.equal(BigInt(parts.adjustedWeightFee), weightToFee(weight.refTime));
    const before = await free(bob.address);
    assert.equal(await send(api, make(), bob), "ok");
    return [expected, before - await free(bob.address)];
  };
  try {
    const [transferFee, transferDrop] = await quoteAndSend(
      () => api.tx.balances.transferKeepAlive(alice.address, 5n * TAO),
      "Balances",
      "transfer_keep_alive",
    );
    assert.equal(transferDrop, 5n * TAO + transferFee);

    assert.equal(await send(api, api.tx.subtensorModule.burnedRegister(1, hot.address), bob), "ok");
    const [stakeFee, stakeDrop] = await quoteAndSend(
      () => api.tx.subtensorModule.addStake(hot.address, 1, 10n * TAO),
      "SubtensorModule",
      "add_stake",
    );
    assert.equal(stakeDrop, 10n * TAO + stakeFee);
    assert.ok(stakeFee > transferFee, `add_stake ${stakeFee} > transfer ${transferFee}`);

    const setWeights = await api.tx.subtensorModule.setWeights(1, [0], [65535], 0).paymentInfo(bob);
    assert.equal(setWeights.partialFee.toBigInt(), 0n, "Pays::No");
  } finally {
    await api.disconnect();
  }
});

Deno.test("an unstake's fee is taken in alpha when the coldkey's free TAO cannot pay it; a transfer is refused", async () => {
  await using net = await startDevnet({ serve: false, instant: true });
  const api = await ApiPromise.create({ provider: net.provider, noInitWarn: true, throwOnConnect: true });
  const poor = keyring.addFromUri("//FeesPoorColdkey");
  const free = async (who: string) =>
    BigInt(((await api.query.system.account(who)).toJSON() as { data: { free: number | string } }).data.free);
  const stake = async () =>
    BigInt(
      // deno-lint-ignore no-explicit-any
      ((await (api.call as any).stakeInfoRuntimeApi.getStakeInfoForHotkeyColdkeyNetuid(hot.address, poor.address, 1))
        .toJSON()?.stake ?? 0).toString(),
    );
  try {
    assert.equal(await send(api, api.tx.balances.transferKeepAlive(poor.address, 10n * TAO), alice), "ok");
    assert.equal(await send(api, api.tx.subtensorModule.burnedRegister(1, hot.address), bob), "ok");
    // stake everything but 600 RAO (the existential deposit is 500): no TAO is left for a fee
    const probe = await api.tx.subtensorModule.addStake(hot.address, 1, 1n).paymentInfo(poor);
    const amount = 10n * TAO - probe.partialFee.toBigInt() - 600n;
    assert.equal(await send(api, api.tx.subtensorModule.addStake(hot.address, 1, amount), poor), "ok");
    assert.equal(await free(poor.address), 600n);
    const staked = await stake();
    assert.equal(staked, amount, "subnet 1 of the devnet genesis is a 1:1 pool");

    const refused = await send(api, api.tx.balances.transferKeepAlive(alice.address, 1n), poor);
    assert.match(refused, /rejected: .*1010.*Inability to pay some fees/, refused);

    const unstake = () => api.tx.subtensorModule.removeStake(hot.address, 1, TAO);
    const fee = (await unstake().paymentInfo(poor)).partialFee.toBigInt();
    assert.equal(await send(api, unstake(), poor), "ok");
    assert.equal(await stake(), staked - TAO - fee, "the fee came out of the stake, 1 alpha per RAO on a 1:1 pool");
    assert.equal(await free(poor.address), 600n + TAO, "the whole unstake reached the free balance");
  } finally {
    await api.disconnect();
  }
});
