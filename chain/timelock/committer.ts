/**
 * The timelock committer the chain client's `setWeights` takes (`options.timelock`): it reads what
 * the runtime offers (the stateful epoch schedule or none, `Drand.BeaconConfig`,
 * `Drand.LastStoredRound`) through the client's storage reader and builds the commit with
 * {@link buildTimelockedCommit}.
 *
 * @module
 */
import { hexToU8a, u8aToHex } from "@polkadot/util";
import { xxhashAsU8a } from "@polkadot/util-crypto";
import { type BeaconConfig, beaconConfig, type EpochScheduleState, QUICKNET } from "../reveal_round.ts";
import { buildTimelockedCommit, type CommitSchedule } from "./commit.ts";

/** The two storage methods of the chain client this needs (`Subtensor` has both). */
export interface TimelockStorageReader {
  /** Whether the runtime's metadata has `pallet.item`. */
  hasStorage(pallet: string, item: string): boolean;
  /** Reads one storage value, decoded (numbers, bigints, `Uint8Array`, snake_case objects). */
  storage(pallet: string, item: string, keys?: unknown[]): Promise<unknown>;
  /**
   * A raw JSON-RPC call (`Subtensor.rpc`), optional: with it, the stateful epoch items are read by their
   * raw keys when the metadata does not list them (a runtime newer than its metadata, such as the devnet).
   */
  rpc?<T = unknown>(method: string, params?: unknown[]): Promise<T>;
}

/** A `u64` under `twox128("SubtensorModule") ++ twox128(item) ++ u16le(netuid)` (Identity), read raw. */
async function rawEpochItem(chain: TimelockStorageReader, item: string, netuid: number): Promise<number | undefined> {
  if (!chain.rpc) return undefined;
  const key = u8aToHex(
    new Uint8Array([...xxhashAsU8a("SubtensorModule", 128), ...xxhashAsU8a(item, 128), netuid & 0xff, netuid >> 8]),
  );
  const raw = await chain.rpc<string | null>("state_getStorage", [key]);
  if (typeof raw !== "string" || raw.length !== 18) return undefined;
  const bytes = hexToU8a(raw);
  return Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
}

/** What `setWeights` passes: the weights and the subnet's timing at the best block. */
export interface TimelockEncryptRequest {
  /** The signing hotkey's 32-byte public key. */
  hotkey: Uint8Array;
  /** The subnet. */
  netuid: number;
  /** Neuron uids. */
  uids: number[];
  /** u16 weights. */
  values: number[];
  /** The weights version key. */
  versionKey: bigint;
  /** The best block number. */
  currentBlock: number;
  /** `Tempo(netuid)`. */
  tempo: number;
  /** `RevealPeriodEpochs(netuid)`. */
  revealPeriodEpochs: number;
}

/** The commit and round to submit. */
export interface TimelockEncryptResult {
  /** The raw `TLECiphertext`. */
  commit: Uint8Array;
  /** The drand round it is encrypted to. */
  revealRound: bigint;
}

/** A committer as `setWeights` takes it. */
export interface DrandCommitter {
  /**
   * Builds the timelocked commit for `request`.
   *
   * @param request the weights and the subnet's timing
   */
  encrypt(request: TimelockEncryptRequest): Promise<TimelockEncryptResult>;
}

/** Options of {@link createTimelockCommitter}. */
export interface TimelockCommitterOptions {
  /** The chain client (or any reader of decoded storage). */
  chain: TimelockStorageReader;
  /** Block time in milliseconds (default 12000, finney's). */
  blockTimeMs?: number;
  /** The wall clock, Unix milliseconds (default `Date.now`). */
  now?: () => number;
  /** A beacon to use instead of `Drand.BeaconConfig` / quicknet. */
  beacon?: BeaconConfig;
}

function int(value: unknown, what: string): number {
  const n = typeof value === "bigint" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0) {
    throw new TypeError(`Cannot read ${what} from storage: got ${String(value)}`);
  }
  return n;
}

/**
 * Reads the stateful epoch schedule of `netuid` (timelock.md §4.2), or `undefined` on a runtime
 * without `SubnetEpochIndex` (legacy modulo epochs).
 *
 * @example
 * ```ts
 * import { readEpochSchedule } from "./committer.ts";
 * // const state = await readEpochSchedule(subtensor, 1, { currentBlock, tempo });
 * ```
 */
