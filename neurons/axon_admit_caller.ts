/**
 * The axon's caller admission (private to `neurons/`): the per-hotkey rate limit and the nonce
 * record. Before verification the claimed key's rate is only peeked (429, nothing spent: anyone can
 * claim any hotkey); once the signature and body hash hold, the nonce is recorded (401 for a replay
 * or a stale nonce, 503 when the store is full) and the key's token is spent (429). Every table keys
 * on the public key (hex), so no spelling of a key gets a budget of its own.
 *
 * @module
 */
import type { RequestHead } from "./axon_head.ts";
import type { NonceOrigin, NonceStore } from "./axon_nonces.ts";
import type { RateLimiter } from "./axon_rate_limit.ts";
import { AxonReject, nonceRefusal } from "./axon_reject.ts";

/** A verified caller: its hotkey, the public key (hex) every per-caller table keys on, and its nonce. */
export interface Caller {
  /** The verified SS58 hotkey. */
  hotkey: string;
  /** Its public key as hex: the key of the nonce store and the rate limits. */
  key: string;
  /** The verified nonce (Unix ns). */
  nonce: bigint;
  /** The dendrite's uuid (`"None"` when absent, as Python signs it). */
  uuid: string;
  /** The peer IP and whether the key is registered (the nonce store's budgets). */
  origin: NonceOrigin;
}

/** What caller admission works on. */
export interface CallerAdmissionOptions {
  /** The axon's nonce store. */
  nonces: NonceStore;
  /** The per-hotkey rate limit, if configured. */
  hotkeyLimit?: RateLimiter;
  /** The clock in Unix ms. */
  now: () => number;
}

/** The caller admission stage of one axon (see the module doc). */
export interface CallerAdmission {
  /** 429 when `key` (a claimed, unverified key) has no token left; spends nothing. */
  peek(key: string | undefined, claimed: string | undefined): void;
  /** Records a verified caller's nonce (401, 503), then spends its rate token (429). */
  commit(head: RequestHead, caller: Caller): void;
  /** Spends a verified key's rate token (429): for dialects that keep their own replay store. */
  spend(key: string, hotkey: string): void;
}

/**
 * Creates the caller admission stage of one axon.
 *
 * @example
 * ```ts
 * import { NonceStore } from "./axon_nonces.ts";
 * import { RateLimiter } from "./axon_rate_limit.ts";
 * import { createCallerAdmission } from "./axon_admit_caller.ts";
 * const admit = createCallerAdmission({
 *   nonces: new NonceStore(),
 *   hotkeyLimit: new RateLimiter({ ratePerS: 1, burst: 1 }, 10),
 *   now: () => 0,
 * });
 * admit.spend("ab", "5Grw…");
 * try {
 *   admit.spend("ab", "5Grw…");
 * } catch (error) {
 *   console.assert((error as { status: number }).status === 429);
 * }
 * ```
 */
export function createCallerAdmission({ nonces, hotkeyLimit, now }: CallerAdmissionOptions): CallerAdmission {
  const tooMany = (hotkey: string | undefined) =>
    new AxonReject(429, `Too many requests from hotkey ${hotkey}: retry later`);
  const spend = (key: string, hotkey: string) => {
    if (hotkeyLimit && !hotkeyLimit.take(key, now())) throw tooMany(hotkey);
  };
  return {
    peek(key, claimed) {
      if (hotkeyLimit && key && !hotkeyLimit.peek(key, now())) throw tooMany(claimed);
    },
    commit(head, caller) {
      const nowNs = BigInt(Math.floor(now())) * 1_000_000n;
      const verdict = nonces.commit(caller.key, caller.uuid, caller.nonce, head.timeout, nowNs, caller.origin);
      if (!verdict.ok) throw nonceRefusal(verdict);
      spend(caller.key, caller.hotkey);
    },
    spend,
  };
}
