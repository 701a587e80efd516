/**
 * The plaintext of a timelocked weight commit: SCALE `WeightsTlockPayload { hotkey: Vec<u8>,
 * uids: Vec<u16>, values: Vec<u16>, version_key: u64 }`, and on decode the legacy
 * `{ uids, values, version_key }` the chain falls back to (timelock.md §2, §1.4).
 *
 * A tiny explicit codec: four fields of three SCALE primitives (compact length, u16 LE, u64 LE),
 * with the chain's lenient decode (`decode`, not `decode_all`) reproduced exactly.
 *
 * @module
 */
import { SubnetError } from "../errors.ts";

/** The weights a commit carries. */
export interface WeightsTlockPayload {
  /** The committing hotkey's 32-byte public key (AccountId32). */
  hotkey: Uint8Array;
  /** Neuron uids (u16). */
  uids: readonly number[];
  /** Weights as u16, one per uid. */
  values: readonly number[];
  /** The subnet's `WeightsVersionKey` the validator claims (u64). */
  versionKey: bigint;
}

/** A decoded commit plaintext: the current form with a hotkey, or the legacy form without. */
export type DecodedWeightsPayload =
  | (WeightsTlockPayload & {
    /** `WeightsTlockPayload`: the hotkey is the first 32 bytes of its field, as the chain decodes `AccountId32`. */
    format: "hotkey";
    /** Bytes after the payload the chain's lenient decode ignores. */
    trailingBytes: number;
  })
  | {
    /** `LegacyWeightsTlockPayload`: no hotkey (the chain applies it as the committer's). */
    format: "legacy";
    /** Neuron uids (u16). */
    uids: number[];
    /** Weights as u16. */
    values: number[];
    /** The claimed `WeightsVersionKey`. */
    versionKey: bigint;
    /** Bytes after the payload the chain's lenient decode ignores. */
    trailingBytes: number;
  };

function compact(n: number): number[] {
  if (n < 1 << 6) return [n << 2];
  if (n < 1 << 14) return [((n << 2) | 1) & 0xff, n >> 6];
  if (n < 1 << 30) {
    const v = (n * 4 + 2) >>> 0;
    return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
  }
  throw new RangeError(`Cannot encode a length of ${n}: the payload limit is far below 2^30`);
}

function u16s(values: readonly number[], name: string): number[] {
  const out: number[] = [];
  for (const v of values) {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) {
      throw new RangeError(`Cannot encode ${name}: ${v} is not a u16`);
    }
    out.push(v & 0xff, v >> 8);
  }
  return out;
}

/**
 * SCALE-encodes a `WeightsTlockPayload`.
 *
 * @example
 * ```ts
 * import { encodeWeightsPayload } from "./payload.ts";
 * const bytes = encodeWeightsPayload({ hotkey: new Uint8Array(32), uids: [1], values: [65535], versionKey: 0n });
 * console.assert(bytes.length === 1 + 32 + 3 + 3 + 8);
 * ```
 */
export function encodeWeightsPayload(payload: WeightsTlockPayload): Uint8Array {
  if (payload.hotkey.length !== 32) {
    throw new RangeError(`Cannot encode the weights payload: the hotkey is ${payload.hotkey.length} bytes, not 32`);
  }
  if (payload.uids.length !== payload.values.length) {
    throw new RangeError(
      `Cannot encode the weights payload as uids and values differ in length: ${payload.uids.length} vs ${payload.values.length}`,
    );
  }
  if (payload.versionKey < 0n || payload.versionKey >= 1n << 64n) {
    throw new RangeError(`Cannot encode the weights payload: version key ${payload.versionKey} is not a u64`);
  }
  const version = new Uint8Array(8);
  new DataView(version.buffer).setBigUint64(0, payload.versionKey, true);
  return Uint8Array.from([
    ...compact(32),
    ...payload.hotkey,
    ...compact(payload.uids.length),
    ...u16s(payload.uids, "uids"),
    ...compact(payload.values.length),
    ...u16s(payload.values, "values"),
    ...version,
  ]);
}

