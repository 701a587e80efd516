/**
 * The small structural schema interface the protocol takes, so its public API does not expose zod's
 * types: any zod schema satisfies {@linkcode Schema}, and any `z.object({...})` satisfies
 * {@linkcode ObjectSchema}. The protocol reads zod's definitions to learn each field's Python type.
 *
 * @module
 */
import { z } from "zod";

/** One validation problem: where, and what. */
export interface SchemaIssue {
  /** The path of the bad value inside the validated input. */
  readonly path: readonly PropertyKey[];
  /** What is wrong. */
  readonly message: string;
}

/** The result of {@linkcode Schema.safeParse}. */
export type SchemaResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly error: { readonly issues: readonly SchemaIssue[] } };

/**
 * A runtime schema for values of type `T` (a zod schema).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import type { Schema } from "./schema.ts";
 * const s: Schema<number> = z.int();
 * console.assert(s.safeParse(1).success);
 * ```
 */
export interface Schema<T = unknown> {
  /** Validates `value` without throwing. */
  safeParse(value: unknown): SchemaResult<T>;
}

/**
 * An object schema (a `z.object({...})`) with output `T` and input `I` (fields with defaults optional).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import type { ObjectSchema } from "./schema.ts";
 * const s: ObjectSchema<{ a: number }> = z.object({ a: z.int() });
 * console.assert("a" in s.shape);
 * ```
 */
export interface ObjectSchema<T extends object, I = T> extends Schema<T> {
  /** The field schemas in declaration order. */
  readonly shape: Readonly<Record<string, Schema>>;
  /** The Standard Schema marker zod carries; only its types are read. */
  readonly "~standard": { readonly types?: { readonly input: I; readonly output: T } | undefined };
}

/**
 * A schema for a Python `int` field that may exceed 2^53: accepts a JSON integer (number or the
 * `bigint` the lossless parser gives for large ones) and always yields a `bigint`.
 *
 * @example
 * ```ts
 * import { bigintSchema } from "./schema.ts";
 * const s = bigintSchema();
 * console.assert(s.safeParse(5).success && s.safeParse(2n ** 70n).success && !s.safeParse(1.5).success);
 * ```
 */
export function bigintSchema(): Schema<bigint> {
  return z.union([z.bigint(), z.int().transform((n) => BigInt(n))]);
}
