// End to end on the devnet with commit–reveal on (timelock.md §1): the validator's timelocked commit
// (built by the client's committer, sent by `Subtensor.setWeights`) is revealed in its reveal epoch
// and `Weights` holds it after the chain's max-upscale; a payload naming another hotkey and a round
// whose pulse comes too late are dropped, and `subnet weights status` says why; a round below
// `Drand.LastStoredRound` is refused at the pool with `InvalidRevealRound` (Custom 15).
import assert from "node:assert/strict";
import { startDevnet } from "../devnet.ts";
import { Subtensor } from "../../chain/client.ts";
import { commitTimelockedWeightsTx } from "../../chain/extrinsics.ts";
import { createTimelockCommitter, readBeaconConfig, readEpochSchedule } from "../../chain/timelock/mod.ts";
import { timelockStatus } from "../../chain/timelock/status.ts";
import { SubnetError } from "../../protocol/errors.ts";
import { keypairFromUri } from "../../wallet/keypair.ts";
import { runCli } from "../../cli/mod.ts";
import type { Logger } from "../../protocol/logger.ts";
import { MapStorage, TypedStore } from "./store.ts";
import { commitTimelockedWeights, timelockedQueue, TimelockedWeightCommits } from "./timelocked.ts";
import { account, errorOf, TestContext } from "./_test_context.ts";
import { S } from "./items.ts";
import { currentEpochWithLookahead } from "./schedule.ts";
import { blake2AsU8a } from "@polkadot/util-crypto";
import { u8aToHex } from "@polkadot/util";
import { captureIo } from "../../cli/_test_io.ts";

const TAO = 1_000_000_000n;
const TEMPO = 10;
const BLOCK_MS = 250;

Deno.test("TimelockedWeightCommits uses the finney metadata's key layout", () => {
  const st = new TypedStore(new MapStorage());
  const key = TimelockedWeightCommits.keyHex(1, 3n);
  // twox128("SubtensorModule") ++ twox128("TimelockedWeightCommits") ++ twox64(u16 1) ++ 0100 ++ twox64(u64 3) ++ u64le(3)
  assert.equal(key.length, 2 + 2 * (32 + 8 + 2 + 8 + 8));
  assert.ok(key.endsWith("0300000000000000"));
  st.put(TimelockedWeightCommits, [1, 3n], [[new Uint8Array(32).fill(1), 7n, Uint8Array.of(1, 2), 9n]]);
  assert.deepEqual(st.get(TimelockedWeightCommits, 1, 3n), [[new Uint8Array(32).fill(1), 7n, Uint8Array.of(1, 2), 9n]]);
});

