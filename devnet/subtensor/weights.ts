/**
 * `set_weights` exactly as subtensor validates it (spec `chain.md` §4.1; `subnets/weights.rs`
 * `internal_set_weights`), with the same error names in the same order.
 *
 * @module
 */
import type { PalletContext } from "./context.ts";
import { subtensorError } from "./dispatch_error.ts";
import { S } from "./items.ts";
import { ensureMechanismExists, mechanismIndex } from "./mechanism.ts";
import { ownerUid, setAt, uidOf } from "./neurons.ts";
import { weightStake } from "./stake.ts";
import type { TypedStore } from "./store.ts";

/** The arguments of `set_weights`. */
export interface SetWeightsArgs {
  /** Subnet. */
  netuid: number;
  /** Destination uids. */
  dests: readonly number[];
  /** u16 weights, one per dest (relative; the chain max-upscales them). */
  weights: readonly number[];
  /** The caller's weights version key. */
  versionKey: bigint;
  /** Mechanism (default 0, the subnet's main one). */
  mecid?: number;
}

const ONE = 1n << 32n;
const TWO32 = 2 ** 32;
const TWO31 = 2 ** 31;

/** I32F32 `round()` of a non-negative raw value below 2^53, as an integer (half away from zero). */
function roundRaw(raw: number): number {
  return Math.floor((raw + TWO31) / TWO32);
}

/**
 * `vec_u16_max_upscale_to_u16` (spec §4.1 step 14): scales so the largest weight becomes 65535, in I32F32
 * with half-away-from-zero rounding; an all-zero vector stays zero.
 *
 * @example
 * ```ts
 * import { maxUpscaleU16 } from "./weights.ts";
 * console.assert(maxUpscaleU16([1, 2, 3]).join() === "21845,43690,65535");
 * ```
 */
export function maxUpscaleU16(values: readonly number[]): number[] {
  let m = 0;
  for (const v of values) if (v > m) m = v;
  if (m === 0) return values.map(() => 0);
  // Exact I32F32 arithmetic in doubles: every intermediate stays below 2^53, and each floor of a
  // quotient of exact integers is exact because the quotient's distance to the next integer (≥ 1/m)
  // exceeds its rounding error.
  const out = new Array<number>(values.length);
  if (m > 32768) {
    const factor = Math.floor((65535 * TWO32) / m); // safe_div(65535, m): raw (65535 << 32) / m
    for (let i = 0; i < values.length; i++) out[i] = Math.min(65535, roundRaw(values[i] * factor));
    return out;
  }
  for (let i = 0; i < values.length; i++) {
    const num = values[i] * 65535; // < 2^31
    const q = Math.floor(num / m);
    const r = num - q * m;
    out[i] = Math.min(65535, roundRaw(q * TWO32 + Math.floor((r * TWO32) / m)));
  }
  return out;
}

/** `check_vec_max_limited`: the largest normalized weight (I32F32) is at most `limit / 65535`. */
export function maxWeightWithinLimit(values: readonly number[], limit: number): boolean {
  let sum = 0n;
  for (const v of values) sum += BigInt(v);
  const limitFixed = (BigInt(limit) * ONE) / 65535n;
  if (sum === 0n) return true;
  let max = -1n;
  for (const v of values) {
    const norm = (BigInt(v) * ONE) / sum;
    if (norm > max) max = norm;
  }
  return max <= limitFixed;
}

/** Whether the call is a pure self-weight: one entry, to the caller's own uid. */
export function isSelfWeight(uid: number, dests: readonly number[], weights: readonly number[]): boolean {
  return weights.length === 1 && dests.length > 0 && dests[0] === uid;
}

/** The last-update block of `uid` on mechanism `mecid` (0 when never set). */
export function lastUpdateOf(st: TypedStore, netuid: number, uid: number, mecid = 0): bigint {
  return st.get(S.LastUpdate, mechanismIndex(netuid, mecid))[uid] ?? 0n;
}

/**
 * `check_rate_limit` on mechanism `mecid`: never set, or at least `WeightsSetRateLimit` blocks since
 * that mechanism's `LastUpdate`.
 */
export function passesWeightsRateLimit(st: TypedStore, netuid: number, uid: number, block: number, mecid = 0): boolean {
  const last = lastUpdateOf(st, netuid, uid, mecid);
  if (last === 0n) return true;
  const since = BigInt(block) - last;
  return (since < 0n ? 0n : since) >= st.get(S.WeightsSetRateLimit, netuid);
}

/** Records `LastUpdate[uid] = block` on mechanism `mecid`. */
export function setLastUpdate(st: TypedStore, netuid: number, uid: number, block: number, mecid = 0): void {
  st.mutate(S.LastUpdate, [mechanismIndex(netuid, mecid)], (v) => setAt(v, uid, BigInt(block), 0n));
}

