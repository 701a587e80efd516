import assert from "node:assert/strict";
import { createDevBeacon } from "../../devnet/drand/beacon.ts";
import { QUICKNET } from "../reveal_round.ts";
import {
  createTimelockCommitter,
  readBeaconConfig,
  readEpochSchedule,
  type TimelockStorageReader,
} from "./committer.ts";
import { decodeWeightsPayload } from "../../protocol/timelock/payload.ts";
import { decrypt } from "../../protocol/timelock/tle.ts";

/** A storage reader over a table of decoded values, as the chain client returns them. */
function fakeChain(values: Record<string, unknown>): TimelockStorageReader & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    hasStorage: (pallet, item) => `${pallet}.${item}` in values,
    storage: (pallet, item, keys = []) => {
      reads.push(`${pallet}.${item}(${keys.join(",")})`);
      return Promise.resolve(values[`${pallet}.${item}`]);
    },
  };
}

const beacon = createDevBeacon({ seed: "committer", genesisTime: 1_700_000_000, period: 3 });
const drand = {
  "Drand.BeaconConfig": {
    public_key: beacon.config.publicKey,
    period: 3,
    genesis_time: 1_700_000_000,
    hash: new Uint8Array(32),
  },
  "Drand.LastStoredRound": 900n,
};
const stateful = {
  "SubtensorModule.SubnetEpochIndex": 5n,
  "SubtensorModule.LastEpochBlock": 95n,
  "SubtensorModule.PendingEpochAt": 0n,
  "SubtensorModule.BlocksSinceLastStep": 5n,
};
const request = {
  hotkey: new Uint8Array(32).fill(3),
  netuid: 2,
  uids: [0, 1],
  values: [65535, 1],
  versionKey: 1n,
  currentBlock: 100,
  tempo: 10,
  revealPeriodEpochs: 1,
};

Deno.test("readEpochSchedule() reads the stateful schedule, or nothing on a legacy runtime", async () => {
  const chain = fakeChain(stateful);
  assert.deepEqual(await readEpochSchedule(chain, 2, { currentBlock: 100, tempo: 10 }), {
    currentBlock: 100,
    tempo: 10,
    subnetEpochIndex: 5,
    lastEpochBlock: 95,
    pendingEpochAt: 0,
    blocksSinceLastStep: 5,
  });
  assert.ok(chain.reads.includes("SubtensorModule.LastEpochBlock(2)"));
  assert.equal(await readEpochSchedule(fakeChain({}), 2, { currentBlock: 100, tempo: 10 }), undefined);
});

Deno.test("readBeaconConfig() reads Drand.BeaconConfig and falls back to quicknet", async () => {
  assert.deepEqual((await readBeaconConfig(fakeChain(drand))).publicKey, beacon.config.publicKey);
  assert.equal(await readBeaconConfig(fakeChain({})), QUICKNET);
  assert.equal(
    await readBeaconConfig(fakeChain({ "Drand.BeaconConfig": { public_key: new Uint8Array(0), period: 0 } })),
    QUICKNET,
  );
});

Deno.test("createTimelockCommitter() builds a commit the chain's beacon opens at the predicted round", async () => {
  const nowMs = 1_700_003_000_000; // round 1000 by the §4.1 rounding
  const committer = createTimelockCommitter({ chain: fakeChain({ ...stateful, ...drand }), now: () => nowMs });
  const { commit, revealRound } = await committer.encrypt(request);
  // Stateful: reveal at 105; (105 + 3 − 100) · 12 s = 96 s = 32 rounds.
  assert.equal(revealRound, 1032n);
  const payload = decodeWeightsPayload(decrypt(commit, beacon.pulse(revealRound).signature));
  assert.deepEqual(payload.uids, [0, 1]);

  // Legacy runtime, fast blocks: (block + netuid + 1) / (tempo + 1) → reveal at 2·11 − 3 = 19.
  const legacy = createTimelockCommitter({ chain: fakeChain(drand), now: () => nowMs, blockTimeMs: 250 });
  const l = await legacy.encrypt({ ...request, currentBlock: 10 });
  assert.equal(l.revealRound, 1000n + 1n); // (19 + 3 − 10) · 0.25 s = 3 s
  // LastStoredRound wins when the estimate is below it.
  const behind = createTimelockCommitter({ chain: fakeChain(drand), now: () => 1_700_000_300_000, blockTimeMs: 250 });
  assert.equal((await behind.encrypt(request)).revealRound, 900n);
});
