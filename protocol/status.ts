/**
 * Status codes and messages exactly as Python bittensor 7.4+/10.x sends them: the axon's refusals
 * (wire-protocol.md §3.3–3.6) and the dendrite's client-side failures (§2.6), with the status codes
 * of clarifications.md ("a client fault is never a 500"). These are wire data: their wording is
 * Python's, not our own message style.
 *
 * @module
 */
import { pyFloatRepr, pyRepr } from "./py_str.ts";

/** A status code and the message that goes with it. */
export interface WireStatus {
  /** The HTTP status code (also `axon.status_code` / `dendrite.status_code`). */
  readonly code: number;
  /** The status message, as Python words it. */
  readonly message: string;
}

/** The status codes the axon answers with (clarifications.md "Status codes"). */
export const AXON_STATUS: Readonly<{
  /** 200 `Success`. */ success: 200;
  /** Malformed headers or body. */ badRequest: 400;
  /** Signature, nonce or body-hash failure. */ notVerified: 401;
  /** Blacklisted caller. */ blacklisted: 403;
  /** Unknown synapse route. */ notFound: 404;
  /** Priority queue timeout, or the forward outran the synapse timeout. */ timeout: 408;
  /** Body too large. */ tooLarge: 413;
  /** Rate limited. */ tooManyRequests: 429;
  /** Our own failure. */ internal: 500;
  /** Shutting down, or a bounded store is full. */ unavailable: 503;
}> = Object.freeze({
  success: 200,
  badRequest: 400,
  notVerified: 401,
  blacklisted: 403,
  notFound: 404,
  timeout: 408,
  tooLarge: 413,
  tooManyRequests: 429,
  internal: 500,
  unavailable: 503,
});

/** The message Python puts next to 200. */
export const SUCCESS_MESSAGE = "Success";

/**
 * The axon's refusals, built as Python builds their messages.
 *
 * @example
 * ```ts
 * import { axonStatus } from "./status.ts";
 * console.assert(axonStatus.notFound("x", ["Synapse"]).message === "Synapse name 'x' not found. Available synapses ['Synapse']");
 * console.assert(axonStatus.notVerified("Missing Nonce").code === 401);
 * ```
 */
export const axonStatus: Readonly<{
  /** 200 `Success`. */
  success(): WireStatus;
  /** 404 for an unknown route. */
  notFound(name: string, available: readonly string[]): WireStatus;
  /** 400 for headers that do not parse into the synapse (Python answers 500 here; clarifications say 400). */
  badHeaders(headers: string, name: string): WireStatus;
  /** 400 for a request name that cannot be read from the path. */
  badRequestName(detail: string): WireStatus;
  /** 403 `Forbidden. Key is blacklisted: {reason}.` */
  blacklisted(reason: string): WireStatus;
  /** 401 `Not Verified with error: {reason}` (reasons: {@linkcode verifyReason}). */
  notVerified(reason: string): WireStatus;
  /** 408 `Response timeout after: {timeout}s` (priority queue). */
  priorityTimeout(timeoutS: number): WireStatus;
  /** 401 for a body whose hash differs from the header (Python answers 500; clarifications say 401). */
  hashMismatch(headerHash: string, bodyHash: string): WireStatus;
  /** 500 `Internal Server Error #{id}` for our own failures. */
  internal(id: string): WireStatus;
  /** 413 (no Python equivalent): the body is larger than `bodyBytesMax`. */
  tooLarge(bytesMax: number): WireStatus;
  /** 429 (no Python equivalent): `who` (a hotkey or an IP) is over its rate limit. */
  rateLimited(who: string): WireStatus;
  /** 503 (no Python equivalent): shutting down, or a bounded store or queue is full. */
  unavailable(reason: string): WireStatus;
}> = Object.freeze({
  success: () => ({ code: 200, message: SUCCESS_MESSAGE }),
  notFound: (name: string, available: readonly string[]) => ({
    code: 404,
    message: `Synapse name '${name}' not found. Available synapses ${pyRepr([...available])}`,
  }),
  badHeaders: (headers: string, name: string) => ({
    code: 400,
    message: `Improperly formatted request. Could not parse headers ${headers} into synapse of type ${name}.`,
  }),
  badRequestName: (detail: string) => ({ code: 400, message: detail }),
  blacklisted: (reason: string) => ({ code: 403, message: `Forbidden. Key is blacklisted: ${reason}.` }),
  notVerified: (reason: string) => ({ code: 401, message: `Not Verified with error: ${reason}` }),
  priorityTimeout: (timeoutS: number) => ({ code: 408, message: `Response timeout after: ${pyFloatRepr(timeoutS)}s` }),
  hashMismatch: (headerHash: string, bodyHash: string) => ({
    code: 401,
    message: `Hash mismatch between header body hash ${headerHash} and parsed body hash ${bodyHash}`,
  }),
  internal: (id: string) => ({ code: 500, message: `Internal Server Error #${id}` }),
  tooLarge: (bytesMax: number) => ({
    code: 413,
    message: `Request body too large: more than ${bytesMax} bytes (bodyBytesMax)`,
  }),
  rateLimited: (who: string) => ({ code: 429, message: `Too many requests from ${who}: retry later` }),
  unavailable: (reason: string) => ({ code: 503, message: `Service unavailable: ${reason}` }),
});

