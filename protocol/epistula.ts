/**
 * Epistula v2 as BitMind's `gas/protocol/epistula.py` speaks it (clarifications.md): millisecond
 * timestamps accepted within ±15 s, a uuid per request, `Epistula-Signed-For` that must be our hotkey,
 * and an sr25519 signature `0x` + hex over `f"{sha256(body)}.{uuid}.{timestamp_ms}.{signed_for}"`.
 * Unlike upstream we keep a uuid replay store for the window, so a replay inside it is refused.
 * Failures answer 401 `{"detail": reason}` (malformed headers 400, a full store 503).
 *
 * @module
 */
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { decodeAddress } from "@polkadot/util-crypto";
import { sr25519Verify } from "./_sr25519.ts";
import { bodySha256Hex } from "./btauth.ts";
import type { ReplayStore } from "./replay_store.ts";
import type { Signer } from "./signing.ts";
import { pyFloatRepr } from "./py_str.ts";

/** Header names (sent in this casing; matched case-insensitively). */
export const EPISTULA_HEADERS: Readonly<{
  /** `2`. */ version: "Epistula-Version";
  /** Unix ms, decimal. */ timestamp: "Epistula-Timestamp";
  /** A fresh uuid4 per request. */ uuid: "Epistula-Uuid";
  /** Sender ss58. */ signedBy: "Epistula-Signed-By";
  /** Receiver ss58. */ signedFor: "Epistula-Signed-For";
  /** `0x` + hex signature of the request. */ signature: "Epistula-Request-Signature";
}> = Object.freeze({
  version: "Epistula-Version",
  timestamp: "Epistula-Timestamp",
  uuid: "Epistula-Uuid",
  signedBy: "Epistula-Signed-By",
  signedFor: "Epistula-Signed-For",
  signature: "Epistula-Request-Signature",
});

const encoder = new TextEncoder();

/**
 * The text an Epistula v2 request signature covers: `{sha256(body)}.{uuid}.{timestamp_ms}.{signed_for}`
 * (`signed_for` empty when the request is not addressed).
 *
 * @example
 * ```ts
 * import { epistulaMessage } from "./epistula.ts";
 * const m = epistulaMessage({ body: new Uint8Array(), uuid: "u", timestampMs: 5, signedFor: "B" });
 * console.assert(m === "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855.u.5.B");
 * ```
 */
export function epistulaMessage(
  parts: { body: Uint8Array; uuid: string; timestampMs: number | bigint; signedFor: string | null },
): string {
  return `${bodySha256Hex(parts.body)}.${parts.uuid}.${parts.timestampMs}.${parts.signedFor ?? ""}`;
}

/** What {@linkcode signEpistula} signs. */
export interface EpistulaRequest {
  /** The raw body bytes (a string is taken as UTF-8). @default {empty} */
  body?: Uint8Array | string;
  /** The receiver's ss58 hotkey. */
  signedFor?: string;
  /** Unix ms. @default {Date.now()} */
  timestampMs?: number;
  /** The request uuid. @default {crypto.randomUUID()} */
  uuid?: string;
}

/**
 * Signs a request as BitMind's `generate_header` does, including the three "secret signatures" over
 * the 10-second interval (`str(interval ± 1) + "." + signed_for`, where Python's interval is a float).
 *
 * @example
 * ```ts
 * import { signEpistula } from "./epistula.ts";
 * const signer = { address: "5Alice", sign: () => new Uint8Array(64) };
 * const h = signEpistula(signer, { body: "{}", signedFor: "5Bob", timestampMs: 1, uuid: "u" });
 * console.assert(h["Epistula-Version"] === "2" && h["Epistula-Signed-For"] === "5Bob");
 * ```
 */
export function signEpistula(signer: Signer, request: EpistulaRequest): Record<string, string> {
  const timestampMs = request.timestampMs ?? Date.now();
  const uuid = request.uuid ?? crypto.randomUUID();
  const body = typeof request.body === "string" ? encoder.encode(request.body) : request.body ?? new Uint8Array();
  const sign = (text: string) => "0x" + bytesToHex(signer.sign(encoder.encode(text)));
  const headers: Record<string, string> = {
    [EPISTULA_HEADERS.version]: "2",
    [EPISTULA_HEADERS.timestamp]: String(timestampMs),
    [EPISTULA_HEADERS.uuid]: uuid,
    [EPISTULA_HEADERS.signedBy]: signer.address,
    [EPISTULA_HEADERS.signature]: sign(
      epistulaMessage({ body, uuid, timestampMs, signedFor: request.signedFor ?? null }),
    ),
  };
  if (request.signedFor) {
    const interval = Math.ceil(timestampMs / 1e4) * 1e4;
    headers[EPISTULA_HEADERS.signedFor] = request.signedFor;
    for (const [i, t] of [interval - 1, interval, interval + 1].entries()) {
      headers[`Epistula-Secret-Signature-${i}`] = sign(`${pyFloatRepr(t)}.${request.signedFor}`);
    }
  }
  return headers;
}

