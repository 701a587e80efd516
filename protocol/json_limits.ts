/**
 * Limits on JSON text that comes from a peer: its size, how many object keys it holds, how deep it
 * nests and how long one string may be. {@linkcode parseJson} checks them in one linear scan before
 * building anything, so a hostile body costs at most a pass over its bytes.
 *
 * @module
 */
import { SubnetError } from "./errors.ts";

/** Caps on one JSON document; each is a named option with a default (see docs/operators.md, "Limits"). */
export interface JsonLimits {
  /** The largest document, in UTF-8 bytes. @default {8_388_608} (8 MiB) */
  bytesMax?: number;
  /** Object keys in the whole document, at most. @default {100_000} */
  keysMax?: number;
  /** Nesting of objects and arrays, at most. @default {64} */
  depthMax?: number;
  /** One string (key or value) as written, escapes included, in UTF-16 code units at most. @default {8_388_608} */
  stringLengthMax?: number;
}

/** The defaults of {@linkcode JsonLimits}. */
export const JSON_LIMITS_DEFAULT: Readonly<Required<JsonLimits>> = Object.freeze({
  bytesMax: 8 * 1024 * 1024,
  keysMax: 100_000,
  depthMax: 64,
  stringLengthMax: 8 * 1024 * 1024,
});

/** Which cap a document broke. */
export type JsonLimitName = keyof JsonLimits;

/**
 * A JSON document broke one of its {@linkcode JsonLimits} (code `protocol/json-limit`). An axon answers
 * 400 with its message; a dendrite returns it as that target's failure.
 *
 * @example
 * ```ts
 * import { parseJson } from "./json.ts";
 * import { JsonLimitError } from "./json_limits.ts";
 * try {
 *   parseJson('{"a": {"b": 1}}', "the body", { limits: { depthMax: 1 } });
 * } catch (error) {
 *   console.assert(error instanceof JsonLimitError && error.limit === "depthMax");
 * }
 * ```
 */
export class JsonLimitError extends SubnetError {
  /** The option whose cap was passed. */
  readonly limit: JsonLimitName;
  /** The cap. */
  readonly max: number;

  /**
   * Creates the error.
   *
   * @param limit the option whose cap was passed
   * @param max the cap
   * @param message what was too large, and by which option
   */
  constructor(limit: JsonLimitName, max: number, message: string) {
    super("protocol/json-limit", message);
    this.name = "JsonLimitError";
    this.limit = limit;
    this.max = max;
  }
}

/**
 * The limits with every default filled in.
 *
 * @example
 * ```ts
 * import { resolveJsonLimits } from "./json_limits.ts";
 * console.assert(resolveJsonLimits({ depthMax: 8 }).keysMax === 100_000);
 * ```
 */
export function resolveJsonLimits(limits: JsonLimits = {}): Readonly<Required<JsonLimits>> {
  const out = { ...JSON_LIMITS_DEFAULT };
  for (const name of Object.keys(out) as JsonLimitName[]) {
    const v = limits[name];
    if (v === undefined) continue;
    if (!(v >= 0)) throw new RangeError(`Cannot use JSON limit ${name} = ${v}: it must be a number ≥ 0`);
    out[name] = v;
  }
  return out;
}
