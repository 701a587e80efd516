/**
 * The axon's respond stage (private to `neurons/`): every response the axon sends. A forward's
 * answer goes out as Python's axon writes it (compact JSON, `bt_header_*` headers, the answered
 * synapse's body hash), a stream as `BTStreamingResponse` does, a refusal as Python's JSON error
 * with the axon's headers, or as `{"detail": …}` for the FastAPI dialects (btauth/1, Epistula).
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import { stringifyJson } from "../protocol/json.ts";
import type { Synapse } from "../protocol/synapse.ts";
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import { headerValue, synapseHeaders } from "./_wire.ts";
import type { Slot } from "./axon_admit.ts";
import { type AnySynapseType, hashOf } from "./axon_body.ts";
import { AxonReject } from "./axon_reject.ts";

const enc = new TextEncoder();
const rawJson = (JSON as unknown as { rawJSON?(text: string): unknown }).rawJSON;

/**
 * Compact JSON as a Python axon answers (`","`, `":"`, UTF-8 kept), with big integers (nonces)
 * written exactly. Integral floats come out as `12` rather than `12.0`, which every JSON reader
 * (pydantic's `float` included) takes as the same number; non-finite numbers become `null`.
 *
 * @example
 * ```ts
 * import { compactJson } from "./axon_respond.ts";
 * console.assert(compactJson({ nonce: 1712345678901234567n, t: "é" }) === '{"nonce":1712345678901234567,"t":"é"}');
 * ```
 */
export function compactJson(dump: Record<string, unknown>): string {
  if (rawJson) return JSON.stringify(dump, (_key, v) => typeof v === "bigint" ? rawJson(v.toString()) : v);
  // No JSON.rawJSON (Node 20): write each big integer as an unguessable quoted mark, then unquote it.
  const mark = `\u0000${crypto.randomUUID()}:`;
  const text = JSON.stringify(dump, (_key, v) => typeof v === "bigint" ? mark + v.toString() : v);
  return text.replaceAll(new RegExp(`"\\\\u0000${mark.slice(1)}(-?\\d+)"`, "g"), "$1");
}

/** The synapse's `axon` terminal with the final status and the time since `startedMs`. */
function answered(synapse: Synapse<object>, status: number, startedMs: number): Synapse<object> {
  return {
    ...synapse,
    axon: {
      ...synapse.axon,
      status_code: status,
      status_message: synapse.axon?.status_message || (status === 200 ? "Success" : null),
      process_time: (performance.now() - startedMs) / 1000,
    },
  };
}

/**
 * A forward's answer: its own `axon.status_code` (200 by default; the HTTP status when it is one),
 * the synapse as compact JSON, and Python's response headers.
 *
 * @example
 * ```ts
 * import { BaseSynapse } from "../protocol/synapse.ts";
 * import { synapseResponse } from "./axon_respond.ts";
 * const res = synapseResponse(BaseSynapse, BaseSynapse.create({}), performance.now());
 * console.assert(res.status === 200 && res.headers.get("bt_header_axon_status_message") === "Success");
 * ```
 */
export function synapseResponse(type: AnySynapseType, result: Synapse<object>, startedMs: number): Response {
  const status = result.axon?.status_code ?? 200;
  const out = answered(result, status, startedMs);
  const dump = type.dump(out);
  return new Response(compactJson(dump), {
    status: status >= 200 && status <= 599 ? status : 200,
    headers: synapseHeaders(dump, hashOf(type, out)),
  });
}

/**
 * Python's `BTStreamingResponse`: HTTP 200, `text/event-stream` then the synapse's headers, and the
 * chunks as the stream yields them (strings as UTF-8). The slot is held, and its deadline applies,
 * until the last chunk; a throw from the stream is logged (`axon.stream_error`) and ends the body.
 *
 * @example
 * ```ts
 * import { silentLogger } from "../protocol/logger.ts";
 * import { BaseSynapse } from "../protocol/synapse.ts";
 * import { streamResponse } from "./axon_respond.ts";
 * async function* chunks() {
 *   yield "a";
 *   yield "b";
 * }
 * const slot = { signal: new AbortController().signal, done: () => {} };
 * const res = streamResponse(BaseSynapse, BaseSynapse.create({}), chunks(), slot, {
 *   startedMs: performance.now(),
 *   logger: silentLogger,
 * });
 * console.assert((await res.text()) === "ab");
 * ```
 */
