import assert from "node:assert/strict";
import {
  beaconConfig,
  currentEpochWithLookahead,
  type EpochScheduleState,
  legacyRevealBlock,
  predictStatefulReveal,
  QUICKNET,
  revealRound,
  roundAt,
  shouldRunEpoch,
} from "./reveal_round.ts";

// Hand-built states for timelock.md §4.2 (subtensor run_coinbase.rs should_run_epoch; weights.rs
// current_epoch_with_lookahead): tempo 10, the last epoch (index 5) fired at block 95.
const base: EpochScheduleState = {
  currentBlock: 100,
  tempo: 10,
  subnetEpochIndex: 5,
  lastEpochBlock: 95,
  pendingEpochAt: 0,
  blocksSinceLastStep: 5,
};

Deno.test("shouldRunEpoch() fires every tempo blocks after LastEpochBlock, or at PendingEpochAt", () => {
  assert.equal(shouldRunEpoch(base, 104), false);
  assert.equal(shouldRunEpoch(base, 105), true);
  assert.equal(shouldRunEpoch({ ...base, pendingEpochAt: 102 }, 102), true);
  assert.equal(shouldRunEpoch({ ...base, pendingEpochAt: 102 }, 101), false);
  assert.equal(shouldRunEpoch({ ...base, tempo: 0 }, 1000), false);
  assert.equal(shouldRunEpoch({ ...base, blocksSinceLastStep: 50401 }, 100), true);
  assert.equal(shouldRunEpoch({ ...base, blocksSinceLastStep: 11 }, 100, 10), true);
  assert.equal(currentEpochWithLookahead(base), 5);
  assert.equal(currentEpochWithLookahead({ ...base, currentBlock: 105 }), 6);
});

Deno.test("predictStatefulReveal() on an automatic epoch: LastEpochBlock + period·tempo", async (t) => {
  for (const period of [1, 2, 3]) {
    await t.step(`reveal period ${period}`, () => {
      const p = predictStatefulReveal(base, { revealPeriodEpochs: period });
      assert.deepEqual(p, { commitBlock: 101, commitEpoch: 5, revealEpoch: 5 + period, revealBlock: 95 + period * 10 });
    });
  }
  await t.step("a commit included later in the same epoch reveals at the same block", () => {
    const p = predictStatefulReveal(base, { revealPeriodEpochs: 1, inclusionOffsetBlocks: 4 });
    assert.deepEqual(p, { commitBlock: 104, commitEpoch: 5, revealEpoch: 6, revealBlock: 105 });
  });
});

Deno.test("predictStatefulReveal() on an owner-triggered epoch (PendingEpochAt)", () => {
  const s = { ...base, pendingEpochAt: 103 };
  assert.deepEqual(predictStatefulReveal(s, { revealPeriodEpochs: 1 }), {
    commitBlock: 101,
    commitEpoch: 5,
    revealEpoch: 6,
    revealBlock: 103,
  });
  // After the early epoch at 103 the automatic schedule restarts from it: 103 + 10.
  assert.equal(predictStatefulReveal(s, { revealPeriodEpochs: 2 }).revealBlock, 113);
  // A trigger already passed but not yet consumed fires at the next block.
  const passed = { ...base, pendingEpochAt: 99 };
  assert.equal(currentEpochWithLookahead(passed), 6);
  assert.deepEqual(predictStatefulReveal(passed, { revealPeriodEpochs: 1 }), {
    commitBlock: 101,
    commitEpoch: 6,
    revealEpoch: 7,
    revealBlock: 111,
  });
});

Deno.test("predictStatefulReveal() puts a commit landing on an epoch-firing block in the new epoch", () => {
  // Included in block 105, where epoch 6 fires in on_initialize before extrinsics run.
  const onFiring = predictStatefulReveal({ ...base, currentBlock: 104 }, { revealPeriodEpochs: 1 });
  assert.deepEqual(onFiring, { commitBlock: 105, commitEpoch: 6, revealEpoch: 7, revealBlock: 115 });
  // One block earlier it still belongs to epoch 5 and reveals at 105.
  const before = predictStatefulReveal({ ...base, currentBlock: 103 }, { revealPeriodEpochs: 1 });
  assert.deepEqual(before, { commitBlock: 104, commitEpoch: 5, revealEpoch: 6, revealBlock: 105 });
});

Deno.test("predictStatefulReveal() refuses a subnet that never runs an epoch and bad options", () => {
  assert.throws(() => predictStatefulReveal({ ...base, tempo: 0 }, { revealPeriodEpochs: 1 }), /tempo is 0/);
  assert.throws(() => predictStatefulReveal(base, { revealPeriodEpochs: -1 }), /revealPeriodEpochs/);
  assert.throws(() => predictStatefulReveal(base, { revealPeriodEpochs: 1, inclusionOffsetBlocks: 0 }), /≥ 1/);
  assert.throws(() => predictStatefulReveal(base, { revealPeriodEpochs: 3, blocksMax: 5 }), /within 5 blocks/);
});

