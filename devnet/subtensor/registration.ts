/**
 * Neuron registration: `burned_register` and `register` (PoW arguments ignored, as at subtensor HEAD),
 * both running `do_register` (spec `chain.md` §4.4) with its checks in order, and the per-block burn
 * price decay.
 *
 * @module
 */
import type { PalletContext } from "./context.ts";
import { subtensorError } from "./dispatch_error.ts";
import { S } from "./items.ts";
import {
  appendNeuron,
  coldkeyOwnsHotkey,
  createAccountIfNonExistent,
  hotkeyAccountExists,
  neuronToPrune,
  replaceNeuron,
  subnetExists,
} from "./neurons.ts";
import { swapTaoForAlpha } from "./stake.ts";
import type { TypedStore } from "./store.ts";

/** The burn price multiplier per registration (`BurnIncreaseMult`, 1.26). */
export const BURN_INCREASE_NUM = 126n;
const BURN_INCREASE_DEN = 100n;
/** Blocks for the burn price to halve (`BurnHalfLife`). */
export const BURN_HALF_LIFE_BLOCKS = 360;

/**
 * `SubtensorModule.burned_register` (call 7) and `register` (call 6), signed by the coldkey. Checks, in
 * order: `RegistrationNotPermittedOnRootSubnet`, `SubnetNotExists`, `SubNetRegistrationDisabled`,
 * `HotKeyAlreadyRegisteredInSubNet`, `NotEnoughBalanceToStake`, `NonAssociatedColdKey`,
 * `NoNeuronIdAvailable`. Then the burn is swapped into alpha and burned, the neuron appended (or a
 * pruned uid replaced), and the price bumped ×1.26. Returns the uid.
 *
 * @example
 * ```ts ignore
 * const uid = burnedRegister(ctx, coldkey, { netuid: 1, hotkey });
 * ```
 */
export function burnedRegister(
  ctx: PalletContext,
  coldkey: Uint8Array,
  args: { netuid: number; hotkey: Uint8Array },
): number {
  const st = ctx.store;
  const { netuid, hotkey } = args;
  if (netuid === 0) throw subtensorError("RegistrationNotPermittedOnRootSubnet", "use root_register for netuid 0");
  if (!subnetExists(st, netuid)) throw subtensorError("SubnetNotExists", `netuid ${netuid} does not exist`);
  if (!st.get(S.NetworkRegistrationAllowed, netuid)) {
    throw subtensorError("SubNetRegistrationDisabled", `registration is closed on netuid ${netuid}`);
  }
  if (st.has(S.Uids, netuid, hotkey)) {
    throw subtensorError("HotKeyAlreadyRegisteredInSubNet", `the hotkey already has a uid on netuid ${netuid}`);
  }
  const cost = st.get(S.Burn, netuid);
  const free = ctx.balances.free(coldkey);
  if (free < cost) throw subtensorError("NotEnoughBalanceToStake", `free balance ${free} RAO < burn ${cost}`);
  if (hotkeyAccountExists(st, hotkey) && !coldkeyOwnsHotkey(st, coldkey, hotkey)) {
    throw subtensorError("NonAssociatedColdKey", "the hotkey belongs to another coldkey");
  }
  const maxUids = st.get(S.MaxAllowedUids, netuid);
  const n = st.get(S.SubnetworkN, netuid);
  let prune: number | undefined;
  if (maxUids === 0) throw subtensorError("NoNeuronIdAvailable", "MaxAllowedUids is 0");
  if (n >= maxUids) {
    prune = neuronToPrune(st, netuid, ctx.block);
    if (prune === undefined) throw subtensorError("NoNeuronIdAvailable", `netuid ${netuid} is full`);
  }
  // `remove_balance_from_coldkey_account`: best effort, preserving the account (never reaped).
  const paid = ctx.balances.reducible ? min(cost, ctx.balances.reducible(coldkey)) : cost;
  if (paid === 0n) throw subtensorError("ZeroBalanceAfterWithdrawn", "nothing can be withdrawn without reaping");
  createAccountIfNonExistent(st, coldkey, hotkey);
  ctx.balances.withdraw(coldkey, paid);
  const burned = swapTaoForAlpha(st, netuid, paid).paidOut;
  st.mutate(S.SubnetAlphaOut, [netuid], (a) => (a > burned ? a - burned : 0n));
  let uid: number;
  if (prune === undefined) {
    uid = appendNeuron(st, netuid, hotkey, ctx.block);
  } else {
    uid = prune;
    replaceNeuron(st, netuid, uid, hotkey, ctx.block);
  }
  bumpBurn(st, netuid);
  st.mutate(S.RegistrationsThisBlock, [netuid], (v) => v + 1);
  st.mutate(S.RegistrationsThisInterval, [netuid], (v) => v + 1);
  st.mutate(S.BurnRegistrationsThisInterval, [netuid], (v) => v + 1);
  st.mutate(S.RAORecycledForRegistration, [netuid], (v) => v + paid);
  ctx.emit("SubtensorModule", "NeuronRegistered", [netuid, uid, hotkey]);
  return uid;
}

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);

