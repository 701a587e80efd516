/**
 * The axon: a verifying server for Python-compatible synapses as a `fetch(request, info)` handler,
 * testable without a socket (`serve.ts` binds it to a port).
 *
 * Pipeline per synapse request (wire-protocol.md §3.3, hardened): route (404) → body size (413) →
 * per-IP rate limit (429) → parse headers (400) → per-hotkey rate limit on the claimed hotkey (429,
 * peeked, spent after verification) → blacklist on the claimed hotkey (403) → nonce pre-check (401)
 * → sr25519 signature (401, mandatory) → body read, parse (400) and body hash (401) → nonce commit
 * (401 replay, 503 store full) → custom verify (401) → priority queue (408 timeout, 503 full) →
 * forward (deadline = synapse timeout; 408 late, 500 on a throw) → 200 with the synapse.
 *
 * Plain JSON routes (`axon.route`) are authenticated by the first of `authenticators` whose
 * `detect(headers)` matches: the built-in v10 synapse dialect, then btauth/1 and Epistula v2 by
 * default. Every dialect runs the same stages: per-hotkey rate limit peeked and blacklist on the
 * claimed hotkey (429, 403) → the dialect's verifier (its own status and body) → per-hotkey rate
 * limit spent → priority queue (408, 503) → handler. `/metrics` counts requests by dialect too.
 *
 * @module
 */
import { sha3HexOfBytes } from "../protocol/_sha3.ts";
import { hexToBytes } from "@noble/hashes/utils.js";
import type { Logger } from "../protocol/logger.ts";
import { silentLogger } from "../protocol/logger.ts";
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import type { Keypair } from "../wallet/keypair.ts";
import { AxonMetrics } from "./axon_metrics.ts";
import { type NonceOrigin, NonceStore, type NonceStoreOptions } from "./axon_nonces.ts";
import { PriorityGate } from "./axon_priority.ts";
import { type RateLimit, RateLimiter } from "./axon_rate_limit.ts";
import { parseJson, stringifyJson } from "../protocol/json.ts";
import type { JsonLimits } from "../protocol/json_limits.ts";
import { axonStatus, verifyReason } from "../protocol/status.ts";
import { type CanonicalHotkey, canonicalHotkey, SS58_PREFIX } from "../protocol/ss58.ts";
import { btauthAuthenticator, epistulaAuthenticator } from "../protocol/signed_route.ts";
import { BaseSynapse, type Synapse, type SynapseType } from "../protocol/synapse.ts";
import { headerValue, synapseHeaders } from "./_wire.ts";
import { sr25519VerifyCompat, type Verifier } from "./verify_pool.ts";

/** The peer address a handler sees (Deno's `ServeHandlerInfo` has this shape). */
export interface PeerInfo {
  /** The observed remote address of the TCP connection. */
  remoteAddr: { hostname: string; port: number };
}

/** The dendrite fields a request claims in its `bt_header_dendrite_*` headers, plus the observed peer. */
export interface CallerInfo {
  /** The claimed ss58 hotkey (verified only after the blacklist stage). */
  hotkey?: string;
  /** The nonce (Unix ns). */
  nonce?: bigint;
  /** The dendrite's uuid. */
  uuid?: string;
  /** The dendrite's protocol version. */
  version?: number;
  /** The `0x…` signature. */
  signature?: string;
  /** The observed peer IP (overrides the claimed one, as Python does). */
  ip: string;
  /** The observed peer port. */
  port: number;
}

/** What a blacklist function sees: the header-derived synapse, before any signature work. */
export interface RequestHead {
  /** The synapse name (route). */
  name: string;
  /** The request's timeout in seconds. */
  timeout: number;
  /** The claimed caller. */
  dendrite: CallerInfo;
  /** The `computed_body_hash` header. */
  computedBodyHash: string;
}

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
  /** Caps on a request's JSON body (keys, depth, string length, bytes); beyond: 400. @default {JSON_LIMITS_DEFAULT} */
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

/** A refusal carrying its HTTP status and Python's message. */
export class AxonReject extends Error {
  /** The HTTP status. */
  readonly status: number;

  /**
   * Creates a refusal.
   *
   * @param status the HTTP status
   * @param message the message, as Python sends it
   */
  constructor(status: number, message: string) {
    super(message);
    this.name = "AxonReject";
    this.status = status;
  }
}

