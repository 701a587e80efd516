import assert from "node:assert/strict";
import { account, errorOf, TestContext } from "./_test_context.ts";
import { S } from "./items.ts";
import { registerNetwork, startCall } from "./network.ts";
import { maxAmountAdd, maxAmountRemove, poolPrice, quoteSwap, RAO_PER_TAO, swapFee } from "./pool.ts";
import { addStake, MIN_STAKE_RAO, removeStake, stakeOf } from "./stake.ts";

const TAO = RAO_PER_TAO;
const POOL = { tao: 1000n * TAO, alpha: 1000n * TAO, dynamic: true };

Deno.test("quoteSwap() takes 33/65535 of the input as fee on a dynamic pool, none on a stable one", () => {
  assert.equal(swapFee(TAO), 503_547n);
  const q = quoteSwap(POOL, TAO, true);
  assert.equal(q.fee, 503_547n);
  assert.equal(q.paidOut, (1000n * TAO * (TAO - q.fee)) / (1000n * TAO + TAO - q.fee));
  assert.deepEqual(quoteSwap({ ...POOL, dynamic: false }, TAO, true), { paidIn: TAO, paidOut: TAO, fee: 0n });
});

Deno.test("maxAmountAdd()/maxAmountRemove() stop at the limit price (get_max_amount_add / _remove)", () => {
  assert.equal(poolPrice(POOL), TAO);
  assert.equal(maxAmountAdd(POOL, TAO), 0n, "a limit at the price buys nothing");
  const add = maxAmountAdd(POOL, 1_210_000_000n); // price 1.21 after (1000 + 100)² / 1000²
  const after = quoteSwap(POOL, add, true);
  const priceAfter = ((POOL.tao + add) * TAO) / (POOL.alpha - after.paidOut);
  assert.ok(priceAfter <= 1_210_000_000n + 1_000_000n && priceAfter > 1_200_000_000n, `${priceAfter}`);
  assert.equal(maxAmountRemove(POOL, 0n), (1n << 64n) - 1n, "no limit");
  assert.equal(maxAmountRemove(POOL, TAO), 0n);
  const remove = maxAmountRemove(POOL, 810_000_000n); // price 0.81 after selling ~111 alpha
  assert.ok(remove > 110n * TAO && remove < 112n * TAO, `${remove}`);
  assert.equal(maxAmountAdd({ ...POOL, dynamic: false }, TAO), (1n << 64n) - 1n);
  assert.equal(maxAmountAdd({ ...POOL, dynamic: false }, TAO - 1n), 0n);
});

function dynamicSubnet(): TestContext {
  const ctx = new TestContext({ funded: [3, 4] });
  ctx.block = 20;
  registerNetwork(ctx, account(3), { hotkey: account(30), tempo: 10 }); // netuid 2: 1000 TAO / 1000 alpha seeded
  startCall(ctx, account(3), { netuid: 2 });
  return ctx;
}

Deno.test("add_stake_limit: a stake that would slip past the limit fails with SlippageTooHigh; allow_partial buys what fits", () => {
  const ctx = dynamicSubnet();
  const args = { hotkey: account(30), netuid: 2, amount: 500n * TAO };
  assert.equal(errorOf(() => addStake(ctx, account(4), { ...args, limitPrice: TAO / 2n })), "ZeroMaxStakeAmount");
  const before = ctx.balances.free(account(4));
  assert.equal(errorOf(() => addStake(ctx, account(4), { ...args, limitPrice: 1_100_000_000n })), "SlippageTooHigh");
  assert.equal(ctx.balances.free(account(4)), before, "nothing charged by the failed call itself");
  const fits = maxAmountAdd({
    tao: ctx.store.get(S.SubnetTAO, 2),
    alpha: ctx.store.get(S.SubnetAlphaIn, 2),
    dynamic: true,
  }, 1_100_000_000n);
  addStake(ctx, account(4), { ...args, limitPrice: 1_100_000_000n, allowPartial: true });
  assert.equal(ctx.balances.free(account(4)), before - fits, "only the part under the limit was staked");
  const price = (ctx.store.get(S.SubnetTAO, 2) * TAO) / ctx.store.get(S.SubnetAlphaIn, 2);
  assert.ok(price <= 1_100_000_000n + 1_000_000n, `price after ${price}`);
  const fee = ctx.events.findLast(([, n]) => n === "StakeAdded")?.[2][5] as bigint;
  assert.equal(fee, swapFee(fits));
});

Deno.test("the minimum stake includes the swap fee; remove_stake_limit honours the limit", () => {
  const ctx = dynamicSubnet();
  const args = { hotkey: account(30), netuid: 2 };
  assert.equal(errorOf(() => addStake(ctx, account(4), { ...args, amount: MIN_STAKE_RAO })), "AmountTooLow");
  addStake(ctx, account(4), { ...args, amount: MIN_STAKE_RAO + swapFee(MIN_STAKE_RAO) });
  addStake(ctx, account(4), { ...args, amount: 200n * TAO });
  const held = stakeOf(ctx.store, account(30), account(4), 2);
  assert.equal(
    errorOf(() => removeStake(ctx, account(4), { ...args, amount: held, limitPrice: 2n * TAO })),
    "ZeroMaxStakeAmount",
  );
  assert.equal(
    errorOf(() => removeStake(ctx, account(4), { ...args, amount: held, limitPrice: 1_300_000_000n })),
    "SlippageTooHigh",
  );
  const tao = removeStake(ctx, account(4), { ...args, amount: held, limitPrice: 1_300_000_000n, allowPartial: true });
  assert.ok(tao > 0n && stakeOf(ctx.store, account(30), account(4), 2) > 0n, "a part was sold, a part kept");
});
