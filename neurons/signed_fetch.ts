/**
 * A small signing client for plain JSON routes (`axon.route`) in each live auth dialect: btauth/1
 * (Bittensor 11), Epistula v2 (SN4, SN19, BitMind) and the v10 synapse signature. A synapse route
 * (`/<SynapseName>`, a Python class name) is called through the dendrite instead, as a one-field
 * synapse carrying the JSON text ({@linkcode jsonSynapse}).
 *
 * Synapse dialect on a plain route: the dendrite's headers (`bt_header_dendrite_{nonce,uuid,hotkey,
 * signature,version}`, `bt_header_axon_hotkey`, `timeout`) with `computed_body_hash` = sha3-256 of the
 * raw body bytes, signed over `{nonce}.{sender}.{receiver}.{uuid}.{computed_body_hash}` as
 * wire-protocol.md §2.3 says; the axon's built-in synapse dialect checks exactly that.
 *
 * @module
 */
import { z } from "zod";
import { sha3HexOfBytes } from "../protocol/_sha3.ts";
import { type BtauthSigner, signBtauth } from "../protocol/btauth.ts";
import { signEpistula } from "../protocol/epistula.ts";
import { nowNs } from "../protocol/nonce.ts";
import { parseJson } from "../protocol/json.ts";
import { signHex, signingMessage } from "../protocol/signing.ts";
import { defineSynapse, type Synapse, type SynapseType } from "../protocol/synapse.ts";
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import type { Keypair } from "../wallet/keypair.ts";
import { createDendrite } from "./dendrite.ts";
import { ResponseParseError } from "./dendrite_errors.ts";
import { JsonLimitError, type JsonLimits } from "../protocol/json_limits.ts";
import { readResponseText } from "./read_response.ts";

/** The signed-request dialects an axon recognises by their headers. */
export type AuthDialect = "synapse" | "btauth" | "epistula";

/** The dialects, in the order the axon tries them. */
export const AUTH_DIALECTS: readonly AuthDialect[] = Object.freeze(["synapse", "btauth", "epistula"]);

/** Options of {@linkcode signRequest}. */
export interface SignRequestOptions {
  /** Which dialect signs the request. */
  dialect: AuthDialect;
  /** The sender's key (sr25519; btauth/1 also takes ed25519). */
  signer: BtauthSigner;
  /** The receiving axon's ss58 hotkey: every dialect binds the request to it. */
  receiver: string;
  /** The raw body (a string is sent as UTF-8). @default {empty} */
  body?: string | Uint8Array;
  /** The HTTP method. @default {"POST"} */
  method?: string;
  /** The nonce in Unix ns (synapse, btauth/1); a fresh one for every request. @default {the clock in ns} */
  nonce?: bigint;
  /** The dendrite uuid (synapse) or request uuid (Epistula). @default {crypto.randomUUID()} */
  uuid?: string;
  /** The synapse dialect's `timeout` header, in seconds (the axon's nonce window grows with it). @default {12} */
  timeoutS?: number;
  /** The clock in Unix ms. @default {Date.now} */
  now?: () => number;
}

const encoder = new TextEncoder();

function bodyBytes(body: string | Uint8Array | undefined): Uint8Array<ArrayBuffer> {
  if (typeof body === "string") return encoder.encode(body);
  const out = new Uint8Array(body?.length ?? 0);
  if (body) out.set(body);
  return out;
}

