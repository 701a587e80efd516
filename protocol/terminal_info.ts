/**
 * `TerminalInfo`: what a synapse carries about each end of a call (wire-protocol.md §1.1).
 *
 * @module
 */
import { z } from "zod";
import type { ObjectSchema } from "./schema.ts";
import { SynapseError } from "./synapse_error.ts";
import { describe } from "./_describe.ts";

/** One end of a call, in `model_dump()` order. Every field may be `null` (Python `None`). */
export interface TerminalInfo {
  /** HTTP-like status code (`200`, `401`, …). */
  status_code: number | null;
  /** Status text as Python sends it (`"Success"`). */
  status_message: string | null;
  /** Seconds the call took. */
  process_time: number | null;
  /** IP address. */
  ip: string | null;
  /** Port. */
  port: number | null;
  /** Protocol version integer (`10002000`). */
  version: number | null;
  /** Unix-epoch nanoseconds (beyond 2^53, so a `bigint`). */
  nonce: bigint | null;
  /** The terminal's uuid (36-character lowercase form). */
  uuid: string | null;
  /** ss58 hotkey address. */
  hotkey: string | null;
  /** `"0x"` + 128 lowercase hex digits of the sr25519 signature. */
  signature: string | null;
}

/**
 * The `TerminalInfo` field names in Python's order (headers and dumps follow it).
 *
 * @example
 * ```ts
 * import { TERMINAL_INFO_FIELDS } from "./terminal_info.ts";
 * console.assert(TERMINAL_INFO_FIELDS[0] === "status_code" && TERMINAL_INFO_FIELDS.length === 10);
 * ```
 */
export const TERMINAL_INFO_FIELDS: readonly (keyof TerminalInfo)[] = Object.freeze([
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
]);

/**
 * The declared Python types of `TerminalInfo`, as a zod schema (used to render it as Python does).
 *
 * @example
 * ```ts
 * import { terminalInfoSchema } from "./terminal_info.ts";
 * console.assert("nonce" in terminalInfoSchema.shape);
 * ```
 */
export const terminalInfoSchema: ObjectSchema<TerminalInfo> = z.object({
  status_code: z.int().nullable(),
  status_message: z.string().nullable(),
  process_time: z.number().nullable(),
  ip: z.string().nullable(),
  port: z.int().nullable(),
  version: z.int().nullable(),
  nonce: z.bigint().nullable(),
  uuid: z.string().nullable(),
  hotkey: z.string().nullable(),
  signature: z.string().nullable(),
});

/**
 * A `TerminalInfo` with every field `None`, optionally with some set.
 *
 * @example
 * ```ts
 * import { terminalInfo } from "./terminal_info.ts";
 * console.assert(terminalInfo({ ip: "1.2.3.4" }).ip === "1.2.3.4" && terminalInfo().nonce === null);
 * ```
 */
export function terminalInfo(values: Partial<TerminalInfo> = {}): TerminalInfo {
  return {
    status_code: values.status_code ?? null,
    status_message: values.status_message ?? null,
    process_time: values.process_time ?? null,
    ip: values.ip ?? null,
    port: values.port ?? null,
    version: values.version ?? null,
    nonce: values.nonce ?? null,
    uuid: values.uuid ?? null,
    hotkey: values.hotkey ?? null,
    signature: values.signature ?? null,
  };
}

/** Largest nonce we accept: nonces are Unix nanoseconds and must fit in a u64. */
const NONCE_LIMIT = 1n << 64n;
const INT_TEXT = /^\s*[+-]?\d+\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf|infinity|nan)\s*$/i;

/**
 * Python's `cast_int` validator: an int, or a decimal string of one (`int(str)`); `null` stays `null`.
 *
 * @param value the raw value (from JSON or a header)
 * @param field the field path, for the error (`"dendrite.port"`)
 * @throws {SynapseError} `protocol/invalid-field` naming the field
 *
 * @example
 * ```ts
 * import { castInt } from "./terminal_info.ts";
 * console.assert(castInt("8091", "axon.port") === 8091 && castInt(null, "axon.port") === null);
 * ```
 */
