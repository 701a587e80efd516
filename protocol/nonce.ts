/**
 * Nonces (Unix-epoch nanoseconds as `bigint`, wire-protocol.md §2.3) and protocol version integers (§0).
 *
 * @module
 */

/** Python 7.2.0 as a version integer: from here on axons check nonce freshness against the clock. */
export const V_7_2_0 = 7_002_000;

/** Python's `ALLOWED_DELTA`: a first nonce may be this many nanoseconds (4 s) older than the synapse timeout allows. */
export const ALLOWED_DELTA_NS = 4_000_000_000n;

/**
 * The current Unix time in nanoseconds, as Python's `time.time_ns()`.
 *
 * @param clockMs the clock in (possibly fractional) Unix milliseconds
 *
 * @example
 * ```ts
 * import { nowNs } from "./nonce.ts";
 * console.assert(nowNs(() => 1712345678901.5) === 1712345678901500000n);
 * ```
 */
export function nowNs(clockMs: () => number = Date.now): bigint {
  const ms = clockMs();
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

/** Options of {@linkcode createNonceSource}. */
export interface NonceSourceOptions {
  /** The clock in Unix milliseconds. @default {Date.now} */
  clockMs?: () => number;
}

/**
 * A source of strictly increasing nanosecond nonces for one dendrite: the clock, or one more than the
 * last nonce when the clock has not moved (an axon refuses a nonce not above the last one it saw).
 *
 * @example
 * ```ts
 * import { createNonceSource } from "./nonce.ts";
 * const next = createNonceSource({ clockMs: () => 1000 });
 * console.assert(next() === 1000000000n && next() === 1000000001n);
 * ```
 */
export function createNonceSource(options: NonceSourceOptions = {}): () => bigint {
  const clockMs = options.clockMs ?? Date.now;
  let last = -1n;
  return function nextNonce(): bigint {
    const now = nowNs(clockMs);
    last = now > last ? now : last + 1n;
    return last;
  };
}

/**
 * The window in which an axon accepts a first nonce (Python `allowed_nonce_window_ns`): 4 s plus the
 * synapse timeout, in nanoseconds.
 *
 * @example
 * ```ts
 * import { allowedNonceWindowNs } from "./nonce.ts";
 * console.assert(allowedNonceWindowNs(12) === 16_000_000_000n);
 * ```
 */
export function allowedNonceWindowNs(timeoutS: number | null): bigint {
  const timeoutNs = BigInt(Math.round((timeoutS ?? 0) * 1e9));
  return ALLOWED_DELTA_NS + timeoutNs;
}

/**
 * Reads a version integer as `major.minor.patch`: `major*1e6 + minor*1e3 + patch` from 7.2.0 on, and
 * the old `100*major + 10*minor + patch` below 7002000.
 *
 * @example
 * ```ts
 * import { versionFromInt } from "./nonce.ts";
 * console.assert(versionFromInt(10002000) === "10.2.0" && versionFromInt(682) === "6.8.2");
 * ```
 */
export function versionFromInt(version: number): string {
  if (version >= V_7_2_0) {
    return `${Math.floor(version / 1e6)}.${Math.floor(version / 1e3) % 1000}.${version % 1000}`;
  }
  return `${Math.floor(version / 100)}.${Math.floor(version / 10) % 10}.${version % 10}`;
}

/**
 * Whether a caller's version gets the clock-based nonce rule (`>= 7002000`); older or absent versions
 * only need increasing nonces.
 *
 * @example
 * ```ts
 * import { usesClockNonces } from "./nonce.ts";
 * console.assert(usesClockNonces(10002000) && !usesClockNonces(712) && !usesClockNonces(null));
 * ```
 */
export function usesClockNonces(version: number | null): boolean {
  return version !== null && version >= V_7_2_0;
}
