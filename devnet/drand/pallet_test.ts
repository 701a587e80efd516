import assert from "node:assert/strict";
import { loadRuntimeMetadata } from "../metadata.ts";
import type { DispatchContext, GenesisContext } from "../pallet.ts";
import { silentLogger } from "../../protocol/logger.ts";
import { ChainStorage } from "../storage.ts";
import { encodeWeightsPayload, encrypt } from "../../protocol/timelock/mod.ts";
import { verifyDrandPulse } from "./beacon.ts";
import { createDrandPallet, KEPT_PULSES_MAX, PULSES_PER_BLOCK_MAX, storedPulse } from "./pallet.ts";
import { revealTimelockedCommit } from "./reveal.ts";

const runtime = loadRuntimeMetadata();
const GENESIS_MS = 1_700_000_000_000;

/** The parts of a dispatch context the Drand pallet uses, over real storage and metadata. */
function chain() {
  const storage = new ChainStorage(runtime);
  const events: [string, string, unknown][] = [];
  const ctx = (timestampMs: number) =>
    ({
      runtime,
      storage,
      timestampMs,
      blockNumber: 0,
      logger: silentLogger,
      emit: (pallet: string, event: string, fields: unknown) => void events.push([pallet, event, fields]),
    }) as unknown as DispatchContext & GenesisContext;
  return { storage, events, ctx };
}

const u64 = (storage: ChainStorage, item: string) =>
  (storage.get("Drand", item) as unknown as { toBigInt(): bigint }).toBigInt();

Deno.test("createDrandPallet() stores verifiable pulses as time passes, as subtensor's Drand pallet names them", () => {
  const { storage, events, ctx } = chain();
  const pallet = createDrandPallet({ seed: "pallet test", periodSeconds: 2 });
  pallet.genesis!(ctx(GENESIS_MS));
  const config = storage.get("Drand", "BeaconConfig") as unknown as {
    publicKey: { toU8a(bare: true): Uint8Array };
    period: { toNumber(): number };
    genesisTime: { toNumber(): number };
  };
  assert.equal(config.period.toNumber(), 2);
  assert.equal(config.genesisTime.toNumber(), GENESIS_MS / 1000);
  const publicKey = config.publicKey.toU8a(true);

  pallet.onInitialize!(ctx(GENESIS_MS + 10_500)); // round floor(10.5 / 2) + 1 = 6: only the current one
  assert.equal(u64(storage, "LastStoredRound"), 6n);
  assert.equal(u64(storage, "OldestStoredRound"), 6n);
  assert.equal(storedPulse(storage, 5n), undefined);
  const six = storedPulse(storage, 6n)!;
  assert.equal(verifyDrandPulse(publicKey, six), true);

  pallet.onInitialize!(ctx(GENESIS_MS + 11_000)); // still round 6: nothing new
  pallet.onInitialize!(ctx(GENESIS_MS + 16_000)); // rounds 7, 8, 9
  assert.equal(u64(storage, "LastStoredRound"), 9n);
  for (const round of [7n, 8n, 9n]) assert.equal(verifyDrandPulse(publicKey, storedPulse(storage, round)!), true);
  assert.deepEqual(events.map((e) => e[1]), ["NewPulse", "NewPulse"]);
  assert.deepEqual(events[1][2], { rounds: [7n, 8n, 9n] });
});

Deno.test("createDrandPallet() catches up a bounded number of pulses a block and prunes past keptPulsesMax", () => {
  assert.equal(PULSES_PER_BLOCK_MAX, 50); // subtensor MAX_PULSES_TO_FETCH
  assert.equal(KEPT_PULSES_MAX, 216_000); // subtensor MAX_KEPT_PULSES
  const { storage, ctx } = chain();
  const pallet = createDrandPallet({ seed: "catch up", periodSeconds: 1, pulsesPerBlockMax: 5, keptPulsesMax: 8 });
  pallet.genesis!(ctx(GENESIS_MS));
  pallet.onInitialize!(ctx(GENESIS_MS)); // round 1
  pallet.onInitialize!(ctx(GENESIS_MS + 19_000)); // round 20 is out: store 2..6
  assert.equal(u64(storage, "LastStoredRound"), 6n);
  assert.equal(u64(storage, "OldestStoredRound"), 1n);
  pallet.onInitialize!(ctx(GENESIS_MS + 19_000)); // 7..11; keep 8: 4..11
  assert.equal(u64(storage, "LastStoredRound"), 11n);
  assert.equal(u64(storage, "OldestStoredRound"), 4n);
  assert.equal(storedPulse(storage, 3n), undefined);
  assert.ok(storedPulse(storage, 4n));
});

Deno.test("createDrandPallet() pulses open a commit encrypted to BeaconConfig's key once its round is stored", () => {
  const { storage, ctx } = chain();
  const pallet = createDrandPallet({ seed: "reveal", periodSeconds: 1 });
  pallet.genesis!(ctx(GENESIS_MS));
  const publicKey = (storage.get("Drand", "BeaconConfig") as unknown as { publicKey: { toU8a(b: true): Uint8Array } })
    .publicKey.toU8a(true);
  const who = new Uint8Array(32).fill(4);
  const commit = encrypt(publicKey, 5n, encodeWeightsPayload({ hotkey: who, uids: [1], values: [9], versionKey: 0n }));
  pallet.onInitialize!(ctx(GENESIS_MS + 3_000)); // round 4
  const entry = { who, commit, revealRound: 5n };
  assert.equal(revealTimelockedCommit(entry, storedPulse(storage, 5n)?.signature).kind, "retry");
  pallet.onInitialize!(ctx(GENESIS_MS + 4_000)); // round 5
  assert.deepEqual(revealTimelockedCommit(entry, storedPulse(storage, 5n)?.signature), {
    kind: "weights",
    format: "hotkey",
    uids: [1],
    values: [9],
    versionKey: 0n,
  });
});
