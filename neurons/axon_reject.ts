/**
 * The refusal every axon stage throws: an HTTP status and the message Python sends with it. Only the
 * axon's response stage turns it into a response.
 *
 * @module
 */
import { axonStatus } from "../protocol/status.ts";

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

/**
 * The refusal for a wire status of `protocol/status.ts`.
 *
 * @example
 * ```ts
 * import { axonStatus } from "../protocol/status.ts";
 * import { refusal } from "./axon_reject.ts";
 * console.assert(refusal(axonStatus.blacklisted("no")).status === 403);
 * ```
 */
export function refusal(status: { code: number; message: string }): AxonReject {
  return new AxonReject(status.code, status.message);
}

/**
 * Python's 401 `Not Verified with error: <reason>`.
 *
 * @example
 * ```ts
 * import { notVerified } from "./axon_reject.ts";
 * console.assert(notVerified("Missing Nonce").message === "Not Verified with error: Missing Nonce");
 * ```
 */
export function notVerified(reason: string): AxonReject {
  return refusal(axonStatus.notVerified(reason));
}

/**
 * The refusal for a failed nonce verdict: 503 when the store is full (nothing wrong with the
 * caller), otherwise 401 with the store's Python message.
 *
 * @example
 * ```ts
 * import { nonceRefusal } from "./axon_reject.ts";
 * console.assert(nonceRefusal({ reason: "full", message: "full" }).status === 503);
 * console.assert(nonceRefusal({ reason: "replay", message: "again" }).status === 401);
 * ```
 */
export function nonceRefusal(verdict: { reason: string; message: string }): AxonReject {
  return verdict.reason === "full" ? new AxonReject(503, verdict.message) : notVerified(verdict.message);
}
