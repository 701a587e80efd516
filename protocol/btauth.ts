/**
 * btauth/1, the hotkey-signed HTTP dialect of Bittensor 11 (landscape.md §1.6; RaoFoundation/subtensor
 * `docs/guides/signed-requests.mdx`): eight newline-joined lines signed with sr25519 or ed25519, bound
 * to method, request target, raw body (sha256), a nanosecond nonce, sender and receiver.
 *
 * Verification order: header shape → receiver → freshness (10 s back, 2 s ahead) → signature under the
 * trusted scheme only → replay store (written only after the signature verified). Failures answer
 * 401 `{"detail": reason}` (a full replay store 503).
 *
 * @module
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { ed25519 } from "@noble/curves/ed25519.js";
import { decodeAddress } from "@polkadot/util-crypto";
import { sr25519Verify } from "./_sr25519.ts";
import type { ReplayStore } from "./replay_store.ts";
import type { Signer } from "./signing.ts";
import { nowNs as clockNs } from "./nonce.ts";

/** The signature schemes btauth/1 speaks here. */
export type BtauthScheme = "sr25519" | "ed25519";

/** Header names (sent in this casing; matched case-insensitively). */
export const BTAUTH_HEADERS: Readonly<{
  /** `1`. */ version: "X-Bittensor-Version";
  /** Sender ss58. */ hotkey: "X-Bittensor-Hotkey";
  /** Receiver ss58 (required by default when verifying). */ receiver: "X-Bittensor-Receiver";
  /** Unix ns, decimal. */ nonce: "X-Bittensor-Nonce";
  /** `ed25519`; absent for sr25519. */ crypto: "X-Bittensor-Crypto";
  /** `0x` + lowercase hex. */ signature: "X-Bittensor-Signature";
}> = Object.freeze({
  version: "X-Bittensor-Version",
  hotkey: "X-Bittensor-Hotkey",
  receiver: "X-Bittensor-Receiver",
  nonce: "X-Bittensor-Nonce",
  crypto: "X-Bittensor-Crypto",
  signature: "X-Bittensor-Signature",
});

/** The parts of the signed payload. */
export interface BtauthPayloadParts {
  /** `sr25519` or `ed25519`. */
  scheme: BtauthScheme;
  /** HTTP method (uppercased in the payload). */
  method: string;
  /** Request target: path plus `?query`, percent-encoded, exactly as sent. */
  path: string;
  /** The raw body bytes. */
  body: Uint8Array;
  /** Unix nanoseconds. */
  nonce: bigint;
  /** Sender ss58. */
  sender: string;
  /** Receiver ss58, or `null` for an unbound request (`-`). */
  receiver: string | null;
}

const encoder = new TextEncoder();

/**
 * The lowercase hex sha256 of the raw body.
 *
 * @example
 * ```ts
 * import { bodySha256Hex } from "./btauth.ts";
 * console.assert(bodySha256Hex(new TextEncoder().encode('{"prompt": "hello"}')) === "341c57448e531310fbbe83f44cea2a5e838bd9e8a6b82b269f01d0dbbc23c3cc");
 * ```
 */
export function bodySha256Hex(body: Uint8Array): string {
  return bytesToHex(sha256(body));
}

/**
 * The exact text btauth/1 signs: eight lines joined by `\n`, no trailing newline.
 *
 * @example
 * ```ts
 * import { btauthPayload } from "./btauth.ts";
 * const p = btauthPayload({ scheme: "sr25519", method: "post", path: "/x", body: new Uint8Array(), nonce: 1n, sender: "A", receiver: null });
 * console.assert(p.split("\n").length === 8 && p.endsWith("\n1\nA\n-"));
 * ```
 */
export function btauthPayload(parts: BtauthPayloadParts): string {
  return [
    "btauth/1",
    parts.scheme,
    parts.method.toUpperCase(),
    parts.path,
    bodySha256Hex(parts.body),
    parts.nonce.toString(),
    parts.sender,
    parts.receiver ?? "-",
  ].join("\n");
}