/**
 * The checks and the write shared by `set_weights` and `reveal_weights` (`internal_set_weights`).
 * Throws the subtensor error of the first failing check.
 */
export function internalSetWeights(ctx: PalletContext, hotkey: Uint8Array, args: SetWeightsArgs): void {
  const { store: st } = ctx;
  const { netuid, dests, weights, versionKey } = args;
  const mecid = args.mecid ?? 0;
  const index = mechanismIndex(netuid, mecid);
  if (netuid === 0) throw subtensorError("CanNotSetRootNetworkWeights", "netuid 0 is the root network");
  if (dests.length !== weights.length) {
    throw subtensorError("WeightVecNotEqualSize", `${dests.length} uids but ${weights.length} weights`);
  }
  ensureMechanismExists(st, netuid, mecid);
  const n = st.get(S.SubnetworkN, netuid);
  if (dests.length > n) {
    throw subtensorError("UidsLengthExceedUidsInSubNet", `${dests.length} uids for a subnet of ${n}`);
  }
  const uid = uidOf(st, netuid, hotkey);
  if (uid === undefined) {
    throw subtensorError("HotKeyNotRegisteredInSubNet", `the hotkey is not registered on netuid ${netuid}`);
  }
  const owner = ownerUid(st, netuid);
  if (owner !== uid && weightStake(st, netuid, hotkey) < st.get(S.StakeThreshold)) {
    throw subtensorError("NotEnoughStakeToSetWeights", `stake below StakeThreshold ${st.get(S.StakeThreshold)}`);
  }
  const required = st.get(S.WeightsVersionKey, netuid);
  if (required !== 0n && versionKey < required) {
    throw subtensorError("IncorrectWeightVersionKey", `version_key ${versionKey} < WeightsVersionKey ${required}`);
  }
  const crOn = st.get(S.CommitRevealWeightsEnabled, netuid);
  if (!crOn && !passesWeightsRateLimit(st, netuid, uid, ctx.block, mecid)) {
    throw subtensorError(
      "SettingWeightsTooFast",
      `last update at block ${lastUpdateOf(st, netuid, uid, mecid)}, now ${ctx.block}, WeightsSetRateLimit ${
        st.get(S.WeightsSetRateLimit, netuid)
      }`,
    );
  }
  const self = isSelfWeight(uid, dests, weights);
  if (!self && owner !== uid && !(st.get(S.ValidatorPermit, netuid)[uid] ?? false)) {
    throw subtensorError("NeuronNoValidatorPermit", `uid ${uid} has no validator permit`);
  }
  if (new Set(dests).size !== dests.length) throw subtensorError("DuplicateUids", "a uid appears twice");
  for (const d of dests) {
    // Uids are dense (0..n-1 always have a hotkey: neurons are appended or replaced, never removed),
    // so `Keys` contains `d` exactly when d < n.
    if (d >= n) throw subtensorError("UidVecContainInvalidOne", `uid ${d} does not exist (n = ${n})`);
  }
  const minLen = Math.min(n, st.get(S.MinAllowedWeights, netuid));
  if (!self && weights.length < minLen) {
    throw subtensorError("WeightVecLengthIsLow", `${weights.length} weights, at least ${minLen} needed`);
  }
  const upscaled = maxUpscaleU16(weights);
  const limit = st.get(S.MaxWeightsLimit, netuid);
  if (!self && limit !== 65535 && !maxWeightWithinLimit(upscaled, limit)) {
    throw subtensorError("MaxWeightExceeded", `a normalized weight exceeds MaxWeightsLimit ${limit}`);
  }
  st.put(S.Weights, [index, uid], dests.map((d, i) => [d, upscaled[i]] as [number, number]));
  if (!crOn) setLastUpdate(st, netuid, uid, ctx.block, mecid);
  ctx.emit("SubtensorModule", "WeightsSet", [index, uid]);
}

/**
 * `SubtensorModule.set_weights` (call 0): fails with `CommitRevealEnabled` while commit–reveal is on,
 * then runs {@link internalSetWeights}.
 *
 * @example
 * ```ts ignore
 * setWeights(ctx, hotkey, { netuid: 1, dests: [1, 2], weights: [1, 2], versionKey: 0n });
 * ```
 */
export function setWeights(ctx: PalletContext, hotkey: Uint8Array, args: SetWeightsArgs): void {
  if (ctx.store.get(S.CommitRevealWeightsEnabled, args.netuid)) {
    throw subtensorError("CommitRevealEnabled", `commit–reveal is on for netuid ${args.netuid}: commit then reveal`);
  }
  internalSetWeights(ctx, hotkey, args);
}
