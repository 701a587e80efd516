/**
 * Where a devnet's fork comes from: a snapshot already read, a `--fork-cache` file, or a node (then
 * saved to the cache file, when one is named).
 *
 * @module
 */
import { SubnetError } from "../../protocol/errors.ts";
import type { RuntimeMetadata } from "../metadata.ts";
import { type ForkProgress, readForkWith } from "./read.ts";
import { type ForkSnapshot, loadForkCache, saveForkCache } from "./snapshot.ts";

/** The `fork` option of `startDevnet`. */
export interface DevnetForkOptions {
  /** `finney`, `test`, `local`, or a `ws://` / `wss://` endpoint (not needed when `cache` exists). */
  readonly endpoint?: string;
  /** The subnets to copy. */
  readonly netuids?: readonly number[];
  /** The block: a number or a `0x` hash (default: the node's finalized head). */
  readonly at?: number | string;
  /**
   * A cache file: when it exists the fork starts from it with no network; otherwise what is read is
   * saved there (atomically).
   */
  readonly cache?: string;
  /** A snapshot already read (`readFork`). */
  readonly snapshot?: ForkSnapshot;
  /** Progress of the read. */
  readonly onProgress?: (progress: ForkProgress) => void;
}

/**
 * The snapshot a fork starts from.
 *
 * @throws {SubnetError} `devnet/fork-*` when it cannot be read (see `readFork`), or the cache holds
 *   other subnets than asked for
 * @example
 * ```ts ignore
 * const snapshot = await forkSnapshot({ endpoint: "ws://127.0.0.1:9944", netuids: [1], cache: "sn1.json" });
 * ```
 */
export async function forkSnapshot(options: DevnetForkOptions, metadata?: RuntimeMetadata): Promise<ForkSnapshot> {
  if (options.snapshot) return options.snapshot;
  if (options.cache) {
    const cached = await loadForkCache(options.cache);
    if (cached) {
      const missing = (options.netuids ?? []).filter((n) => !cached.netuids.includes(n));
      if (missing.length) {
        throw new SubnetError(
          "devnet/fork-cache-invalid",
          `Cannot fork netuid ${missing.join(", ")} from cache ${options.cache}: it holds netuid ${
            cached.netuids.join(", ")
          } (delete it to read again)`,
        );
      }
      return cached;
    }
  }
  if (!options.endpoint || !options.netuids?.length) {
    throw new SubnetError("devnet/fork-endpoint", "Cannot fork: give an endpoint and at least one netuid");
  }
  const snapshot = await readForkWith(
    { endpoint: options.endpoint, netuids: options.netuids, at: options.at, onProgress: options.onProgress },
    metadata,
  );
  if (options.cache) await saveForkCache(snapshot, options.cache);
  return snapshot;
}