/** What {@linkcode signBtauth} signs. */
export interface BtauthRequest {
  /** HTTP method. */
  method: string;
  /** Request target: path plus `?query`, percent-encoded, exactly as it will be sent. */
  path: string;
  /** The raw body bytes (a string is taken as UTF-8). @default {empty} */
  body?: Uint8Array | string;
  /** The receiver's ss58 hotkey; leave out only for servers that accept unbound requests. */
  receiver?: string;
  /** The nonce; a fresh one for every attempt. @default {the clock in ns} */
  nonce?: bigint;
}

/** A signer for btauth/1: its `type` picks the scheme (`sr25519` when absent). */
export interface BtauthSigner extends Signer {
  /** `sr25519` (default) or `ed25519`. */
  readonly type?: string;
}

function bodyBytes(body: Uint8Array | string | undefined): Uint8Array {
  return typeof body === "string" ? encoder.encode(body) : body ?? new Uint8Array();
}

/**
 * Signs a request; returns the headers to add (insertion order as the Python SDK builds them).
 *
 * @throws {RangeError} when the signer's scheme is not sr25519 or ed25519
 *
 * @example
 * ```ts
 * import { signBtauth } from "./btauth.ts";
 * const signer = { address: "5Alice", sign: () => new Uint8Array(64) };
 * const headers = signBtauth(signer, { method: "POST", path: "/echo", body: "{}", receiver: "5Bob", nonce: 1n });
 * console.assert(headers["X-Bittensor-Nonce"] === "1" && !("X-Bittensor-Crypto" in headers));
 * ```
 */
export function signBtauth(signer: BtauthSigner, request: BtauthRequest): Record<string, string> {
  const scheme = signer.type ?? "sr25519";
  if (scheme !== "sr25519" && scheme !== "ed25519") {
    throw new RangeError(`Cannot sign a btauth/1 request with a ${scheme} key: use sr25519 or ed25519`);
  }
  const nonce = request.nonce ?? clockNs();
  const payload = btauthPayload({
    scheme,
    method: request.method,
    path: request.path,
    body: bodyBytes(request.body),
    nonce,
    sender: signer.address,
    receiver: request.receiver ?? null,
  });
  const headers: Record<string, string> = {
    [BTAUTH_HEADERS.version]: "1",
    [BTAUTH_HEADERS.hotkey]: signer.address,
    [BTAUTH_HEADERS.nonce]: nonce.toString(),
    [BTAUTH_HEADERS.signature]: "0x" + bytesToHex(signer.sign(encoder.encode(payload))),
  };
  if (scheme !== "sr25519") headers[BTAUTH_HEADERS.crypto] = scheme;
  if (request.receiver !== undefined) headers[BTAUTH_HEADERS.receiver] = request.receiver;
  return headers;
}

/** A received request, as `verifyBtauth` needs it. */
export interface BtauthReceived {
  /** The request headers. */
  headers: Headers | Readonly<Record<string, string>>;
  /** The raw body bytes, hashed before any parsing. */
  body: Uint8Array;
  /** The received method. */
  method: string;
  /** The received request target (path plus `?query`, percent-encoded as received). */
  path: string;
}

/** Options of {@linkcode verifyBtauth}. */
export interface VerifyBtauthOptions {
  /** Our own hotkey: requests must be signed for it. */
  receiver: string;
  /** Remembers `(hotkey, nonce)` pairs; its retention must cover `maxAgeMs + skewMs`. */
  replay: ReplayStore;
  /**
   * The scheme we trust for a sender (from our own configuration, never from the header). A
   * conflicting `X-Bittensor-Crypto` is refused before the signature is checked.
   * @default {() => "sr25519"}
   */
  schemeFor?: (hotkey: string) => BtauthScheme | undefined;
  /** How old a nonce may be, in ms. @default {10_000} */
  maxAgeMs?: number;
  /** How far ahead a nonce may be, in ms. @default {2_000} */
  skewMs?: number;
  /** Refuse requests without `X-Bittensor-Receiver`. @default {true} */
  requireReceiver?: boolean;
  /** The clock in Unix ns. @default {the system clock} */
  nowNs?: () => bigint;
}

/** Why a request failed btauth/1 verification. */
export type BtauthFailure = "malformed" | "wrong-receiver" | "stale" | "bad-signature" | "replayed" | "store-full";

