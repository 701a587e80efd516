/**
 * Token-bucket rate limits for the axon, per key (a hotkey or a peer IP), with a bounded number of
 * keys. Off unless configured (clarifications.md, "Rate limits").
 *
 * @module
 */

/** One limit: a steady rate and a burst. */
export interface RateLimit {
  /** Requests per second allowed on average. */
  ratePerS: number;
  /** Requests allowed at once after a quiet period (the bucket size). */
  burst: number;
}

interface Bucket {
  tokens: number;
  atMs: number;
}

/**
 * Token buckets keyed by string. Keys beyond `keysMax` push out the least recently used bucket,
 * which only ever makes the limit more lenient for that key (never stricter).
 *
 * @example
 * ```ts
 * import { RateLimiter } from "./axon_rate_limit.ts";
 * const limiter = new RateLimiter({ ratePerS: 1, burst: 2 }, 100);
 * console.assert(limiter.take("1.2.3.4", 0) && limiter.take("1.2.3.4", 0));
 * console.assert(!limiter.take("1.2.3.4", 0));
 * console.assert(limiter.take("1.2.3.4", 1000));
 * ```
 */
export class RateLimiter {
  readonly #buckets = new Map<string, Bucket>();
  readonly #ratePerMs: number;
  readonly #burst: number;
  readonly #keysMax: number;

  /**
   * Creates a limiter.
   *
   * @param limit the rate and burst
   * @param keysMax the number of keys tracked at most
   */
  constructor(limit: RateLimit, keysMax: number) {
    if (!(limit.ratePerS > 0 && limit.burst >= 1 && keysMax >= 1)) {
      throw new RangeError(
        `Cannot create a rate limit of ${limit.ratePerS}/s, burst ${limit.burst}, keysMax ${keysMax}: rate must be > 0, burst and keysMax ≥ 1`,
      );
    }
    this.#ratePerMs = limit.ratePerS / 1000;
    this.#burst = limit.burst;
    this.#keysMax = keysMax;
  }

  /** The number of keys tracked. */
  get size(): number {
    return this.#buckets.size;
  }

  #refill(key: string, nowMs: number): Bucket {
    let bucket = this.#buckets.get(key);
    if (bucket) {
      this.#buckets.delete(key);
      const elapsed = Math.max(0, nowMs - bucket.atMs);
      bucket.tokens = Math.min(this.#burst, bucket.tokens + elapsed * this.#ratePerMs);
      bucket.atMs = Math.max(bucket.atMs, nowMs);
    } else {
      bucket = { tokens: this.#burst, atMs: nowMs };
      if (this.#buckets.size >= this.#keysMax) {
        const oldest = this.#buckets.keys().next().value;
        if (oldest !== undefined) this.#buckets.delete(oldest);
      }
    }
    this.#buckets.set(key, bucket);
    return bucket;
  }

  /**
   * Whether a request for `key` would be allowed now, without spending a token.
   *
   * @param key the hotkey or IP
   * @param nowMs the current time in ms
   * @returns true if a token is available
   */
  peek(key: string, nowMs: number): boolean {
    return this.#refill(key, nowMs).tokens >= 1;
  }

  /**
   * Spends one token for `key` if one is available.
   *
   * @param key the hotkey or IP
   * @param nowMs the current time in ms
   * @returns true if the request is allowed
   */
  take(key: string, nowMs: number): boolean {
    const bucket = this.#refill(key, nowMs);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