Deno.test("commit_timelocked_weights on the devnet: revealed in its epoch, dropped with a reason, status and InvalidRevealRound", async () => {
  let clock = 1_800_000_000_000;
  const logged: { event: string; fields: Record<string, unknown> }[] = [];
  const record = (event: string, fields?: Record<string, unknown>) => void logged.push({ event, fields: fields ?? {} });
  const logger: Logger = { trace: () => {}, debug: () => {}, info: record, warn: record, error: record } as Logger;
  await using net = await startDevnet({
    port: 0,
    instant: true,
    now: () => clock,
    tempo: TEMPO,
    logger,
    subtensor: { genesis: { commitReveal: true } },
  });
  const step = (n = 1) => {
    for (let i = 0; i < n; i++) {
      clock += BLOCK_MS;
      net.produceBlock();
    }
  };
  await using sub = await Subtensor.connect({ provider: net.createProvider() });
  const alice = keypairFromUri("//Alice"); // subnet owner, uid 0: needs no stake or permit
  const miners = [keypairFromUri("//TlMiner1"), keypairFromUri("//TlMiner2")];
  for (const m of miners) {
    await sub.transfer(alice, { dest: m.address, amountRao: 10n * TAO });
    await sub.burnedRegister(m, { netuid: 1, hotkey: m.address });
  }
  step(3); // a few pulses on chain
  const committer = createTimelockCommitter({ chain: sub, now: () => clock, blockTimeMs: BLOCK_MS });
  const untilBlockMod = async (mod: number) => {
    while ((await sub.blockNumber()) % TEMPO !== mod) step();
  };

  // 1. An honest commit, sent at block ≡ 3 (mod tempo): queued in this epoch, revealed in the next.
  await untilBlockMod(2);
  const sent = await sub.setWeights(alice, { netuid: 1, uids: [1, 2], weights: [1, 3] }, {
    timelock: committer,
    versionKey: 0,
  });
  assert.equal(sent.kind, "commit-timelocked");
  const commitBlock = await sub.blockNumber();
  const windowStart = Math.ceil(commitBlock / TEMPO) * TEMPO; // epochs fire every tempo blocks from 0
  let status = await timelockStatus(sub, { netuid: 1, hotkey: alice.publicKey });
  assert.equal(status.pending.length, 1);
  assert.equal(status.pending[0].commitBlock, commitBlock);
  assert.equal(status.pending[0].expectedRevealBlock, windowStart);
  assert.equal(status.pending[0].pulseOnChain, false);
  let revealedAt = -1;
  for (let i = 0; i < 2 * TEMPO && revealedAt < 0; i++) {
    step();
    const hash = await sub.blockHash();
    const events = await sub.storage("System", "Events", [], hash) as {
      event: Record<string, Record<string, unknown>>;
    }[];
    if (events.some((e) => e.event.SubtensorModule?.TimelockedWeightsRevealed)) revealedAt = await sub.blockNumber();
  }
  assert.ok(
    revealedAt >= windowStart && revealedAt < windowStart + TEMPO,
    `revealed at ${revealedAt}, reveal epoch spans ${windowStart}..${windowStart + TEMPO - 1}`,
  );
  // [1, 3] → u16 [21845, 65535] by the client, max-upscaled (unchanged) by the chain.
  assert.deepEqual(await sub.storage("SubtensorModule", "Weights", [1, 0]), [[1, 21845], [2, 65535]]);

  // 2. A payload naming //Bob, signed by //Alice: dropped at reveal, and said so.
  const bob = keypairFromUri("//Bob");
  const forged = await committer.encrypt({
    hotkey: bob.publicKey,
    netuid: 1,
    uids: [1, 2],
    values: [65535, 1],
    versionKey: 0n,
    currentBlock: await sub.blockNumber(),
    tempo: TEMPO,
    revealPeriodEpochs: 1,
  });
  const version = Number(await sub.storage("SubtensorModule", "CommitRevealWeightsVersion"));
  await sub.submit(
    commitTimelockedWeightsTx(sub.api, { netuid: 1, ...forged, commitRevealVersion: version }),
    alice,
    "commit a forged payload",
  );
  // 3. A round whose pulse only comes long after the reveal epoch: dropped as pulse-missing.
  const late = await committer.encrypt({
    hotkey: alice.publicKey,
    netuid: 1,
    uids: [1],
    values: [65535],
    versionKey: 0n,
    currentBlock: await sub.blockNumber(),
    tempo: TEMPO,
    revealPeriodEpochs: 1,
  });
  const lateRound = (await sub.storage("Drand", "LastStoredRound") as bigint) + 10_000n;
  await sub.submit(
    commitTimelockedWeightsTx(sub.api, {
      netuid: 1,
      commit: late.commit,
      revealRound: lateRound,
      commitRevealVersion: version,
    }),
    alice,
    "commit to a far round",
  );
  // And a version key below the subnet's WeightsVersionKey: dropped by the set-weights checks.
  const setVersionKey = (key: number) =>
    sub.submit(sub.api.tx.sudo.sudo(sub.api.tx.adminUtils.sudoSetWeightsVersionKey(1, key)), alice, "set version key");
  await setVersionKey(100);
  const stale = await committer.encrypt({
    hotkey: alice.publicKey,
    netuid: 1,
    uids: [2],
    values: [65535],
    versionKey: 7n,
    currentBlock: await sub.blockNumber(),
    tempo: TEMPO,
    revealPeriodEpochs: 1,
  });
  await sub.submit(
    commitTimelockedWeightsTx(sub.api, { netuid: 1, ...stale, commitRevealVersion: version }),
    alice,
    "commit with an old version key",
  );
  step(2 * TEMPO + 1);
  assert.deepEqual(await sub.storage("SubtensorModule", "Weights", [1, 0]), [[1, 21845], [2, 65535]]);
  await setVersionKey(0);
  const drops = logged.filter((l) => l.event === "timelock.dropped").map((l) => l.fields.reason);
  assert.deepEqual(drops.sort(), ["hotkey-mismatch", "pulse-missing", "version-key"]);

  status = await timelockStatus(sub, { netuid: 1, hotkey: alice.publicKey, lookbackBlocks: 200 });
  assert.equal(status.pending.length, 0);
  assert.deepEqual(status.recent.map((r) => [r.status, r.reason ?? null]), [
    ["revealed", null],
    ["dropped", "hotkey-mismatch"],
    ["dropped", "pulse-missing"],
    ["dropped", "version-key"],
  ]);
  assert.equal(status.recent[0].block, revealedAt);
  assert.deepEqual(status.recent[0].weights, [[1, 21845], [2, 65535]]);

  const cli = captureIo();
  const code = await runCli(
    [
      "weights",
      "status",
      "--netuid",
      "1",
      "--dev",
      "//Alice",
      "--blocks",
      "200",
      "--json",
      "--subtensor.chain_endpoint",
      net.endpoint,
    ],
    cli,
  );
  assert.equal(code, 0, cli.err.join("\n"));
  const json = JSON.parse(cli.out[0]);
  assert.equal(json.hotkey, alice.address);
  assert.equal(json.recent[1].status, "dropped");
  assert.equal(json.recent[1].reason, "hotkey-mismatch");
  assert.match(json.recent[1].detail, new RegExp(bob.address));
  const text = captureIo();
  assert.equal(
    await runCli(
      ["weights", "status", "--netuid", "1", "--dev", "//Alice", "--subtensor.chain_endpoint", net.endpoint],
      text,
    ),
    0,
  );
  assert.match(text.out.join("\n"), /DROPPED at block \d+ · hotkey-mismatch/);

  // 4. The committer reads the devnet's stateful schedule by raw keys (the finney metadata does not list
  // SubnetEpochIndex), so it aims at the devnet's real reveal epoch rather than the legacy modulo one;
  // a commit in an epoch's last block (89; the legacy formula would aim at block 100) reveals in 90..99.
  const schedule = await readEpochSchedule(sub, 1, { currentBlock: await sub.blockNumber(), tempo: TEMPO });
  assert.ok(schedule !== undefined);
  assert.equal(schedule.lastEpochBlock % TEMPO, 0);
  assert.equal(schedule.subnetEpochIndex, schedule.lastEpochBlock / TEMPO);
  while ((await sub.blockNumber()) < 88) step();
  assert.equal(await sub.blockNumber(), 88);
  await sub.setWeights(alice, { netuid: 1, uids: [1, 2], weights: [3, 1] }, { timelock: committer, versionKey: 0 });
  assert.equal(await sub.blockNumber(), 89);
  step(TEMPO + 1);
  assert.deepEqual(await sub.storage("SubtensorModule", "Weights", [1, 0]), [[1, 65535], [2, 21845]]);

  // 5. A round below LastStoredRound never enters a block.
  const beacon = await readBeaconConfig(sub);
  assert.equal(beacon.period, 1);
  await assert.rejects(
    () =>
      sub.submit(
        commitTimelockedWeightsTx(sub.api, {
          netuid: 1,
          commit: late.commit,
          revealRound: 1n,
          commitRevealVersion: version,
        }),
        alice,
        "commit to a past round",
      ),
    (err: unknown) =>
      err instanceof SubnetError && /Custom error: 15/.test(err.message) && /InvalidRevealRound/.test(err.message),
  );
  // The older commit_crv3_mechanism_weights (version fixed at 4) takes the same path.
  const crv3 = await sub.submit(
    sub.api.tx.subtensorModule.commitCrv3MechanismWeights(1, 0, u8aToHex(late.commit), lateRound),
    alice,
    "commit with commit_crv3_mechanism_weights",
  );
  assert.ok(crv3.events.includes("subtensorModule.TimelockedWeightsCommitted"), crv3.events.join());
  // And a wrong commit_reveal_version is refused in the block with the chain's error name.
  await assert.rejects(
    () =>
      sub.submit(
        commitTimelockedWeightsTx(sub.api, {
          netuid: 1,
          ...forged,
          revealRound: lateRound,
          commitRevealVersion: version + 1,
        }),
        alice,
        "commit with a wrong version",
      ),
    (err: unknown) => err instanceof SubnetError && /IncorrectCommitRevealVersion/.test(err.message),
  );
});

