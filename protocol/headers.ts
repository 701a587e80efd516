/**
 * Synapse headers: `to_headers()` in Python's exact order and `parse_headers_to_inputs()` with its
 * substring matching (wire-protocol.md §1.4, §1.5).
 *
 * @module
 */
import type { Schema } from "./schema.ts";
import { kindOf } from "./_py_kind.ts";
import { pyStr } from "./py_str.ts";
import { parseJson } from "./json.ts";
import { SynapseError } from "./synapse_error.ts";
import { TERMINAL_INFO_FIELDS, type TerminalInfo, terminalInfoSchema } from "./terminal_info.ts";

/** Headers as a `Headers` object, `[name, value]` pairs, or a plain record. Pairs keep their order. */
export type HeaderSource = Headers | Iterable<readonly [string, string]> | Readonly<Record<string, string>>;

/** Options of `SynapseType.toHeaders`. */
export interface ToHeadersOptions {
  /** The `header_size` header. @default {the byte length of the names and values before it} */
  headerSize?: number;
  /** The `total_size` header. @default {the synapse's `total_size`} */
  totalSize?: number;
  /** The `computed_body_hash` header, when the caller already computed it (saves hashing twice). */
  bodyHash?: string;
}

/** The part of a synapse type the header writer needs. */
interface HeaderType {
  readonly requiredFields: readonly string[];
  readonly schemas: Readonly<Record<string, Schema>>;
}

/** Visible Latin-1 and tab: what an HTTP header value may hold (no CR, LF, NUL or other controls). */
// deno-lint-ignore no-control-regex
const BAD_HEADER_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]|[^\u0000-\u00ff]/;

function base64Json(text: string): string {
  return btoa(text);
}

/** `json.dumps(type(value)())`: the empty value of the field's Python type. */
function dummyJson(value: unknown, schema: Schema | undefined, field: string): string {
  let kind = kindOf(schema);
  if (kind.k === "union") {
    const ok = kind.options.find((o) => o.safeParse(value).success);
    kind = kindOf(ok);
  }
  if (typeof value === "boolean") return "false";
  if (typeof value === "bigint") return "0";
  if (typeof value === "string") return '""';
  if (typeof value === "number") return kind.k === "float" || !Number.isInteger(value) ? "0.0" : "0";
  if (Array.isArray(value)) return "[]";
  if (value !== null && typeof value === "object") return "{}";
  throw new SynapseError(field, `Error serializing ${field}. Objects must be json serializable.`, {
    code: "protocol/invalid-field",
  });
}

function push(out: [string, string][], name: string, value: string, field: string): void {
  if (BAD_HEADER_VALUE.test(value)) {
    throw new SynapseError(field, "cannot be sent in a header: it holds control or non-Latin-1 characters", {
      code: "protocol/invalid-header-value",
    });
  }
  out.push([name, value]);
}

function terminalHeaders(out: [string, string][], prefix: string, info: TerminalInfo | null): void {
  if (!info) return;
  for (const key of TERMINAL_INFO_FIELDS) {
    const v = info[key];
    if (v === null || v === undefined) continue;
    push(out, `${prefix}${key}`, pyStr(v, terminalInfoSchema.shape[key]), `${prefix}${key}`);
  }
}

/**
 * Builds the header list of a dump in Python's order. Use `SynapseType.toHeaders` instead.
 *
 * @internal
 */
export function toHeaderList(
  type: HeaderType,
  dump: Readonly<Record<string, unknown>>,
  bodyHash: string,
  options: ToHeadersOptions = {},
): [string, string][] {
  const out: [string, string][] = [];
  push(out, "name", String(dump.name), "name");
  push(out, "timeout", pyStr(dump.timeout, type.schemas.timeout), "timeout");
  terminalHeaders(out, "bt_header_axon_", dump.axon as TerminalInfo | null);
  terminalHeaders(out, "bt_header_dendrite_", dump.dendrite as TerminalInfo | null);
  const required = new Set(type.requiredFields);
  for (const [field, value] of Object.entries(dump)) {
    if (field === "name" || field === "timeout" || value === null || value === undefined) continue;
    if (!required.has(field)) continue;
    push(out, `bt_header_input_obj_${field}`, base64Json(dummyJson(value, type.schemas[field], field)), field);
  }
  let bytes = 0;
  for (const [k, v] of out) bytes += k.length + v.length;
  out.push(["header_size", String(options.headerSize ?? bytes)]);
  out.push(["total_size", String(options.totalSize ?? (dump.total_size as number | null) ?? 0)]);
  out.push(["computed_body_hash", bodyHash]);
  return out;
}

