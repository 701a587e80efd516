import assert from "node:assert/strict";
import { SubnetError } from "../../protocol/errors.ts";
import { createDevBeacon } from "../../devnet/drand/beacon.ts";
import { buildTimelockedCommit, COMMIT_BYTES_MAX } from "./commit.ts";
import { decodeWeightsPayload } from "../../protocol/timelock/payload.ts";
import { decrypt } from "../../protocol/timelock/tle.ts";

const beacon = createDevBeacon({ seed: "commit test", genesisTime: 1_700_000_000, period: 3 });
const hotkey = new Uint8Array(32).fill(9);
const payload = { hotkey, uids: [0, 4, 7], values: [65535, 100, 0], versionKey: 843000n };
const nowMs = 1_700_003_000_000; // 3000 s after genesis: round 1000 by the §4.1 rounding

Deno.test("buildTimelockedCommit() on the stateful schedule targets the round after the reveal block", () => {
  const state = {
    currentBlock: 100,
    tempo: 10,
    subnetEpochIndex: 5,
    lastEpochBlock: 95,
    pendingEpochAt: 0,
    blocksSinceLastStep: 5,
  };
  const c = buildTimelockedCommit({
    payload,
    schedule: { kind: "stateful", state },
    revealPeriodEpochs: 2,
    nowMs,
    blockTimeMs: 12000,
    beacon: beacon.config,
  });
  // Reveal at 95 + 2·10 = 115; aim 3 blocks later: (118 − 100) · 12 s = 216 s = 72 rounds.
  assert.equal(c.revealBlock, 115);
  assert.equal(c.revealRound, 1072n);
  const opened = decodeWeightsPayload(decrypt(c.commit, beacon.pulse(1072n).signature));
  assert.deepEqual(opened, { format: "hotkey", ...payload, trailingBytes: 0 });
});

Deno.test("buildTimelockedCommit() on the legacy schedule, and raised to Drand.LastStoredRound", () => {
  const schedule = { kind: "legacy", currentBlock: 1000, netuid: 1, tempo: 360 } as const;
  const c = buildTimelockedCommit({
    payload,
    schedule,
    revealPeriodEpochs: 1,
    nowMs,
    blockTimeMs: 12000,
    beacon: beacon.config,
  });
  assert.equal(c.revealBlock, 1081);
  assert.equal(c.revealRound, 1000n + 336n); // (1081 + 3 − 1000) · 12 s = 1008 s
  const raised = buildTimelockedCommit({
    payload,
    schedule,
    revealPeriodEpochs: 1,
    nowMs,
    blockTimeMs: 12000,
    beacon: beacon.config,
    lastStoredRound: 5000n,
  });
  assert.equal(raised.revealRound, 5000n);
  assert.deepEqual(decodeWeightsPayload(decrypt(raised.commit, beacon.pulse(5000n).signature)).uids, payload.uids);
});

Deno.test("buildTimelockedCommit() refuses a commit over the chain's 5000-byte bound (timelock.md §1.2)", () => {
  const many = (n: number) => ({ ...payload, uids: Array.from({ length: n }, (_, i) => i), values: Array(n).fill(1) });
  const schedule = { kind: "legacy", currentBlock: 1000, netuid: 1, tempo: 360 } as const;
  const base = { schedule, revealPeriodEpochs: 1, nowMs, blockTimeMs: 12000, beacon: beacon.config };
  assert.ok(buildTimelockedCommit({ ...base, payload: many(1177) }).commit.length <= COMMIT_BYTES_MAX);
  assert.throws(() => buildTimelockedCommit({ ...base, payload: many(1178) }), (e: unknown) => {
    assert.ok(e instanceof SubnetError);
    assert.equal(e.code, "chain/commit-too-large");
    assert.match(e.message, /5001 bytes.*at most 1177 weights fit/);
    return true;
  });
});
