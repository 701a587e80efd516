/**
 * Client-side failures of a dendrite call, mapped to the status codes and messages of Python
 * bittensor 7.4+'s `DENDRITE_ERROR_MAPPING` (wire-protocol.md §2.6).
 *
 * @module
 */
import { dendriteStatus, type WireStatus } from "../protocol/status.ts";

/** What the mapping needs to know about the call that failed. */
export interface FailedCall {
  /** The target's IP as the URL used it. */
  ip: string;
  /** The target's port. */
  port: number;
  /** The synapse name (the route). */
  name: string;
  /** The synapse timeout in seconds. */
  timeout: number;
}

/** Thrown by the dendrite when the response body cannot be used (not JSON, wrong shape). */
export class ResponseParseError extends Error {
  /**
   * Creates the error.
   *
   * @param message what could not be parsed
   * @param options the cause
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ResponseParseError";
  }
}

/**
 * Thrown by the dendrite when an answer breaks a limit: more bytes than `responseBytesMax`, or JSON
 * past its `JsonLimits`. The call's result carries 422 `Failed to parse response: …` naming the limit.
 *
 * @example
 * ```ts
 * import { ResponseLimitError, ResponseParseError } from "./dendrite_errors.ts";
 * const error = new ResponseLimitError("the response is larger than 8 bytes (responseBytesMax)", 8);
 * console.assert(error instanceof ResponseParseError && error.limit === 8);
 * ```
 */
export class ResponseLimitError extends ResponseParseError {
  /** The cap that was passed. */
  readonly limit: number;

  /**
   * Creates the error.
   *
   * @param message what was too large, naming the option
   * @param limit the cap that was passed
   * @param options the cause
   */
  constructor(message: string, limit: number, options?: ErrorOptions) {
    super(message, options);
    this.name = "ResponseLimitError";
    this.limit = limit;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : error.cause ? String(error.cause) : "";
  return cause && cause !== error.message ? `${error.message}: ${cause.split("\n")[0]}` : error.message;
}

/**
 * Maps an error from `fetch` or from reading the response to Python's status and message.
 *
 * | failure | code | message |
 * |---|---|---|
 * | connection refused, DNS, unreachable | 503 | `Service unavailable at {ip}:{port}/{name}` |
 * | timeout | 408 | `Request timeout after {timeout} seconds` |
 * | connection closed mid-response | 503 | `Service disconnected: …` |
 * | truncated body | 400 | `Payload error: …` |
 * | anything else (bad JSON, bad shape) | 422 | `Failed to parse response: …` |
 *
 * @example
 * ```ts
 * import { mapClientError } from "./dendrite_errors.ts";
 * const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");
 * const call = { ip: "127.0.0.1", port: 8091, name: "Dummy", timeout: 12 };
 * console.assert(mapClientError(timeout, call).message === "Request timeout after 12.0 seconds");
 * ```
 */
export function mapClientError(error: unknown, call: FailedCall): WireStatus {
  const name = error instanceof Error || error instanceof DOMException ? error.name : "";
  if (name === "TimeoutError") return dendriteStatus.timeout(call.timeout);
  if (error instanceof ResponseParseError) return dendriteStatus.parse(error.message);
  const text = describe(error);
  if (
    /client error \(Connect\)|tcp connect error|dns error|Connection refused|No route to host|unreachable/i.test(text)
  ) {
    return dendriteStatus.unavailable(call.ip, call.port, call.name);
  }
  if (/connection closed|IncompleteMessage|connection reset|broken pipe|fetch failed/i.test(text)) {
    return dendriteStatus.disconnected(text);
  }
  if (/error reading a body|body from connection|unexpected EOF|decoding response body/i.test(text)) {
    return dendriteStatus.payload(text);
  }
  return dendriteStatus.parse(text);
}
