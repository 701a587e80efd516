/**
 * The axon's first stage (private to `neurons/`): transport limits checked before any header is
 * parsed. A closed axon answers 503, a declared body past `bodyBytesMax` 413, and a peer IP past its
 * rate limit 429 (its token is spent here, before anything else). The body itself is capped while
 * it is read (`readBody` in `axon_head.ts`).
 *
 * @module
 */
import type { RateLimiter } from "./axon_rate_limit.ts";
import { AxonReject } from "./axon_reject.ts";

/** What the transport stage checks against. */
export interface TransportLimits {
  /** Aborted when the axon closes. */
  closing: AbortSignal;
  /** The largest request body accepted, in bytes. */
  bodyBytesMax: number;
  /** The per-IP rate limit, if configured. */
  ipLimit?: RateLimiter;
  /** The clock in Unix ms. */
  now: () => number;
}

/**
 * Refuses a request on its transport alone (see the module doc); returns when it may go on.
 *
 * @example
 * ```ts
 * import { checkTransport } from "./axon_transport.ts";
 * const limits = { closing: new AbortController().signal, bodyBytesMax: 4, now: Date.now };
 * const big = new Request("http://x/", { method: "POST", body: "12345", headers: { "content-length": "5" } });
 * try {
 *   checkTransport(big, { hostname: "1.2.3.4" }, limits);
 * } catch (error) {
 *   console.assert((error as { status: number }).status === 413);
 * }
 * ```
 */
export function checkTransport(request: Request, peer: { hostname: string }, limits: TransportLimits): void {
  if (limits.closing.aborted) throw new AxonReject(503, "Service unavailable: the axon is shutting down");
  const length = request.headers.get("content-length");
  if (length !== null && Number(length) > limits.bodyBytesMax) {
    throw new AxonReject(
      413,
      `Request body too large: ${Number(length)} bytes (bodyBytesMax ${limits.bodyBytesMax})`,
    );
  }
  if (limits.ipLimit && !limits.ipLimit.take(peer.hostname, limits.now())) {
    throw new AxonReject(429, `Too many requests from ${peer.hostname}: retry later`);
  }
}

/**
 * Discards a request body no stage read, so the connection stays reusable; a body a stage read (or
 * is reading) is left alone, since cancelling a locked stream only builds an error.
 *
 * @example
 * ```ts
 * import { discardUnreadBody } from "./axon_transport.ts";
 * const request = new Request("http://x/", { method: "POST", body: "unread" });
 * discardUnreadBody(request);
 * ```
 */
export function discardUnreadBody(request: Request): void {
  const body = request.body;
  if (body && !body.locked && !request.bodyUsed) body.cancel().catch(() => {});
}
