/**
 * Response headers for the axon: Python's `to_headers()` layout with every value made header-safe
 * (a forward function may put anything in `status_message`).
 *
 * @module
 */
import { pyFloatRepr as pyFloat } from "../protocol/py_str.ts";

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
