/**
 * The `Synapse` base model and `defineSynapse`, which turns a subnet's zod schema into a synapse type
 * that parses, dumps, hashes and builds headers exactly as Python bittensor 7.2+ does
 * (wire-protocol.md §1).
 *
 * @module
 */
import { z } from "zod";
import type { ObjectSchema, Schema, SchemaIssue } from "./schema.ts";
import { sha3HexOfBytes } from "./_sha3.ts";
import { SubnetError } from "./errors.ts";
import { pyStr } from "./py_str.ts";
import { coerceFloats, holdsDict } from "./_py_kind.ts";
import type { JsonLimits } from "./json_limits.ts";
import { copyKeyOrder } from "./_key_order.ts";
import { parseJson, stringifyJson, type StringifyJsonOptions } from "./json.ts";
import { SynapseError } from "./synapse_error.ts";
import {
  castFloat,
  castInt,
  castStr,
  parseTerminalInfo,
  type TerminalInfo,
  terminalInfo,
  terminalInfoSchema,
} from "./terminal_info.ts";
import {
  fromHeadersInputs,
  type HeaderSource,
  parseHeadersToInputs,
  toHeaderList,
  type ToHeadersOptions,
} from "./headers.ts";

/** The fields every synapse has, in `model_dump()` order (wire-protocol.md §1.2). */
export interface SynapseBase {
  /** The class name, which is also the route; always the synapse type's name. */
  name: string;
  /** Seconds the caller waits. @default {12} */
  timeout: number;
  /** Python's `sys.getsizeof` estimate; any integer is accepted. */
  total_size: number;
  /** Python's `sys.getsizeof` of the headers; any integer is accepted. */
  header_size: number;
  /** The caller's end. */
  dendrite: TerminalInfo;
  /** The server's end. */
  axon: TerminalInfo;
  /** The body hash as sent in the body; normally `""` (the header carries the real one). */
  computed_body_hash: string;
}

/** A synapse instance: the base fields plus the subnet's fields `F`, as a plain object. */
export type Synapse<F extends object = Record<never, never>> = SynapseBase & F;

/**
 * What {@linkcode SynapseType.create} takes: the subnet's fields (defaults filled in), any base field,
 * and `dendrite`/`axon` with only some fields set.
 */
export type SynapseInit<I extends object> =
  & I
  & Partial<Omit<SynapseBase, "dendrite" | "axon">>
  & { dendrite?: Partial<TerminalInfo>; axon?: Partial<TerminalInfo> };

/** The names of the base fields, in `model_dump()` order. */
export const SYNAPSE_BASE_FIELDS: readonly (keyof SynapseBase)[] = Object.freeze([
  "name",
  "timeout",
  "total_size",
  "header_size",
  "dendrite",
  "axon",
  "computed_body_hash",
]);

/** The declared Python types of the base fields (used to render and write them as Python does). */
const BASE_SCHEMAS: Readonly<Record<string, Schema>> = Object.freeze({
  name: z.string().nullable(),
  timeout: z.number().nullable(),
  total_size: z.int().nullable(),
  header_size: z.int().nullable(),
  dendrite: terminalInfoSchema,
  axon: terminalInfoSchema,
  computed_body_hash: z.string().nullable(),
});

/** How a subnet describes its synapse to {@linkcode defineSynapse}. */
export interface SynapseDefinition<F extends object, I extends object, D> {
  /** The Python class name (`"Dummy"`): the route and the `name` field. */
  name: string;
  /** The subnet's own fields in declaration order. Use `.default(...)` for fields with a default. */
  fields: ObjectSchema<F, I>;
  /**
   * The body-hash fields. Python 7.2+ `ClassVar` tuple: hashed in this order. Names may also be
   * base fields (`"timeout"`).
   */
  requiredHashFields: readonly string[];
  /**
   * `"declared"` (default): hash in `requiredHashFields` order, as a 7.2+ `ClassVar`. `"model"`: hash in
   * model-field order, keeping only fields that exist, as Python does for a legacy subclass that declares
   * `required_hash_fields` as a pydantic field (declare that field in `fields` too if it must be in the body).
   * @default {"declared"}
   */
  hashOrder?: "declared" | "model";
  /** What `deserialize()` returns (Python's default: the synapse itself). */
  deserialize?: (synapse: Synapse<F>) => D;
}

