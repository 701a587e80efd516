/**
 * Python's `str()` and `repr()` for the values a synapse hashes (wire-protocol.md §1.3): ints of any
 * size, floats in shortest round-trip form, bools, `None`, strings with Python's quoting and escapes,
 * lists, tuples and dicts. A zod schema, when given, says which Python type the receiver holds the
 * value as, so a `float` field holding `1` renders as `1.0`.
 *
 * @module
 */
import type { Schema } from "./schema.ts";
import { SubnetError } from "./errors.ts";
import { kindOf } from "./_py_kind.ts";
import { orderedKeys } from "./_key_order.ts";

/**
 * Python's `repr(float)`: shortest round-trip digits, `.0` on integral values, exponent form when the
 * decimal exponent is below -4 or at least 16 (`1e-05`, `1e+16`), and `inf`, `-inf`, `nan`, `-0.0`.
 *
 * @example
 * ```ts
 * import { pyFloatRepr } from "./py_str.ts";
 * console.assert(pyFloatRepr(12) === "12.0" && pyFloatRepr(1e16) === "1e+16" && pyFloatRepr(1e-5) === "1e-05");
 * ```
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  const frac = digits.slice(exp + 1);
  return `${sign}${intPart}.${frac || "0"}`;
}

/** Unicode categories Python's `str.isprintable()` rejects (besides ASCII space, which is printable). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, "0");
}

/**
 * Python's `repr(str)`: single quotes, or double quotes when the text holds `'` and no `"`; escapes
 * `\\`, `\n`, `\r`, `\t`, the quote, and non-printable characters as `\xNN`, `\uNNNN` or `\UNNNNNNNN`.
 * Printable non-ASCII characters stay as they are.
 *
 * @example
 * ```ts
 * import { pyStrRepr } from "./py_str.ts";
 * console.assert(pyStrRepr("it's") === `"it's"` && pyStrRepr("a\tb") === "'a\\tb'");
 * ```
 */
export function pyStrRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\t") out += "\\t";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (cp < 0x20 || cp === 0x7f) out += "\\x" + hex(cp, 2);
    else if (cp < 0x7f) out += ch;
    else if (cp !== 0x20 && NON_PRINTABLE.test(ch)) {
      out += cp < 0x100 ? "\\x" + hex(cp, 2) : cp < 0x10000 ? "\\u" + hex(cp, 4) : "\\U" + hex(cp, 8);
    } else out += ch;
  }
  return out + quote;
}

function intText(value: number | bigint, path: string): string {
  if (typeof value === "bigint") return value.toString();
  if (!Number.isInteger(value)) {
    throw new SubnetError(
      "protocol/invalid-field",
      `Cannot render "${path}" as a Python int: ${value} is not an integer`,
    );
  }
  return BigInt(value).toString();
}

/** Chooses the union member a value belongs to, as pydantic's smart mode would in simple cases. */
function pickUnion(options: readonly Schema[], value: unknown): Schema | undefined {
  const ok = options.filter((o) =>
    (o as unknown as { safeParse(v: unknown): { success: boolean } }).safeParse(value).success
  );
  if (typeof value === "number" && Number.isInteger(value)) {
    const int = ok.find((o) => kindOf(o).k === "int");
    if (int) return int;
  }
  return ok[0];
}