/** A received request, as `verifyEpistula` needs it. */
export interface EpistulaReceived {
  /** The request headers. */
  headers: Headers | Readonly<Record<string, string>>;
  /** The raw body bytes, hashed before any parsing. */
  body: Uint8Array;
}

/** Options of {@linkcode verifyEpistula}. */
export interface VerifyEpistulaOptions {
  /** Our own hotkey: `Epistula-Signed-For` must equal it. */
  receiver: string;
  /** Remembers `(signer, uuid)` pairs; its retention must cover twice `allowedDeltaMs`. */
  replay: ReplayStore;
  /** How far a timestamp may be from our clock, either way, in ms. @default {15_000} */
  allowedDeltaMs?: number;
  /** The clock in Unix ms. @default {Date.now} */
  nowMs?: () => number;
}

/** Why a request failed Epistula verification. */
export type EpistulaFailure = "malformed" | "wrong-receiver" | "stale" | "bad-signature" | "replayed" | "store-full";

/** The outcome of {@linkcode verifyEpistula}. */
export type EpistulaResult =
  | {
    /** Verified. */ ok: true;
    /** The authenticated sender. */ hotkey: string;
    /** Its uuid. */ uuid: string;
    /** Its timestamp (Unix ms). */ timestampMs: number;
  }
  | {
    /** Refused. */ ok: false;
    /** 400 (malformed), 401, or 503 (replay store full). */ status: number;
    /** Which check failed. */ failure: EpistulaFailure;
    /** The reason, as BitMind words it where it has one. */ reason: string;
    /** The JSON body to answer with: `{"detail": reason}`. */ body: { detail: string };
  };

function fail(failure: EpistulaFailure, reason: string): EpistulaResult {
  return failed(failure, reason);
}

function failed(failure: EpistulaFailure, reason: string): Extract<EpistulaResult, { ok: false }> {
  const status = failure === "malformed" ? 400 : failure === "store-full" ? 503 : 401;
  return { ok: false, status, failure, reason, body: { detail: reason } };
}

function header(headers: Headers | Readonly<Record<string, string>>, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v ?? null;
  return null;
}

const INTEGER = /^[+-]?[0-9]{1,16}$/;
const SIGNATURE = /^0x([0-9a-fA-F]{128})$/;

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

interface EpistulaHead {
  signedFor: string;
  signedBy: string;
  uuid: string;
  timestampMs: number;
  signature: string;
  publicKey: Uint8Array;
  now: number;
}

/** The header half of {@linkcode verifyEpistula}: version, receiver, shapes and the time window. */
function readEpistulaHead(
  headers: EpistulaReceived["headers"],
  options: Omit<VerifyEpistulaOptions, "replay">,
): EpistulaHead | Extract<EpistulaResult, { ok: false }> {
  const deltaMs = options.allowedDeltaMs ?? 15_000;
  const h = (name: string) => header(headers, name);
  if (h(EPISTULA_HEADERS.version) !== "2") return failed("malformed", "Unknown Epistula version");
  const signedFor = h(EPISTULA_HEADERS.signedFor);
  if (signedFor !== options.receiver) return failed("wrong-receiver", "Bad Request, message is not intended for self");
  const signature = h(EPISTULA_HEADERS.signature);
  if (signature === null) return failed("malformed", "Invalid Signature");
  const rawTimestamp = h(EPISTULA_HEADERS.timestamp);
  if (rawTimestamp === null || !INTEGER.test(rawTimestamp.trim())) return failed("malformed", "Invalid Timestamp");
  const timestampMs = Number(rawTimestamp.trim());
  const signedBy = h(EPISTULA_HEADERS.signedBy);
  if (signedBy === null) return failed("malformed", "Invalid Sender key");
  const uuid = h(EPISTULA_HEADERS.uuid);
  if (uuid === null) return failed("malformed", "Invalid uuid");
  let publicKey: Uint8Array;
  try {
    publicKey = decodeAddress(signedBy);
  } catch {
    return failed("malformed", "Invalid Sender key");
  }
  const now = (options.nowMs ?? Date.now)();
  const limit = pyFloatRepr(deltaMs / 1000);
  if (timestampMs + deltaMs < now) {
    return failed("stale", `Request is too stale: ${seconds(now - timestampMs)}s old (limit: ${limit}s)`);
  }
  if (timestampMs - deltaMs > now) {
    return failed(
      "stale",
      `Request timestamp is in the future: ${seconds(timestampMs - now)}s ahead (limit: ${limit}s)`,
    );
  }
  if (!SIGNATURE.test(signature)) return failed("bad-signature", "Signature Mismatch");
  return { signedFor: signedFor!, signedBy, uuid, timestampMs, signature, publicKey, now };
}

