/**
 * The axon: a verifying server for Python-compatible synapses as a `fetch(request, info)` handler,
 * testable without a socket (`serve.ts` binds it to a port). Each stage is its own module; this file
 * composes them in order, one refusal per line, each with its status.
 *
 * A synapse request (wire-protocol.md §3.3, hardened): route (404) → transport limits: closed axon,
 * declared body size, per-IP rate (`axon_transport.ts`: 503, 413, 429) → head (`axon_head.ts`: 400)
 * → identity and per-hotkey rate peeked on the claimed hotkey (`axon_authenticate.ts`,
 * `axon_admit_caller.ts`: 401, 429) → blacklist (`axon_blacklist.ts`: 403) → nonce pre-check and
 * sr25519 signature, mandatory (`axon_authenticate.ts`: 401, 503) → body read within its limits,
 * parsed, and its hash checked against the signed header (`axon_body.ts`: 413, 408, 400, 401) →
 * nonce recorded and rate spent (`axon_admit_caller.ts`: 401 replay, 503 store full, 429) → verified
 * caller set, custom verify (`axon_forward.ts`: 401) → priority queue (`axon_admit.ts`: 408, 503) →
 * forward under the synapse's deadline (`axon_forward.ts`: 408 late, 500 on a throw) → response
 * (`axon_respond.ts`: 200 with the synapse, or a stream).
 *
 * Plain JSON routes (`axon.route`) are authenticated by the first of `authenticators` whose
 * `detect(headers)` matches (`axon_dialects.ts`): the built-in synapse dialect, then btauth/1 and
 * Epistula v2 by default. Every dialect runs the same stages: per-hotkey rate peeked (429) → the
 * dialect's header check (its own status and body) → blacklist on the claimed hotkey (403) → body
 * → the dialect's verifier → per-hotkey rate spent (429) → priority queue (408, 503) → handler.
 * `/metrics` counts requests by route, status and dialect.
 *
 * @module
 */
import { silentLogger } from "../protocol/logger.ts";
import { btauthAuthenticator, epistulaAuthenticator } from "../protocol/signed_route.ts";
import { axonStatus } from "../protocol/status.ts";
import { BaseSynapse, type Synapse, type SynapseType } from "../protocol/synapse.ts";
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import { createAdmission } from "./axon_admit.ts";
import { createCallerAdmission } from "./axon_admit_caller.ts";
import { createSynapseAuth } from "./axon_authenticate.ts";
import { checkBlacklist } from "./axon_blacklist.ts";
import { type AnySynapseType, parseJsonBody, parseSynapseBody } from "./axon_body.ts";
import { matchDialect, synapseAuthenticator } from "./axon_dialects.ts";
import { callForward, forwardContext, runVerify, withVerifiedCaller } from "./axon_forward.ts";
import {
  bodyText,
  parseHead,
  pathOf,
  type PeerInfo,
  readBody,
  type RequestHead,
  TIMEOUT_DEFAULT_S,
} from "./axon_head.ts";
import { AxonMetrics } from "./axon_metrics.ts";
import { NonceStore } from "./axon_nonces.ts";
import { PriorityGate } from "./axon_priority.ts";
import { RateLimiter } from "./axon_rate_limit.ts";
import { refusal } from "./axon_reject.ts";
import { refusalOf, routeResponse, streamResponse, synapseResponse } from "./axon_respond.ts";
import { type PlainRoute, RouteTable, type SynapseRoute } from "./axon_routes.ts";
import { checkTransport, discardUnreadBody } from "./axon_transport.ts";
import type { AttachOptions, Authenticator, Axon, AxonInfo, AxonOptions, ForwardFn, StreamFn } from "./axon_types.ts";
import { sr25519VerifyCompat } from "./verify_pool.ts";

export { AxonReject } from "./axon_reject.ts";
export type { CallerInfo, PeerInfo, RequestHead } from "./axon_head.ts";
export type * from "./axon_types.ts";

/** The longest request timeout honoured (nonce window, priority budget), in seconds. */
const TIMEOUT_MAX_S = 3600;
const NO_PEER: Peer = { hostname: "0.0.0.0", port: 0 };

type Peer = PeerInfo["remoteAddr"];
type Attach<F extends object> = AttachOptions<Synapse<F>>;

/** One axon's stages and the state they share, built once per axon. */
type Stages = ReturnType<typeof stagesOf>;

/** One request on its way through the stages (what its refusal and its metrics need: the dialect). */
interface Exchange {
  request: Request;
  peer: Peer;
  /** When the request arrived (`performance.now()`). */
  t0: number;
  /** The dialect that took the request, once known. */
  dialect?: string;
}

