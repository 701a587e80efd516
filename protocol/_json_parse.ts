/**
 * The JSON reader for peer bytes (private to `protocol/`): one pass, linear in the text, with the caps
 * of {@linkcode JsonLimits} checked as it goes. It builds what `JSON.parse` builds, except that
 * integers beyond 2^53 come out as `bigint` and, where JS would reorder an object's keys (integer-like
 * keys go first), the source order is attached under `KEY_ORDER` (only when `keyOrder` is set).
 * Strings are found with `indexOf` and only escaped ones go through `JSON.parse`, so long strings
 * cost native speed.
 *
 * @module
 */
import { KEY_ORDER } from "./_key_order.ts";
import { JsonLimitError, type JsonLimits } from "./json_limits.ts";

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// deno-lint-ignore no-control-regex -- JSON forbids raw control characters in strings
const CONTROL = /[\u0000-\u001f]/;

/** Whether JS treats `key` as an array index (it then goes first, ascending); long ones count too. */
function isIndex(key: string): boolean {
  if (key.length > 1 && key.charCodeAt(0) === 0x30) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** `keys` without repeats, each where it first appeared (Python's dict keeps a repeated key in place). */
function firstOccurrences(keys: string[]): string[] {
  const unique = new Set(keys);
  return unique.size === keys.length ? keys : [...unique];
}

function define(out: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
}

/** UTF-8 length of `text`, counting only as far as `max + 1`. */
function utf8Length(text: string, max: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n <= max; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function checkBytes(text: string, bytesMax: number, what: string): void {
  const fits = text.length * 3 <= bytesMax || (text.length <= bytesMax && utf8Length(text, bytesMax) <= bytesMax);
  if (!fits) {
    throw new JsonLimitError(
      "bytesMax",
      bytesMax,
      `Cannot parse ${what}: it is larger than ${bytesMax} bytes (bytesMax)`,
    );
  }
}

/** Reads one JSON document; throws `SyntaxError` for bad JSON and `JsonLimitError` past a cap. */
export function readJson(
  text: string,
  limits: Readonly<Required<JsonLimits>>,
  what: string,
  keyOrder: boolean,
): unknown {
  checkBytes(text, limits.bytesMax, what);
  const { keysMax, depthMax, stringLengthMax } = limits;
  let i = 0;
  let keys = 0;

  const fail = (expected: string): never => {
    const found = i < text.length ? JSON.stringify(text.slice(i, i + 12)) : "the end";
    throw new SyntaxError(`expected ${expected} at position ${i}, found ${found}`);
  };
  const limit = (name: keyof JsonLimits, max: number, detail: string): never => {
    throw new JsonLimitError(name, max, `Cannot parse ${what}: ${detail} (${name})`);
  };
  const space = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else return;
    }
  };

  function string(): string {
    const start = i + 1;
    let end = text.indexOf('"', start);
    let escaped = false;
    for (;;) {
      if (end < 0) fail("a closing quote");
      let k = end - 1;
      while (text.charCodeAt(k) === 0x5c) k--;
      if ((end - 1 - k) % 2 === 0) break;
      escaped = true;
      end = text.indexOf('"', end + 1);
    }
    if (end - start > stringLengthMax) {
      limit("stringLengthMax", stringLengthMax, `a string is longer than ${stringLengthMax} characters`);
    }
    const raw = text.slice(start, end);
    i = end + 1;
    if (!escaped && raw.indexOf("\\") < 0) {
      if (CONTROL.test(raw)) fail("no control character in a string");
      return raw;
    }
    return JSON.parse(text.slice(start - 1, end + 1)) as string;
  }

  function number(): number | bigint {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0].length === 0 || m[0] === "-") return fail("a value");
    const source = m[0];
    i += source.length;
    const value = Number(source);
    if (!Number.isSafeInteger(value) && /^-?\d+$/.test(source)) return BigInt(source);
    return value;
  }

  function literal(word: string, value: unknown): unknown {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    return fail("a value");
  }

  function object(depth: number): Record<string, unknown> {
    i++;
    const out: Record<string, unknown> = {};
    let order: string[] | null = null;
    let reordered = false;
    let lastInteger = -1;
    let seenText = false;
    space();
    if (text.charCodeAt(i) === 0x7d) {
      i++;
      return out;
    }
    for (;;) {
      if (text.charCodeAt(i) !== 0x22) fail("a key");
      const key = string();
      if (++keys > keysMax) limit("keysMax", keysMax, `it has more than ${keysMax} object keys`);
      space();
      if (text.charCodeAt(i) !== 0x3a) fail('":"');
      i++;
      const v = value(depth);
      if (key === "__proto__") define(out, key, v);
      else out[key] = v;
      if (keyOrder) {
        // JS moves integer-like keys ahead of the rest, ascending: note when that changes the order.
        const first = key.charCodeAt(0);
        if (first >= 0x30 && first <= 0x39 && isIndex(key)) {
          const n = key.length < 10 ? Number(key) : Infinity;
          if (seenText || n <= lastInteger) reordered = true;
          lastInteger = n;
        } else seenText = true;
        (order ??= []).push(key);
      }
      space();
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        i++;
        space();
        continue;
      }
      if (c === 0x7d) {
        i++;
        break;
      }
      fail('"," or "}"');
    }
    if (reordered && order) {
      Object.defineProperty(out, KEY_ORDER, { value: firstOccurrences(order), enumerable: false });
    }
    return out;
  }

  function array(depth: number): unknown[] {
    i++;
    const out: unknown[] = [];
    space();
    if (text.charCodeAt(i) === 0x5d) {
      i++;
      return out;
    }
    for (;;) {
      out.push(value(depth));
      space();
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        i++;
        continue;
      }
      if (c === 0x5d) {
        i++;
        return out;
      }
      fail('"," or "]"');
    }
  }

  function value(depth: number): unknown {
    space();
    const c = text.charCodeAt(i);
    if (c === 0x22) return string();
    if (c === 0x7b || c === 0x5b) {
      if (depth >= depthMax) limit("depthMax", depthMax, `it nests deeper than ${depthMax} levels`);
      return c === 0x7b ? object(depth + 1) : array(depth + 1);
    }
    if (c === 0x74) return literal("true", true);
    if (c === 0x66) return literal("false", false);
    if (c === 0x6e) return literal("null", null);
    return number();
  }

  const out = value(0);
  space();
  if (i < text.length) fail("the end");
  return out;
}
