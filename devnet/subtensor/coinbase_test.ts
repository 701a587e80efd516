import assert from "node:assert/strict";
import { account, TestContext } from "./_test_context.ts";
import { blockEmissionFor } from "./coinbase.ts";
import { HEAD_ONLY_ITEMS, S } from "./items.ts";
import { burnedRegister } from "./registration.ts";
import { addStake } from "./stake.ts";
import { setWeights } from "./weights.ts";

const TAO = 1_000_000_000n;

Deno.test("blockEmissionFor() halves at half the supply (chain.md §8.2)", () => {
  assert.equal(blockEmissionFor(0n), TAO);
  assert.equal(blockEmissionFor(10_499_999n * TAO), TAO);
  assert.equal(blockEmissionFor(10_500_000n * TAO), TAO / 2n);
  assert.equal(blockEmissionFor(21_000_000n * TAO), 0n);
});

Deno.test("blockStep() runs an epoch every tempo blocks; with legacyEpoch at (block + netuid + 1) % (tempo + 1) == 0", () => {
  const ctx = new TestContext();
  const ran: number[] = [];
  for (let i = 0; i < 30; i++) if (ctx.next().length) ran.push(ctx.block);
  assert.deepEqual(ran, [10, 20, 30]);
  assert.equal(ctx.store.get(HEAD_ONLY_ITEMS.SubnetEpochIndex, 1), 3n);
  const legacy = new TestContext();
  legacy.config.legacyEpoch = true;
  const ranLegacy: number[] = [];
  for (let i = 0; i < 30; i++) if (legacy.next().length) ranLegacy.push(legacy.block);
  assert.deepEqual(ranLegacy, [9, 20, 31]);
});

Deno.test("blockStep() accumulates alpha per block: 18% owner cut, the rest half miners, half validators", () => {
  const ctx = new TestContext();
  ctx.advanceTo(5); // blocks 2..5 emit (FirstEmissionBlockNumber = 1; block 1 never ran its step here)
  const perBlock = TAO;
  const cut = (perBlock * 11_796n) / 65535n;
  assert.equal(ctx.store.get(S.PendingOwnerCut, 1), 4n * cut);
  assert.equal(ctx.store.get(S.PendingServerEmission, 1), 4n * ((perBlock - cut) / 2n));
  assert.equal(ctx.store.get(S.SubnetAlphaOut, 1), 4n * perBlock);
});

Deno.test("one validator weighting three miners 1:2:3 gives them incentive 1:2:3 after an epoch (issue 7)", () => {
  const ctx = new TestContext({ funded: [2, 3] });
  const validator = account(20);
  burnedRegister(ctx, account(3), { netuid: 1, hotkey: validator }); // uid 1
  for (let i = 0; i < 3; i++) burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(10 + i) }); // uids 2..4
  addStake(ctx, account(3), { hotkey: validator, netuid: 1, amount: 1000n * TAO });
  ctx.advanceTo(10); // first epoch: the validator earns its permit
  assert.equal(ctx.store.get(S.ValidatorPermit, 1)[1], true);
  ctx.next();
  setWeights(ctx, validator, { netuid: 1, dests: [2, 3, 4], weights: [1, 2, 3], versionKey: 0n });
  ctx.advanceTo(20);
  const incentive = ctx.store.get(S.Incentive, 1);
  assert.deepEqual(incentive.slice(2), [10922, 21844, 32767]); // 1:2:3 in I32F32, floored to u16
  assert.equal(incentive[1], 0);
  assert.equal(ctx.store.get(S.Dividends, 1)[1], 65535);
  const emission = ctx.store.get(S.Emission, 1);
  assert.ok(emission[4] > emission[3] && emission[3] > emission[2] && emission[2] > 0n);
  // Miners are paid in alpha stake under their coldkey.
  assert.equal(ctx.store.get(S.TotalHotkeyAlpha, account(12), 1), emission[4]);
  assert.deepEqual(ctx.store.get(S.Active, 1), [true, true, true, true, true]);
  assert.equal(ctx.store.get(S.Bonds, 1, 1).length, 3);
});

Deno.test("the epoch masks weights to uids registered after a live timelocked commit (chain.md §9 W5)", () => {
  const ctx = new TestContext({ funded: [2, 3] });
  const validator = account(20);
  burnedRegister(ctx, account(3), { netuid: 1, hotkey: validator }); // uid 1
  burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(10) }); // uid 2, block 1
  addStake(ctx, account(3), { hotkey: validator, netuid: 1, amount: 1000n * TAO });
  ctx.advanceTo(10); // permit
  ctx.store.put(S.CommitRevealWeightsEnabled, [1], true);
  ctx.store.put(S.TimelockedWeightCommits, [1, 1n], [[validator, 11n, new Uint8Array([1]), 99n]]);
  ctx.advanceTo(12);
  burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(11) }); // uid 3, block 12 > commit block 11
  ctx.advanceTo(13);
  ctx.store.put(S.Weights, [1, 1], [[2, 65535], [3, 65535]]);
  ctx.store.mutate(S.LastUpdate, [1], (v) => v.map((x, i) => (i === 1 ? 13n : x)));
  ctx.advanceTo(20);
  const incentive = ctx.store.get(S.Incentive, 1);
  assert.equal(incentive[2], 65535);
  assert.equal(incentive[3], 0, "registered after the validator's live commit");
});

Deno.test("blockStep() finds subnets with gaps in their netuids (genesis subnet 21)", () => {
  const ctx = new TestContext({ netuid: 21 });
  const ran: number[] = [];
  for (let i = 0; i < 10; i++) ran.push(...ctx.next());
  assert.deepEqual(ran, [21]);
  assert.equal(ctx.store.get(S.LastMechansimStepBlock, 21), 10n);
  assert.ok(ctx.store.get(S.SubnetAlphaOut, 21) > 0n, "netuid 21 emits");
});

Deno.test("AlphaDividendsPerSubnet holds the last epoch's dividends after the validator's take, cleared each epoch", () => {
  const ctx = new TestContext({ funded: [2, 3] });
  const validator = account(20);
  burnedRegister(ctx, account(3), { netuid: 1, hotkey: validator });
  burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(10) });
  addStake(ctx, account(3), { hotkey: validator, netuid: 1, amount: 1000n * TAO });
  ctx.advanceTo(10);
  ctx.next();
  setWeights(ctx, validator, { netuid: 1, dests: [2], weights: [1], versionKey: 0n });
  const before = ctx.store.get(S.TotalHotkeyAlpha, validator, 1);
  ctx.advanceTo(20);
  const earned = ctx.store.get(S.TotalHotkeyAlpha, validator, 1) - before;
  const recorded = ctx.store.get(S.AlphaDividendsPerSubnet, 1, validator);
  const take = BigInt(ctx.store.get(S.Delegates, validator));
  assert.ok(recorded > 0n && recorded < earned, `${recorded} of ${earned}`);
  assert.equal(recorded, earned - (earned * take) / 65535n);
  // A stale entry from an earlier epoch is gone after the next one.
  ctx.store.put(S.AlphaDividendsPerSubnet, [1, account(99)], 5n);
  ctx.advanceTo(30);
  assert.equal(ctx.store.has(S.AlphaDividendsPerSubnet, 1, account(99)), false);
});