/** Builds an axon's stages from its options (every default is set here). */
function stagesOf(options: AxonOptions) {
  const receiver = options.keypair.address;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const bodyBytesMax = options.bodyBytesMax ?? 8 * 1024 * 1024;
  const closing = new AbortController();
  const nonces = new NonceStore({ timeoutMaxMs: TIMEOUT_MAX_S * 1000, ...options.nonces });
  const gate = new PriorityGate({ concurrencyMax: options.maxConcurrency ?? 64, queueMax: options.queueMax ?? 1_024 });
  const keysMax = options.rate?.keysMax ?? 65_536;
  const ipLimit = options.rate?.perIp && new RateLimiter(options.rate.perIp, keysMax);
  const hotkeyLimit = options.rate?.perHotkey && new RateLimiter(options.rate.perHotkey, keysMax);
  const verifier = options.verifier ?? sr25519VerifyCompat;
  const auth = createSynapseAuth({ receiver, nonces, verifier, now, isRegistered: options.isRegistered });
  const callers = createCallerAdmission({ nonces, hotkeyLimit, now });
  const synapseDialect = synapseAuthenticator(auth, callers);
  return {
    receiver,
    now,
    logger,
    bodyBytesMax,
    bodyTimeoutMs: options.bodyTimeoutMs ?? 10_000,
    // JSON bytes and string length follow the body cap unless set: a body the axon accepts must parse.
    jsonLimits: { bytesMax: bodyBytesMax, stringLengthMax: bodyBytesMax, ...options.json },
    nonces,
    gate,
    metrics: new AxonMetrics(),
    routes: new RouteTable(),
    closing,
    refuser: { uuid: crypto.randomUUID(), hotkey: receiver },
    transport: { closing: closing.signal, bodyBytesMax, ipLimit, now },
    auth,
    callers,
    slots: createAdmission({ gate, closing: closing.signal, logger, timeoutMaxS: TIMEOUT_MAX_S }),
    authenticators: [synapseDialect, ...(options.authenticators ?? defaultDialects())],
    synapseDialect,
    publicKeyOf: (hotkey: string) => auth.identify(hotkey)!.keyHex,
  };
}

/** A synapse request, stage by stage (see the module doc). */
async function handleSynapse(s: Stages, route: SynapseRoute, x: Exchange): Promise<Response> {
  const head = parseHead(route.type.name, x.request.headers, x.peer);
  const who = s.auth.identify(head.dendrite.hotkey);
  s.callers.peek(who?.keyHex, head.dendrite.hotkey);
  await checkBlacklist(route.options.blacklist, head, s.logger);
  const caller = await s.auth.verify(head, who);
  const text = bodyText(await readBody(x.request, s.bodyBytesMax, s.bodyTimeoutMs));
  const parsed = parseSynapseBody(route.type, head, text, s.jsonLimits);
  s.callers.commit(head, caller);
  const synapse = withVerifiedCaller(parsed, head, caller);
  await runVerify(route.options.verify, synapse);
  const { forward, stream, type, options: { priority } } = route;
  const rank = () => priority ? priority(synapse) : 0;
  if (stream) {
    const slot = await s.slots.acquireSlot(head, x.t0, rank);
    const chunks = stream(synapse, forwardContext(caller, slot.signal));
    return streamResponse(type, synapse, chunks, slot, { startedMs: x.t0, logger: s.logger });
  }
  const result = await s.slots.runGated(head, x.t0, rank, (signal) => {
    return callForward(forward!, synapse, forwardContext(caller, signal), { logger: s.logger, name: type.name });
  });
  return synapseResponse(type, result, x.t0);
}

/** A plain JSON route's request, stage by stage (see the module doc). */
async function handlePlain(s: Stages, route: PlainRoute, x: Exchange): Promise<Response> {
  const { request, peer, t0 } = x;
  const { auth, claimed, keyOf } = matchDialect(s.authenticators, request.headers, s.publicKeyOf);
  x.dialect = auth.dialect;
  s.callers.peek(claimed === undefined ? undefined : keyOf(claimed), claimed);
  const early = auth.checkHeaders?.({ headers: request.headers, nowMs: s.now(), receiver: s.receiver });
  if (early && !early.ok) return Response.json(early.body, { status: early.status });
  if (claimed) await checkBlacklist(route.options.blacklist, claimed, s.logger);
  const body = await readBody(request, s.bodyBytesMax, s.bodyTimeoutMs);
  const outcome = await auth.authenticate({ request, body, peer, nowMs: s.now(), receiver: s.receiver });
  if (!outcome.ok) return Response.json(outcome.body, { status: outcome.status });
  const hotkey = outcome.hotkey;
  // The synapse dialect spends its rate token when it records the nonce.
  if (auth !== s.synapseDialect) s.callers.spend(keyOf(hotkey), hotkey);
  const json = body.length ? parseJsonBody(bodyText(body), s.jsonLimits) : null;
  const timeout = route.options.timeout ?? TIMEOUT_DEFAULT_S;
  const dendrite = { hotkey, ip: peer.hostname, port: peer.port };
  const head: RequestHead = { name: route.path, timeout, computedBodyHash: "", dendrite };
  const priority = route.options.priority;
  const value = await s.slots.runGated(head, t0, () => priority ? priority(hotkey) : 0, (signal) => {
    return route.handler(json, { hotkey, dialect: auth.dialect, request, signal });
  });
  return routeResponse(value);
}