Deno.test("legacyRevealBlock() is the modulo schedule of runtimes before v3.4.8-423 (timelock.md §4.1)", () => {
  // tempo 360, netuid 1: epochs start where (block + 2) % 361 == 0, i.e. at 720, 1081, 1442.
  assert.equal(legacyRevealBlock({ currentBlock: 1000, netuid: 1, tempo: 360, revealPeriodEpochs: 1 }), 1081);
  assert.equal(legacyRevealBlock({ currentBlock: 1080, netuid: 1, tempo: 360, revealPeriodEpochs: 1 }), 1081);
  assert.equal(legacyRevealBlock({ currentBlock: 1081, netuid: 1, tempo: 360, revealPeriodEpochs: 1 }), 1442);
  assert.equal(legacyRevealBlock({ currentBlock: 1000, netuid: 1, tempo: 360, revealPeriodEpochs: 2 }), 1442);
  // Period tempo+1 versus tempo: the two schedules drift apart one block per epoch.
  assert.equal(legacyRevealBlock({ currentBlock: 0, netuid: 0, tempo: 10, revealPeriodEpochs: 0 }), 0);
});

Deno.test("revealRound() aims at the round published three blocks after the reveal block (timelock.md §4.1)", () => {
  const nowMs = (QUICKNET.genesisTime + 3000) * 1000 + 500; // mid-round 1000
  // Legacy path, as bittensor-drand 1.x generate_commit: (1081 + 3 − 1000) · 12 s = 1008 s = 336 rounds.
  const legacy = legacyRevealBlock({ currentBlock: 1000, netuid: 1, tempo: 360, revealPeriodEpochs: 1 });
  assert.equal(
    revealRound({ currentBlock: 1000, revealBlock: legacy, nowMs, blockTimeMs: 12000, beacon: QUICKNET }),
    1336n,
  );
  // Stateful path with fast blocks (250 ms): (105 + 3 − 100) · 0.25 s = 2 s, so still round 1000.
  const { revealBlock } = predictStatefulReveal(base, { revealPeriodEpochs: 1 });
  assert.equal(revealRound({ currentBlock: 100, revealBlock, nowMs, blockTimeMs: 250, beacon: QUICKNET }), 1000n);
  assert.equal(roundAt(QUICKNET.genesisTime - 100, QUICKNET), 1n);
});

Deno.test("beaconConfig() reads Drand.BeaconConfig as @polkadot/api gives it", () => {
  const hex = "0x" + Array.from(QUICKNET.publicKey, (b) => b.toString(16).padStart(2, "0")).join("");
  const cfg = beaconConfig({ publicKey: hex, period: 3, genesisTime: 1692803367 });
  assert.deepEqual(cfg, { publicKey: QUICKNET.publicKey, period: 3, genesisTime: 1692803367 });
  assert.throws(() => beaconConfig({ ...cfg, publicKey: "0x00" }), /1 bytes, not 96/);
  assert.throws(() => beaconConfig({ ...cfg, period: 0 }), /period/);
  assert.throws(() => beaconConfig({ ...cfg, publicKey: "0xzz" }), /hex/);
});

Deno.test("predictStatefulReveal() agrees with the bittensor-drand 2.0.0 schedule vectors", async (t) => {
  // From a third-party Rust port of bittensor-drand 2.0.0 `epoch_schedule_vectors.rs` (found in the
  // search index; the upstream 2.0.0 source is not fetchable here, timelock.md §8 question 2).
  const s = (last: number, pending: number, tempo: number, current: number): EpochScheduleState => ({
    lastEpochBlock: last,
    pendingEpochAt: pending,
    subnetEpochIndex: 0,
    tempo,
    blocksSinceLastStep: 0,
    currentBlock: current,
  });
  await t.step("cycle_reset: reveal at LastEpochBlock + tempo", () => {
    assert.equal(predictStatefulReveal(s(10, 0, 50, 10), { revealPeriodEpochs: 1 }).revealBlock, 60);
  });
  await t.step("pending_fires_before_auto: reveal at PendingEpochAt", () => {
    assert.equal(predictStatefulReveal(s(80, 95, 20, 91), { revealPeriodEpochs: 1 }).revealBlock, 95);
  });
  await t.step("commit_epoch_at_extrinsic_block: epoch 0", () => {
    assert.equal(predictStatefulReveal(s(100, 0, 50, 120), { revealPeriodEpochs: 1 }).commitEpoch, 0);
  });
});
