// End to end: the Drand pallet inside an in-process devnet, read over JSON-RPC by the project's
// `Subtensor` client, and a timelocked commit built by `createTimelockCommitter` from what the chain
// holds, opened with the pulse the chain stores for its round.
import assert from "node:assert/strict";
import { startDevnet } from "../devnet.ts";
import { subtensorPallets } from "../subtensor/pallet.ts";
import { Subtensor } from "../../chain/client.ts";
import {
  createTimelockCommitter,
  decodeWeightsPayload,
  decrypt,
  readBeaconConfig,
  verifyPulse,
} from "../../chain/timelock/mod.ts";
import { createDrandPallet } from "./pallet.ts";

Deno.test("Drand pallet on the devnet: BeaconConfig and Pulses over RPC open a committer's commit", async () => {
  let nowMs = 1_800_000_000_000;
  await using net = await startDevnet({
    serve: false,
    instant: true,
    now: () => nowMs,
    pallets: [...subtensorPallets(), createDrandPallet({ seed: "devnet e2e" })],
  });
  const step = () => {
    nowMs += 1000;
    net.produceBlock();
  };
  for (let i = 0; i < 3; i++) step();
  await using sub = await Subtensor.connect({ provider: net.createProvider() });

  const beacon = await readBeaconConfig(sub);
  assert.equal(beacon.period, 1);
  assert.equal(beacon.genesisTime, 1_800_000_000);
  const last = await sub.storage("Drand", "LastStoredRound") as bigint;
  assert.equal(last, 4n); // blocks at +1 s, +2 s, +3 s: rounds 2 (first seen), 3, 4
  const pulse = await sub.storage("Drand", "Pulses", [last]) as { round: bigint; signature: Uint8Array };
  assert.equal(pulse.round, last);
  assert.ok(verifyPulse(beacon.publicKey, last, pulse.signature));

  const hotkey = new Uint8Array(32).fill(7);
  const committer = createTimelockCommitter({ chain: sub, now: () => nowMs, blockTimeMs: 1000 });
  const { commit, revealRound } = await committer.encrypt({
    hotkey,
    netuid: 1,
    uids: [0, 1],
    values: [65535, 7],
    versionKey: 0n,
    currentBlock: await sub.blockNumber(),
    tempo: 10,
    revealPeriodEpochs: 1,
  });
  assert.ok(revealRound > last, `round ${revealRound} must still be in the future (last stored ${last})`);
  assert.equal(await sub.storage("Drand", "Pulses", [revealRound]), null);
  for (let i = 0; i < 30 && (await sub.storage("Drand", "LastStoredRound") as bigint) < revealRound; i++) step();
  const stored = await sub.storage("Drand", "Pulses", [revealRound]) as { signature: Uint8Array };
  const payload = decodeWeightsPayload(decrypt(commit, stored.signature));
  assert.deepEqual(payload, {
    format: "hotkey",
    hotkey,
    uids: [0, 1],
    values: [65535, 7],
    versionKey: 0n,
    trailingBytes: 0,
  });
});
