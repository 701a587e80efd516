/**
 * Short descriptions of bad values for error messages (private to `protocol/`).
 *
 * @module
 */

/** Describes a bad value briefly for an error message (never the whole value). */
export function describe(value: unknown): string {
  if (typeof value === "string") {
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  }
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value).slice(0, 40)}`;
}