export async function readEpochSchedule(
  chain: TimelockStorageReader,
  netuid: number,
  at: { currentBlock: number; tempo: number },
): Promise<EpochScheduleState | undefined> {
  if (!chain.hasStorage("SubtensorModule", "SubnetEpochIndex")) {
    const index = await rawEpochItem(chain, "SubnetEpochIndex", netuid);
    if (index === undefined) return undefined;
    const [last, pending, since] = await Promise.all([
      rawEpochItem(chain, "LastEpochBlock", netuid),
      rawEpochItem(chain, "PendingEpochAt", netuid),
      chain.hasStorage("SubtensorModule", "BlocksSinceLastStep")
        ? chain.storage("SubtensorModule", "BlocksSinceLastStep", [netuid])
        : Promise.resolve(0),
    ]);
    return {
      currentBlock: at.currentBlock,
      tempo: at.tempo,
      subnetEpochIndex: index,
      lastEpochBlock: last ?? 0,
      pendingEpochAt: pending ?? 0,
      blocksSinceLastStep: int(since, "BlocksSinceLastStep"),
    };
  }
  const read = (item: string) =>
    chain.hasStorage("SubtensorModule", item) ? chain.storage("SubtensorModule", item, [netuid]) : Promise.resolve(0);
  const [index, last, pending, since] = await Promise.all(
    ["SubnetEpochIndex", "LastEpochBlock", "PendingEpochAt", "BlocksSinceLastStep"].map(read),
  );
  return {
    currentBlock: at.currentBlock,
    tempo: at.tempo,
    subnetEpochIndex: int(index, "SubnetEpochIndex"),
    lastEpochBlock: int(last, "LastEpochBlock"),
    pendingEpochAt: int(pending, "PendingEpochAt"),
    blocksSinceLastStep: int(since, "BlocksSinceLastStep"),
  };
}

/**
 * Reads `Drand.BeaconConfig`, falling back to drand quicknet when the runtime has no Drand pallet
 * or the config is still empty.
 *
 * @example
 * ```ts
 * import { readBeaconConfig } from "./committer.ts";
 * // const beacon = await readBeaconConfig(subtensor);
 * ```
 */
export async function readBeaconConfig(chain: TimelockStorageReader): Promise<BeaconConfig> {
  if (!chain.hasStorage("Drand", "BeaconConfig")) return QUICKNET;
  const value = await chain.storage("Drand", "BeaconConfig") as Record<string, unknown> | null;
  const publicKey = value?.public_key;
  if (!(publicKey instanceof Uint8Array) || publicKey.length === 0) return QUICKNET;
  return beaconConfig({
    publicKey,
    period: int(value!.period, "Drand.BeaconConfig.period"),
    genesisTime: int(value!.genesis_time, "Drand.BeaconConfig.genesis_time"),
  });
}

/**
 * Creates the committer `setWeights` takes. Each call reads the schedule, the beacon and
 * `LastStoredRound`, then encrypts with fresh randomness.
 *
 * @example
 * ```ts
 * import { createTimelockCommitter } from "./committer.ts";
 * // await subtensor.setWeights(hotkey, params, { timelock: createTimelockCommitter({ chain: subtensor }) });
 * ```
 */
export function createTimelockCommitter(options: TimelockCommitterOptions): DrandCommitter {
  const { chain } = options;
  const now = options.now ?? Date.now;
  const blockTimeMs = options.blockTimeMs ?? 12000;
  return {
    async encrypt(request: TimelockEncryptRequest): Promise<TimelockEncryptResult> {
      const [state, beacon, lastStored] = await Promise.all([
        readEpochSchedule(chain, request.netuid, request),
        options.beacon ? Promise.resolve(options.beacon) : readBeaconConfig(chain),
        chain.hasStorage("Drand", "LastStoredRound") ? chain.storage("Drand", "LastStoredRound") : Promise.resolve(0n),
      ]);
      const schedule: CommitSchedule = state
        ? { kind: "stateful", state }
        : { kind: "legacy", currentBlock: request.currentBlock, netuid: request.netuid, tempo: request.tempo };
      const built = buildTimelockedCommit({
        payload: { hotkey: request.hotkey, uids: request.uids, values: request.values, versionKey: request.versionKey },
        schedule,
        revealPeriodEpochs: request.revealPeriodEpochs,
        nowMs: now(),
        blockTimeMs,
        beacon,
        lastStoredRound: BigInt(int(lastStored, "Drand.LastStoredRound")),
      });
      return { commit: built.commit, revealRound: built.revealRound };
    },
  };
}
