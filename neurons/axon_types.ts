/**
 * The axon's public face: the options of `createAxon`, the `Axon` it returns, and the function types
 * a subnet passes in (forward, stream, blacklist, priority, verify, plain-route handlers and
 * authenticators). `axon.ts` re-exports every name here (`export type *`), so everything exported
 * from this file is public API; the stage modules share these types.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import type { JsonLimits } from "../protocol/json_limits.ts";
import type { Synapse, SynapseType } from "../protocol/synapse.ts";
import type { Keypair } from "../wallet/keypair.ts";
import type { PeerInfo, RequestHead } from "./axon_head.ts";
import type { NonceStoreOptions } from "./axon_nonces.ts";
import type { RateLimit } from "./axon_rate_limit.ts";
import type { Verifier } from "./verify_pool.ts";

/** Returns `[true, reason]` to refuse a caller. Must not throw; a throw counts as blacklisted. */
export type BlacklistFn = (head: RequestHead) => [boolean, string] | Promise<[boolean, string]>;
/** Higher runs first. A throw counts as 0. */
export type PriorityFn<T> = (synapse: T) => number | Promise<number>;
/** Extra checks after signature verification (never instead of it); a throw answers 401. */
export type VerifyFn<T> = (synapse: T) => void | Promise<void>;
/** Context a forward function gets. */
export interface ForwardContext {
  /** The verified caller hotkey. */
  hotkey: string;
  /** The verified request nonce (Unix ns). */
  nonce: bigint;
  /** The caller dendrite's uuid. */
  uuid: string;
  /** Aborted at the synapse's deadline or when the axon closes. */
  signal: AbortSignal;
}
/** Answers a verified synapse. */
export type ForwardFn<T> = (synapse: T, context: ForwardContext) => T | Promise<T>;

/** Answers a verified synapse with a stream of chunks (strings are sent as UTF-8). */
export type StreamFn<T> = (synapse: T, context: ForwardContext) => AsyncIterable<Uint8Array | string>;

/** Options of {@linkcode Axon.attach}. */
export interface AttachOptions<T> {
  /** Runs before verification on the claimed hotkey (cheap). */
  blacklist?: BlacklistFn;
  /** Orders requests waiting for a concurrency slot. */
  priority?: PriorityFn<T>;
  /** Extra verification after the signature. */
  verify?: VerifyFn<T>;
}

/** What an authenticator is given for a plain JSON route. */
export interface AuthRequest {
  /** The request (headers, method, url). */
  request: Request;
  /** The raw body bytes. */
  body: Uint8Array;
  /** The observed peer. */
  peer: { hostname: string; port: number };
  /** Now, in Unix ms. */
  nowMs: number;
  /** This axon's hotkey (the receiver). */
  receiver: string;
}

/** The outcome of authentication: the verified hotkey, or a refusal. */
export type AuthOutcome = { ok: true; hotkey: string } | { ok: false; status: number; body: unknown };

/** One signed-request dialect for plain JSON routes. */
export interface Authenticator {
  /** The dialect's name (`"synapse"`, `"btauth"`, `"epistula"`). */
  readonly dialect: string;
  /** Whether a request's headers belong to this dialect. */
  detect(headers: Headers): boolean;
  /**
   * The hotkey a request claims, read before verification (for the blacklist and rate limits).
   * @default {the dialect's hotkey header for "synapse", "btauth" and "epistula"}
   */
  claimedHotkey?(headers: Headers): string | undefined;
  /**
   * Refuses from the headers alone (shape, window, receiver, signature format) before the body is
   * read; `null` lets the request on. Never throws. @default {no header check}
   */
  checkHeaders?(head: { headers: Headers; nowMs: number; receiver: string }): AuthOutcome | null;
  /** Verifies the request; never throws. */
  authenticate(request: AuthRequest): AuthOutcome | Promise<AuthOutcome>;
}

/** Context a plain JSON route handler gets. */
export interface RouteContext {
  /** The verified caller hotkey. */
  hotkey: string;
  /** The dialect that authenticated it. */
  dialect: string;
  /** The original request. */
  request: Request;
  /** Aborted when the axon closes. */
  signal: AbortSignal;
}

/** Answers a plain JSON route: a JSON-able value (200) or a `Response`. */
export type RouteHandler = (body: unknown, context: RouteContext) => unknown | Promise<unknown>;

/** Options of {@linkcode Axon.route}. */
export interface RouteOptions {
  /**
   * Refuses a claimed hotkey before its signature is checked (403 `{"message": …}`); verification
   * still follows for every caller it lets through. A throw counts as blacklisted.
   */
  blacklist?: (hotkey: string) => [boolean, string] | Promise<[boolean, string]>;
  /** Orders verified requests waiting for a concurrency slot (higher first). A throw counts as 0. */
  priority?: (hotkey: string) => number | Promise<number>;
  /** Seconds a request may wait for a slot plus run the handler (408 beyond). @default 12 */
  timeout?: number;
}