function reprValue(value: unknown, schema: Schema | undefined, path: string, depth: number): string {
  if (depth > 100) throw new SubnetError("protocol/invalid-field", `Cannot render "${path}": nested deeper than 100`);
  if (value === null || value === undefined) return "None";
  let kind = kindOf(schema);
  if (kind.k === "union") kind = kindOf(pickUnion(kind.options, value));
  switch (typeof value) {
    case "boolean":
      return value ? "True" : "False";
    case "bigint":
      return value.toString();
    case "number":
      if (kind.k === "float") return pyFloatRepr(value);
      if (kind.k === "int") return intText(value, path);
      return Number.isInteger(value) && Number.isFinite(value) ? intText(value, path) : pyFloatRepr(value);
    case "string":
      return pyStrRepr(value);
  }
  if (Array.isArray(value)) {
    if (kind.k === "tuple") {
      const parts = value.map((v, i) => reprValue(v, kind.items[i] ?? kind.rest, `${path}[${i}]`, depth + 1));
      return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(", ")})`;
    }
    const item = kind.k === "list" ? kind.item : undefined;
    return `[${value.map((v, i) => reprValue(v, item, `${path}[${i}]`, depth + 1)).join(", ")}]`;
  }
  if (value instanceof Map) {
    const [key, val] = kind.k === "dict" ? [kind.key, kind.value] : [undefined, undefined];
    const parts = [...value].map(([k, v]) =>
      `${reprValue(k, key, path, depth + 1)}: ${reprValue(v, val, `${path}.${String(k)}`, depth + 1)}`
    );
    return `{${parts.join(", ")}}`;
  }
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (kind.k === "model") {
      const keys = Object.keys(kind.shape).filter((k) => k in record);
      const parts = keys.map((k) =>
        `${pyStrRepr(k)}: ${reprValue(record[k], kind.shape[k], `${path}.${k}`, depth + 1)}`
      );
      return `{${parts.join(", ")}}`;
    }
    const [key, val] = kind.k === "dict" ? [kind.key, kind.value] : [undefined, undefined];
    const keyKind = kindOf(key).k;
    const parts = orderedKeys(record).map((k) => {
      const v = record[k];
      const keyText = keyKind === "int"
        ? intText(BigInt(k), path)
        : keyKind === "float"
        ? pyFloatRepr(Number(k))
        : pyStrRepr(k);
      return `${keyText}: ${reprValue(v, val, `${path}.${k}`, depth + 1)}`;
    });
    return `{${parts.join(", ")}}`;
  }
  throw new SubnetError(
    "protocol/invalid-field",
    `Cannot render "${path}" as a Python value: unsupported ${typeof value}`,
  );
}

/**
 * Python's `repr(value)` for the value as the receiver's declared type (`schema`) holds it.
 *
 * @param value the value (numbers, bigints, strings, booleans, null, arrays, plain objects, Maps)
 * @param schema the zod schema of the declared type; without it integral numbers render as ints
 * @throws {SubnetError} `protocol/invalid-field` when the value cannot be rendered (such as a non-integer in an int field)
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { pyRepr } from "./py_str.ts";
 * console.assert(pyRepr({ x: 1, y: 0.5 }, z.record(z.string(), z.number())) === "{'x': 1.0, 'y': 0.5}");
 * console.assert(pyRepr([1, 2], z.tuple([z.int(), z.int()])) === "(1, 2)");
 * ```
 */
export function pyRepr(value: unknown, schema?: Schema, path = "value"): string {
  return reprValue(value, schema, path, 0);
}

/**
 * Python's `str(value)`: like {@linkcode pyRepr} except that a top-level string is itself, unquoted.
 * This is what each body-hash field is hashed as (wire-protocol.md §1.3).
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { pyStr } from "./py_str.ts";
 * console.assert(pyStr("hello") === "hello" && pyStr(["a", "b"]) === "['a', 'b']");
 * console.assert(pyStr(1, z.number()) === "1.0" && pyStr(null) === "None" && pyStr(true) === "True");
 * ```
 */
export function pyStr(value: unknown, schema?: Schema, path = "value"): string {
  if (typeof value === "string") return value;
  return reprValue(value, schema, path, 0);
}

/**
 * The Python kind of a declared type, for callers that need a dummy value (`type(value)()`) or a
 * JSON float: `"int"`, `"float"`, `"str"`, `"bool"`, `"none"`, `"list"`, `"tuple"`, `"dict"`, `"model"`,
 * `"union"` or `"any"`.
 *
 * @example
 * ```ts
 * import { z } from "zod";
 * import { pyKind } from "./py_str.ts";
 * console.assert(pyKind(z.number().nullable()) === "float" && pyKind(z.int()) === "int");
 * ```
 */
export function pyKind(schema: Schema | undefined): string {
  return kindOf(schema).k;
}
