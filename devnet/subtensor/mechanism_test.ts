import assert from "node:assert/strict";
import { runEpoch } from "../yuma/epoch.ts";
import { account, errorOf, TestContext } from "./_test_context.ts";
import { epochInput } from "./coinbase.ts";
import { commitHash, commitWeights, revealWeights } from "./commit_reveal.ts";
import { S } from "./items.ts";
import { mechanismIndex, setEmissionSplit, setMechanismCount } from "./mechanism.ts";
import { burnedRegister } from "./registration.ts";
import { addStake } from "./stake.ts";
import { setWeights } from "./weights.ts";

const TAO = 1_000_000_000n;
const VALIDATORS = [account(20), account(21)];
const MINERS = [account(10), account(11), account(12)];

/**
 * Two validators (uids 1, 2) with 1000 and 3000 TAO, three miners (uids 3..5), permits from the epoch at
 * block 10; then, at block 11, `mechanisms` mechanisms.
 */
function subnet(mechanisms: number): TestContext {
  const ctx = new TestContext({ funded: [2, 3] });
  for (const v of VALIDATORS) burnedRegister(ctx, account(3), { netuid: 1, hotkey: v });
  for (const m of MINERS) burnedRegister(ctx, account(2), { netuid: 1, hotkey: m });
  addStake(ctx, account(3), { hotkey: VALIDATORS[0], netuid: 1, amount: 1000n * TAO });
  addStake(ctx, account(3), { hotkey: VALIDATORS[1], netuid: 1, amount: 3000n * TAO });
  ctx.advanceTo(10);
  ctx.next();
  if (mechanisms > 1) setMechanismCount(ctx, 1, mechanisms);
  return ctx;
}

const W_MAIN = [[3, 4, 5], [65535, 0, 0]] as const;
const W_V0 = [[3, 4, 5], [1, 2, 3]] as const;
const W_V1 = [[3, 4, 5], [3, 2, 1]] as const;

function weigh(ctx: TestContext, mecid: number, rows: readonly (readonly [readonly number[], readonly number[]])[]) {
  rows.forEach(([dests, weights], i) =>
    setWeights(ctx, VALIDATORS[i], { netuid: 1, mecid, dests, weights, versionKey: 0n })
  );
}

Deno.test("mechanismIndex() is netuid + mecid · 4096 (get_mechanism_storage_index)", () => {
  assert.equal(mechanismIndex(1, 0), 1);
  assert.equal(mechanismIndex(1, 1), 4097);
  assert.equal(mechanismIndex(4095, 15), 65535);
});

Deno.test("setMechanismCount() and setEmissionSplit() check as spec 343 does", async (t) => {
  const ctx = new TestContext();
  await t.step(
    "no such subnet",
    () => assert.equal(errorOf(() => setMechanismCount(ctx, 9, 2)), "MechanismDoesNotExist"),
  );
  await t.step("0 and above MaxMechanismCount (2)", () => {
    assert.equal(errorOf(() => setMechanismCount(ctx, 1, 0)), "InvalidValue");
    assert.equal(errorOf(() => setMechanismCount(ctx, 1, 3)), "InvalidValue");
  });
  await t.step("a split longer than the count or not summing to 65535", () => {
    assert.equal(errorOf(() => setEmissionSplit(ctx, 1, [30000, 35535])), "InvalidValue");
    setMechanismCount(ctx, 1, 2);
    assert.equal(errorOf(() => setEmissionSplit(ctx, 1, [30000, 30000])), "InvalidValue");
    assert.equal(errorOf(() => setEmissionSplit(ctx, 1, [])), "InvalidValue");
    setEmissionSplit(ctx, 1, [19660, 45875]);
    assert.deepEqual(ctx.store.get(S.MechanismEmissionSplit, 1), [19660, 45875]);
  });
  await t.step("a new count resets the split; a smaller one clears the dropped mechanism", () => {
    ctx.store.put(S.Weights, [4097, 0], [[0, 1]]);
    ctx.store.put(S.Incentive, [4097], [7]);
    setMechanismCount(ctx, 1, 1);
    assert.equal(ctx.store.get(S.MechanismEmissionSplit, 1), undefined);
    assert.equal(ctx.store.has(S.Weights, 4097, 0), false);
    assert.equal(ctx.store.has(S.Incentive, 4097), false);
  });
});

Deno.test("weights on mechanism 1 live under index 4097 with their own rate limit; mecid 2 does not exist", () => {
  const ctx = subnet(2);
  ctx.store.put(S.WeightsSetRateLimit, [1], 5n);
  weigh(ctx, 0, [W_V0]);
  weigh(ctx, 1, [W_V1]); // another mechanism: not rate limited by mechanism 0's update
  assert.deepEqual(ctx.store.get(S.Weights, 4097, 1).map(([d]) => d), [3, 4, 5]);
  assert.equal(ctx.store.get(S.LastUpdate, 4097)[1], BigInt(ctx.block));
  assert.equal(errorOf(() => weigh(ctx, 1, [W_V1])), "SettingWeightsTooFast");
  assert.equal(errorOf(() => weigh(ctx, 2, [W_V1])), "MechanismDoesNotExist");
  assert.ok(ctx.events.some(([, name, f]) => name === "WeightsSet" && f[0] === 4097));
});

