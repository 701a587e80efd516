/**
 * btauth/1 and Epistula as request authenticators for plain JSON routes: each has a `dialect` name,
 * `detect(headers)` and `authenticate({ request, body, nowMs, receiver })`, the shape an axon's
 * `authenticators` option takes. Each keeps its own replay store.
 *
 * @module
 */
import { type BtauthScheme, checkBtauthHeaders, verifyBtauth } from "./btauth.ts";
import { checkEpistulaHeaders, verifyEpistula } from "./epistula.ts";
import { createReplayStore, type ReplayStore } from "./replay_store.ts";

/** What an authenticator is given for one request. */
export interface SignedRouteRequest {
  /** The request (method and URL are read; the body was already read into `body`). */
  request: Request;
  /** The raw body bytes. */
  body: Uint8Array;
  /** Now, in Unix ms. */
  nowMs: number;
  /** Our own hotkey (the receiver the request must be signed for). */
  receiver: string;
}

/** What a header check is given: the request's headers, the clock and our hotkey (no body). */
export interface SignedRouteHead {
  /** The request headers. */
  headers: Headers;
  /** Now, in Unix ms. */
  nowMs: number;
  /** Our own hotkey (the receiver the request must be signed for). */
  receiver: string;
}

/** A refusal with its status and JSON body. */
export type SignedRouteRefusal = { ok: false; status: number; body: unknown };

/** The verified hotkey, or a refusal with its status and JSON body (`{"detail": reason}`). */
export type SignedRouteOutcome = { ok: true; hotkey: string } | { ok: false; status: number; body: unknown };

/** One signed-request dialect. */
export interface SignedRouteAuthenticator {
  /** `"btauth"` or `"epistula"`. */
  readonly dialect: string;
  /** Whether the request's headers belong to this dialect. */
  detect(headers: Headers): boolean;
  /**
   * Checks the headers alone (shape, time window, receiver, signature format) so a server can refuse
   * before reading the body; `null` lets the request go on to `authenticate`. Never throws.
   */
  checkHeaders(head: SignedRouteHead): SignedRouteRefusal | null;
  /** Verifies the request; never throws. */
  authenticate(request: SignedRouteRequest): SignedRouteOutcome;
}

/** Options of {@linkcode btauthAuthenticator}. */
export interface BtauthAuthenticatorOptions {
  /** The replay store. @default {a 60 s, 100,000-entry in-memory store} */
  replay?: ReplayStore;
  /** The scheme trusted for a sender. @default {() => "sr25519"} */
  schemeFor?: (hotkey: string) => BtauthScheme | undefined;
  /** How old a nonce may be, in ms. @default {10_000} */
  maxAgeMs?: number;
  /** How far ahead a nonce may be, in ms. @default {2_000} */
  skewMs?: number;
  /** Refuse requests without `X-Bittensor-Receiver`. @default {true} */
  requireReceiver?: boolean;
}

/** The request target as sent: percent-encoded path plus `?query`. */
function requestTarget(request: Request): string {
  const url = new URL(request.url);
  return url.pathname + url.search;
}

/**
 * A btauth/1 authenticator (detects `X-Bittensor-Signature`).
 *
 * @example
 * ```ts
 * import { btauthAuthenticator } from "./signed_route.ts";
 * const auth = btauthAuthenticator();
 * console.assert(auth.detect(new Headers({ "x-bittensor-signature": "0x00" })));
 * ```
 */
export function btauthAuthenticator(options: BtauthAuthenticatorOptions = {}): SignedRouteAuthenticator {
  const replay = options.replay ?? createReplayStore();
  return {
    dialect: "btauth",
    detect: (headers) => headers.has("x-bittensor-signature"),
    checkHeaders({ headers, nowMs, receiver }) {
      const refusal = checkBtauthHeaders(headers, {
        receiver,
        schemeFor: options.schemeFor,
        maxAgeMs: options.maxAgeMs,
        skewMs: options.skewMs,
        requireReceiver: options.requireReceiver,
        nowNs: () => BigInt(Math.round(nowMs * 1000)) * 1000n,
      });
      return refusal && { ok: false, status: refusal.status, body: refusal.body };
    },
    authenticate({ request, body, nowMs, receiver }) {
      const result = verifyBtauth(
        { headers: request.headers, body, method: request.method, path: requestTarget(request) },
        {
          receiver,
          replay,
          schemeFor: options.schemeFor,
          maxAgeMs: options.maxAgeMs,
          skewMs: options.skewMs,
          requireReceiver: options.requireReceiver,
          nowNs: () => BigInt(Math.round(nowMs * 1000)) * 1000n,
        },
      );
      return result.ok ? { ok: true, hotkey: result.hotkey } : { ok: false, status: result.status, body: result.body };
    },
  };
}

/** Options of {@linkcode epistulaAuthenticator}. */
export interface EpistulaAuthenticatorOptions {
  /** The replay store. @default {a 60 s, 100,000-entry in-memory store} */
  replay?: ReplayStore;
  /** How far a timestamp may be from our clock, in ms. @default {15_000} */
  allowedDeltaMs?: number;
}

/**
 * An Epistula v2 authenticator (detects `Epistula-Request-Signature`).
 *
 * @example
 * ```ts
 * import { epistulaAuthenticator } from "./signed_route.ts";
 * console.assert(epistulaAuthenticator().detect(new Headers({ "epistula-request-signature": "0x00" })));
 * ```
 */
export function epistulaAuthenticator(options: EpistulaAuthenticatorOptions = {}): SignedRouteAuthenticator {
  const replay = options.replay ?? createReplayStore();
  return {
    dialect: "epistula",
    detect: (headers) => headers.has("epistula-request-signature"),
    checkHeaders({ headers, nowMs, receiver }) {
      const refusal = checkEpistulaHeaders(headers, {
        receiver,
        allowedDeltaMs: options.allowedDeltaMs,
        nowMs: () => nowMs,
      });
      return refusal && { ok: false, status: refusal.status, body: refusal.body };
    },
    authenticate({ request, body, nowMs, receiver }) {
      const result = verifyEpistula(
        { headers: request.headers, body },
        { receiver, replay, allowedDeltaMs: options.allowedDeltaMs, nowMs: () => nowMs },
      );
      return result.ok ? { ok: true, hotkey: result.hotkey } : { ok: false, status: result.status, body: result.body };
    },
  };
}
