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