Deno.test("golden: Yuma on mechanism 1 of a 2-mechanism subnet equals Yuma on a 1-mechanism subnet with the same weights", () => {
  const two = subnet(2);
  const one = subnet(1);
  setEmissionSplit(two, 1, [19660, 45875]);
  weigh(two, 0, [W_MAIN, W_MAIN]);
  weigh(two, 1, [W_V0, W_V1]);
  weigh(one, 0, [W_V0, W_V1]);
  // Same inputs for the same emission: the whole epoch output is equal.
  const a = runEpoch(epochInput(two, 1, 123_456_789n, 1));
  const b = runEpoch(epochInput(one, 1, 123_456_789n, 0));
  assert.deepEqual(a, b);
  // Through three real epochs (bonds carried over), the stored per-mechanism terms stay equal.
  for (const end of [20, 30, 40]) {
    two.advanceTo(end);
    one.advanceTo(end);
    assert.deepEqual(two.store.get(S.Incentive, 4097), one.store.get(S.Incentive, 1), `incentive at ${end}`);
    for (const uid of [1, 2]) assert.deepEqual(two.store.get(S.Bonds, 4097, uid), one.store.get(S.Bonds, 1, uid));
  }
  // Golden vectors: miners 3..5 weighted (1:2:3) by 1000 TAO and (3:2:1) by 3000 TAO.
  assert.deepEqual(one.store.get(S.Incentive, 1), [0, 0, 0, 29790, 23829, 11914]);
  assert.deepEqual(two.store.get(S.Incentive, 1), [0, 0, 0, 65535, 0, 0], "mechanism 0 follows its own weights");
  assert.deepEqual(one.store.get(S.Bonds, 1, 2), [[3, 8879], [4, 5919], [5, 2959]]);
});

Deno.test("a 30/70 split pays each mechanism's miners its share and folds dividends by share", () => {
  const ctx = subnet(2);
  setEmissionSplit(ctx, 1, [19660, 45875]);
  weigh(ctx, 0, [[[3], [1]], [[3], [1]]]);
  weigh(ctx, 1, [[[4], [1]], [[4], [1]]]);
  const before = MINERS.map((m) => ctx.store.get(S.TotalHotkeyAlpha, m, 1));
  ctx.advanceTo(20);
  const earned = MINERS.map((m, i) => ctx.store.get(S.TotalHotkeyAlpha, m, 1) - before[i]);
  assert.equal(earned[2], 0n);
  const ratio = Number(earned[1]) / Number(earned[0] + earned[1]);
  assert.ok(Math.abs(ratio - 0.7) < 0.001, `mechanism 1 miner got ${ratio} of the miners' emission`);
  assert.deepEqual(ctx.store.get(S.Incentive, 1).slice(3), [65535, 0, 0]);
  assert.deepEqual(ctx.store.get(S.Incentive, 4097).slice(3), [0, 65535, 0]);
  const emission = ctx.store.get(S.Emission, 1);
  assert.ok(emission[3] > 0n && emission[4] > 0n);
  assert.ok(ctx.events.some(([, name, f]) => name === "IncentiveAlphaEmittedToMiners" && f[0] === 4097));
});

Deno.test("commit and reveal on mechanism 1 hash the storage index and set that mechanism's weights", () => {
  const ctx = subnet(2);
  ctx.store.put(S.CommitRevealWeightsEnabled, [1], true);
  const v = VALIDATORS[0];
  const reveal = { netuid: 1, mecid: 1, uids: [3, 4], values: [1, 2], salt: [9], versionKey: 0n };
  assert.notDeepEqual(commitHash(v, reveal), commitHash(v, { ...reveal, mecid: 0 }));
  commitWeights(ctx, v, { netuid: 1, mecid: 1, commitHash: commitHash(v, reveal) });
  assert.equal(ctx.store.get(S.WeightCommits, 4097, v)?.length, 1);
  assert.equal(ctx.store.get(S.WeightCommits, 1, v), undefined);
  ctx.advanceTo(21); // the next epoch: the reveal window
  revealWeights(ctx, v, reveal);
  assert.deepEqual(ctx.store.get(S.Weights, 4097, 1), [[3, 32768], [4, 65535]]);
  assert.deepEqual(ctx.store.get(S.Weights, 1, 1), []);
});

Deno.test("a registration grows every mechanism's Incentive and LastUpdate (append_neuron)", () => {
  const ctx = subnet(2);
  const before = ctx.store.get(S.Incentive, 4097).length;
  burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(13) });
  const uid = ctx.store.get(S.SubnetworkN, 1) - 1;
  for (const index of [1, 4097]) assert.equal(ctx.store.get(S.LastUpdate, index)[uid], BigInt(ctx.block));
  assert.equal(ctx.store.get(S.Incentive, 4097).length, before + 1);
});
