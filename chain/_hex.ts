/**
 * Hex to bytes without `Uint8Array.fromHex` (Node 20): the text is encoded to bytes natively, then
 * read two digits at a time through a table, with the check for bad digits folded into one sign bit
 * and looked at once at the end. Private to `chain/` (`hexDecode` in `./scale.ts` is the public face).
 *
 * @module
 */

const HEX_VALUES: Int8Array = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let i = 0; i < 10; i++) t[48 + i] = i;
  for (let i = 0; i < 6; i++) t[65 + i] = t[97 + i] = 10 + i;
  return t;
})();
const ASCII = new TextEncoder();

/**
 * Where the digits start: 2 after a `0x` or `0X` prefix, else 0.
 *
 * @example
 * ```ts
 * import { hexStart } from "./_hex.ts";
 * console.assert(hexStart("0xff") === 2 && hexStart("ff") === 0);
 * ```
 */
export function hexStart(hex: string): number {
  return hex.startsWith("0x") || hex.startsWith("0X") ? 2 : 0;
}

/**
 * Decodes hex (with or without `0x`) through a table.
 *
 * @throws {RangeError} on odd length or a non-hex digit (naming where)
 * @example
 * ```ts
 * import { hexDecodeTable } from "./_hex.ts";
 * console.assert(hexDecodeTable("0x0aff")[1] === 255);
 * ```
 */
export function hexDecodeTable(hex: string): Uint8Array {
  const start = hexStart(hex);
  const len = hex.length - start;
  if (len % 2 !== 0) throw new RangeError(`Cannot decode hex: ${len} digits, expected an even number`);
  // A non-ASCII character encodes to bytes ≥ 0x80, which the table refuses; it also lengthens the text.
  const text = ASCII.encode(hex);
  const out = new Uint8Array(len / 2);
  let bad = text.length !== hex.length ? -1 : 0;
  for (let i = 0, j = start; i < out.length; i++, j += 2) {
    const hi = HEX_VALUES[text[j]];
    const lo = HEX_VALUES[text[j + 1]];
    bad |= hi | lo;
    out[i] = (hi << 4) | lo;
  }
  if (bad < 0) {
    let at = start;
    while (at < hex.length && hex.charCodeAt(at) < 128 && HEX_VALUES[hex.charCodeAt(at)] >= 0) at++;
    throw new RangeError(`Cannot decode hex: a non-hex digit at ${at}`);
  }
  return out;
}