export function castInt(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  const big = castBigInt(value, field);
  if (big === null) return null;
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new SynapseError(field, `${big} is outside the safe integer range`);
  }
  return Number(big);
}

function castBigInt(value: unknown, field: string): bigint | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return value;
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "string" && INT_TEXT.test(value)) return BigInt(value.trim());
  if (typeof value === "boolean") return value ? 1n : 0n;
  throw new SynapseError(field, `expected an integer, got ${describe(value)}`);
}

/**
 * Reads a nonce: an integer in [0, 2^64), or a decimal string of one; `null` stays `null`.
 *
 * @throws {SynapseError} `protocol/invalid-field` naming the field
 *
 * @example
 * ```ts
 * import { castNonce } from "./terminal_info.ts";
 * console.assert(castNonce("1712345678901234567", "dendrite.nonce") === 1712345678901234567n);
 * ```
 */
export function castNonce(value: unknown, field: string): bigint | null {
  const nonce = castBigInt(value, field);
  if (nonce !== null && (nonce < 0n || nonce >= NONCE_LIMIT)) {
    throw new SynapseError(field, `nonce ${nonce} is outside [0, 2^64)`);
  }
  return nonce;
}

/**
 * Python's `cast_float` validator: a number, or a string `float()` accepts; `null` stays `null`.
 *
 * @throws {SynapseError} `protocol/invalid-field` naming the field
 *
 * @example
 * ```ts
 * import { castFloat } from "./terminal_info.ts";
 * console.assert(castFloat("12", "timeout") === 12 && castFloat("inf", "timeout") === Infinity);
 * ```
 */
export function castFloat(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string" && FLOAT_TEXT.test(value)) {
    const t = value.trim().toLowerCase().replace(/^\+/, "");
    if (t === "inf" || t === "infinity") return Infinity;
    if (t === "-inf" || t === "-infinity") return -Infinity;
    if (t === "nan" || t === "-nan") return NaN;
    return Number(t);
  }
  throw new SynapseError(field, `expected a float, got ${describe(value)}`);
}

/**
 * A string field: strings pass, `null` stays `null`, anything else is refused (pydantic v2 does not
 * turn numbers into strings).
 *
 * @throws {SynapseError} `protocol/invalid-field` naming the field
 *
 * @example
 * ```ts
 * import { castStr } from "./terminal_info.ts";
 * console.assert(castStr("x", "axon.ip") === "x");
 * ```
 */
export function castStr(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  throw new SynapseError(field, `expected a string, got ${describe(value)}`);
}

/**
 * Validates a `TerminalInfo` as pydantic would (`cast_int`/`cast_float` on numbers, unknown keys
 * ignored); `null` or a missing value gives an empty one.
 *
 * @param value the raw object (from a JSON body or parsed headers)
 * @param field `"dendrite"` or `"axon"`, for errors
 * @throws {SynapseError} `protocol/invalid-field` naming the field (`"dendrite.nonce"`)
 *
 * @example
 * ```ts
 * import { parseTerminalInfo } from "./terminal_info.ts";
 * const info = parseTerminalInfo({ nonce: "111", port: "8091" }, "axon");
 * console.assert(info.nonce === 111n && info.port === 8091);
 * ```
 */
export function parseTerminalInfo(value: unknown, field: string): TerminalInfo {
  if (value === null || value === undefined) return terminalInfo();
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new SynapseError(field, `expected an object, got ${describe(value)}`);
  }
  const v = value as Record<string, unknown>;
  return {
    status_code: castInt(v.status_code, `${field}.status_code`),
    status_message: castStr(v.status_message, `${field}.status_message`),
    process_time: castFloat(v.process_time, `${field}.process_time`),
    ip: castStr(v.ip, `${field}.ip`),
    port: castInt(v.port, `${field}.port`),
    version: castInt(v.version, `${field}.version`),
    nonce: castNonce(v.nonce, `${field}.nonce`),
    uuid: castStr(v.uuid, `${field}.uuid`),
    hotkey: castStr(v.hotkey, `${field}.hotkey`),
    signature: castStr(v.signature, `${field}.signature`),
  };
}
