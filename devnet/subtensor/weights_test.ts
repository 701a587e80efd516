import assert from "node:assert/strict";
import { account, errorOf, TestContext } from "./_test_context.ts";
import { S } from "./items.ts";
import { burnedRegister } from "./registration.ts";
import { maxUpscaleU16, maxWeightWithinLimit, setWeights } from "./weights.ts";

function subnetWithMiners(count: number): TestContext {
  const ctx = new TestContext({ funded: [2, 3, 4, 5, 6, 7] });
  for (let i = 0; i < count; i++) burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(10 + i) });
  return ctx;
}

Deno.test("maxUpscaleU16() scales the largest weight to 65535 with I32F32 rounding (chain.md §4.1 step 14)", () => {
  assert.deepEqual(maxUpscaleU16([1, 2, 3]), [21845, 43690, 65535]);
  assert.deepEqual(maxUpscaleU16([0, 0]), [0, 0]);
  assert.deepEqual(maxUpscaleU16([65535, 32768]), [65535, 32768]);
  assert.deepEqual(maxUpscaleU16([127, 127]), [65535, 65535]); // GV2: 65535/512 = 127 upscaled
  assert.deepEqual(maxUpscaleU16([16383, 32767, 49149, 65535]), [16383, 32767, 49149, 65535]);
  assert.deepEqual(maxUpscaleU16([1, 3]), [21845, 65535]);
});

/** subtensor's `vec_max_upscale_to_u16` in BigInt I32F32, the reference for the double-based version. */
function referenceUpscale(values: number[]): number[] {
  const m = BigInt(Math.max(0, ...values));
  if (m === 0n) return values.map(() => 0);
  const one = 1n << 32n;
  const round = (raw: bigint) => Number((raw + (1n << 31n)) >> 32n);
  if (m > 32768n) {
    const factor = (65535n * one) / m;
    return values.map((v) => Math.min(65535, round(BigInt(v) * factor)));
  }
  return values.map((v) => Math.min(65535, round((BigInt(v) * 65535n * one) / m)));
}

Deno.test("maxUpscaleU16() equals the BigInt I32F32 reference on random rows", () => {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let trial = 0; trial < 3000; trial++) {
    const cap = [1, 3, 255, 32767, 32768, 32769, 65535][trial % 7];
    const row = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => Math.floor(rand() * (cap + 1)));
    assert.deepEqual(maxUpscaleU16(row), referenceUpscale(row), row.join());
  }
});

Deno.test("maxWeightWithinLimit() compares the normalized maximum with limit/65535", () => {
  assert.equal(maxWeightWithinLimit([65535, 65535], 32768), true);
  assert.equal(maxWeightWithinLimit([65535, 0], 32768), false);
  assert.equal(maxWeightWithinLimit([], 1), true);
});