/** The outcome of {@linkcode verifyBtauth}. */
export type BtauthResult =
  | {
    /** Verified. */ ok: true;
    /** The authenticated sender. */ hotkey: string;
    /** Its nonce. */ nonce: bigint;
    /** Its scheme. */ scheme: BtauthScheme;
  }
  | {
    /** Refused. */ ok: false;
    /** 401, or 503 when the replay store is full. */ status: number;
    /** Which check failed. */ failure: BtauthFailure;
    /** The reason, safe to return to the caller. */ reason: string;
    /** The JSON body to answer with: `{"detail": reason}`. */ body: { detail: string };
  };

function fail(failure: BtauthFailure, reason: string): BtauthResult {
  return failed(failure, reason);
}

function failed(failure: BtauthFailure, reason: string): Extract<BtauthResult, { ok: false }> {
  return { ok: false, status: failure === "store-full" ? 503 : 401, failure, reason, body: { detail: reason } };
}

function header(headers: Headers | Readonly<Record<string, string>>, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === lower) return v ?? null;
  return null;
}

const DECIMAL = /^[0-9]{1,30}$/;
const HEX = /^(?:0x)?((?:[0-9a-fA-F]{2})*)$/;
const NS_PER_MS = 1_000_000n;

/** Verifies `signature` over `message` under exactly one scheme; false on any malformed input. */
function verifyScheme(
  scheme: BtauthScheme,
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return scheme === "ed25519"
      ? ed25519.verify(signature, message, publicKey)
      : sr25519Verify(message, signature, publicKey);
  } catch {
    return false;
  }
}

interface BtauthHead {
  sender: string;
  nonce: bigint;
  trusted: BtauthScheme;
  sigHex: string;
  receiver: string | null;
  now: bigint;
}

/** The header half of {@linkcode verifyBtauth}: shape, scheme, receiver and freshness, no body, no crypto. */
function readBtauthHead(
  headers: BtauthReceived["headers"],
  options: Omit<VerifyBtauthOptions, "replay">,
): BtauthHead | Extract<BtauthResult, { ok: false }> {
  const maxAgeMs = options.maxAgeMs ?? 10_000;
  const skewMs = options.skewMs ?? 2_000;
  const h = (name: string) => header(headers, name);
  if (h(BTAUTH_HEADERS.version) !== "1") {
    return failed("malformed", `missing or unsupported ${BTAUTH_HEADERS.version} (expected '1')`);
  }
  const sender = h(BTAUTH_HEADERS.hotkey);
  if (!sender) return failed("malformed", `missing ${BTAUTH_HEADERS.hotkey}`);
  const rawNonce = h(BTAUTH_HEADERS.nonce);
  if (rawNonce === null) return failed("malformed", `missing ${BTAUTH_HEADERS.nonce}`);
  if (!DECIMAL.test(rawNonce)) return failed("malformed", `${BTAUTH_HEADERS.nonce} is not a decimal integer`);
  const nonce = BigInt(rawNonce);
  const claimed = h(BTAUTH_HEADERS.crypto) ?? "sr25519";
  if (claimed !== "sr25519" && claimed !== "ed25519") {
    return failed("malformed", `unsupported ${BTAUTH_HEADERS.crypto}`);
  }
  const trusted = (options.schemeFor ?? (() => "sr25519"))(sender);
  if (trusted === undefined) return failed("malformed", "unknown sender scheme");
  if (claimed !== trusted) return failed("malformed", `${BTAUTH_HEADERS.crypto} does not match the sender's scheme`);
  const rawSignature = h(BTAUTH_HEADERS.signature);
  if (rawSignature === null) return failed("malformed", `missing ${BTAUTH_HEADERS.signature}`);
  const sigHex = HEX.exec(rawSignature);
  if (!sigHex) return failed("malformed", `${BTAUTH_HEADERS.signature} is not hex`);
  if (sigHex[1].length !== 128) return failed("malformed", "invalid hotkey address or signature encoding");

  const receiver = h(BTAUTH_HEADERS.receiver);
  if (receiver === null) {
    if (options.requireReceiver ?? true) {
      return failed(
        "wrong-receiver",
        `missing ${BTAUTH_HEADERS.receiver}: this server requires receiver-bound requests`,
      );
    }
  } else if (receiver !== options.receiver) {
    return failed("wrong-receiver", "request was signed for a different receiving hotkey");
  }

  const now = (options.nowNs ?? clockNs)();
  if (now - nonce > BigInt(maxAgeMs) * NS_PER_MS) {
    return failed("stale", `nonce is older than the ${maxAgeMs / 1000}s freshness window`);
  }
  if (nonce - now > BigInt(skewMs) * NS_PER_MS) {
    return failed("stale", `nonce is more than ${skewMs / 1000}s in the future`);
  }

  return { sender, nonce, trusted, sigHex: sigHex[1], receiver, now };
}

