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
 * The response headers Python's axon sends (`to_headers()` of the answered synapse, wire-protocol.md
 * §3.6) as `[name, value]` pairs: `content-type`, `name`, `timeout`, the non-null `bt_header_axon_*`
 * then `bt_header_dendrite_*` fields, `header_size`, `total_size`, `computed_body_hash`. Python
 * dendrites read none of the `bt_header_input_obj_*` placeholders from a response, so they are left out.
 *
 * @example
 * ```ts
 * import { synapseHeaders } from "./_wire.ts";
 * const h = new Headers(synapseHeaders({ name: "Synapse", timeout: 12, axon: { status_code: 200 } }, "a7ff"));
 * console.assert(h.get("timeout") === "12.0" && h.get("bt_header_axon_status_code") === "200");
 * ```
 */
export function synapseHeaders(dump: Record<string, unknown>, bodyHash: string): [string, string][] {
  const h: [string, string][] = [["content-type", "application/json"]];
  h.push(["name", headerValue(String(dump.name ?? ""))]);
  h.push(["timeout", typeof dump.timeout === "number" ? pyFloat(dump.timeout) : headerValue(String(dump.timeout))]);
  for (const side of ["axon", "dendrite"] as const) {
    const t = dump[side] as Record<string, unknown> | null | undefined;
    if (!t) continue;
    for (const f of TERMINAL_FIELDS) {
      const v = t[f];
      if (v === null || v === undefined) continue;
      h.push([`bt_header_${side}_${f}`, headerValue(f === "process_time" ? pyFloat(Number(v)) : pyStrValue(v))]);
    }
  }
  h.push(["header_size", String(dump.header_size ?? 0)]);
  h.push(["total_size", String(dump.total_size ?? 0)]);
  h.push(["computed_body_hash", bodyHash]);
  return h;
}