function entriesOf(headers: HeaderSource): Iterable<readonly [string, string]> {
  if (headers instanceof Headers) return headers.entries();
  if (Symbol.iterator in headers) return headers as Iterable<readonly [string, string]>;
  return Object.entries(headers as Record<string, string>);
}

/** What `parseHeadersToInputs` returns: Python's `inputs` dict. */
export interface HeaderInputs {
  /** `bt_header_axon_*` values, as strings. */
  axon: Record<string, string>;
  /** `bt_header_dendrite_*` values, as strings. */
  dendrite: Record<string, string>;
  /** `timeout`, `name`, `header_size`, `total_size`, `computed_body_hash` (null when absent), and decoded input objects. */
  [field: string]: unknown;
}

/** Options of {@linkcode parseHeadersToInputs}. */
export interface ParseHeadersOptions {
  /**
   * `false` (Python): an undecodable `bt_header_input_obj_*` is skipped. `true`: it throws a
   * `SynapseError` naming the header.
   * @default {false}
   */
  strict?: boolean;
}

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Python's `parse_headers_to_inputs` (wire-protocol.md §1.5): case-sensitive substring matching on
 * `bt_header_axon_`, `bt_header_dendrite_`, `bt_header_input_obj`; input objects are base64 JSON.
 *
 * @throws {SynapseError} in strict mode, naming the undecodable header
 *
 * @example
 * ```ts
 * import { parseHeadersToInputs } from "./headers.ts";
 * const inputs = parseHeadersToInputs([["bt_header_axon_nonce", "111"], ["timeout", "12"]]);
 * console.assert(inputs.axon.nonce === "111" && inputs.timeout === "12" && inputs.name === null);
 * ```
 */
export function parseHeadersToInputs(headers: HeaderSource, options: ParseHeadersOptions = {}): HeaderInputs {
  const inputs: HeaderInputs = { axon: {}, dendrite: {} };
  const plain: Record<string, string> = {};
  for (const [key, value] of entriesOf(headers)) {
    plain[key] = value;
    if (key.includes("bt_header_axon_")) {
      const sub = key.split("bt_header_axon_")[1];
      if (!UNSAFE_KEYS.has(sub)) inputs.axon[sub] = value;
    } else if (key.includes("bt_header_dendrite_")) {
      const sub = key.split("bt_header_dendrite_")[1];
      if (!UNSAFE_KEYS.has(sub)) inputs.dendrite[sub] = value;
    } else if (key.includes("bt_header_input_obj")) {
      const field = key.split("bt_header_input_obj_")[1];
      if (field === undefined || field in inputs || UNSAFE_KEYS.has(field)) continue;
      try {
        const bytes = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
        inputs[field] = parseJson(new TextDecoder("utf-8", { fatal: true }).decode(bytes), `header ${key}`);
      } catch (cause) {
        if (options.strict) {
          throw new SynapseError(key, "is not base64 of JSON", { code: "protocol/invalid-header", cause });
        }
      }
    }
  }
  for (const key of ["timeout", "name", "header_size", "total_size", "computed_body_hash"]) {
    inputs[key] = Object.hasOwn(plain, key) ? plain[key] : null;
  }
  return inputs;
}

/**
 * Turns header inputs into the object `Cls(**inputs)` validates. Use `SynapseType.fromHeaders`.
 *
 * @internal
 */
export function fromHeadersInputs(inputs: HeaderInputs): Record<string, unknown> {
  const out: Record<string, unknown> = { ...inputs };
  for (const key of ["timeout", "header_size", "total_size", "computed_body_hash"]) {
    if (out[key] === null) delete out[key];
  }
  return out;
}