/**
 * Checks a btauth/1 request's headers alone (version, hotkey, nonce shape and window, scheme,
 * receiver, signature format): what a server can refuse before reading the body. `verifyBtauth`
 * runs the same checks first.
 *
 * @returns the refusal, or `null` when the headers may go on to full verification
 *
 * @example
 * ```ts
 * import { checkBtauthHeaders } from "./btauth.ts";
 * const refusal = checkBtauthHeaders({ "X-Bittensor-Version": "1" }, { receiver: "5Bob" });
 * console.assert(refusal?.failure === "malformed");
 * ```
 */
export function checkBtauthHeaders(
  headers: BtauthReceived["headers"],
  options: Omit<VerifyBtauthOptions, "replay">,
): Extract<BtauthResult, { ok: false }> | null {
  const head = readBtauthHead(headers, options);
  return "ok" in head ? head : null;
}

/**
 * Verifies a btauth/1 request. Pure apart from the replay store; never throws for bad input. Call
 * after `cryptoWaitReady()` (sr25519 runs in WASM).
 *
 * @throws {RangeError} when the replay store's retention is shorter than `maxAgeMs + skewMs` (a setup error)
 *
 * @example
 * ```ts
 * import { createReplayStore } from "./replay_store.ts";
 * import { verifyBtauth } from "./btauth.ts";
 * const result = verifyBtauth(
 *   { headers: {}, body: new Uint8Array(), method: "POST", path: "/echo" },
 *   { receiver: "5Bob", replay: createReplayStore() },
 * );
 * console.assert(!result.ok && result.status === 401 && result.failure === "malformed");
 * ```
 */
export function verifyBtauth(request: BtauthReceived, options: VerifyBtauthOptions): BtauthResult {
  const maxAgeMs = options.maxAgeMs ?? 10_000;
  const skewMs = options.skewMs ?? 2_000;
  if (options.replay.retentionMs < maxAgeMs + skewMs) {
    throw new RangeError(
      `Cannot verify btauth/1 requests: the replay store keeps entries ${options.replay.retentionMs} ms but the window is ${
        maxAgeMs + skewMs
      } ms (use retentionMs >= maxAgeMs + skewMs)`,
    );
  }
  const head = readBtauthHead(request.headers, options);
  if ("ok" in head) return head;
  const { sender, nonce, trusted, receiver, now } = head;
  let publicKey: Uint8Array;
  try {
    publicKey = decodeAddress(sender);
  } catch {
    return fail("malformed", "invalid hotkey address or signature encoding");
  }
  const signature = hexToBytes(head.sigHex);
  if (signature.length !== 64 || publicKey.length !== 32) {
    return fail("malformed", "invalid hotkey address or signature encoding");
  }
  const payload = btauthPayload({
    scheme: trusted,
    method: request.method,
    path: request.path,
    body: request.body,
    nonce,
    sender,
    receiver,
  });
  if (!verifyScheme(trusted, encoder.encode(payload), signature, publicKey)) {
    return fail("bad-signature", "signature does not verify against the claimed hotkey");
  }
  const stored = options.replay.checkAndStore(`${sender}\n${nonce}`, Number(now / NS_PER_MS));
  if (stored === "replayed") return fail("replayed", "this nonce was already accepted from this hotkey");
  if (stored === "full") return fail("store-full", "replay store is full: retry later");
  return { ok: true, hotkey: sender, nonce, scheme: trusted };
}