/** A synapse type: Python's `Synapse` subclass, with every wire operation. */
export interface SynapseType<F extends object, D = Synapse<F>, I extends object = Partial<F>> {
  /** The class name, which is also the route (`/Dummy`). */
  readonly name: string;
  /** The body-hash fields in hash order. */
  readonly requiredHashFields: readonly string[];
  /** Every field name in `model_dump()` order: the base fields, then the subnet's. */
  readonly fieldNames: readonly string[];
  /** The subnet's fields that are required (no default): they get `bt_header_input_obj_*` dummies. */
  readonly requiredFields: readonly string[];
  /** The declared type of each field (base and subnet), by name. */
  readonly schemas: Readonly<Record<string, Schema>>;
  /** A new synapse: `values` validated, defaults filled in, `name` set. @throws {SynapseError} */
  create(values: SynapseInit<I>): Synapse<F>;
  /**
   * Validates a parsed JSON body as the receiver's class would (`Cls(**body)`): base fields cast like
   * pydantic, unknown keys ignored, `name` overwritten. @throws {SynapseError} naming the field
   */
  fromBody(body: unknown): Synapse<F>;
  /**
   * Parses a raw JSON body (lossless for big integers, in linear time within `limits`), then
   * {@linkcode SynapseType.fromBody}. @throws {SynapseError} @throws {JsonLimitError} past a limit
   */
  fromJson(text: string, limits?: JsonLimits): Synapse<F>;
  /** The `model_dump()`: every field in order, `dendrite`/`axon` with all 10 keys. */
  dump(synapse: Synapse<F>): Record<string, unknown>;
  /** The JSON body (`json.dumps(model_dump())`). @throws {SubnetError} for non-finite floats */
  toJson(synapse: Synapse<F>, options?: Omit<StringifyJsonOptions, "schema">): string;
  /** The `computed_body_hash` of the synapse's values (wire-protocol.md §1.3). */
  bodyHash(synapse: Synapse<F>): string;
  /** The request headers in Python's order (wire-protocol.md §1.4). @throws {SynapseError} */
  toHeaders(synapse: Synapse<F>, options?: ToHeadersOptions): [string, string][];
  /** Python's `from_headers`: the synapse the headers describe (subnet fields hold dummies). @throws {SynapseError} */
  fromHeaders(headers: HeaderSource): Synapse<F>;
  /** What the dendrite returns with `deserialize=True`. */
  deserialize(synapse: Synapse<F>): D;
}

const encoder = new TextEncoder();

/**
 * The lowercase hex SHA3-256 of the UTF-8 text (Python `get_hash`).
 *
 * @example
 * ```ts
 * import { sha3Hex } from "./synapse.ts";
 * console.assert(sha3Hex("") === "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
 * ```
 */
export function sha3Hex(text: string): string {
  return sha3HexOfBytes(encoder.encode(text));
}