Deno.test("setWeights() fails with subtensor's errors in subtensor's order (chain.md §4.1)", async (t) => {
  const ctx = subnetWithMiners(3); // uids 1..3 are miners, uid 0 is the owner (account 1)
  ctx.block = 5;
  const owner = account(1);
  const miner = account(10);
  const stranger = account(99);
  const call = (who: Uint8Array, dests: number[], weights: number[], versionKey = 0n, netuid = 1) =>
    errorOf(() => setWeights(ctx, who, { netuid, dests, weights, versionKey }));

  await t.step("commit–reveal defaults to on, so unknown netuids say so first", () => {
    assert.equal(call(owner, [1], [1], 0n, 7), "CommitRevealEnabled");
    ctx.store.put(S.CommitRevealWeightsEnabled, [0], false);
    ctx.store.put(S.CommitRevealWeightsEnabled, [7], false);
  });
  await t.step("root netuid", () => assert.equal(call(owner, [1], [1], 0n, 0), "CanNotSetRootNetworkWeights"));
  await t.step("lengths differ", () => assert.equal(call(owner, [1, 2], [1]), "WeightVecNotEqualSize"));
  await t.step("no such subnet", () => assert.equal(call(owner, [1], [1], 0n, 7), "MechanismDoesNotExist"));
  await t.step("more uids than neurons", () => {
    assert.equal(call(owner, [0, 1, 2, 3, 4], [1, 1, 1, 1, 1]), "UidsLengthExceedUidsInSubNet");
  });
  await t.step("not registered", () => assert.equal(call(stranger, [1], [1]), "HotKeyNotRegisteredInSubNet"));
  await t.step("version key", () => {
    ctx.store.put(S.WeightsVersionKey, [1], 5n);
    assert.equal(call(owner, [1], [1], 4n), "IncorrectWeightVersionKey");
    assert.equal(call(owner, [1], [1], 5n), "ok");
    ctx.store.put(S.WeightsVersionKey, [1], 0n);
  });
  await t.step("too fast", () => {
    ctx.store.put(S.WeightsSetRateLimit, [1], 3n);
    ctx.block = 6; // owner set weights at block 5
    assert.equal(call(owner, [1], [1]), "SettingWeightsTooFast");
    ctx.block = 8;
    assert.equal(call(owner, [1], [1]), "ok");
    ctx.store.put(S.WeightsSetRateLimit, [1], 0n);
  });
  await t.step("no validator permit", () => {
    assert.equal(call(miner, [2], [1]), "NeuronNoValidatorPermit");
    assert.equal(call(miner, [1], [1]), "ok", "a pure self-weight needs no permit");
  });
  await t.step("duplicate uids", () => assert.equal(call(owner, [1, 1], [1, 2]), "DuplicateUids"));
  await t.step("invalid uid", () => assert.equal(call(owner, [1, 9], [1, 2]), "UidVecContainInvalidOne"));
  await t.step("too few weights", () => {
    ctx.store.put(S.MinAllowedWeights, [1], 3);
    assert.equal(call(owner, [1, 2], [1, 2]), "WeightVecLengthIsLow");
    assert.equal(call(owner, [1, 2, 3], [1, 2, 3]), "ok");
    ctx.store.put(S.MinAllowedWeights, [1], 1);
  });
  await t.step("max weight limit", () => {
    ctx.store.put(S.MaxWeightsLimit, [1], 32768);
    assert.equal(call(owner, [1, 2], [65535, 1]), "MaxWeightExceeded");
    ctx.store.put(S.MaxWeightsLimit, [1], 65535);
  });
  await t.step("commit–reveal on", () => {
    ctx.store.put(S.CommitRevealWeightsEnabled, [1], true);
    assert.equal(call(stranger, [1], [1]), "CommitRevealEnabled", "checked before anything else");
    ctx.store.put(S.CommitRevealWeightsEnabled, [1], false);
  });
  await t.step("stake threshold", () => {
    ctx.store.put(S.StakeThreshold, [], 1n);
    ctx.store.put(S.ValidatorPermit, [1], [true, true, false, false]);
    assert.equal(call(miner, [2], [1]), "NotEnoughStakeToSetWeights");
    assert.equal(call(owner, [2], [1]), "ok", "the owner is exempt");
    ctx.store.put(S.StakeThreshold, [], 0n);
  });
});

Deno.test("setWeights() stores the max-upscaled row, zeros included, and LastUpdate", () => {
  const ctx = subnetWithMiners(3);
  ctx.block = 12;
  setWeights(ctx, account(1), { netuid: 1, dests: [1, 2, 3], weights: [1, 2, 0], versionKey: 0n });
  assert.deepEqual(ctx.store.get(S.Weights, 1, 0), [[1, 32768], [2, 65535], [3, 0]]);
  assert.equal(ctx.store.get(S.LastUpdate, 1)[0], 12n);
  assert.deepEqual(ctx.events.at(-1), ["SubtensorModule", "WeightsSet", [1, 0]]);
});