/** Rate limits, off unless set. */
export interface AxonRateOptions {
  /** Per claimed hotkey; checked before verification, spent after it. */
  perHotkey?: RateLimit;
  /** Per observed peer IP; spent before anything else. */
  perIp?: RateLimit;
  /** Keys tracked per limiter. @default 65_536 */
  keysMax?: number;
}

/** Options of {@linkcode createAxon}. */
export interface AxonOptions {
  /** The hotkey this axon answers for (the receiver in every signature). */
  keypair: Keypair;
  /** The coldkey ss58 reported by `info()`. @default the hotkey */
  coldkey?: string;
  /** The IP reported by `info()` (and registered by `serve_axon`). @default "0.0.0.0" */
  externalIp?: string;
  /** The port reported by `info()`. @default 8091 */
  externalPort?: number;
  /** Forwards running at once. @default 64 */
  maxConcurrency?: number;
  /** Requests waiting for a slot at most (beyond: 503). @default 1_024 */
  queueMax?: number;
  /** The largest request body accepted, in bytes (beyond: 413). @default 8 MiB */
  bodyBytesMax?: number;
  /** How long a request body may take to arrive, in ms (beyond: 408; slow senders hold no slot). @default 10_000 */
  bodyTimeoutMs?: number;
  /**
   * Caps on a request's JSON body (keys, depth, string length, bytes); beyond: 400.
   * @default {JSON_LIMITS_DEFAULT, with bytesMax and stringLengthMax following bodyBytesMax}
   */
  json?: JsonLimits;
  /** Rate limits; none by default. */
  rate?: AxonRateOptions;
  /** Nonce store limits (per hotkey, per IP, unregistered share). */
  nonces?: NonceStoreOptions;
  /**
   * Whether a hotkey is registered on the subnet (an axon following a metagraph passes it): keys
   * that are not share a small part of the nonce store (`nonces.unregisteredEntriesMax`), so
   * strangers can never fill it for validators. @default {unknown: every key shares the whole store}
   */
  isRegistered?: (hotkey: string) => boolean;
  /** Signature verifier (e.g. a worker pool). @default inline sr25519 */
  verifier?: Verifier;
  /**
   * Further plain-route dialects, tried in order after the built-in synapse dialect; the first whose
   * `detect(headers)` is true authenticates the request. Pass `[]` for the synapse dialect alone.
   * @default {[btauthAuthenticator(), epistulaAuthenticator()]}
   */
  authenticators?: Authenticator[];
  /** The clock in Unix ms. @default Date.now */
  now?: () => number;
  /** Structured logs (`axon.reject` at debug, `axon.forward_error` at error). */
  logger?: Logger;
}

/** What `serve_axon` registers (wire-protocol.md §3.8). */
export interface AxonInfo {
  /** Protocol version as an int (10002000). */
  version: number;
  /** External IP. */
  ip: string;
  /** External port. */
  port: number;
  /** 4 or 6. */
  ip_type: 4 | 6;
  /** The hotkey ss58. */
  hotkey: string;
  /** The coldkey ss58. */
  coldkey: string;
  /** Always 4. */
  protocol: number;
  /** Always 0. */
  placeholder1: number;
  /** Always 0. */
  placeholder2: number;
}

/** A verifying axon. */
export interface Axon {
  /** The request handler: give it to `serve()` or call it in tests. */
  readonly fetch: (request: Request, info?: PeerInfo) => Promise<Response>;
  /** Serves synapse class `type` at `POST /<type.name>`. */
  attach<F extends object, D>(
    type: SynapseType<F, D, never>,
    forward: ForwardFn<Synapse<F>>,
    options?: AttachOptions<Synapse<F>>,
  ): Axon;
  /**
   * Serves a streaming synapse at `POST /<type.name>`: after the same checks as `attach`, answers 200
   * `text/event-stream` with the synapse's headers and the chunks `stream` yields (framing is the
   * subnet's, as in Python). `dendrite.stream` reads it.
   */
  attachStream<F extends object, D>(
    type: SynapseType<F, D, never>,
    stream: StreamFn<Synapse<F>>,
    options?: AttachOptions<Synapse<F>>,
  ): Axon;
  /** Serves a plain JSON handler at `POST <path>`, authenticated by `authenticators`. */
  route(path: string, handler: RouteHandler, options?: RouteOptions): Axon;
  /** The registration record for `serve_axon`. */
  info(): AxonInfo;
  /** The Prometheus text `/metrics` serves. */
  metrics(): string;
  /** Aborts in-flight forwards (they answer 503); further requests get 503. */
  close(): void;
  /** Synapse names served, `Synapse` first. */
  readonly synapses: readonly string[];
}