/** A cursor that returns undefined where parity-scale-codec's decode would fail. */
class Cursor {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  compact(): number | undefined {
    const b = this.bytes;
    const first = b[this.at];
    if (first === undefined) return undefined;
    const mode = first & 3;
    const need = mode === 0 ? 1 : mode === 1 ? 2 : mode === 2 ? 4 : 1 + (first >> 2) + 4;
    if (this.at + need > b.length) return undefined;
    let value: number;
    if (mode === 0) value = first >> 2;
    else if (mode === 1) value = (first | (b[this.at + 1] << 8)) >> 2;
    else if (mode === 2) {
      value = ((first | (b[this.at + 1] << 8) | (b[this.at + 2] << 16)) >>> 2) + b[this.at + 3] * (1 << 22);
    } else {
      // Big-integer mode: only for values ≥ 2^30, more elements than any payload can hold. Keep it
      // canonical (non-zero top byte) and report it as too long for the remaining input.
      if (b[this.at + need - 1] === 0) return undefined;
      value = Number.MAX_SAFE_INTEGER;
    }
    // parity-scale-codec rejects non-canonical compact encodings ("out of range").
    if ((mode === 1 && value < 1 << 6) || (mode === 2 && value < 1 << 14)) return undefined;
    this.at += need;
    return value;
  }
  bytesVec(): Uint8Array | undefined {
    const n = this.compact();
    if (n === undefined || this.at + n > this.bytes.length) return undefined;
    const out = this.bytes.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u16Vec(): number[] | undefined {
    const n = this.compact();
    if (n === undefined || this.at + 2 * n > this.bytes.length) return undefined;
    const out: number[] = [];
    for (let i = 0; i < n; i++, this.at += 2) out.push(this.bytes[this.at] | (this.bytes[this.at + 1] << 8));
    return out;
  }
  u64(): bigint | undefined {
    if (this.at + 8 > this.bytes.length) return undefined;
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.at, 8).getBigUint64(0, true);
    this.at += 8;
    return v;
  }
}

function decodeLegacy(bytes: Uint8Array): DecodedWeightsPayload | undefined {
  const c = new Cursor(bytes);
  const uids = c.u16Vec();
  const values = uids && c.u16Vec();
  const versionKey = values && c.u64();
  if (versionKey === undefined) return undefined;
  return { format: "legacy", uids: uids!, values: values!, versionKey, trailingBytes: bytes.length - c.at };
}

/**
 * Decodes a commit's plaintext the way subtensor's reveal does (timelock.md §1.4): the current
 * `WeightsTlockPayload` when it decodes and its hotkey field holds an `AccountId32` (≥ 32 bytes;
 * the first 32 count), else the legacy `{ uids, values, version_key }`. Trailing bytes are
 * tolerated, as on chain, and reported. Throws `SubnetError` `chain/timelock-payload` when neither
 * form decodes.
 *
 * @example
 * ```ts
 * import { decodeWeightsPayload, encodeWeightsPayload } from "./payload.ts";
 * const bytes = encodeWeightsPayload({ hotkey: new Uint8Array(32).fill(1), uids: [0, 2], values: [1, 2], versionKey: 7n });
 * const p = decodeWeightsPayload(bytes);
 * console.assert(p.format === "hotkey" && p.uids[1] === 2 && p.versionKey === 7n);
 * ```
 */
export function decodeWeightsPayload(bytes: Uint8Array): DecodedWeightsPayload {
  const c = new Cursor(bytes);
  const hotkeyField = c.bytesVec();
  const uids = hotkeyField && c.u16Vec();
  const values = uids && c.u16Vec();
  const versionKey = values && c.u64();
  if (versionKey !== undefined && hotkeyField!.length >= 32) {
    return {
      format: "hotkey",
      hotkey: hotkeyField!.slice(0, 32),
      uids: uids!,
      values: values!,
      versionKey,
      trailingBytes: bytes.length - c.at,
    };
  }
  const legacy = decodeLegacy(bytes);
  if (legacy) return legacy;
  throw new SubnetError(
    "chain/timelock-payload",
    `Cannot decode the decrypted weights payload (${bytes.length} bytes): it is neither a WeightsTlockPayload nor the legacy form; the chain drops such a commit`,
  );
}