/**
 * The reasons `default_verify` gives (wrapped by `axonStatus.notVerified`), as Python 9.x/10.x words them.
 *
 * @example
 * ```ts
 * import { verifyReason } from "./status.ts";
 * console.assert(verifyReason.tooOld(16, 18.5) === "Nonce is too old: acceptable delta is 16.00 seconds but request was 18.50 seconds old");
 * ```
 */
export const verifyReason: Readonly<{
  /** No nonce header. */
  missingNonce: string;
  /** A first nonce older than the window. */
  tooOld(allowedS: number, ageS: number): string;
  /** A nonce not above the last one seen for this `hotkey:uuid`. */
  notNewer: string;
  /** A signature that does not verify. */
  signatureMismatch(message: string, signature: string): string;
  /** A signature that is not `0x` + hex. */
  badSignatureFormat: string;
  /** No or an invalid ss58 hotkey. */
  noAddress: string;
}> = Object.freeze({
  missingNonce: "Missing Nonce",
  tooOld: (allowedS: number, ageS: number) =>
    `Nonce is too old: acceptable delta is ${allowedS.toFixed(2)} seconds but request was ${
      ageS.toFixed(2)
    } seconds old`,
  notNewer: "Nonce is too old, a newer one was last processed",
  signatureMismatch: (message: string, signature: string) => `Signature mismatch with ${message} and ${signature}`,
  badSignatureFormat: "Invalid signature format. Expected hex string.",
  noAddress: "No SS58 formatted address or public key provided.",
});

/**
 * The dendrite's client-side failures (Python 7.4+ `DENDRITE_ERROR_MAPPING`, wire-protocol.md §2.6).
 *
 * @example
 * ```ts
 * import { dendriteStatus } from "./status.ts";
 * console.assert(dendriteStatus.timeout(12).message === "Request timeout after 12.0 seconds");
 * console.assert(dendriteStatus.unavailable("127.0.0.1", 8080, "test_request").message === "Service unavailable at 127.0.0.1:8080/test_request");
 * ```
 */
export const dendriteStatus: Readonly<{
  /** 503: connection refused or unreachable. */
  unavailable(ip: string, port: number, name: string): WireStatus;
  /** 408: the call outlived `synapse.timeout` (a number renders as Python's float, a string as is). */
  timeout(timeout: number | string): WireStatus;
  /** `{code}`: an HTTP error without a usable body. */
  responseError(code: number, detail: string): WireStatus;
  /** 400: the response body was cut short. */
  payload(detail: string): WireStatus;
  /** 500: another client error. */
  client(detail: string): WireStatus;
  /** 504: the server timed out. */
  serverTimeout(detail: string): WireStatus;
  /** 503: the server closed the connection. */
  disconnected(detail: string): WireStatus;
  /** 503: another connection error. */
  connection(detail: string): WireStatus;
  /** 422: anything else, such as a body that does not parse. */
  parse(detail: string): WireStatus;
}> = Object.freeze({
  unavailable: (ip: string, port: number, name: string) => ({
    code: 503,
    message: `Service unavailable at ${ip}:${port}/${name}`,
  }),
  timeout: (timeout: number | string) => ({
    code: 408,
    message: `Request timeout after ${typeof timeout === "number" ? pyFloatRepr(timeout) : timeout} seconds`,
  }),
  responseError: (code: number, detail: string) => ({ code, message: `Client response error: ${detail}` }),
  payload: (detail: string) => ({ code: 400, message: `Payload error: ${detail}` }),
  client: (detail: string) => ({ code: 500, message: `Client error: ${detail}` }),
  serverTimeout: (detail: string) => ({ code: 504, message: `Server timeout error: ${detail}` }),
  disconnected: (detail: string) => ({ code: 503, message: `Service disconnected: ${detail}` }),
  connection: (detail: string) => ({ code: 503, message: `Service connection error: ${detail}` }),
  parse: (detail: string) => ({ code: 422, message: `Failed to parse response: ${detail}` }),
});
