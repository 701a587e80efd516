/**
 * JSON object key order (private to `protocol/`). Python dicts keep the order keys arrived in; JS
 * objects put integer-like keys (`"5"`, `"12"`) first, in ascending order. Where that changes a
 * parsed object's order, the source order is attached under a symbol so `str()` and the JSON writer
 * can follow it (a `Dict[int, float]` hashes as the sender sent it). `_json_parse.ts` attaches the
 * order as it reads; everything here is linear in the size of the value.
 *
 * @module
 */

/** The source key order of a parsed JSON object, when it differs from `Object.keys`. */
export const KEY_ORDER: unique symbol = Symbol("subnet.keyOrder");

/** The keys of a plain object in Python's order: the attached source order first, then the rest. */
export function orderedKeys(record: Readonly<Record<string, unknown>>): string[] {
  const own = Object.keys(record);
  const order = (record as { [KEY_ORDER]?: readonly string[] })[KEY_ORDER];
  if (!order) return own;
  const present = order.filter((k) => Object.hasOwn(record, k));
  if (present.length === own.length) return present;
  const listed = new Set(present);
  return [...present, ...own.filter((k) => !listed.has(k))];
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
