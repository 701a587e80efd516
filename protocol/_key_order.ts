/**
 * JSON object key order (private to `protocol/`). Python dicts keep the order keys arrived in; JS
 * objects put integer-like keys (`"5"`, `"12"`) first, in ascending order. Where that changes a
 * parsed object's order, the source order is attached under a symbol so `str()` and the JSON writer
 * can follow it (a `Dict[int, float]` hashes as the sender sent it).
 *
 * @module
 */

/** The source key order of a parsed JSON object, when it differs from `Object.keys`. */
export const KEY_ORDER: unique symbol = Symbol("subnet.keyOrder");

const INTEGER_KEY = /"(?:0|[1-9][0-9]*)"\s*:/;

/** Whether the text may hold an object whose key order JS would change. */
export function mayReorderKeys(text: string): boolean {
  return INTEGER_KEY.test(text);
}

/**
 * The key list of every object in `text`, in document (pre-)order, or `null` when some object repeats
 * a key (the discarded duplicate's nested objects would misalign the lists).
 */
function scanObjectKeys(text: string): string[][] | null {
  const out: string[][] = [];
  const stack: { keys: string[] | null; expectKey: boolean }[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "{") {
      const keys: string[] = [];
      out.push(keys);
      stack.push({ keys, expectKey: true });
      i++;
    } else if (c === "[") {
      stack.push({ keys: null, expectKey: false });
      i++;
    } else if (c === "}" || c === "]") {
      stack.pop();
      i++;
    } else if (c === ",") {
      const top = stack.at(-1);
      if (top?.keys) top.expectKey = true;
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const top = stack.at(-1);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.includes(key)) return null;
        top.keys.push(key);
        top.expectKey = false;
      }
      i = j + 1;
    } else {
      i++;
    }
  }
  return out;
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

/**
 * Attaches the source key order to every object of `value` (parsed from `text`) whose JS key order
 * differs. `text` must be the JSON `value` was parsed from.
 */
export function attachKeyOrder(value: unknown, text: string): void {
  const lists = scanObjectKeys(text);
  if (!lists) return;
  let next = 0;
  const walk = (v: unknown, depth: number): void => {
    if (v === null || typeof v !== "object" || depth > 200) return;
    if (Array.isArray(v)) {
      for (const item of v) walk(item, depth + 1);
      return;
    }
    const order = lists[next++] ?? Object.keys(v);
    const record = v as Record<string, unknown>;
    if (!sameOrder(order, Object.keys(record))) {
      Object.defineProperty(record, KEY_ORDER, { value: order, enumerable: false });
    }
    for (const k of order) walk(record[k], depth + 1);
  };
  walk(value, 0);
}

/** The keys of a plain object in Python's order: the attached source order first, then the rest. */
export function orderedKeys(record: Readonly<Record<string, unknown>>): string[] {
  const own = Object.keys(record);
  const order = (record as { [KEY_ORDER]?: readonly string[] })[KEY_ORDER];
  if (!order) return own;
  const present = order.filter((k) => Object.hasOwn(record, k));
  return present.length === own.length ? present : [...present, ...own.filter((k) => !present.includes(k))];
}

/**
 * Copies source orders from a parsed JSON value onto the value validation built from it, following
 * the keys and indexes both share.
 */
export function copyKeyOrder(from: unknown, to: unknown, depth = 0): void {
  if (from === null || typeof from !== "object" || to === null || typeof to !== "object" || depth > 200) return;
  if (Array.isArray(from)) {
    if (Array.isArray(to)) {
      for (let i = 0; i < Math.min(from.length, to.length); i++) copyKeyOrder(from[i], to[i], depth + 1);
    }
    return;
  }
  const source = from as Record<string, unknown> & { [KEY_ORDER]?: readonly string[] };
  const target = to as Record<string, unknown>;
  const order = source[KEY_ORDER];
  if (order && from !== to && !Object.hasOwn(target, KEY_ORDER) && Object.isExtensible(target)) {
    Object.defineProperty(target, KEY_ORDER, { value: order, enumerable: false });
  }
  for (const k of Object.keys(target)) if (Object.hasOwn(source, k)) copyKeyOrder(source[k], target[k], depth + 1);
}
