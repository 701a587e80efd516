/**
 * The error a SubtensorModule / AdminUtils call fails with: a module error by its metadata name (the
 * devnet turns it into `{ Module: { index, error } }`), or one of Substrate's plain dispatch errors.
 *
 * @module
 */

/** A failed dispatch, as `ExtrinsicFailed` reports it. */
export class PalletError extends Error {
  /** `"Module"` for a pallet error, else the `DispatchError` variant (`"BadOrigin"`, …). */
  readonly kind: "Module" | "BadOrigin" | "Other";
  /** Pallet name for a module error, such as `"SubtensorModule"`. */
  readonly pallet: string;
  /** Error variant name, such as `"SettingWeightsTooFast"`. */
  readonly error: string;

  /**
   * Creates a dispatch error.
   *
   * @param kind module error or a plain dispatch error
   * @param pallet pallet name ("" for plain dispatch errors)
   * @param error variant name
   * @param detail what failed and the current state, for logs
   */
  constructor(kind: "Module" | "BadOrigin" | "Other", pallet: string, error: string, detail?: string) {
    super(detail ? `${pallet ? pallet + "." : ""}${error}: ${detail}` : `${pallet ? pallet + "." : ""}${error}`);
    this.name = "PalletError";
    this.kind = kind;
    this.pallet = pallet;
    this.error = error;
  }
}

/**
 * A SubtensorModule error by name (spec `chain.md` §4.6).
 *
 * @example
 * ```ts
 * import { subtensorError } from "./dispatch_error.ts";
 * console.assert(subtensorError("DuplicateUids").error === "DuplicateUids");
 * ```
 */
export function subtensorError(name: string, detail?: string): PalletError {
  return new PalletError("Module", "SubtensorModule", name, detail);
}

/**
 * An AdminUtils error by name.
 *
 * @example
 * ```ts
 * import { adminError } from "./dispatch_error.ts";
 * console.assert(adminError("SubnetDoesNotExist").pallet === "AdminUtils");
 * ```
 */
export function adminError(name: string, detail?: string): PalletError {
  return new PalletError("Module", "AdminUtils", name, detail);
}

/**
 * Substrate's `DispatchError::BadOrigin` (wrong signer, or a root call without sudo).
 *
 * @example
 * ```ts
 * import { badOrigin } from "./dispatch_error.ts";
 * console.assert(badOrigin().kind === "BadOrigin");
 * ```
 */
export function badOrigin(detail?: string): PalletError {
  return new PalletError("BadOrigin", "", "BadOrigin", detail);
}