/**
 * Checks an Epistula request's headers alone (version, receiver, timestamp window, sender and
 * signature shape): what a server can refuse before reading the body. `verifyEpistula` runs the
 * same checks first.
 *
 * @returns the refusal, or `null` when the headers may go on to full verification
 *
 * @example
 * ```ts
 * import { checkEpistulaHeaders } from "./epistula.ts";
 * console.assert(checkEpistulaHeaders({ "Epistula-Version": "1" }, { receiver: "5Bob" })?.status === 400);
 * ```
 */
export function checkEpistulaHeaders(
  headers: EpistulaReceived["headers"],
  options: Omit<VerifyEpistulaOptions, "replay">,
): Extract<EpistulaResult, { ok: false }> | null {
  const head = readEpistulaHead(headers, options);
  return "ok" in head ? head : null;
}

/**
 * Verifies an Epistula v2 request (BitMind's `verify_signature`, plus receiver binding and a uuid
 * replay store written only after the signature verified). Never throws for bad input. Call after
 * `cryptoWaitReady()`.
 *
 * @throws {RangeError} when the replay store's retention is shorter than twice `allowedDeltaMs`
 *
 * @example
 * ```ts
 * import { createReplayStore } from "./replay_store.ts";
 * import { verifyEpistula } from "./epistula.ts";
 * const r = verifyEpistula({ headers: { "Epistula-Version": "1" }, body: new Uint8Array() }, {
 *   receiver: "5Bob",
 *   replay: createReplayStore(),
 * });
 * console.assert(!r.ok && r.reason === "Unknown Epistula version");
 * ```
 */
export function verifyEpistula(request: EpistulaReceived, options: VerifyEpistulaOptions): EpistulaResult {
  const deltaMs = options.allowedDeltaMs ?? 15_000;
  if (options.replay.retentionMs < 2 * deltaMs) {
    throw new RangeError(
      `Cannot verify Epistula requests: the replay store keeps entries ${options.replay.retentionMs} ms but the window is ${
        2 * deltaMs
      } ms (use retentionMs >= 2 * allowedDeltaMs)`,
    );
  }
  const head = readEpistulaHead(request.headers, options);
  if ("ok" in head) return head;
  const { signedFor, signedBy, uuid, timestampMs, signature, publicKey, now } = head;
  const sig = SIGNATURE.exec(signature);
  const message = epistulaMessage({ body: request.body, uuid, timestampMs, signedFor });
  if (!sig || publicKey.length !== 32 || !verifySr25519(message, hexToBytes(sig[1]), publicKey)) {
    return fail("bad-signature", "Signature Mismatch");
  }
  const stored = options.replay.checkAndStore(`${signedBy}\n${uuid}`, now);
  if (stored === "replayed") return fail("replayed", "Request uuid was already accepted from this hotkey");
  if (stored === "full") return fail("store-full", "Replay store is full: retry later");
  return { ok: true, hotkey: signedBy, uuid, timestampMs };
}

/** sr25519 over the UTF-8 message, then the `<Bytes>` wrapping (bittensor_wallet's `Keypair.verify`). */
function verifySr25519(message: string, signature: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    return sr25519Verify(encoder.encode(message), signature, publicKey) ||
      sr25519Verify(encoder.encode(`<Bytes>${message}</Bytes>`), signature, publicKey);
  } catch {
    return false;
  }
}