/** Routes a request to its path's stages and turns a refusal into its response: `[metrics label, response]`. */
async function handle(s: Stages, x: Exchange): Promise<[string, Response]> {
  const path = pathOf(x.request.url);
  const match = s.routes.match(path);
  try {
    if (match.kind !== "synapse" && x.request.method === "GET" && path === "/metrics") {
      const headers = { "content-type": "text/plain; version=0.0.4" };
      return [match.label, new Response(renderMetrics(s), { headers })];
    }
    if (match.kind === "none") throw refusal(axonStatus.notFound(match.name, s.routes.synapseNames));
    checkTransport(x.request, x.peer, s.transport);
    if (match.kind === "synapse") {
      x.dialect = "synapse";
      return [match.label, await handleSynapse(s, match.route, x)];
    }
    return [match.label, await handlePlain(s, match.route, x)];
  } catch (error) {
    const context = { name: match.name, label: match.label, dialect: x.dialect, peer: x.peer.hostname };
    return [match.label, refusalOf(error, context, { by: s.refuser, logger: s.logger })];
  } finally {
    discardUnreadBody(x.request);
  }
}

/** The Prometheus text of `/metrics`. */
function renderMetrics(s: Stages): string {
  return s.metrics.render({
    axon_queue_depth: s.gate.queued,
    axon_in_flight: s.gate.running,
    axon_nonce_entries: s.nonces.size,
  });
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
  const s = stagesOf(options);
  const addSynapse = (type: unknown, handler: Pick<SynapseRoute, "forward" | "stream">, attachOptions: unknown) =>
    s.routes.addSynapse(type as AnySynapseType, handler, (attachOptions ?? {}) as AttachOptions<Synapse<object>>);
  const axon: Axon = {
    async fetch(request: Request, info?: PeerInfo): Promise<Response> {
      const x: Exchange = { request, peer: info?.remoteAddr ?? NO_PEER, t0: performance.now() };
      const [label, response] = await handle(s, x);
      s.metrics.observe(label, response.status, (performance.now() - x.t0) / 1000, x.dialect);
      return response;
    },
    attach<F extends object, D>(type: SynapseType<F, D, never>, forward: ForwardFn<Synapse<F>>, opts?: Attach<F>) {
      addSynapse(type, { forward: forward as unknown as ForwardFn<Synapse<object>> }, opts);
      return axon;
    },
    attachStream<F extends object, D>(type: SynapseType<F, D, never>, stream: StreamFn<Synapse<F>>, opts?: Attach<F>) {
      addSynapse(type, { stream: stream as unknown as StreamFn<Synapse<object>> }, opts);
      return axon;
    },
    route(path, handler, routeOptions = {}): Axon {
      s.routes.addPlain(path, handler, routeOptions);
      return axon;
    },
    info: () => axonInfo(options),
    metrics: () => renderMetrics(s),
    close: () => s.closing.abort(),
    get synapses(): readonly string[] {
      return s.routes.synapseNames;
    },
  };
  axon.attach(BaseSynapse, (synapse) => synapse);
  return axon;
}

/** btauth/1 and Epistula v2, each with its own replay store. */
function defaultDialects(): Authenticator[] {
  return [btauthAuthenticator(), epistulaAuthenticator()];
}

/** The registration record for `serve_axon` (wire-protocol.md §3.8). */
function axonInfo(options: AxonOptions): AxonInfo {
  const ip = options.externalIp ?? "0.0.0.0";
  const hotkey = options.keypair.address;
  return {
    version: PROTOCOL_VERSION,
    ip,
    port: options.externalPort ?? 8091,
    ip_type: ip.includes(":") ? 6 : 4,
    hotkey,
    coldkey: options.coldkey ?? hotkey,
    protocol: 4,
    placeholder1: 0,
    placeholder2: 0,
  };
}
