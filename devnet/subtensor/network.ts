/**
 * Subnet creation and activation: `register_network`, `register_network_with_identity` and
 * `start_call` (spec `chain.md` §4.5; subtensor `subnets/subnet.rs`).
 *
 * @module
 */
import type { PalletContext } from "./context.ts";
import { badOrigin, subtensorError } from "./dispatch_error.ts";
import { HEAD_ONLY_ITEMS, S, type SubnetIdentityV3 } from "./items.ts";
import {
  addedNetuids,
  appendNeuron,
  coldkeyOwnsHotkey,
  createAccountIfNonExistent,
  hotkeyAccountExists,
  sameAccount,
} from "./neurons.ts";
import type { TypedStore } from "./store.ts";

/** The burn a new subnet starts with (`DefaultNeuronBurnCost`, 1 TAO). */
export const NEW_SUBNET_BURN_RAO = 1_000_000_000n;
/** Blocks after creation before `start_call` is allowed (`StartCallDelay`; 0 on localnet). */
export const START_CALL_DELAY_BLOCKS = 0n;

/**
 * `init_new_network`: marks the subnet added with `tempo` and the values subtensor writes explicitly for
 * a new subnet (registration open, 256 uids, 64 validators, 1 minimum weight, immunity 5000, Yuma3 on,
 * burn 1 TAO), and staggers `LastEpochBlock` by `netuid mod tempo`.
 */
export function initNewNetwork(st: TypedStore, netuid: number, tempo: number, block: number): void {
  st.put(S.SubnetworkN, [netuid], 0);
  st.put(S.NetworksAdded, [netuid], true);
  st.put(S.Tempo, [netuid], tempo);
  const period = Math.max(tempo, 1);
  st.put(HEAD_ONLY_ITEMS.LastEpochBlock, [netuid], BigInt(Math.max(0, block - (netuid % period))));
  st.mutate(S.TotalNetworks, [], (n) => n + 1);
  st.put(S.NetworkRegistrationAllowed, [netuid], true);
  st.put(S.MaxAllowedUids, [netuid], 256);
  st.put(S.MaxAllowedValidators, [netuid], 64);
  st.put(S.MinAllowedWeights, [netuid], 1);
  st.put(S.ImmunityPeriod, [netuid], 5000);
  st.put(S.Yuma3On, [netuid], true);
  st.put(S.Burn, [netuid], NEW_SUBNET_BURN_RAO);
  for (const item of [S.Kappa, S.ActivityCutoff]) {
    if (!st.has(item, netuid)) st.put(item, [netuid], st.get(item, netuid));
  }
  st.put(S.RegistrationsThisInterval, [netuid], 0);
}

/** The first netuid above 0 not in use (`get_next_netuid`). */
export function nextNetuid(st: TypedStore): number {
  let netuid = 1;
  while (st.get(S.NetworksAdded, netuid)) netuid++;
  return netuid;
}

/** What creating a subnet costs now (`get_network_lock_cost`; the devnet charges `NetworkMinLockCost`). */
export function networkLockCost(st: TypedStore): bigint {
  return st.get(S.NetworkMinLockCost);
}

/**
 * Creates a subnet owned by `coldkey` with `hotkey` as uid 0 (`do_register_network`, mechanism 1 =
 * dynamic). Checks `NonAssociatedColdKey`, `NetworkTxRateLimitExceeded`, `SubnetLimitReached`,
 * `CannotAffordLockCost`; the lock is put into the pool as TAO and alpha 1:1. Returns the netuid.
 *
 * @example
 * ```ts ignore
 * const netuid = registerNetwork(ctx, aliceColdkey, { hotkey: aliceHotkey, tempo: 10 });
 * ```
 */
