/**
 * What a fork read: the block (header, timestamp), the storage entries of the forked subnets as raw
 * SCALE under subtensor's own keys, and a report of which items came from where. `--fork-cache` saves
 * it as JSON, written atomically and durably (`runtime/atomic_file.ts`), so a fork restarts offline.
 *
 * @module
 */
import { SubnetError } from "../../protocol/errors.ts";
import { readFileIfPresent, writeFileAtomic } from "../../runtime/atomic_file.ts";

/** The format tag of fork cache files. */
export const FORK_FORMAT = "subnet-fork/1";

/** Where one subnet's items came from. */
export interface ForkSubnetReport {
  /** The subnet. */
  netuid: number;
  /** Neurons read. */
  neurons: number;
  /** Mechanisms read (weights and bonds of each). */
  mechanisms: number;
  /** Items read from storage (`state_getKeysPaged` / `state_queryStorageAt`), with their entry counts. */
  storage: Record<string, number>;
  /** Items built from a runtime API, by API (`NeuronInfoRuntimeApi_get_neurons_lite` → items). */
  runtimeApi: Record<string, string[]>;
  /** Items the fork set from other items, with how (`LastEpochBlock` → "from Tempo and …"). */
  derived: Record<string, string>;
  /** Items that could not be read, with why; the fork goes on without them. */
  missing: Record<string, string>;
}

/** A block header in RPC JSON form (the forked block's, kept as the devnet's head). */
export interface ForkHeader {
  /** Parent hash, `0x` hex. */
  parentHash: string;
  /** Block number as `0x` hex. */
  number: string;
  /** State root, `0x` hex. */
  stateRoot: string;
  /** Extrinsics root, `0x` hex. */
  extrinsicsRoot: string;
  /** Digest logs, SCALE `0x` hex each. */
  digest: { logs: string[] };
}

/** What a fork read, and from where. */
export interface ForkReport {
  /** The endpoint read. */
  endpoint: string;
  /** The forked block's number. */
  block: number;
  /** The forked block's hash. */
  hash: string;
  /** Per subnet. */
  subnets: ForkSubnetReport[];
  /** Global values read from storage (the epoch's and emission's settings). */
  globals: string[];
  /** Storage keys read. */
  keys: number;
  /** Bytes of answers received. */
  bytes: number;
  /** Seconds the read took. */
  seconds: number;
}

/** A fork's state, as read (and as `--fork-cache` saves it). */
export interface ForkSnapshot {
  /** Always {@link FORK_FORMAT}. */
  format: string;
  /** The forked block's header (the devnet's head; it continues at `number + 1`). */
  header: ForkHeader;
  /** The forked block's timestamp (ms). */
  timestampMs: number;
  /** The forked block's parent header, when the node gave it (clients ask for it). */
  parent?: ForkHeader;
  /** The forked subnets. */
  netuids: number[];
  /** Storage entries `[key, value]` in `0x` hex, under subtensor's keys. */
  entries: [string, string][];
  /** Where each item came from. */
  report: ForkReport;
}

/**
 * Writes a snapshot to `path` atomically and durably (`runtime/atomic_file.ts`).
 *
 * @example
 * ```ts ignore
 * await saveForkCache(snapshot, "sn1.fork.json");
 * ```
 */
export async function saveForkCache(snapshot: ForkSnapshot, path: string): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(snapshot), { mode: 0o644 });
}

/**
 * Reads a fork cache; `null` when the file does not exist.
 *
 * @throws {SubnetError} `devnet/fork-cache-invalid` when it is not a fork cache
 * @example
 * ```ts ignore
 * const snapshot = await loadForkCache("sn1.fork.json");
 * ```
 */
export async function loadForkCache(path: string): Promise<ForkSnapshot | null> {
  const text = await readFileIfPresent(path);
  if (text === null) return null;
  let snapshot: ForkSnapshot;
  try {
    snapshot = JSON.parse(text);
  } catch (err) {
    throw new SubnetError("devnet/fork-cache-invalid", `Cannot load fork cache ${path}: it is not JSON`, {
      cause: err,
    });
  }
  if (
    snapshot?.format !== FORK_FORMAT || !Array.isArray(snapshot.entries) || !snapshot.header ||
    !Array.isArray(snapshot.netuids)
  ) {
    throw new SubnetError(
      "devnet/fork-cache-invalid",
      `Cannot load fork cache ${path}: it is not a ${FORK_FORMAT} file`,
    );
  }
  return snapshot;
}
