/**
 * Which uids a validator queries: the template's `check_uid_availability` and `get_random_uids`.
 *
 * @module
 */

/** What uid selection needs to know about one neuron. */
export interface UidCandidate {
  /** The uid. */
  uid: number;
  /** Whether the neuron serves an axon (ip is not 0.0.0.0). */
  serving: boolean;
  /** Whether it holds a validator permit. */
  validatorPermit: boolean;
  /** Its stake in TAO. */
  stakeTao: number;
}

/**
 * The template's availability rule: serving, and not a permit holder with more than
 * `vpermitTaoLimit` TAO of stake.
 *
 * @example
 * ```ts
 * import { isAvailable } from "./uids.ts";
 * console.assert(!isAvailable({ uid: 0, serving: true, validatorPermit: true, stakeTao: 5000 }, 4096));
 * ```
 */
export function isAvailable(candidate: UidCandidate, vpermitTaoLimit: number): boolean {
  if (!candidate.serving) return false;
  return !(candidate.validatorPermit && candidate.stakeTao > vpermitTaoLimit);
}

/**
 * Samples up to `k` available uids in random order without replacement; uids in `exclude` are used
 * only to top up when too few others are available.
 *
 * @example
 * ```ts
 * import { randomUids } from "./uids.ts";
 * const uids = randomUids([{ uid: 1, serving: true, validatorPermit: false, stakeTao: 0 }], 5);
 * console.assert(uids.length === 1);
 * ```
 */
export function randomUids(
  candidates: readonly UidCandidate[],
  k: number,
  options: { exclude?: readonly number[]; vpermitTaoLimit?: number; random?: () => number } = {},
): number[] {
  const random = options.random ?? Math.random;
  const limit = options.vpermitTaoLimit ?? 4096;
  const excluded = new Set(options.exclude ?? []);
  const available = candidates.filter((c) => isAvailable(c, limit)).map((c) => c.uid);
  const count = Math.min(k, available.length);
  const preferred = shuffle(available.filter((uid) => !excluded.has(uid)), random);
  const topUp = shuffle(available.filter((uid) => excluded.has(uid)), random);
  return [...preferred, ...topUp].slice(0, count);
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
