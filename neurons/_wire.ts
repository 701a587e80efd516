/**
 * Small wire helpers the axon and dendrite share: lossless JSON (integers beyond 2^53 as bigint,
 * wire-protocol.md §7), Python's float `repr` for messages, and safe header values.
 *
 * @module
 */

interface ReviverContext {
  source?: string;
}

const INTEGER = /^-?\d+$/;

/**
 * Parses JSON, keeping integers beyond `Number.MAX_SAFE_INTEGER` exact as `bigint`.
 *
 * @example
 * ```ts
 * import { parseJsonLossless } from "./_wire.ts";
 * console.assert(parseJsonLossless('{"n": 1712345678901234567}').n === 1712345678901234567n);
 * ```
 */
// deno-lint-ignore no-explicit-any
export function parseJsonLossless(text: string): any {
  return JSON.parse(text, (_key: string, value: unknown, context?: ReviverContext) => {
    if (typeof value === "number" && !Number.isSafeInteger(value) && context?.source && INTEGER.test(context.source)) {
      return BigInt(context.source);
    }
    return value;
  });
}

const rawJson = (JSON as unknown as { rawJSON: (text: string) => unknown }).rawJSON;

/**
 * Serializes to compact JSON, writing `bigint` values as raw integer literals.
 *
 * @example
 * ```ts
 * import { stringifyJsonLossless } from "./_wire.ts";
 * console.assert(stringifyJsonLossless({ n: 1712345678901234567n }) === '{"n":1712345678901234567}');
 * ```
 */
export function stringifyJsonLossless(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === "bigint" ? rawJson(v.toString()) : v));
}

/**
 * Python's `repr(float)` for ordinary numbers: integral values keep `.0`, exponent form below 1e-4
 * or from 1e16 (`1e-05`, `1e+16`).
 *
 * @example
 * ```ts
 * import { pyFloat } from "./_wire.ts";
 * console.assert(pyFloat(12) === "12.0" && pyFloat(0.5) === "0.5" && pyFloat(1e16) === "1e+16");
 * ```
 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) {
    const [mantissa, exp] = x.toExponential().split("e");
    const e = Number(exp);
    return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  const s = String(x);
  return s.includes(".") ? s : `${s}.0`;
}

/**
 * Makes a string safe as an HTTP header value: no control characters, Latin-1 only, bounded length.
 *
 * @example
 * ```ts
 * import { headerValue } from "./_wire.ts";
 * console.assert(headerValue("a\nb日") === "a b?");
 * ```
 */
export function headerValue(text: string, lengthMax = 1024): string {
  // deno-lint-ignore no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, " ").replace(/[^\u0020-\u00ff]/g, "?");
  return clean.length > lengthMax ? clean.slice(0, lengthMax) : clean;
}

/** `TerminalInfo` fields in `model_dump()` order (wire-protocol.md §1.1). */
export const TERMINAL_FIELDS: readonly string[] = [
  "status_code",
  "status_message",
  "process_time",
  "ip",
  "port",
  "version",
  "nonce",
  "uuid",
  "hotkey",
  "signature",
];

function pyStrValue(value: unknown): string {
  if (typeof value === "number") {
    return Number.isInteger(value) && Math.abs(value) < 1e16 ? String(value) : pyFloat(value);
  }
  return String(value);
}

/**
 * Python's `to_headers()` of a dumped synapse (wire-protocol.md §1.4): `name`, `timeout`, the non-null
 * `bt_header_axon_*` then `bt_header_dendrite_*` fields, `bt_header_input_obj_*` placeholders (base64
 * of the given JSON), `header_size`, `total_size`, `computed_body_hash`; names lowercase.
 *
 * @example
 * ```ts
 * import { synapseHeaders } from "./_wire.ts";
 * const h = synapseHeaders({ name: "Synapse", timeout: 12, axon: { status_code: 200 } }, "a7ff");
 * console.assert(h.get("timeout") === "12.0" && h.get("bt_header_axon_status_code") === "200");
 * ```
 */
export function synapseHeaders(
  dump: Record<string, unknown>,
  bodyHash: string,
  placeholders: Readonly<Record<string, string>> = {},
): Headers {
  const h = new Headers({ "content-type": "application/json" });
  h.set("name", headerValue(String(dump.name ?? "")));
  h.set("timeout", typeof dump.timeout === "number" ? pyFloat(dump.timeout) : headerValue(String(dump.timeout)));
  for (const side of ["axon", "dendrite"] as const) {
    const t = dump[side] as Record<string, unknown> | null | undefined;
    if (!t) continue;
    for (const f of TERMINAL_FIELDS) {
      const v = t[f];
      if (v === null || v === undefined) continue;
      h.set(`bt_header_${side}_${f}`, headerValue(f === "process_time" ? pyFloat(Number(v)) : pyStrValue(v)));
    }
  }
  for (const [field, json] of Object.entries(placeholders)) {
    if (field !== "name" && field !== "timeout" && dump[field] !== null && dump[field] !== undefined) {
      h.set(`bt_header_input_obj_${field}`, btoa(json));
    }
  }
  h.set("header_size", String(dump.header_size ?? 0));
  h.set("total_size", String(dump.total_size ?? 0));
  h.set("computed_body_hash", bodyHash);
  return h;
}
