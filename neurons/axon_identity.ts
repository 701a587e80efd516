/**
 * The axon's identity stage (private to `neurons/`): one identity per public key. A claimed hotkey is
 * accepted only as its canonical SS58 (prefix 42); the result carries the public key every
 * per-caller table (rate limits, nonce store) keys on. Lookups are cached, with a bound.
 *
 * @module
 */
import { type CanonicalHotkey, canonicalHotkey, SS58_PREFIX } from "../protocol/ss58.ts";

/** Claimed spellings remembered at most. */
const CACHE_MAX = 65_536;

/** The 401 reason for a hotkey that is not the canonical SS58 of a key. */
export function nonCanonicalReason(claimed: string): string {
  return `Hotkey ${JSON.stringify(claimed.slice(0, 66))} is not a canonical SS58 address (prefix ${SS58_PREFIX})`;
}

/** A bounded cache of claimed hotkey → canonical identity (or `null` for a non-canonical spelling). */
export class IdentityCache {
  readonly #seen = new Map<string, CanonicalHotkey | null>();

  /** The identity `claimed` names: `undefined` when nothing is claimed, `null` when it is not canonical. */
  identify(claimed: string | undefined): CanonicalHotkey | null | undefined {
    if (claimed === undefined) return undefined;
    let who = this.#seen.get(claimed);
    if (who === undefined) {
      who = canonicalHotkey(claimed);
      if (this.#seen.size >= CACHE_MAX) this.#seen.delete(this.#seen.keys().next().value!);
      this.#seen.set(claimed, who);
    }
    return who;
  }
}
