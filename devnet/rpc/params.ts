/**
 * Parameter parsing shared by the RPC tables: hex strings, block hashes and numbers, with
 * JSON-RPC `-32602 Invalid params` errors that say what was wrong.
 *
 * @module
 */
import { RpcError } from "../chain.ts";

/** JSON-RPC "invalid params". */
export function invalidParams(message: string): RpcError {
  return new RpcError(-32602, `Invalid params: ${message}`);
}

/** Parameter `i` as a `0x` hex string; throws -32602 otherwise. */
export function hexParam(params: unknown[], i: number, name: string): `0x${string}` {
  const v = params[i];
  if (typeof v !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(v)) {
    throw invalidParams(`${name} must be a 0x-prefixed hex string, got ${JSON.stringify(v)}`);
  }
  return v.toLowerCase() as `0x${string}`;
}

/** Optional block hash parameter `i` (`null`/absent → `undefined`). */
export function optHash(params: unknown[], i: number): string | undefined {
  const v = params[i];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || !/^0x[0-9a-fA-F]{64}$/.test(v)) {
    throw invalidParams(`block hash must be 0x + 32 bytes hex, got ${JSON.stringify(v)}`);
  }
  return v.toLowerCase();
}

/** A block number given as a number, a decimal string or `0x` hex. */
export function blockNumberParam(v: unknown): number {
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === "string" && /^0x[0-9a-fA-F]+$/.test(v)) return parseInt(v, 16);
  if (typeof v === "string" && /^[0-9]+$/.test(v)) return Number(v);
  throw invalidParams(`block number must be a non-negative integer, got ${JSON.stringify(v)}`);
}