/** Python's `str(float)` for the `timeout` header (`12.0`). */
function floatText(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/**
 * Builds one signed request in the given dialect; the body bytes are sent exactly as signed.
 *
 * @param url the route, e.g. `http://127.0.0.1:8091/echo` (btauth/1 signs its path and query as given)
 * @param options the dialect, signer, receiver and body
 * @returns the request, ready for `fetch` or `axon.fetch`
 * @throws {RangeError} for an unknown dialect, or a btauth/1 signer that is neither sr25519 nor ed25519
 *
 * @example
 * ```ts
 * import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
 * import { signRequest } from "./signed_fetch.ts";
 * await cryptoReady();
 * const alice = keypairFromUri("//Alice");
 * const bob = keypairFromUri("//Bob").address;
 * const request = signRequest("http://127.0.0.1:8091/echo", { dialect: "btauth", signer: alice, receiver: bob, body: "{}" });
 * console.assert(request.headers.get("x-bittensor-receiver") === bob);
 * ```
 */
export function signRequest(url: string | URL, options: SignRequestOptions): Request {
  const target = new URL(url);
  const body = bodyBytes(options.body);
  const method = options.method ?? "POST";
  const now = options.now ?? Date.now;
  const { signer, receiver } = options;
  let headers: [string, string][];
  switch (options.dialect) {
    case "btauth":
      headers = Object.entries(
        signBtauth(signer, {
          method,
          path: target.pathname + target.search,
          body,
          receiver,
          nonce: options.nonce ?? nowNs(now),
        }),
      );
      break;
    case "epistula":
      headers = Object.entries(
        signEpistula(signer, { body, signedFor: receiver, timestampMs: Math.floor(now()), uuid: options.uuid }),
      );
      break;
    case "synapse": {
      const nonce = options.nonce ?? nowNs(now);
      const uuid = options.uuid ?? crypto.randomUUID();
      const bodyHash = sha3HexOfBytes(body);
      const message = signingMessage({ nonce, dendriteHotkey: signer.address, axonHotkey: receiver, uuid, bodyHash });
      headers = [
        ["name", target.pathname.split("/").pop() ?? ""],
        ["timeout", floatText(options.timeoutS ?? 12)],
        ["bt_header_axon_hotkey", receiver],
        ["bt_header_dendrite_version", String(PROTOCOL_VERSION)],
        ["bt_header_dendrite_nonce", nonce.toString()],
        ["bt_header_dendrite_uuid", uuid],
        ["bt_header_dendrite_hotkey", signer.address],
        ["bt_header_dendrite_signature", signHex(signer, message)],
        ["computed_body_hash", bodyHash],
      ];
      break;
    }
    default:
      throw new RangeError(
        `Cannot sign a request in dialect "${options.dialect}": use one of ${AUTH_DIALECTS.join(", ")}`,
      );
  }
  headers.push(["content-type", "application/json"]);
  return new Request(target, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : body });
}

/** The fields of {@linkcode jsonSynapse}: one JSON document as text. */
export interface JsonSynapseFields {
  /** The JSON text (hashed, so the signature covers it byte for byte). */
  body: string;
}

/**
 * A synapse class carrying one JSON document as text in its `body` field, which is its only hash
 * field. In Python: `class Echo(bt.Synapse): body: str; required_hash_fields: ClassVar = ("body",)`.
 *
 * @param name the class name, which is also the route (`/Echo`)
 * @returns the synapse type
 *
 * @example
 * ```ts
 * import { jsonSynapse } from "./signed_fetch.ts";
 * const Echo = jsonSynapse("Echo");
 * console.assert(Echo.create({ body: "{}" }).body === "{}" && Echo.requiredHashFields[0] === "body");
 * ```
 */
export function jsonSynapse(name: string): SynapseType<JsonSynapseFields> {
  return defineSynapse({ name, fields: z.object({ body: z.string() }), requiredHashFields: ["body"] });
}

/** Options of {@linkcode signedFetch}. */
export interface SignedFetchOptions extends Omit<SignRequestOptions, "signer"> {
  /** The sender's key. */
  keypair: Keypair;
  /** How long to wait for the answer, in ms. @default {12_000} */
  timeoutMs?: number;
  /** The HTTP client. @default {globalThis.fetch} */
  fetch?: typeof fetch;
  /** The largest answer read, in bytes, enforced while reading. @default {8_388_608} (8 MiB) */
  responseBytesMax?: number;
  /** Caps on the answer's JSON. @default {JSON_LIMITS_DEFAULT} */
  json?: JsonLimits;
}