function clampBurn(st: TypedStore, netuid: number, burn: bigint): bigint {
  const min = st.get(S.MinBurn, netuid);
  const max = st.get(S.MaxBurn, netuid);
  return burn < min ? min : burn > max ? max : burn;
}

/** `Burn ×= 1.26`, clamped to `[MinBurn, MaxBurn]`. */
export function bumpBurn(st: TypedStore, netuid: number): void {
  st.mutate(S.Burn, [netuid], (b) => clampBurn(st, netuid, (b * BURN_INCREASE_NUM) / BURN_INCREASE_DEN));
}

const Q32_ONE = 1n << 32n;

/** `mul_by_q32`: `value · factor / 2^32`, floored. */
function mulQ32(value: bigint, factor: bigint): bigint {
  return (value * factor) >> 32n;
}

/** `pow_q32`: `base^exp` in Q32 by squaring, flooring after each product as the chain does. */
function powQ32(base: bigint, exp: number): bigint {
  let result = Q32_ONE;
  let factor = base;
  for (let power = exp; power > 0; power >>= 1) {
    if (power & 1) result = mulQ32(result, factor);
    if (power > 1) factor = mulQ32(factor, factor);
  }
  return result;
}

/**
 * `decay_factor_q32`: the largest Q32 `f` with `f^halfLife ≤ 1/2` (binary search, as subtensor HEAD).
 *
 * @example
 * ```ts
 * import { decayFactorQ32 } from "./registration.ts";
 * console.assert(decayFactorQ32(1) === 1n << 31n);
 * ```
 */
export function decayFactorQ32(halfLife: number): bigint {
  if (halfLife === 0) return Q32_ONE;
  let lo = 0n;
  let hi = Q32_ONE;
  while (lo + 1n < hi) {
    const mid = lo + ((hi - lo) >> 1n);
    if (powQ32(mid, halfLife) > 1n << 31n) hi = mid;
    else lo = mid;
  }
  return lo;
}

const BURN_DECAY_Q32 = decayFactorQ32(BURN_HALF_LIFE_BLOCKS);

/**
 * The per-block registration step (`update_registration_prices_for_networks`): the burn decays with a
 * 360-block half-life in Q32 fixed point (`mul_by_q32` by `decay_factor_q32`), is clamped, and
 * `RegistrationsThisBlock` resets.
 */
export function decayBurn(st: TypedStore, netuid: number): void {
  const burn = st.get(S.Burn, netuid);
  st.put(S.Burn, [netuid], clampBurn(st, netuid, mulQ32(burn, BURN_DECAY_Q32)));
  if (st.get(S.RegistrationsThisBlock, netuid) !== 0) st.put(S.RegistrationsThisBlock, [netuid], 0);
}
