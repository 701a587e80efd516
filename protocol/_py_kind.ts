/**
 * Reads which Python type a zod schema declares (private to `protocol/`).
 *
 * @module
 */
import type { Schema } from "./schema.ts";

/** What Python type a value has once the receiver's pydantic model validated it. */
export type Kind =
  | { k: "int" }
  | { k: "float" }
  | { k: "str" }
  | { k: "bool" }
  | { k: "none" }
  | { k: "any" }
  | { k: "list"; item: Schema | undefined }
  | { k: "tuple"; items: readonly Schema[]; rest: Schema | undefined }
  | { k: "dict"; key: Schema | undefined; value: Schema | undefined }
  | { k: "model"; shape: Readonly<Record<string, Schema>> }
  | { k: "union"; options: readonly Schema[] };

interface ZodInternals {
  _zod: {
    def: {
      type: string;
      format?: string;
      checks?: { _zod: { def: { check?: string; format?: string } } }[];
      innerType?: Schema;
      element?: Schema;
      items?: Schema[];
      rest?: Schema | null;
      keyType?: Schema;
      valueType?: Schema;
      shape?: Record<string, Schema>;
      options?: Schema[];
      in?: Schema;
      out?: Schema;
      getter?: () => Schema;
      values?: unknown[];
    };
  };
}

function typeOf(schema: Schema): string {
  return (schema as unknown as Partial<ZodInternals>)._zod?.def.type ?? "";
}

const INT_FORMATS = new Set(["safeint", "int32", "uint32", "int64", "uint64"]);

function isIntNumber(def: ZodInternals["_zod"]["def"]): boolean {
  if (def.format && INT_FORMATS.has(def.format)) return true;
  return (def.checks ?? []).some((c) =>
    c._zod.def.check === "number_format" && INT_FORMATS.has(c._zod.def.format ?? "")
  );
}

/** Reads the Python kind a zod schema describes (wrappers such as `.nullable()` are looked through). */
export function kindOf(schema: Schema | undefined, depth = 0): Kind {
  if (!schema || depth > 64) return { k: "any" };
  const def = (schema as unknown as Partial<ZodInternals>)._zod?.def;
  if (!def) return { k: "any" };
  switch (def.type) {
    case "number":
      return isIntNumber(def) ? { k: "int" } : { k: "float" };
    case "bigint":
      return { k: "int" };
    case "string":
    case "enum":
    case "template_literal":
      return { k: "str" };
    case "boolean":
      return { k: "bool" };
    case "null":
    case "undefined":
    case "void":
      return { k: "none" };
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return kindOf(def.innerType, depth + 1);
    case "pipe":
      return kindOf(def.out && typeOf(def.out) !== "transform" ? def.out : def.in, depth + 1);
    case "lazy":
      return def.getter ? kindOf(def.getter(), depth + 1) : { k: "any" };
    case "array":
      return { k: "list", item: def.element };
    case "tuple":
      return { k: "tuple", items: def.items ?? [], rest: def.rest ?? undefined };
    case "record":
    case "map":
      return { k: "dict", key: def.keyType, value: def.valueType };
    case "object":
      return { k: "model", shape: def.shape ?? {} };
    case "union":
      return { k: "union", options: def.options ?? [] };
    default:
      return { k: "any" };
  }
}

/**
 * Pydantic's lax float rule on a parsed JSON value: where the declared type is `float`, a `bigint`
 * (a JSON integer beyond 2^53) becomes a number. Other values are returned as they are.
 */
export function coerceFloats(value: unknown, schema: Schema | undefined, depth = 0): unknown {
  if (value === null || depth > 100 || (typeof value !== "object" && typeof value !== "bigint")) return value;
  const kind = kindOf(schema);
  if (kind.k === "union") {
    if (typeof value !== "bigint" || kind.options.some((o) => o.safeParse(value).success)) return value;
    const float = kind.options.find((o) => kindOf(o).k === "float");
    return float ? Number(value) : value;
  }
  if (typeof value === "bigint") return kind.k === "float" ? Number(value) : value;
  if (Array.isArray(value)) {
    if (kind.k === "list") return value.map((v) => coerceFloats(v, kind.item, depth + 1));
    if (kind.k === "tuple") return value.map((v, i) => coerceFloats(v, kind.items[i] ?? kind.rest, depth + 1));
    return value;
  }
  const record = value as Record<string, unknown>;
  if (kind.k === "model") {
    const out: Record<string, unknown> = { ...record };
    for (const k of Object.keys(kind.shape)) {
      if (Object.hasOwn(record, k)) out[k] = coerceFloats(record[k], kind.shape[k], depth + 1);
    }
    return out;
  }
  if (kind.k === "dict" && !(value instanceof Map)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(record)) out[k] = coerceFloats(v, kind.value, depth + 1);
    return out;
  }
  return value;
}

/**
 * Whether values of `schema` can hold a dict (or a value of unknown type, which might be one): only
 * then does a parsed body need its source key order (a dict's `str()` follows it).
 */
export function holdsDict(schema: Schema | undefined, depth = 0): boolean {
  if (depth > 32) return true;
  const kind = kindOf(schema);
  switch (kind.k) {
    case "dict":
    case "any":
      return true;
    case "list":
      return holdsDict(kind.item, depth + 1);
    case "tuple":
      return kind.items.some((s) => holdsDict(s, depth + 1)) ||
        (kind.rest !== undefined && holdsDict(kind.rest, depth + 1));
    case "model":
      return Object.values(kind.shape).some((s) => holdsDict(s, depth + 1));
    case "union":
      return kind.options.some((s) => holdsDict(s, depth + 1));
    default:
      return false;
  }
}
