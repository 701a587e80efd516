/**
 * A bounded replay store for signed-request dialects (btauth/1 nonces, Epistula uuids): a key is
 * remembered for a fixed retention and never evicted early, so a replay inside the window is always
 * caught; when full, new keys are refused instead.
 *
 * @module
 */

/** The outcome of {@linkcode ReplayStore.checkAndStore}. */
export type ReplayCheck = "fresh" | "replayed" | "full";

/** Remembers accepted keys; write to it only after a signature verified. */
export interface ReplayStore {
  /** How long a key is remembered, in ms. */
  readonly retentionMs: number;
  /** `"fresh"` (and remembers the key), `"replayed"` if seen within the retention, or `"full"`. */
  checkAndStore(key: string, nowMs: number): ReplayCheck;
}

/** Options of {@linkcode createReplayStore}. */
export interface ReplayStoreOptions {
  /** How long a key is remembered, in ms. @default {60_000} */
  retentionMs?: number;
  /** Keys remembered at most; beyond, new keys are refused (`"full"`). @default {100_000} */
  entriesMax?: number;
}

/**
 * An in-memory replay store. Keys expire in insertion order, so pruning is a scan from the oldest.
 *
 * @example
 * ```ts
 * import { createReplayStore } from "./replay_store.ts";
 * const store = createReplayStore({ retentionMs: 1000 });
 * console.assert(store.checkAndStore("a", 0) === "fresh" && store.checkAndStore("a", 999) === "replayed");
 * console.assert(store.checkAndStore("a", 1000) === "fresh");
 * ```
 */
export function createReplayStore(options: ReplayStoreOptions = {}): ReplayStore {
  const retentionMs = options.retentionMs ?? 60_000;
  const entriesMax = options.entriesMax ?? 100_000;
  if (!(retentionMs > 0) || !(entriesMax > 0)) {
    throw new RangeError(
      `Cannot create a replay store: retentionMs ${retentionMs} and entriesMax ${entriesMax} must be > 0`,
    );
  }
  const expiry = new Map<string, number>();
  let latestMs = -Infinity;
  return {
    retentionMs,
    checkAndStore(key: string, nowMs: number): ReplayCheck {
      // A clock that steps back must not shorten anyone's retention.
      latestMs = Math.max(latestMs, nowMs);
      for (const [k, until] of expiry) {
        if (until > latestMs) break;
        expiry.delete(k);
      }
      if (expiry.has(key)) return "replayed";
      if (expiry.size >= entriesMax) return "full";
      expiry.set(key, latestMs + retentionMs);
      return "fresh";
    },
  };
}