const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The body hash of a dump (wire-protocol.md §1.3): `sha3(sha3(str(v1)) + sha3(str(v2)) + …)` over the
 * hash fields in order; `sha3("")` without any.
 *
 * @param dump the `model_dump()` (field name → value as the receiver holds it)
 * @param hashFields the hash fields in hash order
 * @param schemas the declared type of each field, so floats render as floats
 * @throws {SubnetError} `protocol/missing-hash-field` when a hash field is not in the dump (Python's KeyError),
 *   `protocol/unencodable` when a value holds a lone surrogate (Python cannot UTF-8 encode it)
 *
 * @example
 * ```ts
 * import { bodyHashOf } from "./synapse.ts";
 * const hash = bodyHashOf({ a: 1, b: 2, d: ["foobar"] }, ["a", "b", "d"]);
 * console.assert(hash === "ae06397d08f30f75c91395c59f05c62ac3b62b88250eb78b109213258e6ced0c");
 * ```
 */
export function bodyHashOf(
  dump: Readonly<Record<string, unknown>>,
  hashFields: readonly string[],
  schemas: Readonly<Record<string, Schema>> = {},
): string {
  let joined = "";
  for (const field of hashFields) {
    if (!(field in dump)) {
      throw new SubnetError(
        "protocol/missing-hash-field",
        `Cannot compute the body hash: hash field "${field}" is not a field of the synapse (declare it or remove it from requiredHashFields)`,
      );
    }
    const text = pyStr(dump[field], schemas[field], field);
    if (LONE_SURROGATE.test(text)) {
      throw new SynapseError(field, "holds a lone UTF-16 surrogate, which Python cannot hash", {
        code: "protocol/unencodable",
      });
    }
    joined += sha3Hex(text);
  }
  return sha3Hex(joined);
}

interface ZodShapeInternals {
  _zod: { optin?: string };
}

function issueField(issues: readonly SchemaIssue[]): [string, string] {
  const issue = issues[0];
  const path = issue?.path.map(String).join(".") || "(synapse)";
  return [path, issue?.message ?? "invalid value"];
}

/**
 * Defines a synapse type from the subnet's zod fields and hash fields.
 *
 * @param definition the class name, fields, hash fields and optional `deserialize`
 * @throws {TypeError} when a subnet field shadows a base field or a hash field is unknown
 *
 * @example A template-style synapse
 * ```ts
 * import { z } from "zod";
import type { ObjectSchema, Schema, SchemaIssue } from "./schema.ts";
 * import { defineSynapse } from "./synapse.ts";
 * const Dummy = defineSynapse({
 *   name: "Dummy",
 *   fields: z.object({ dummy_input: z.int(), dummy_output: z.int().nullable().default(null) }),
 *   requiredHashFields: [],
 *   deserialize: (s) => s.dummy_output,
 * });
 * const s = Dummy.create({ dummy_input: 3 });
 * console.assert(Dummy.toHeaders(s).some(([k, v]) => k === "bt_header_input_obj_dummy_input" && v === "MA=="));
 * ```
 */
export function defineSynapse<F extends object, I extends object = F, D = Synapse<F>>(
  definition: SynapseDefinition<F, I, D>,
): SynapseType<F, D, I> {
  const { name, fields } = definition;
  const shape = (fields as { shape?: Record<string, Schema> } | undefined)?.shape;
  if (!shape || typeof shape !== "object") {
    throw new TypeError(`Cannot define synapse "${name}": fields must be a z.object({...})`);
  }
  const own = Object.keys(shape);
  for (const key of own) {
    if ((SYNAPSE_BASE_FIELDS as readonly string[]).includes(key)) {
      throw new TypeError(`Cannot define synapse "${name}": field "${key}" shadows a base Synapse field`);
    }
  }
  const fieldNames = Object.freeze([...SYNAPSE_BASE_FIELDS, ...own]);
  for (const h of definition.requiredHashFields) {
    if (!fieldNames.includes(h) && definition.hashOrder !== "model") {
      throw new TypeError(
        `Cannot define synapse "${name}": hash field "${h}" is not a field (fields: ${fieldNames.join(", ")})`,
      );
    }
  }
  const hashFields = Object.freeze(
    definition.hashOrder === "model"
      ? fieldNames.filter((f) => definition.requiredHashFields.includes(f))
      : [...definition.requiredHashFields],
  );
  const requiredFields = Object.freeze(
    own.filter((k) => (shape[k] as unknown as Partial<ZodShapeInternals>)._zod?.optin === undefined),
  );
  const schemas = Object.freeze({ ...BASE_SCHEMAS, ...shape });
  const fullSchema: Schema = z.object(schemas as Record<string, z.ZodType>);
  /** Key order matters only where a dict can sit (its `str()` follows the sender's order). */
  const keyOrder = holdsDict(fields);

  function fromBody(body: unknown): Synapse<F> {
    if (body === null || typeof body !== "object" || Array.isArray(body)) {
      throw new SynapseError("(body)", `expected a JSON object for synapse "${name}"`, {
        code: "protocol/invalid-body",
      });
    }
    const b = body as Record<string, unknown>;
    const picked: Record<string, unknown> = {};
    for (const k of own) if (Object.hasOwn(b, k)) picked[k] = b[k];
    const parsed = fields.safeParse(coerceFloats(picked, fields));
    if (!parsed.success) {
      const [path, problem] = issueField(parsed.error.issues);
      throw new SynapseError(path, problem);
    }
    copyKeyOrder(picked, parsed.data);
    const base: SynapseBase = {
      name,
      timeout: castFloat(b.timeout, "timeout") ?? 12,
      total_size: castInt(b.total_size, "total_size") ?? 0,
      header_size: castInt(b.header_size, "header_size") ?? 0,
      dendrite: parseTerminalInfo(b.dendrite, "dendrite"),
      axon: parseTerminalInfo(b.axon, "axon"),
      computed_body_hash: castStr(b.computed_body_hash, "computed_body_hash") ?? "",
    };
    return { ...base, ...parsed.data } as Synapse<F>;
  }

  function dump(synapse: Synapse<F>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const s = synapse as unknown as Record<string, unknown>;
    for (const key of fieldNames) {
      const v = s[key];
      out[key] = key === "dendrite" || key === "axon" ? terminalInfo((v ?? {}) as Partial<TerminalInfo>) : v ?? null;
    }
    return out;
  }

  const type: SynapseType<F, D, I> = {
    name,
    requiredHashFields: hashFields,
    fieldNames,
    requiredFields,
    schemas,
    create(values) {
      const v = values as Record<string, unknown>;
      return fromBody({
        ...v,
        dendrite: v.dendrite ?? null,
        axon: v.axon ?? null,
      });
    },
    fromBody,
    fromJson(text, limits) {
      return fromBody(parseJson(text, `the body of synapse "${name}"`, { limits, keyOrder }));
    },
    dump,
    toJson(synapse, options = {}) {
      return stringifyJson(dump(synapse), { ...options, schema: fullSchema });
    },
    bodyHash(synapse) {
      return bodyHashOf(dump(synapse), hashFields, schemas);
    },
    toHeaders(synapse, options) {
      const d = dump(synapse);
      return toHeaderList(type, d, options?.bodyHash ?? bodyHashOf(d, hashFields, schemas), options);
    },
    fromHeaders(headers) {
      return fromBody(fromHeadersInputs(parseHeadersToInputs(headers)));
    },
    deserialize(synapse) {
      return definition.deserialize ? definition.deserialize(synapse) : synapse as unknown as D;
    },
  };
  return Object.freeze(type);
}

/**
 * The plain `Synapse` class itself (no fields, no hash fields): what an axon's `/Synapse` ping route
 * answers.
 *
 * @example
 * ```ts
 * import { BaseSynapse } from "./synapse.ts";
 * console.assert(BaseSynapse.bodyHash(BaseSynapse.create({})) === "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
 * ```
 */
export const BaseSynapse: SynapseType<Record<never, never>> = defineSynapse({
  name: "Synapse",
  fields: z.object({}),
  requiredHashFields: [],
});