/** A verified caller: its hotkey, the public key (hex) every per-caller table keys on, and its nonce. */
interface Caller {
  hotkey: string;
  key: string;
  nonce: bigint;
  uuid: string;
  origin: NonceOrigin;
}

interface SynapseRoute {
  type: SynapseType<object, unknown, never>;
  forward?: ForwardFn<Synapse<object>>;
  stream?: StreamFn<Synapse<object>>;
  options: AttachOptions<Synapse<object>>;
}

const SIGNATURE = /^0x[0-9a-fA-F]{128}$/;
const BODY_HASH = /^[0-9a-f]{64}$/;
/** The header naming the claimed hotkey of each built-in dialect. */
const CLAIMED_HOTKEY_HEADER: Readonly<Record<string, string>> = {
  synapse: "bt_header_dendrite_hotkey",
  btauth: "x-bittensor-hotkey",
  epistula: "epistula-signed-by",
};
const DECIMAL = /^-?\d+$/;
/** A nonce is a u64 count of nanoseconds: at most 20 digits. */
const NONCE_DIGITS_MAX = 20;
const TIMEOUT_DEFAULT_S = 12;
const TIMEOUT_MAX_S = 3600;
const enc = new TextEncoder();
const dec = new TextDecoder("utf-8", { fatal: true });

/** sha3_256("") (wire-protocol.md §1.3): the body hash of every synapse without hash fields. */
const EMPTY_BODY_HASH = "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";

function hashOf(type: SynapseType<object, unknown, never>, synapse: Synapse<object>): string {
  return type.requiredHashFields.length === 0 ? EMPTY_BODY_HASH : type.bodyHash(synapse);
}

const rawJson = (JSON as unknown as { rawJSON?(text: string): unknown }).rawJSON;

/**
 * The response body: compact JSON as a Python axon answers (`","`, `":"`, UTF-8 kept), with big
 * integers (nonces) written exactly. Integral floats come out as `12` rather than `12.0`, which every
 * JSON reader (pydantic's `float` included) takes as the same number; non-finite numbers become `null`.
 */
function compactJson(dump: Record<string, unknown>): string {
  if (rawJson) return JSON.stringify(dump, (_key, v) => typeof v === "bigint" ? rawJson(v.toString()) : v);
  // No JSON.rawJSON (Node 20): write each big integer as an unguessable quoted mark, then unquote it.
  const mark = `\u0000${crypto.randomUUID()}:`;
  const text = JSON.stringify(dump, (_key, v) => typeof v === "bigint" ? mark + v.toString() : v);
  return text.replaceAll(new RegExp(`"\\\\u0000${mark.slice(1)}(-?\\d+)"`, "g"), "$1");
}

function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const q = url.indexOf("?", start);
  return q < 0 ? url.slice(start) : url.slice(start, q);
}

