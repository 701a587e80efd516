/**
 * Lossless JSON for synapse bodies (wire-protocol.md §1.6, §7): integers beyond 2^53 (nonces) parse as
 * `bigint` and are written back as raw integer literals; floats are written as Python writes them
 * (`12.0`, `1e-05`), in Python's `json.dumps` layout or the compact one an axon answers with.
 *
 * @module
 */
import type { Schema } from "./schema.ts";
import { SubnetError } from "./errors.ts";
import { kindOf } from "./_py_kind.ts";
import { pyFloatRepr } from "./py_str.ts";
import { orderedKeys } from "./_key_order.ts";
import { readJson } from "./_json_parse.ts";
import { JsonLimitError, type JsonLimits, resolveJsonLimits } from "./json_limits.ts";

/** Options of {@linkcode parseJson}. */
export interface ParseJsonOptions {
  /** Caps checked in one linear pass before parsing. @default {JSON_LIMITS_DEFAULT} */
  limits?: JsonLimits;
  /**
   * Keep each object's source key order where JS would change it (integer-like keys), so `str()` and
   * the JSON writer follow the sender's order. Only a dict somewhere in the schema needs it.
   * @default {true}
   */
  keyOrder?: boolean;
}

/**
 * Parses JSON text in linear time, keeping integers outside `Number.MAX_SAFE_INTEGER` exact as
 * `bigint`. The text is first checked against its limits (size, keys, depth, string length).
 *
 * @param text the JSON text
 * @param what what the text is, for the error message (such as `"the body of Dummy"`)
 * @param options limits and key order
 * @throws {JsonLimitError} `protocol/json-limit` when the text breaks one of its limits
 * @throws {SubnetError} `protocol/invalid-json` when the text is not JSON
 *
 * @example
 * ```ts
 * import { parseJson } from "./json.ts";
 * console.assert(parseJson('{"nonce": 1712345678901234567}').nonce === 1712345678901234567n);
 * ```
 */
// deno-lint-ignore no-explicit-any
export function parseJson(text: string, what = "JSON text", options: ParseJsonOptions = {}): any {
  const limits = resolveJsonLimits(options.limits);
  const keyOrder = options.keyOrder ?? true;
  try {
    return readJson(text, limits, what, keyOrder);
  } catch (cause) {
    if (cause instanceof JsonLimitError) throw cause;
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new SubnetError("protocol/invalid-json", `Cannot parse ${what} as JSON: ${detail}`, { cause });
  }
}

/** Layout of {@linkcode stringifyJson}. */
export interface StringifyJsonOptions {
  /**
   * `"python"`: Python `json.dumps` defaults (`", "` and `": "`, non-ASCII as `\uXXXX`), what a Python
   * dendrite sends. `"compact"`: `","` and `":"`, UTF-8 kept, what a Python axon answers with.
   * @default {"compact"}
   */
  style?: "python" | "compact";
  /** The declared type of `value`, so float fields are written as floats (`12.0`). */
  schema?: Schema;
}

function stringText(text: string, ascii: boolean): string {
  const json = JSON.stringify(text);
  if (!ascii) return json;
  return json.replace(/[^\x20-\x7e]/g, (ch) => "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0"));
}

function numberText(value: number, float: boolean, path: string): string {
  if (!Number.isFinite(value)) {
    throw new SubnetError(
      "protocol/invalid-field",
      `Cannot write "${path}" as JSON: ${value} is not finite (send a finite number or null)`,
    );
  }
  if (float || Object.is(value, -0)) return pyFloatRepr(value);
  return Number.isInteger(value) ? BigInt(value).toString() : pyFloatRepr(value);
}

function write(
  value: unknown,
  schema: Schema | undefined,
  opts: Required<Pick<StringifyJsonOptions, "style">>,
  path: string,
  depth: number,
): string {
  if (depth > 100) {
    throw new SubnetError("protocol/invalid-field", `Cannot write "${path}" as JSON: nested deeper than 100`);
  }
  const ascii = opts.style === "python";
  const [comma, colon] = ascii ? [", ", ": "] : [",", ":"];
  if (value === null || value === undefined) return "null";
  let kind = kindOf(schema);
  if (kind.k === "union") {
    const ok = kind.options.filter((o) => o.safeParse(value).success);
    kind = kindOf(
      typeof value === "number" && Number.isInteger(value) ? (ok.find((o) => kindOf(o).k === "int") ?? ok[0]) : ok[0],
    );
  }
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "number":
      return numberText(value, kind.k === "float", path);
    case "string":
      return stringText(value, ascii);
  }
  if (Array.isArray(value)) {
    const itemOf = (i: number) =>
      kind.k === "tuple" ? (kind.items[i] ?? kind.rest) : kind.k === "list" ? kind.item : undefined;
    return `[${value.map((v, i) => write(v, itemOf(i), opts, `${path}[${i}]`, depth + 1)).join(comma)}]`;
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const entries = value instanceof Map
      ? [...value].map(([k, v]) => [String(k), v] as const)
      : orderedKeys(record).map((k) => [k, record[k]] as const);
    const parts: string[] = [];
    for (const [k, v] of entries) {
      if (v === undefined) continue;
      const sub = kind.k === "model" ? kind.shape[k] : kind.k === "dict" ? kind.value : undefined;
      parts.push(`${stringText(k, ascii)}${colon}${write(v, sub, opts, `${path}.${k}`, depth + 1)}`);
    }
    return `{${parts.join(comma)}}`;
  }
  throw new SubnetError("protocol/invalid-field", `Cannot write "${path}" as JSON: unsupported ${typeof value}`);
}

/**
 * Writes JSON with `bigint` values as raw integer literals and floats as Python writes them.
 *
 * @throws {SubnetError} `protocol/invalid-field` for non-finite numbers or unsupported values
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { stringifyJson } from "./json.ts";
 * const text = stringifyJson({ t: 12, n: 1712345678901234567n }, { style: "python", schema: z.object({ t: z.number(), n: z.bigint() }) });
 * console.assert(text === '{"t": 12.0, "n": 1712345678901234567}');
 * ```
 */
export function stringifyJson(value: unknown, options: StringifyJsonOptions = {}): string {
  return write(value, options.schema, { style: options.style ?? "compact" }, "value", 0);
}
