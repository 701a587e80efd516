/**
 * Private hex helpers for keyfile fields.
 *
 * @module
 */

/**
 * Decodes `0x`-prefixed (or bare) hex into bytes.
 *
 * @throws {RangeError} on odd length or a non-hex digit
 * @example
 * ```ts
 * import { hexToBytes } from "./_hex.ts";
 * console.assert(hexToBytes("0x0aff")[1] === 255);
 * ```
 */
export function hexToBytes(hex: string): Uint8Array {
  const body = hex.startsWith("0x") || hex.startsWith("0X") ? hex.slice(2) : hex;
  if (body.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(body)) {
    throw new RangeError(`Cannot decode hex: ${body.length} digits, expected an even number of 0-9a-f`);
  }
  const out = new Uint8Array(body.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(body.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Encodes bytes as lowercase hex with a `0x` prefix.
 *
 * @example
 * ```ts
 * import { bytesToHex } from "./_hex.ts";
 * console.assert(bytesToHex(new Uint8Array([10, 255])) === "0x0aff");
 * ```
 */
export function bytesToHex(bytes: Uint8Array): string {
  return "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
