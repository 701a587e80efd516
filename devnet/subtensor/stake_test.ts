import assert from "node:assert/strict";
import { account, errorOf, TestContext } from "./_test_context.ts";
import { S } from "./items.ts";
import { burnedRegister } from "./registration.ts";
import { addStake, MIN_STAKE_RAO, removeStake, stakeOf } from "./stake.ts";

const TAO = 1_000_000_000n;

Deno.test("addStake()/removeStake() move TAO into alpha 1:1 on the stable genesis subnet", () => {
  const ctx = new TestContext({ funded: [2, 3] });
  const hot = account(10);
  const cold = account(2);
  const args = { hotkey: hot, netuid: 1, amount: 100n * TAO };
  assert.equal(errorOf(() => addStake(ctx, cold, args)), "HotKeyAccountNotExists");
  burnedRegister(ctx, cold, { netuid: 1, hotkey: hot });
  assert.equal(errorOf(() => addStake(ctx, cold, { ...args, netuid: 9 })), "SubnetNotExists");
  assert.equal(errorOf(() => addStake(ctx, cold, { ...args, amount: MIN_STAKE_RAO - 1n })), "AmountTooLow");
  assert.equal(errorOf(() => addStake(ctx, account(4), args)), "NotEnoughBalanceToStake");
  const before = ctx.balances.free(cold);
  assert.equal(addStake(ctx, cold, args), 100n * TAO);
  assert.equal(ctx.balances.free(cold), before - 100n * TAO);
  assert.equal(ctx.store.get(S.TotalHotkeyAlpha, hot, 1), 100n * TAO);
  // A nominator staking to the same hotkey gets its own shares.
  addStake(ctx, account(3), { ...args, amount: 50n * TAO });
  assert.equal(stakeOf(ctx.store, hot, account(3), 1), 50n * TAO);
  assert.equal(stakeOf(ctx.store, hot, cold, 1), 100n * TAO);
  assert.equal(errorOf(() => removeStake(ctx, cold, { ...args, amount: 101n * TAO })), "NotEnoughStakeToWithdraw");
  assert.equal(errorOf(() => removeStake(ctx, cold, { ...args, amount: 0n })), "AmountTooLow");
  assert.equal(removeStake(ctx, cold, { ...args, amount: 40n * TAO }), 40n * TAO);
  assert.equal(stakeOf(ctx.store, hot, cold, 1), 60n * TAO);
  assert.equal(ctx.store.get(S.TotalHotkeyAlpha, hot, 1), 110n * TAO);
  assert.deepEqual(ctx.events.at(-1)?.slice(0, 2), ["SubtensorModule", "StakeRemoved"]);
});
