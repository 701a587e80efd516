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
  createAccountIfNonExistent(st, coldkey, hotkey);
  ctx.balances.withdraw(coldkey, cost);
  const burned = swapTaoForAlpha(st, netuid, cost).paidOut;
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
  st.mutate(S.RAORecycledForRegistration, [netuid], (v) => v + cost);
  ctx.emit("SubtensorModule", "NeuronRegistered", [netuid, uid, hotkey]);
  return uid;
}

function clampBurn(st: TypedStore, netuid: number, burn: bigint): bigint {
  const min = st.get(S.MinBurn, netuid);
  const max = st.get(S.MaxBurn, netuid);
  return burn < min ? min : burn > max ? max : burn;
}

/** `Burn ×= 1.26`, clamped to `[MinBurn, MaxBurn]`. */
export function bumpBurn(st: TypedStore, netuid: number): void {
  st.mutate(S.Burn, [netuid], (b) => clampBurn(st, netuid, (b * BURN_INCREASE_NUM) / BURN_INCREASE_DEN));
}

/**
 * The per-block registration step (`update_registration_prices_for_networks`): the burn decays with a
 * 360-block half-life (floored, then clamped) and `RegistrationsThisBlock` resets.
 */
export function decayBurn(st: TypedStore, netuid: number): void {
  const factor = Math.pow(0.5, 1 / BURN_HALF_LIFE_BLOCKS);
  const burn = st.get(S.Burn, netuid);
  const scaled = (burn * BigInt(Math.floor(factor * 1e12))) / 1_000_000_000_000n;
  st.put(S.Burn, [netuid], clampBurn(st, netuid, scaled));
  if (st.get(S.RegistrationsThisBlock, netuid) !== 0) st.put(S.RegistrationsThisBlock, [netuid], 0);
}