Deno.test("commitTimelockedWeights() makes subtensor's checks in its order and queues under the look-ahead epoch", () => {
  const ctx = new TestContext({ funded: [2] });
  const owner = account(1);
  const args = { netuid: 1, mecid: 0, commit: Uint8Array.of(1, 2, 3), revealRound: 5n, commitRevealVersion: 4 };
  const commit = (who: Uint8Array, a: Partial<typeof args> = {}) =>
    errorOf(() => commitTimelockedWeights(ctx, who, { ...args, ...a }));
  assert.equal(commit(owner, { netuid: 9 }), "MechanismDoesNotExist");
  assert.equal(commit(owner, { mecid: 1 }), "MechanismDoesNotExist");
  assert.equal(commit(owner), "CommitRevealDisabled"); // the devnet genesis has commit–reveal off
  ctx.store.put(S.CommitRevealWeightsEnabled, [1], true);
  assert.equal(commit(owner, { commitRevealVersion: 3 }), "IncorrectCommitRevealVersion");
  assert.equal(commit(account(2)), "HotKeyNotRegisteredInSubNet");
  ctx.store.put(S.WeightsSetRateLimit, [1], 5n);
  assert.equal(commit(owner), "ok");
  assert.equal(commit(owner), "CommittingWeightsTooFast");
  ctx.store.put(S.WeightsSetRateLimit, [1], 0n);
  for (let i = 1; i < 10; i++) assert.equal(commit(owner, { revealRound: 5n + BigInt(i) }), "ok");
  assert.equal(commit(owner), "TooManyUnrevealedCommits");
  const epoch = currentEpochWithLookahead(ctx.store, ctx.config, 1, ctx.block);
  const queue = timelockedQueue(ctx.store, 1, epoch);
  assert.equal(queue.length, 10);
  assert.deepEqual(queue[0], [owner, BigInt(ctx.block), Uint8Array.of(1, 2, 3), 5n]);
  const [pallet, , fields] = ctx.events.find(([, n]) => n === "TimelockedWeightsCommitted")!;
  assert.equal(pallet, "SubtensorModule");
  assert.deepEqual(fields, [owner, 1, blake2AsU8a(Uint8Array.of(1, 2, 3), 256), 5n]);
  assert.equal(ctx.store.get(S.LastUpdate, 1)[0], BigInt(ctx.block));
});
