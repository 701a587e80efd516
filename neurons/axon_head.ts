/**
 * The axon's first stages (private to `neurons/`): transport limits on the body (size, read
 * deadline, UTF-8) and the request head read from the synapse headers, with a 400 for anything
 * malformed. No signature work happens here.
 *
 * @module
 */
import { AxonReject } from "./axon_reject.ts";

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

const DECIMAL = /^-?\d+$/;
/** A nonce is a u64 count of nanoseconds: at most 20 digits. */
const NONCE_DIGITS_MAX = 20;
/** The timeout a request without a `timeout` header gets, in seconds (Python's default). */
export const TIMEOUT_DEFAULT_S = 12;
const dec = new TextDecoder("utf-8", { fatal: true });

/** The path of a request URL, without the query. */
export function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return "/";
  const q = url.indexOf("?", start);
  return q < 0 ? url.slice(start) : url.slice(start, q);
}

/** Reads a request body, refusing it past `bytesMax` (413) or when it arrives after `timeoutMs` (408). */
export async function readBody(request: Request, bytesMax: number, timeoutMs: number): Promise<Uint8Array> {
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

/** The body as UTF-8 text (400 when it is not UTF-8). */
export function bodyText(bytes: Uint8Array): string {
  try {
    return dec.decode(bytes);
  } catch {
    throw new AxonReject(400, "Improperly formatted request. The body is not valid UTF-8");
  }
}

/** The request head from the synapse headers (400 for a malformed integer, nonce or timeout). */
export function parseHead(name: string, headers: Headers, peer: { hostname: string; port: number }): RequestHead {
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
