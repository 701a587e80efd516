import assert from "node:assert/strict";
import { encodeWeightsPayload, encrypt } from "../../protocol/timelock/mod.ts";
import { createDevBeacon } from "./beacon.ts";
import { revealTimelockedCommit } from "./reveal.ts";

const beacon = createDevBeacon({ seed: "reveal test" });
const who = new Uint8Array(32).fill(0x11);
const weights = { uids: [0, 1], values: [65535, 32768], versionKey: 7n };
const commitFor = (hotkey: Uint8Array, round: bigint) =>
  encrypt(beacon.config.publicKey, round, encodeWeightsPayload({ hotkey, ...weights }));

Deno.test("revealTimelockedCommit() follows subtensor's reveal order (timelock.md §1.4)", async (t) => {
  const round = 30n;
  const sig = beacon.pulse(round).signature;
  await t.step("no pulse yet: retry", () => {
    assert.deepEqual(revealTimelockedCommit({ who, commit: commitFor(who, round), revealRound: round }, undefined), {
      kind: "retry",
      reason: "pulse-missing",
    });
  });
  await t.step("the committer's own payload: its weights", () => {
    const out = revealTimelockedCommit({ who, commit: commitFor(who, round), revealRound: round }, sig);
    assert.deepEqual(out, { kind: "weights", format: "hotkey", ...weights });
  });
  await t.step("a pulse stored with an ASCII 0x prefix still opens it", () => {
    const prefixed = new Uint8Array([0x30, 0x78, ...sig]);
    assert.equal(
      revealTimelockedCommit({ who, commit: commitFor(who, round), revealRound: round }, prefixed).kind,
      "weights",
    );
  });
  await t.step("another hotkey in the payload: dropped", () => {
    const out = revealTimelockedCommit({ who, commit: commitFor(new Uint8Array(32), round), revealRound: round }, sig);
    assert.equal(out.kind === "dropped" && out.reason, "hotkey-mismatch");
  });
  await t.step("the legacy payload applies as the committer's", () => {
    const legacy = encrypt(
      beacon.config.publicKey,
      round,
      new Uint8Array([0x04, 0x05, 0x00, 0x04, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0]),
    );
    assert.deepEqual(revealTimelockedCommit({ who, commit: legacy, revealRound: round }, sig), {
      kind: "weights",
      format: "legacy",
      uids: [5],
      values: [65535],
      versionKey: 0n,
    });
  });
  await t.step("bytes that are not a commit: dropped", () => {
    const out = revealTimelockedCommit({ who, commit: new Uint8Array(10), revealRound: round }, sig);
    assert.equal(out.kind === "dropped" && out.reason, "commit-undeserializable");
  });
  await t.step("a stored signature that is not a G1 point: dropped", () => {
    const out = revealTimelockedCommit(
      { who, commit: commitFor(who, round), revealRound: round },
      new Uint8Array(48).fill(0x11),
    );
    assert.equal(out.kind === "dropped" && out.reason, "signature-undeserializable");
  });
  await t.step("a commit to another round: dropped as undecryptable", () => {
    const out = revealTimelockedCommit({ who, commit: commitFor(who, round + 1n), revealRound: round }, sig);
    assert.equal(out.kind === "dropped" && out.reason, "undecryptable");
  });
  await t.step("a plaintext that is no payload: dropped", () => {
    const junk = encrypt(beacon.config.publicKey, round, new TextEncoder().encode("hello, bittensor!"));
    const out = revealTimelockedCommit({ who, commit: junk, revealRound: round }, sig);
    assert.equal(out.kind === "dropped" && out.reason, "payload-undecodable");
  });
});
