/**
 * When a subnet's epoch runs (spec `chain.md` §8.1) and the epoch index commit–reveal counts in: every
 * `tempo` blocks since `LastEpochBlock` (subtensor v3.4.8+), or, with `legacyEpoch`, when
 * `(block + netuid + 1) % (tempo + 1) == 0` (≤ v3.4.7).
 *
 * @module
 */
import type { SubtensorConfig } from "./context.ts";
import { HEAD_ONLY_ITEMS, S } from "./items.ts";
import type { TypedStore } from "./store.ts";

/** subtensor's `MAX_TEMPO` safety net: an epoch is forced after this many blocks without one. */
export const MAX_TEMPO_BLOCKS = 50_400n;

/**
 * Whether the subnet's epoch runs in `block` (`should_run_epoch`).
 *
 * @example
 * ```ts
 * import { MapStorage, TypedStore } from "./store.ts";
 * import { S } from "./items.ts";
 * import { shouldRunEpoch } from "./schedule.ts";
 * const st = new TypedStore(new MapStorage());
 * st.put(S.Tempo, [1], 10);
 * console.assert(shouldRunEpoch(st, { legacyEpoch: true }, 1, 9)); // (9 + 1 + 1) % 11 == 0
 * ```
 */
export function shouldRunEpoch(
  st: TypedStore,
  config: Pick<SubtensorConfig, "legacyEpoch">,
  netuid: number,
  block: number,
): boolean {
  const tempo = st.get(S.Tempo, netuid);
  if (tempo === 0) return false;
  if (config.legacyEpoch) return (block + netuid + 1) % (tempo + 1) === 0;
  const pending = st.get(HEAD_ONLY_ITEMS.PendingEpochAt, netuid);
  const b = BigInt(block);
  if (pending > 0n && b >= pending) return true;
  if (st.get(S.BlocksSinceLastStep, netuid) > MAX_TEMPO_BLOCKS) return true;
  return b - st.get(HEAD_ONLY_ITEMS.LastEpochBlock, netuid) >= BigInt(tempo);
}

/** Blocks until the next epoch of the subnet (0 when it runs in `block`). */
export function blocksUntilNextEpoch(
  st: TypedStore,
  config: Pick<SubtensorConfig, "legacyEpoch">,
  netuid: number,
  block: number,
): number {
  const tempo = st.get(S.Tempo, netuid);
  if (tempo === 0) return Number.MAX_SAFE_INTEGER;
  if (config.legacyEpoch) return tempo - ((block + netuid + 1) % (tempo + 1));
  const next = Number(st.get(HEAD_ONLY_ITEMS.LastEpochBlock, netuid)) + tempo;
  return Math.max(0, next - block);
}

/**
 * The epoch index commit–reveal uses (`current_epoch_with_lookahead`): `SubnetEpochIndex`, plus 1 when
 * the epoch fires in `block`; with `legacyEpoch`, `(block + netuid + 1) / (tempo + 1)`.
 */
export function currentEpochWithLookahead(
  st: TypedStore,
  config: Pick<SubtensorConfig, "legacyEpoch">,
  netuid: number,
  block: number,
): bigint {
  if (config.legacyEpoch) {
    const tempo = st.get(S.Tempo, netuid);
    return BigInt(Math.floor((block + netuid + 1) / (tempo + 1)));
  }
  const base = st.get(HEAD_ONLY_ITEMS.SubnetEpochIndex, netuid);
  return shouldRunEpoch(st, config, netuid, block) ? base + 1n : base;
}