export function registerNetwork(
  ctx: PalletContext,
  coldkey: Uint8Array,
  args: { hotkey: Uint8Array; identity?: SubnetIdentityV3; tempo: number; lastRegisteredBlock?: bigint },
): number {
  const st = ctx.store;
  const { hotkey } = args;
  if (hotkeyAccountExists(st, hotkey) && !coldkeyOwnsHotkey(st, coldkey, hotkey)) {
    throw subtensorError("NonAssociatedColdKey", "the hotkey belongs to another coldkey");
  }
  const rateLimit = st.get(S.NetworkRateLimit);
  const last = args.lastRegisteredBlock ?? 0n;
  if (rateLimit > 0n && last > 0n && BigInt(ctx.block) - last < rateLimit) {
    throw subtensorError("NetworkTxRateLimitExceeded", `a subnet was created at block ${last}`);
  }
  const limit = st.get(S.SubnetLimit);
  const count = addedNetuids(st).filter((n) => n !== 0).length;
  if (limit > 0 && count >= limit) throw subtensorError("SubnetLimitReached", `${count} subnets, limit ${limit}`);
  const lock = networkLockCost(st);
  const free = ctx.balances.free(coldkey);
  if (free < lock) throw subtensorError("CannotAffordLockCost", `free balance ${free} RAO < lock cost ${lock}`);
  const netuid = nextNetuid(st);
  initNewNetwork(st, netuid, args.tempo, ctx.block);
  ctx.balances.withdraw(coldkey, lock);
  st.put(S.NetworkLastLockCost, [], lock);
  createAccountIfNonExistent(st, coldkey, hotkey);
  appendNeuron(st, netuid, hotkey, ctx.block);
  st.put(S.SubnetMechanism, [netuid], 1);
  st.put(S.NetworkRegisteredAt, [netuid], BigInt(ctx.block));
  st.put(S.TokenSymbol, [netuid], new TextEncoder().encode(`SN${netuid}`));
  st.put(S.SubnetTAO, [netuid], lock);
  st.put(S.SubnetAlphaIn, [netuid], lock);
  st.put(S.SubnetOwner, [netuid], coldkey);
  st.put(S.SubnetOwnerHotkey, [netuid], hotkey);
  st.put(S.SubnetAlphaOut, [netuid], 0n);
  st.put(S.SubnetVolume, [netuid], 0n);
  st.mutate(S.TotalStake, [], (t) => t + lock);
  if (args.identity) {
    st.put(S.SubnetIdentitiesV3, [netuid], args.identity);
    ctx.emit("SubtensorModule", "SubnetIdentitySet", [netuid]);
  }
  ctx.emit("SubtensorModule", "NetworkAdded", [netuid, 1]);
  return netuid;
}

/**
 * `SubtensorModule.start_call` (call 92), signed by the subnet owner coldkey: `SubnetNotExists`,
 * `BadOrigin` (not the owner), `FirstEmissionBlockNumberAlreadySet`, `NeedWaitingMoreBlocksToStarCall`;
 * then emission starts next block and staking opens.
 *
 * @example
 * ```ts ignore
 * startCall(ctx, ownerColdkey, { netuid: 2 });
 * ```
 */
export function startCall(ctx: PalletContext, coldkey: Uint8Array, args: { netuid: number }): void {
  const st = ctx.store;
  const { netuid } = args;
  if (!st.get(S.NetworksAdded, netuid)) throw subtensorError("SubnetNotExists", `netuid ${netuid} does not exist`);
  if (!sameAccount(st.get(S.SubnetOwner, netuid), coldkey)) badOriginThrow(netuid);
  if (st.get(S.FirstEmissionBlockNumber, netuid) !== undefined) {
    throw subtensorError("FirstEmissionBlockNumberAlreadySet", `netuid ${netuid} is already started`);
  }
  const registered = st.get(S.NetworkRegisteredAt, netuid);
  if (BigInt(ctx.block) < registered + START_CALL_DELAY_BLOCKS) {
    throw subtensorError("NeedWaitingMoreBlocksToStarCall", `wait until block ${registered + START_CALL_DELAY_BLOCKS}`);
  }
  const first = BigInt(ctx.block) + 1n;
  st.put(S.FirstEmissionBlockNumber, [netuid], first);
  st.put(S.SubtokenEnabled, [netuid], true);
  ctx.emit("SubtensorModule", "FirstEmissionBlockNumberSet", [netuid, first]);
}

function badOriginThrow(netuid: number): never {
  throw badOrigin(`only the owner of netuid ${netuid} may call start_call`);
}