export function streamResponse(
  type: AnySynapseType,
  synapse: Synapse<object>,
  chunks: AsyncIterable<Uint8Array | string>,
  slot: Slot,
  options: { startedMs: number; logger: Logger },
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
        options.logger.error("axon.stream_error", { synapse: type.name, error: String(error) });
        stop();
        controller.error(error);
      }
    },
    cancel: stop,
  });
  const out = answered({ ...synapse, axon: { ...synapse.axon, status_message: "Success" } }, 200, options.startedMs);
  const headers = synapseHeaders(type.dump(out), hashOf(type, out));
  headers[0] = ["content-type", "text/event-stream"];
  return new Response(body, { status: 200, headers });
}

/**
 * A plain route's answer: a `Response` as is, anything else as JSON (200).
 *
 * @example
 * ```ts
 * import { routeResponse } from "./axon_respond.ts";
 * console.assert((await routeResponse({ n: 1n }).text()) === '{"n":1}');
 * ```
 */
export function routeResponse(value: unknown): Response {
  return value instanceof Response
    ? value
    : new Response(stringifyJson(value ?? null), { headers: { "content-type": "application/json" } });
}

/** Who refuses: the axon's identity, sent in the refusal's headers. */
export interface Refuser {
  /** This axon's instance uuid. */
  uuid: string;
  /** This axon's hotkey. */
  hotkey: string;
}

/**
 * A refusal: `{"detail": message}` for the FastAPI dialects (btauth/1, Epistula), otherwise Python's
 * `{"message": …}` with the synapse name and the `bt_header_axon_*` status headers.
 *
 * @example
 * ```ts
 * import { refusalResponse } from "./axon_respond.ts";
 * const res = refusalResponse({ name: "Dummy", status: 403, message: "no" }, { uuid: "u", hotkey: "5Bob" });
 * console.assert(res.status === 403 && res.headers.get("bt_header_axon_status_code") === "403");
 * ```
 */
export function refusalResponse(
  refused: { name: string; status: number; message: string; dialect?: string },
  by: Refuser,
): Response {
  const { name, status, message, dialect } = refused;
  if (dialect === "btauth" || dialect === "epistula") return Response.json({ detail: message }, { status });
  return new Response(JSON.stringify({ message }), {
    status,
    headers: [
      ["content-type", "application/json"],
      ["name", headerValue(name)],
      ["bt_header_axon_status_code", String(status)],
      ["bt_header_axon_status_message", headerValue(message)],
      ["bt_header_axon_version", String(PROTOCOL_VERSION)],
      ["bt_header_axon_uuid", by.uuid],
      ["bt_header_axon_hotkey", by.hotkey],
    ],
  });
}

/** Where a refusal happened: the route's name and metrics label, the dialect, and the peer. */
export interface RefusalContext {
  /** The synapse name the path names (sent in the `name` header). */
  name: string;
  /** The metrics label of the route. */
  label: string;
  /** The dialect that took the request, once known. */
  dialect?: string;
  /** The peer IP (logged). */
  peer: string;
}

/**
 * The response to an error a stage threw: an `AxonReject` with its status and message (logged at
 * debug as `axon.reject`), anything else a 500 naming an id, its text in the log only
 * (`axon.internal_error`).
 *
 * @example
 * ```ts
 * import { silentLogger } from "../protocol/logger.ts";
 * import { refusalOf } from "./axon_respond.ts";
 * const context = { name: "Dummy", label: "Dummy", peer: "1.2.3.4" };
 * const res = refusalOf(new Error("secret"), context, { by: { uuid: "u", hotkey: "5Bob" }, logger: silentLogger });
 * console.assert(res.status === 500 && !(await res.text()).includes("secret"));
 * ```
 */
export function refusalOf(error: unknown, context: RefusalContext, options: { by: Refuser; logger: Logger }): Response {
  const { name, label, dialect } = context;
  if (error instanceof AxonReject) {
    options.logger.debug("axon.reject", { synapse: label, status: error.status, peer: context.peer });
    return refusalResponse({ name, status: error.status, message: error.message, dialect }, options.by);
  }
  const id = crypto.randomUUID();
  options.logger.error("axon.internal_error", { synapse: label, id, error: String(error) });
  return refusalResponse({ name, status: 500, message: `Internal Server Error #${id}`, dialect }, options.by);
}
