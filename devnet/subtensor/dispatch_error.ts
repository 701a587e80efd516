/**
 * Errors SubtensorModule and AdminUtils calls fail with, as the devnet framework's `DispatchError`
 * (`devnet/pallet.ts`): module errors by their metadata names (spec `chain.md` §4.6), which
 * `ExtrinsicFailed` carries and clients decode by name, and Substrate's `BadOrigin`.
 *
 * @module
 */
import { DispatchError } from "../pallet.ts";

/**
 * A SubtensorModule error by name.
 *
 * @example
 * ```ts
 * import { subtensorError } from "./dispatch_error.ts";
 * console.assert(subtensorError("DuplicateUids").error === "DuplicateUids");
 * ```
 */
export function subtensorError(name: string, detail?: string): DispatchError {
  return new DispatchError("SubtensorModule", name, detail);
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
export function adminError(name: string, detail?: string): DispatchError {
  return new DispatchError("AdminUtils", name, detail);
}

/**
 * Substrate's `DispatchError::BadOrigin` (a call by the wrong account, or a root call without sudo).
 *
 * @example
 * ```ts
 * import { badOrigin } from "./dispatch_error.ts";
 * console.assert(badOrigin().kind === "BadOrigin");
 * ```
 */
export function badOrigin(detail?: string): DispatchError {
  return DispatchError.badOrigin(detail);
}
