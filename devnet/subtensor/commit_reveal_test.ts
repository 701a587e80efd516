import assert from "node:assert/strict";
import { blake2AsU8a } from "@polkadot/util-crypto";
import { u8aToHex } from "@polkadot/util";
import { account, errorOf, TestContext } from "./_test_context.ts";
import { commitHash, commitWeights, type RevealArgs, revealPoolCheck, revealWeights } from "./commit_reveal.ts";
import { S } from "./items.ts";
import { burnedRegister } from "./registration.ts";

Deno.test("commitHash() hashes SCALE(hotkey, netuid, uids, values, salt, version_key) with blake2-256", () => {
  const hot = account(7);
  const bytes = new Uint8Array([
    ...hot,
    1,
    0, // netuid u16
    8,
    1,
    0,
    2,
    0, // uids [1, 2]
    8,
    0xff,
    0xff,
    0,
    0x80, // values [65535, 32768]
    4,
    9,
    0, // salt [9]
    5,
    0,
    0,
    0,
    0,
    0,
    0,
    0, // version_key u64
  ]);
  const args = { netuid: 1, uids: [1, 2], values: [65535, 32768], salt: [9], versionKey: 5n };
  assert.equal(u8aToHex(commitHash(hot, args)), u8aToHex(blake2AsU8a(bytes, 256)));
});

Deno.test("commitWeights()/revealWeights() reveal exactly RevealPeriodEpochs later (chain.md §4.2)", () => {
  const ctx = new TestContext({ funded: [2] });
  const owner = account(1);
  for (let i = 0; i < 2; i++) burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(10 + i) });
  const reveal: RevealArgs = { netuid: 1, uids: [1, 2], values: [1, 3], salt: [4, 2], versionKey: 0n };
  const hash = commitHash(owner, reveal);
  assert.equal(errorOf(() => commitWeights(ctx, owner, { netuid: 1, commitHash: hash })), "CommitRevealDisabled");
  ctx.store.put(S.CommitRevealWeightsEnabled, [1], true);
  ctx.advanceTo(3);
  assert.equal(
    errorOf(() => commitWeights(ctx, account(99), { netuid: 1, commitHash: hash })),
    "HotKeyNotRegisteredInSubNet",
  );
  assert.equal(errorOf(() => revealWeights(ctx, owner, reveal)), "NoWeightsCommitFound");
  commitWeights(ctx, owner, { netuid: 1, commitHash: hash });
  assert.equal(ctx.store.get(S.LastUpdate, 1)[0], 3n, "a commit sets LastUpdate");
  assert.equal(revealPoolCheck(ctx.store, ctx.config, ctx.block, owner, reveal), "CommitBlockNotInRevealRange");
  assert.equal(errorOf(() => revealWeights(ctx, owner, reveal)), "RevealTooEarly");
  assert.equal(errorOf(() => revealWeights(ctx, owner, { ...reveal, salt: [1] })), "InvalidRevealCommitHashNotMatch");
  assert.equal(revealPoolCheck(ctx.store, ctx.config, ctx.block, owner, { ...reveal, salt: [1] }), "CommitNotFound");
  ctx.advanceTo(10); // the epoch at block 10 starts epoch index 1: the reveal window
  assert.equal(revealPoolCheck(ctx.store, ctx.config, ctx.block, owner, reveal), undefined);
  revealWeights(ctx, owner, reveal);
  assert.deepEqual(ctx.store.get(S.Weights, 1, 0), [[1, 21845], [2, 65535]]);
  assert.equal(ctx.store.get(S.WeightCommits, 1, owner), undefined);
  assert.equal(ctx.store.get(S.LastUpdate, 1)[0], 3n, "a reveal leaves LastUpdate at the commit");
  assert.deepEqual(ctx.events.at(-1)?.slice(0, 2), ["SubtensorModule", "WeightsRevealed"]);
});

Deno.test("revealWeights() after the window reports ExpiredWeightCommit", () => {
  const ctx = new TestContext({ funded: [2] });
  const owner = account(1);
  burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(10) });
  ctx.store.put(S.CommitRevealWeightsEnabled, [1], true);
  const reveal: RevealArgs = { netuid: 1, uids: [1], values: [1], salt: [1], versionKey: 0n };
  commitWeights(ctx, owner, { netuid: 1, commitHash: commitHash(owner, reveal) });
  ctx.advanceTo(21); // two epochs later
  assert.equal(errorOf(() => revealWeights(ctx, owner, reveal)), "ExpiredWeightCommit");
});

Deno.test("commitWeights() keeps at most 10 unrevealed commits", () => {
  const ctx = new TestContext();
  ctx.store.put(S.CommitRevealWeightsEnabled, [1], true);
  for (let i = 0; i < 10; i++) {
    commitWeights(ctx, account(1), { netuid: 1, commitHash: new Uint8Array(32).fill(i) });
  }
  assert.equal(
    errorOf(() => commitWeights(ctx, account(1), { netuid: 1, commitHash: new Uint8Array(32) })),
    "TooManyUnrevealedCommits",
  );
  ctx.store.put(S.WeightsSetRateLimit, [1], 5n);
  ctx.store.put(S.WeightCommits, [1, account(1)], undefined);
  assert.equal(
    errorOf(() => commitWeights(ctx, account(1), { netuid: 1, commitHash: new Uint8Array(32) })),
    "CommittingWeightsTooFast",
  );
});
