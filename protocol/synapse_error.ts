/**
 * The error a malformed synapse (headers, body or field values) raises.
 *
 * @module
 */
import { SubnetError, type SubnetErrorCode } from "./errors.ts";

/**
 * A synapse that cannot be built from what was received: it names the field (`"dendrite.nonce"`,
 * `"text"`, `"bt_header_input_obj_text"`) and carries a `protocol/...` code. An axon answers 400.
 *
 * @example
 * ```ts
 * import { SynapseError } from "./synapse_error.ts";
 * const err = new SynapseError("dendrite.nonce", "expected an integer, got the string \"x\"");
 * console.assert(err.code === "protocol/invalid-field" && err.field === "dendrite.nonce");
 * ```
 */
export class SynapseError extends SubnetError {
  /** The field (dotted path) or header that was wrong. */
  readonly field: string;

  /**
   * Creates an error about one field.
   *
   * @param field the field path or header name
   * @param problem what is wrong with it
   * @param options the code (default `protocol/invalid-field`) and the cause
   */
  constructor(field: string, problem: string, options: ErrorOptions & { code?: SubnetErrorCode } = {}) {
    super(options.code ?? "protocol/invalid-field", `Cannot read synapse field "${field}": ${problem}`, options);
    this.name = "SynapseError";
    this.field = field;
  }
}