/** One answer: the HTTP status and the JSON body (the raw text when it is not JSON). */
export interface SignedReply {
  /** The HTTP status (for a synapse route: the axon's status code as the dendrite merged it). */
  status: number;
  /** The parsed JSON body; for a synapse route, its `body` field parsed (or `{"message": …}` on failure). */
  body: unknown;
}

const SYNAPSE_ROUTE = /^\/[A-Z][A-Za-z0-9_]*$/;

function parseOrText(text: string, limits?: JsonLimits): unknown {
  if (text === "") return null;
  try {
    return parseJson(text, "the response body", { limits });
  } catch (error) {
    if (error instanceof JsonLimitError) throw error;
    return text;
  }
}

/**
 * Sends one signed request and reads the answer. A `synapse` request to `/<SynapseName>` (a path of
 * one segment starting with a capital letter, as Python routes synapses) goes through the dendrite
 * as a {@linkcode jsonSynapse} of that name; every other request is a plain signed POST.
 *
 * @param url the route
 * @param options the dialect, key, receiver and body
 * @returns the status and parsed body; transport failures come back as a status (as the dendrite's)
 *
 * @example
 * ```ts ignore
 * import { signedFetch } from "./signed_fetch.ts";
 * const reply = await signedFetch("http://127.0.0.1:8091/echo", { dialect: "epistula", keypair, receiver, body: "{}" });
 * ```
 */
export async function signedFetch(url: string | URL, options: SignedFetchOptions): Promise<SignedReply> {
  const target = new URL(url);
  const timeoutMs = options.timeoutMs ?? 12_000;
  const doFetch = options.fetch ?? globalThis.fetch;
  if (options.dialect === "synapse" && SYNAPSE_ROUTE.test(target.pathname)) {
    const type = jsonSynapse(target.pathname.slice(1));
    const text = typeof options.body === "string" ? options.body : new TextDecoder().decode(bodyBytes(options.body));
    const dendrite = createDendrite({
      keypair: options.keypair,
      fetch: doFetch,
      now: options.now,
      responseBytesMax: options.responseBytesMax,
      json: options.json,
    });
    const result: Synapse<JsonSynapseFields> = await dendrite.call(
      { ip: target.hostname.replace(/^\[|\]$/g, ""), port: Number(target.port || 80), hotkey: options.receiver },
      type.create({ body: text }),
      { type, timeout: timeoutMs / 1000 },
    );
    const status = result.dendrite.status_code ?? 0;
    if (status !== 200) return { status, body: { message: result.dendrite.status_message } };
    try {
      return { status, body: parseOrText(result.body, options.json) };
    } catch (error) {
      return { status: 422, body: { message: `Failed to parse response: ${(error as Error).message}` } };
    }
  }
  const request = signRequest(target, { ...options, signer: options.keypair });
  // One deadline over connect, headers, body and parse.
  const deadline = AbortSignal.timeout(timeoutMs);
  try {
    const response = await doFetch(request, { signal: deadline });
    const text = await readResponseText(response, { bytesMax: options.responseBytesMax, signal: deadline });
    return { status: response.status, body: parseOrText(text, options.json) };
  } catch (error) {
    if (error instanceof ResponseParseError || error instanceof JsonLimitError) {
      return { status: 422, body: { message: `Failed to parse response: ${error.message}` } };
    }
    const timedOut = error instanceof DOMException && error.name === "TimeoutError";
    return {
      status: timedOut ? 408 : 503,
      body: {
        message: timedOut
          ? `Timeout: no answer from ${target.host} within ${timeoutMs} ms`
          : `Service unavailable at ${target.host}${target.pathname}: ${
            error instanceof Error ? error.message : error
          }`,
      },
    };
  }
}
