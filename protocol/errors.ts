/**
 * Errors that callers of the library may catch.
 *
 * @module
 */

/** Stable error codes, grouped by the layer that raises them. */
export type SubnetErrorCode =
  | `cli/${string}`
  | `wallet/${string}`
  | `chain/${string}`
  | `devnet/${string}`
  | `protocol/${string}`
  | `axon/${string}`
  | `dendrite/${string}`
  | `subnet/${string}`;

/**
 * An error a caller may handle: it carries a stable `code`, and the message says what failed, the
 * current state and what to do. It never holds secrets.
 *
 * @example
 * ```ts
 * import { SubnetError } from "./errors.ts";
 * const err = new SubnetError("wallet/not-found", "Cannot load wallet \"x\": it does not exist");
 * console.assert(err.code === "wallet/not-found");
 * ```
 */
export class SubnetError extends Error {
  /** The stable error code, such as `"wallet/not-found"`. */
  readonly code: SubnetErrorCode;

  /**
   * Creates an error with a stable code.
   *
   * @param code the stable error code
   * @param message what failed, then the current state and what to do
   * @param options the underlying cause, if any
   */
  constructor(code: SubnetErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SubnetError";
    this.code = code;
  }
}
