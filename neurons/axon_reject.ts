/**
 * The refusal every axon stage throws: an HTTP status and the message Python sends with it. Only the
 * axon's response stage turns it into a response.
 *
 * @module
 */

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