async function readBody(request: Request, bytesMax: number, timeoutMs: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    reader.cancel().catch(() => {});
  }, timeoutMs);
  try {
    for (;;) {
      // A caller that gives up (its own timeout) closes the connection mid-body: its fault, not ours.
      const { done, value } = await reader.read().catch((err) => {
        if (late) throw new AxonReject(408, `Request body not received within ${timeoutMs} ms (bodyTimeoutMs)`);
        throw new AxonReject(400, `Request body incomplete: the caller closed the connection (${String(err)})`);
      });
      if (late) throw new AxonReject(408, `Request body not received within ${timeoutMs} ms (bodyTimeoutMs)`);
      if (done) break;
      size += value.length;
      if (size > bytesMax) {
        await reader.cancel().catch(() => {});
        throw new AxonReject(413, `Request body too large: more than ${bytesMax} bytes (bodyBytesMax)`);
      }
      chunks.push(value);
    }
  } finally {
    clearTimeout(timer);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function bodyText(bytes: Uint8Array): string {
  try {
    return dec.decode(bytes);
  } catch {
    throw new AxonReject(400, "Improperly formatted request. The body is not valid UTF-8");
  }
}

function parseHead(name: string, headers: Headers, peer: { hostname: string; port: number }): RequestHead {
  const get = (k: string) => headers.get(k) ?? undefined;
  const int = (k: string): string | undefined => {
    const v = get(k);
    if (v !== undefined && !DECIMAL.test(v.trim())) {
      throw new AxonReject(
        400,
        `Improperly formatted request. Header ${k} is not an integer: ${JSON.stringify(v.slice(0, 64))}`,
      );
    }
    return v?.trim();
  };
  const nonce = int("bt_header_dendrite_nonce");
  if (nonce !== undefined && nonce.replace(/^-/, "").length > NONCE_DIGITS_MAX) {
    throw new AxonReject(
      400,
      `Improperly formatted request. Header bt_header_dendrite_nonce has ${nonce.length} digits: a nonce is a 64-bit count of nanoseconds`,
    );
  }
  const version = int("bt_header_dendrite_version");
  const timeoutText = get("timeout");
  const timeout = timeoutText === undefined ? TIMEOUT_DEFAULT_S : Number(timeoutText);
  if (timeoutText !== undefined && (timeoutText.trim() === "" || !Number.isFinite(timeout) || timeout < 0)) {
    throw new AxonReject(
      400,
      `Improperly formatted request. Header timeout is not a number of seconds ≥ 0: ${
        JSON.stringify(timeoutText.slice(0, 64))
      }`,
    );
  }
  return {
    name,
    timeout: Math.max(0, timeout),
    computedBodyHash: get("computed_body_hash") ?? "",
    dendrite: {
      hotkey: get("bt_header_dendrite_hotkey"),
      nonce: nonce === undefined ? undefined : BigInt(nonce),
      uuid: get("bt_header_dendrite_uuid"),
      version: version === undefined ? undefined : Number(version),
      signature: get("bt_header_dendrite_signature"),
      ip: peer.hostname,
      port: peer.port,
    },
  };
}

/**
 * Creates an axon. Attach synapses with `attach`, then serve `axon.fetch` (see `serve.ts`).
 *
 * @example
 * ```ts
 * import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
 * import { createAxon } from "./axon.ts";
 * await cryptoReady();
 * const axon = createAxon({ keypair: keypairFromUri("//Bob") });
 * const res = await axon.fetch(new Request("http://localhost/Nope", { method: "POST", body: "{}" }));
 * console.assert(res.status === 404);
 * ```
 */
export function createAxon(options: AxonOptions): Axon {
  const { keypair } = options;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const verifier = options.verifier ?? sr25519VerifyCompat;
  const bodyBytesMax = options.bodyBytesMax ?? 8 * 1024 * 1024;
  const bodyTimeoutMs = options.bodyTimeoutMs ?? 10_000;
  const nonces = new NonceStore({ timeoutMaxMs: TIMEOUT_MAX_S * 1000, ...options.nonces });
  const gate = new PriorityGate({ concurrencyMax: options.maxConcurrency ?? 64, queueMax: options.queueMax ?? 1_024 });
  const keysMax = options.rate?.keysMax ?? 65_536;
  const ipLimit = options.rate?.perIp ? new RateLimiter(options.rate.perIp, keysMax) : undefined;
  const hotkeyLimit = options.rate?.perHotkey ? new RateLimiter(options.rate.perHotkey, keysMax) : undefined;
  const metrics = new AxonMetrics();
  const routes = new Map<string, SynapseRoute>();
  const plain = new Map<string, { handler: RouteHandler; options: RouteOptions }>();
  const closing = new AbortController();
  const uuid = crypto.randomUUID();
  const nowNs = () => BigInt(Math.floor(now())) * 1_000_000n;

  const identities = new Map<string, CanonicalHotkey | null>();

  /**
   * The claimed hotkey's one identity (refused with 401, before any table is consulted, unless it is
   * the canonical prefix-42 SS58), or `undefined` when nothing is claimed.
   */
  function identify(claimed: string | undefined): CanonicalHotkey | undefined {
    if (claimed === undefined) return undefined;
    let who = identities.get(claimed);
    if (who === undefined) {
      who = canonicalHotkey(claimed);
      if (identities.size >= 65_536) identities.delete(identities.keys().next().value!);
      identities.set(claimed, who);
    }
    if (!who) {
      throw notVerified(
        `Hotkey ${JSON.stringify(claimed.slice(0, 66))} is not a canonical SS58 address (prefix ${SS58_PREFIX})`,
      );
    }
    return who;
  }

  /** The peer IP and, when the axon follows a metagraph, whether the key is registered. */
  function originOf(head: RequestHead, who: CanonicalHotkey): NonceOrigin {
    return { ip: head.dendrite.ip, registered: options.isRegistered?.(who.address) };
  }

  /** A throwing blacklist refuses; its text goes to the log only (it may hold anything). */
  function blacklistFailed(error: unknown): [boolean, string] {
    const id = crypto.randomUUID();
    logger.warn("axon.blacklist_error", { id, error: String(error) });
    return [true, `blacklist check failed (error #${id} in the axon's log)`];
  }

  const reject = (status: { code: number; message: string }) => new AxonReject(status.code, status.message);
  const notVerified = (reason: string) => reject(axonStatus.notVerified(reason));

  /**
   * What a synapse-signed request's headers alone can prove wrong: no or a non-canonical hotkey, no
   * nonce, a nonce outside its window, a signature or body hash of the wrong shape, another receiver.
   */
  function checkSynapseHead(head: RequestHead, receiverHeader?: string | null): void {
    const d = head.dendrite;
    const who = identify(d.hotkey);
    if (!d.hotkey || !who) throw notVerified(verifyReason.noAddress);
    if (d.nonce === undefined) throw notVerified(verifyReason.missingNonce);
    const pre = nonces.check(who.keyHex, d.uuid ?? "None", d.nonce, head.timeout, nowNs(), originOf(head, who));
    if (!pre.ok) throw pre.reason === "full" ? new AxonReject(503, pre.message) : notVerified(pre.message);
    if (!SIGNATURE.test(d.signature ?? "")) throw notVerified(verifyReason.badSignatureFormat);
    if (!BODY_HASH.test(head.computedBodyHash)) {
      throw notVerified("computed_body_hash is not a sha3-256 hex digest");
    }
    if (receiverHeader && receiverHeader !== keypair.address) {
      throw notVerified("bt_header_axon_hotkey names another axon: the request was signed for a different receiver");
    }
  }

  /** Nonce pre-check and signature: the v10 default_verify (wire-protocol.md §3.4), made mandatory. */
  async function verifySignature(head: RequestHead, who: CanonicalHotkey | undefined): Promise<Caller> {
    const d = head.dendrite;
    if (!d.hotkey || !who) throw notVerified(verifyReason.noAddress);
    const pk = who.publicKey;
    if (d.nonce === undefined) throw notVerified(verifyReason.missingNonce);
    const uuidValue = d.uuid ?? "None";
    const pre = nonces.check(who.keyHex, uuidValue, d.nonce, head.timeout, nowNs(), originOf(head, who));
    if (!pre.ok) throw pre.reason === "full" ? new AxonReject(503, pre.message) : notVerified(pre.message);
    const message = `${d.nonce}.${d.hotkey}.${keypair.address}.${uuidValue}.${head.computedBodyHash}`;
    const signature = d.signature ?? "";
    if (!SIGNATURE.test(signature)) {
      throw notVerified(
        signature ? verifyReason.badSignatureFormat : verifyReason.signatureMismatch(message, ""),
      );
    }
    const sig = hexToBytes(signature.slice(2));
    if (!(await verifier(enc.encode(message), sig, pk))) {
      throw notVerified(verifyReason.signatureMismatch(message, signature));
    }
    return { hotkey: d.hotkey, key: who.keyHex, nonce: d.nonce, uuid: uuidValue, origin: originOf(head, who) };
  }

  function commitNonce(head: RequestHead, caller: Caller): void {
    const v = nonces.commit(caller.key, caller.uuid, caller.nonce, head.timeout, nowNs(), caller.origin);
    if (!v.ok) throw v.reason === "full" ? new AxonReject(503, v.message) : notVerified(v.message);
    if (hotkeyLimit && !hotkeyLimit.take(caller.key, now())) {
      throw new AxonReject(429, `Too many requests from hotkey ${caller.hotkey}: retry later`);
    }
  }

  function preflight(request: Request, peer: { hostname: string; port: number }): void {
    if (closing.signal.aborted) throw new AxonReject(503, "Service unavailable: the axon is shutting down");
    const length = request.headers.get("content-length");
    if (length !== null && Number(length) > bodyBytesMax) {
      throw new AxonReject(413, `Request body too large: ${Number(length)} bytes (bodyBytesMax ${bodyBytesMax})`);
    }
    if (ipLimit && !ipLimit.take(peer.hostname, now())) {
      throw new AxonReject(429, `Too many requests from ${peer.hostname}: retry later`);
    }
  }

  /**
   * Waits for a concurrency slot in priority order (408 when the synapse's budget runs out first, 503
   * when the queue is full), then arms the forward deadline. Call `done()` exactly when finished.
   */
  async function acquireSlot(
    head: RequestHead,
    startedMs: number,
    priority: () => number | Promise<number>,
  ): Promise<{ signal: AbortSignal; done: () => void }> {
    const budgetMs = Math.min(head.timeout, TIMEOUT_MAX_S) * 1000 - (performance.now() - startedMs);
    const late = () => reject(axonStatus.priorityTimeout(head.timeout));
    if (budgetMs <= 0) throw late();
    let p = 0;
    try {
      p = await priority();
    } catch (error) {
      logger.warn("axon.priority_error", { error: String(error) });
    }
    const ticket = await gate.acquire(p, budgetMs);
    if (!ticket.ok) {
      if (ticket.reason === "timeout") throw late();
      throw new AxonReject(503, `Service unavailable: the priority queue is full (${gate.queued} waiting)`);
    }
    const controller = new AbortController();
    const onClose = () => controller.abort(new AxonReject(503, "Service unavailable: the axon is shutting down"));
    closing.signal.addEventListener("abort", onClose, { once: true });
    const remaining = budgetMs - (performance.now() - startedMs);
    const timer = setTimeout(() => controller.abort(late()), Math.max(0, remaining));
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      closing.signal.removeEventListener("abort", onClose);
      ticket.release();
    };
    return { signal: controller.signal, done };
  }

  async function runGated<R>(
    head: RequestHead,
    startedMs: number,
    priority: () => number | Promise<number>,
    work: (signal: AbortSignal) => R | Promise<R>,
  ): Promise<R> {
    const slot = await acquireSlot(head, startedMs, priority);
    try {
      const aborted = new Promise<never>((_, rejectLate) => {
        slot.signal.addEventListener("abort", () => rejectLate(slot.signal.reason), { once: true });
      });
      return await Promise.race([Promise.resolve().then(() => work(slot.signal)), aborted]);
    } finally {
      slot.done();
    }
  }

  async function handleSynapse(route: SynapseRoute, request: Request, peer: PeerInfo["remoteAddr"], t0: number) {
    const head = parseHead(route.type.name, request.headers, peer);
    const claimed = head.dendrite.hotkey;
    const who = identify(claimed);
    if (hotkeyLimit && who && !hotkeyLimit.peek(who.keyHex, now())) {
      throw new AxonReject(429, `Too many requests from hotkey ${claimed}: retry later`);
    }
    if (route.options.blacklist) {
      let verdict: [boolean, string];
      try {
        verdict = await route.options.blacklist(head);
      } catch (error) {
        verdict = blacklistFailed(error);
      }
      if (verdict[0]) throw reject(axonStatus.blacklisted(verdict[1]));
    }
    const caller = await verifySignature(head, who);
    const text = bodyText(await readBody(request, bodyBytesMax, bodyTimeoutMs));
    let synapse: Synapse<object>;
    let hash: string;
    try {
      synapse = route.type.fromJson(text, options.json);
      hash = hashOf(route.type, synapse);
    } catch (error) {
      throw new AxonReject(
        400,
        `Improperly formatted request. Could not parse the body into synapse of type ${route.type.name}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
    if (hash !== head.computedBodyHash) throw reject(axonStatus.hashMismatch(head.computedBodyHash, hash));
    commitNonce(head, caller);
    // The body's `dendrite` is not signed: verify, priority and forward see the verified caller
    // instead (Python's priority reads the header-built synapse), so no peer borrows another's stake.
    const d = head.dendrite;
    synapse = {
      ...synapse,
      dendrite: {
        ...synapse.dendrite,
        hotkey: caller.hotkey,
        nonce: caller.nonce,
        uuid: d.uuid ?? null,
        signature: d.signature ?? null,
        ip: d.ip,
        port: d.port,
      },
    };
    if (route.options.verify) {
      try {
        await route.options.verify(synapse);
      } catch (error) {
        throw notVerified(error instanceof Error ? error.message : String(error));
      }
    }
    const priority = route.options.priority;
    if (route.stream) {
      const slot = await acquireSlot(head, t0, () => priority ? priority(synapse) : 0);
      return streamResponse(
        route,
        synapse,
        route.stream(synapse, { hotkey: caller.hotkey, nonce: caller.nonce, uuid: caller.uuid, signal: slot.signal }),
        slot,
        t0,
      );
    }
    const forward = route.forward!;
    const result = await runGated(head, t0, () => priority ? priority(synapse) : 0, async (signal) => {
      try {
        return await forward(synapse, { hotkey: caller.hotkey, nonce: caller.nonce, uuid: caller.uuid, signal });
      } catch (error) {
        if (error instanceof AxonReject) throw error;
        const id = crypto.randomUUID();
        logger.error("axon.forward_error", { synapse: route.type.name, id, error: String(error) });
        throw reject(axonStatus.internal(id));
      }
    });
    const status = result.axon?.status_code ?? 200;
    const out: Synapse<object> = {
      ...result,
      axon: {
        ...result.axon,
        status_code: status,
        status_message: result.axon?.status_message || (status === 200 ? "Success" : null),
        process_time: (performance.now() - t0) / 1000,
      },
    };
    const dump = route.type.dump(out);
    return new Response(compactJson(dump), {
      status: status >= 200 && status <= 599 ? status : 200,
      headers: synapseHeaders(dump, hashOf(route.type, out)),
    });
  }

  /**
   * Python's `BTStreamingResponse`: HTTP 200, `text/event-stream` then the synapse's headers, and the
   * chunks as the forward yields them. The slot is held, and the deadline applies, until the last chunk.
   */
  function streamResponse(
    route: SynapseRoute,
    synapse: Synapse<object>,
    chunks: AsyncIterable<Uint8Array | string>,
    slot: { signal: AbortSignal; done: () => void },
    t0: number,
  ): Response {
    const iterator = chunks[Symbol.asyncIterator]();
    const aborted = new Promise<"aborted">((resolve) => {
      if (slot.signal.aborted) resolve("aborted");
      slot.signal.addEventListener("abort", () => resolve("aborted"), { once: true });
    });
    const stop = () => {
      slot.done();
      Promise.resolve(iterator.return?.()).catch(() => {});
    };
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await Promise.race([iterator.next(), aborted]);
          if (next === "aborted" || next.done) {
            stop();
            controller.close();
            return;
          }
          controller.enqueue(typeof next.value === "string" ? enc.encode(next.value) : next.value);
        } catch (error) {
          logger.error("axon.stream_error", { synapse: route.type.name, error: String(error) });
          stop();
          controller.error(error);
        }
      },
      cancel: stop,
    });
    const out: Synapse<object> = {
      ...synapse,
      axon: {
        ...synapse.axon,
        status_code: 200,
        status_message: "Success",
        process_time: (performance.now() - t0) / 1000,
      },
    };
    const headers = synapseHeaders(route.type.dump(out), hashOf(route.type, out));
    headers[0] = ["content-type", "text/event-stream"];
    return new Response(body, { status: 200, headers });
  }

  async function handlePlain(
    path: string,
    request: Request,
    peer: PeerInfo["remoteAddr"],
    t0: number,
    seen: { dialect?: string },
  ): Promise<Response> {
    const entry = plain.get(path)!;
    const auth = authenticators.find((a) => a.detect(request.headers));
    if (!auth) {
      throw new AxonReject(401, "Not Verified with error: no supported signature headers (synapse, btauth, epistula)");
    }
    seen.dialect = auth.dialect;
    const claimedHeader = CLAIMED_HOTKEY_HEADER[auth.dialect];
    const claimed = auth.claimedHotkey
      ? auth.claimedHotkey(request.headers)
      : claimedHeader
      ? request.headers.get(claimedHeader) ?? undefined
      : undefined;
    // The built-in dialects name SS58 hotkeys: one spelling per key. A plugged-in dialect's identity
    // is its own (such as an API key name) and keys the tables as it is.
    const keyed = Object.hasOwn(CLAIMED_HOTKEY_HEADER, auth.dialect);
    const keyOf = (hotkey: string) => keyed ? identify(hotkey)!.keyHex : hotkey;
    const claimedKey = claimed === undefined ? undefined : keyOf(claimed);
    if (hotkeyLimit && claimedKey && !hotkeyLimit.peek(claimedKey, now())) {
      throw new AxonReject(429, `Too many requests from hotkey ${claimed}: retry later`);
    }
    const early = auth.checkHeaders?.({ headers: request.headers, nowMs: now(), receiver: keypair.address });
    if (early && !early.ok) return Response.json(early.body, { status: early.status });
    if (entry.options.blacklist && claimed) {
      let verdict: [boolean, string];
      try {
        verdict = await entry.options.blacklist(claimed);
      } catch (error) {
        verdict = blacklistFailed(error);
      }
      if (verdict[0]) throw reject(axonStatus.blacklisted(verdict[1]));
    }
    const body = await readBody(request, bodyBytesMax, bodyTimeoutMs);
    const outcome = await auth.authenticate({ request, body, peer, nowMs: now(), receiver: keypair.address });
    if (!outcome.ok) return Response.json(outcome.body, { status: outcome.status });
    const hotkey = outcome.hotkey;
    // The synapse dialect spends its rate token when it commits the nonce.
    if (auth !== synapseAuthenticator && hotkeyLimit && !hotkeyLimit.take(keyOf(hotkey), now())) {
      throw new AxonReject(429, `Too many requests from hotkey ${hotkey}: retry later`);
    }
    const json = body.length ? parseJsonOrReject(bodyText(body), options.json) : null;
    const head: RequestHead = {
      name: path,
      timeout: entry.options.timeout ?? TIMEOUT_DEFAULT_S,
      dendrite: { hotkey, ip: peer.hostname, port: peer.port },
      computedBodyHash: "",
    };
    const priority = entry.options.priority;
    const value = await runGated(
      head,
      t0,
      () => priority ? priority(hotkey) : 0,
      (signal) => entry.handler(json, { hotkey, dialect: auth.dialect, request, signal }),
    );
    return value instanceof Response ? value : new Response(stringifyJson(value ?? null), {
      headers: { "content-type": "application/json" },
    });
  }

  function errorResponse(name: string, status: number, message: string): Response {
    return new Response(JSON.stringify({ message }), {
      status,
      headers: [
        ["content-type", "application/json"],
        ["name", headerValue(name)],
        ["bt_header_axon_status_code", String(status)],
        ["bt_header_axon_status_message", headerValue(message)],
        ["bt_header_axon_version", String(PROTOCOL_VERSION)],
        ["bt_header_axon_uuid", uuid],
        ["bt_header_axon_hotkey", keypair.address],
      ],
    });
  }

  const synapseAuthenticator: Authenticator = {
    dialect: "synapse",
    detect: (headers) => headers.has("bt_header_dendrite_signature") || headers.has("bt_header_dendrite_hotkey"),
    checkHeaders({ headers }) {
      try {
        checkSynapseHead(parseHead("", headers, { hostname: "", port: 0 }), headers.get("bt_header_axon_hotkey"));
        return null;
      } catch (error) {
        if (!(error instanceof AxonReject)) throw error;
        return { ok: false, status: error.status, body: { message: error.message } };
      }
    },
    async authenticate({ request, body, peer }) {
      try {
        const head = parseHead("", request.headers, peer);
        const rawHash = sha3HexOfBytes(body);
        if (head.computedBodyHash !== rawHash) {
          throw notVerified(
            `Hash mismatch between header body hash ${head.computedBodyHash} and parsed body hash ${rawHash}`,
          );
        }
        const caller = await verifySignature(head, identify(head.dendrite.hotkey));
        commitNonce(head, caller);
        return { ok: true, hotkey: caller.hotkey };
      } catch (error) {
        if (!(error instanceof AxonReject)) throw error;
        return { ok: false, status: error.status, body: { message: error.message } };
      }
    },
  };
  const authenticators: Authenticator[] = [
    synapseAuthenticator,
    ...(options.authenticators ?? [btauthAuthenticator(), epistulaAuthenticator()]),
  ];

  async function handle(
    request: Request,
    info: PeerInfo | undefined,
    seen: { dialect?: string },
  ): Promise<[string, Response]> {
    const t0 = performance.now();
    const peer = info?.remoteAddr ?? { hostname: "0.0.0.0", port: 0 };
    const path = pathOf(request.url);
    const name = path.split("/")[1] ?? "";
    const route = path.indexOf("/", 1) < 0 ? routes.get(name) : undefined;
    const label = route ? name : plain.has(path) ? path : "unknown";
    try {
      if (!route && request.method === "GET" && path === "/metrics") {
        return [label, new Response(axon.metrics(), { headers: { "content-type": "text/plain; version=0.0.4" } })];
      }
      if (!route && !plain.has(path)) {
        throw reject(axonStatus.notFound(name, [...routes.keys()]));
      }
      preflight(request, peer);
      if (route) {
        seen.dialect = "synapse";
        return [label, await handleSynapse(route, request, peer, t0)];
      }
      return [label, await handlePlain(path, request, peer, t0, seen)];
    } catch (error) {
      // btauth/1 and Epistula servers are FastAPI apps: their callers read refusals as {"detail": …}.
      const refuse = (status: number, message: string) =>
        seen.dialect === "btauth" || seen.dialect === "epistula"
          ? Response.json({ detail: message }, { status })
          : errorResponse(name, status, message);
      if (error instanceof AxonReject) {
        logger.debug("axon.reject", { synapse: label, status: error.status, peer: peer.hostname });
        return [label, refuse(error.status, error.message)];
      }
      const id = crypto.randomUUID();
      logger.error("axon.internal_error", { synapse: label, id, error: String(error) });
      return [label, refuse(500, `Internal Server Error #${id}`)];
    } finally {
      // Discard an unread body so the connection stays reusable; a read body is left alone (cancelling
      // a locked stream only builds an error).
      const body = request.body;
      if (body && !body.locked && !request.bodyUsed) body.cancel().catch(() => {});
    }
  }

  function addRoute(
    type: SynapseType<object, unknown, never>,
    handler: { forward?: ForwardFn<Synapse<object>>; stream?: StreamFn<Synapse<object>> },
    attachOptions: AttachOptions<Synapse<object>>,
  ): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(type.name) || type.name === "metrics") {
      throw new RangeError(
        `Cannot attach synapse "${type.name}": the name must be a Python identifier other than "metrics"`,
      );
    }
    if (routes.has(type.name) && type.name !== "Synapse") {
      throw new RangeError(`Cannot attach synapse "${type.name}": it is already attached`);
    }
    routes.set(type.name, { type, ...handler, options: attachOptions });
  }

  const axon: Axon = {
    async fetch(request: Request, info?: PeerInfo): Promise<Response> {
      const t0 = performance.now();
      const seen: { dialect?: string } = {};
      const [label, response] = await handle(request, info, seen);
      metrics.observe(label, response.status, (performance.now() - t0) / 1000, seen.dialect);
      return response;
    },
    attach<F extends object, D>(
      type: SynapseType<F, D, never>,
      forward: ForwardFn<Synapse<F>>,
      attachOptions: AttachOptions<Synapse<F>> = {},
    ): Axon {
      addRoute(type as unknown as SynapseType<object, unknown, never>, {
        forward: forward as unknown as ForwardFn<Synapse<object>>,
      }, attachOptions as unknown as AttachOptions<Synapse<object>>);
      return axon;
    },
    attachStream<F extends object, D>(
      type: SynapseType<F, D, never>,
      stream: StreamFn<Synapse<F>>,
      attachOptions: AttachOptions<Synapse<F>> = {},
    ): Axon {
      addRoute(type as unknown as SynapseType<object, unknown, never>, {
        stream: stream as unknown as StreamFn<Synapse<object>>,
      }, attachOptions as unknown as AttachOptions<Synapse<object>>);
      return axon;
    },
    route(path: string, handler: RouteHandler, routeOptions: RouteOptions = {}): Axon {
      if (!path.startsWith("/") || routes.has(path.slice(1))) {
        throw new RangeError(`Cannot add route "${path}": it must start with "/" and not shadow a synapse`);
      }
      plain.set(path, { handler, options: routeOptions });
      return axon;
    },
    info(): AxonInfo {
      const ip = options.externalIp ?? "0.0.0.0";
      return {
        version: PROTOCOL_VERSION,
        ip,
        port: options.externalPort ?? 8091,
        ip_type: ip.includes(":") ? 6 : 4,
        hotkey: keypair.address,
        coldkey: options.coldkey ?? keypair.address,
        protocol: 4,
        placeholder1: 0,
        placeholder2: 0,
      };
    },
    metrics(): string {
      return metrics.render({
        axon_queue_depth: gate.queued,
        axon_in_flight: gate.running,
        axon_nonce_entries: nonces.size,
      });
    },
    close(): void {
      closing.abort();
    },
    get synapses(): readonly string[] {
      return [...routes.keys()];
    },
  };
  axon.attach(BaseSynapse, (s) => s);
  return axon;
}

function parseJsonOrReject(text: string, limits: JsonLimits | undefined): unknown {
  try {
    return parseJson(text, "the request body", { limits });
  } catch (error) {
    throw new AxonReject(400, `Improperly formatted request. ${(error as Error).message}`);
  }
}
