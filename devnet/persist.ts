/**
 * `--state <file>`: the devnet's chain saved as JSON (head header and timestamp, genesis hash,
 * every storage entry), written atomically and durably by `runtime/atomic_file.ts` (a unique temp,
 * fsync, rename, fsync of the folder), so a crash or `kill -9` never leaves a half-written file and
 * overlapping saves never share a temp; temps a killed devnet left are swept on load.
 *
 * @module
 */
import { u8aToHex } from "@polkadot/util";
import { hexToU8a } from "@polkadot/util";
import { SubnetError } from "../protocol/errors.ts";
import { readFileIfPresent, writeFileAtomic } from "../runtime/atomic_file.ts";
import type { Chain, HeaderJson } from "./chain.ts";

/** The format tag written into state files. */
export const STATE_FORMAT = "subnet-devnet-state/1";

/** A saved chain. */
export interface SavedState {
  /** Always {@link STATE_FORMAT}. */
  format: string;
  /** The runtime's spec version when saved. */
  specVersion: number;
  /** The genesis hash. */
  genesisHash: string;
  /** The head block's header. */
  head: HeaderJson;
  /** The head block's timestamp (ms). */
  headTimestampMs: number;
  /** Every storage entry, `[key, value]` in hex, sorted by key. */
  entries: [string, string][];
  /** Headers of genesis and the last {@link RECENT_HEADERS} blocks, oldest first. */
  recent?: { header: HeaderJson; timestampMs: number }[];
}

/** Recent block headers saved with the state (enough for `@polkadot/api`'s and dedot's eras). */
export const RECENT_HEADERS = 256;

/**
 * The chain's current state as a {@link SavedState}.
 *
 * @example
 * ```ts ignore
 * const saved = snapshotState(chain);
 * ```
 */
export function snapshotState(chain: Chain): SavedState {
  return {
    format: STATE_FORMAT,
    specVersion: chain.runtime.metadata.version.specVersion,
    genesisHash: chain.genesisHash,
    head: chain.best.header,
    headTimestampMs: chain.best.timestampMs,
    entries: chain.storage.entries().map(([k, v]) => [k, u8aToHex(v)]),
    recent: chain.recentHeaders(RECENT_HEADERS),
  };
}

/**
 * Writes the chain's state to `path` atomically.
 *
 * @example
 * ```ts ignore
 * await saveState(chain, "devnet.json");
 * ```
 */
export async function saveState(chain: Chain, path: string): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(snapshotState(chain)), { mode: 0o644 });
}

/**
 * Reads a state file, after sweeping temps a killed devnet left beside it; `null` when it does not
 * exist.
 *
 * @throws {SubnetError} `devnet/state-invalid` when the file is not a devnet state of this runtime
 */
export async function loadState(path: string, specVersion: number): Promise<SavedState | null> {
  const text = await readFileIfPresent(path);
  if (text === null) return null;
  let saved: SavedState;
  try {
    saved = JSON.parse(text);
  } catch (err) {
    throw new SubnetError(
      "devnet/state-invalid",
      `Cannot load devnet state from ${path}: it is not JSON (delete it to start a fresh chain)`,
      { cause: err },
    );
  }
  if (saved.format !== STATE_FORMAT || !Array.isArray(saved.entries) || !saved.head) {
    throw new SubnetError(
      "devnet/state-invalid",
      `Cannot load devnet state from ${path}: it is not a ${STATE_FORMAT} file (delete it to start a fresh chain)`,
    );
  }
  if (saved.specVersion !== specVersion) {
    throw new SubnetError(
      "devnet/state-invalid",
      `Cannot load devnet state from ${path}: it was saved by runtime spec ${saved.specVersion}, this devnet runs spec ${specVersion} (delete it to start a fresh chain)`,
    );
  }
  return saved;
}

/** Decodes saved entries into raw bytes. */
export function savedEntries(saved: SavedState): [string, Uint8Array][] {
  return saved.entries.map(([k, v]) => [k, hexToU8a(v)]);
}
