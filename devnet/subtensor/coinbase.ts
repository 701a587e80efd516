/**
 * The per-block SubtensorModule step (spec `chain.md` §8; subtensor `coinbase/block_step.rs`,
 * `run_coinbase.rs`): burn decay, alpha emission accumulating into the pending pots of started
 * subnets, and, when a subnet's epoch is due, Yuma Consensus (`devnet/yuma`) on the stored state, its
 * outputs written back (Incentive, Dividends, Consensus, ValidatorTrust, Emission, ValidatorPermit,
 * Active, StakeWeight, Bonds) and the emission paid as stake.
 *
 * Simplifications (documented, not hidden): no root network or TAO-side pool injection (as a new
 * subnet with `SubnetEmissionEnabled = false` at HEAD); dividends go to the validator hotkey's pool
 * (its owner's take as new shares, the rest raising every holder's stake). A subnet with several
 * mechanisms splits its epoch emission by `MechanismEmissionSplit` and runs Yuma once per mechanism
 * (`epoch_with_mechanisms`, `devnet/yuma/mechanisms.ts`).
 *
 * @module
 */
import { runEpoch } from "../yuma/epoch.ts";
import { aggregateMechanisms, splitEmission } from "../yuma/mechanisms.ts";
import type { EpochInput, EpochOutput } from "../yuma/types.ts";
import { earliestLiveCommitBlock } from "./commit_reveal.ts";
import type { PalletContext } from "./context.ts";
import { HEAD_ONLY_ITEMS, S } from "./items.ts";
import { mechanismCount, mechanismIndex } from "./mechanism.ts";
import { addedNetuids, ownerUid, owningColdkey, sameAccount } from "./neurons.ts";
import { decayBurn } from "./registration.ts";
import { currentEpochWithLookahead, shouldRunEpoch } from "./schedule.ts";
import { toHex } from "./storage_item.ts";
import { creditHotkeyAlpha, increaseStake, weightStake } from "./stake.ts";
import type { TypedStore } from "./store.ts";

/** Total supply in RAO (21M TAO). */
export const TOTAL_SUPPLY_RAO = 21_000_000_000_000_000n;

/**
 * Emission per block for an issuance (`get_block_emission_for_issuance`): 1 TAO (or alpha) until half
 * the supply is issued, then halving.
 *
 * @example
 * ```ts
 * import { blockEmissionFor } from "./coinbase.ts";
 * console.assert(blockEmissionFor(0n) === 1_000_000_000n);
 * ```
 */
export function blockEmissionFor(issuance: bigint): bigint {
  if (issuance >= TOTAL_SUPPLY_RAO) return 0n;
  const remaining = Number(TOTAL_SUPPLY_RAO - issuance) / Number(TOTAL_SUPPLY_RAO);
  const halvings = Math.floor(Math.log2(1 / remaining));
  return 1_000_000_000n >> BigInt(Math.max(0, halvings));
}

/** Netuids of every added subnet except root, ascending. */
export function subnetNetuids(st: TypedStore): number[] {
  return addedNetuids(st).filter((n) => n !== 0);
}

/** Whether the subnet receives emission this block (`get_subnets_to_emit_to`). */
function emitsTo(st: TypedStore, netuid: number, block: number): boolean {
  const first = st.get(S.FirstEmissionBlockNumber, netuid);
  return first !== undefined && BigInt(block) >= first && st.get(S.SubtokenEnabled, netuid) &&
    st.get(S.NetworkRegistrationAllowed, netuid);
}

/** Mints this block's alpha into the pending pots: owner cut, then half to miners, half to validators. */
export function accumulateEmission(st: TypedStore, netuid: number): void {
  const issuance = st.get(S.SubnetAlphaOut, netuid) + st.get(S.SubnetAlphaIn, netuid);
  const alphaOut = blockEmissionFor(issuance);
  const ownerCut = (alphaOut * BigInt(st.get(S.SubnetOwnerCut))) / 65535n;
  const rest = alphaOut - ownerCut;
  const server = rest / 2n;
  st.mutate(S.PendingOwnerCut, [netuid], (v) => v + ownerCut);
  st.mutate(S.PendingServerEmission, [netuid], (v) => v + server);
  st.mutate(S.PendingValidatorEmission, [netuid], (v) => v + rest - server);
  st.put(S.SubnetAlphaOutEmission, [netuid], alphaOut);
  st.put(S.SubnetAlphaInEmission, [netuid], 0n);
  st.put(S.SubnetTaoInEmission, [netuid], 0n);
  st.mutate(S.SubnetAlphaOut, [netuid], (v) => v + alphaOut);
}

/**
 * Reads everything mechanism `mecid`'s epoch needs from storage (`epoch_mechanism` inputs): the subnet's
 * stake, registrations and permits, and that mechanism's weights, bonds, last updates and commits.
 */
export function epochInput(ctx: PalletContext, netuid: number, emission: bigint, mecid = 0): EpochInput {
  const st = ctx.store;
  const index = mechanismIndex(netuid, mecid);
  const n = st.get(S.SubnetworkN, netuid);
  const lastUpdate = st.get(S.LastUpdate, index);
  const stake: bigint[] = [];
  const reg: number[] = [];
  const lu: number[] = [];
  const weights: [number, number][][] = [];
  const bonds: [number, number][][] = [];
  const crOn = st.get(S.CommitRevealWeightsEnabled, netuid);
  const commitBlocks: (number | null)[] = [];
  const timelocked = crOn ? timelockedCommitBlocks(ctx, netuid, mecid) : new Map<string, number>();
  for (let uid = 0; uid < n; uid++) {
    const has = st.has(S.Keys, netuid, uid);
    const hotkey = st.get(S.Keys, netuid, uid);
    stake.push(has ? weightStake(st, netuid, hotkey) : 0n);
    reg.push(has ? Number(st.get(S.BlockAtRegistration, netuid, uid)) : 0);
    lu.push(Number(lastUpdate[uid] ?? 0n));
    weights.push(st.get(S.Weights, index, uid));
    bonds.push(st.get(S.Bonds, index, uid));
    if (crOn) {
      const v2 = has ? earliestLiveCommitBlock(st, ctx.config, netuid, ctx.block, hotkey, mecid) : null;
      const v3 = has ? timelocked.get(toHex(hotkey)) : undefined;
      commitBlocks.push(v3 === undefined ? v2 : v2 === null ? v3 : Math.min(v2, v3));
    }
  }
  const [alphaLow, alphaHigh] = st.get(S.AlphaValues, netuid);
  return {
    n,
    block: ctx.block,
    stake,
    blockAtRegistration: reg,
    lastUpdate: lu,
    validatorPermit: st.get(S.ValidatorPermit, netuid),
    weights,
    bonds,
    ownerUid: ownerUid(st, netuid),
    lastMechanismStepBlock: Number(st.get(S.LastMechansimStepBlock, netuid)),
    commitBlocks: crOn ? commitBlocks : undefined,
    emission,
    hyperparameters: {
      kappa: st.get(S.Kappa, netuid),
      bondsMovingAverage: Number(st.get(S.BondsMovingAverage, netuid)),
      bondsPenalty: st.get(S.BondsPenalty, netuid),
      yuma3: st.get(S.Yuma3On, netuid),
      liquidAlpha: st.get(S.LiquidAlphaOn, netuid),
      alphaLow,
      alphaHigh,
      alphaSigmoidSteepness: st.get(S.AlphaSigmoidSteepness, netuid),
      maxAllowedValidators: st.get(S.MaxAllowedValidators, netuid),
      stakeThreshold: st.get(S.StakeThreshold),
      activityCutoff: st.get(S.ActivityCutoff, netuid),
      tempo: st.get(S.Tempo, netuid),
    },
  };
}

/**
 * Per hotkey (hex), the earliest commit block among its timelocked commits on mechanism `mecid` still in
 * the reveal window (epochs `current − RevealPeriodEpochs` … `current`), for the epoch's commit–reveal
 * mask (§9 W5).
 */
export function timelockedCommitBlocks(ctx: PalletContext, netuid: number, mecid = 0): Map<string, number> {
  const st = ctx.store;
  const out = new Map<string, number>();
  const current = currentEpochWithLookahead(st, ctx.config, netuid, ctx.block);
  const period = st.get(S.RevealPeriodEpochs, netuid);
  for (let e = current > period ? current - period : 0n; e <= current; e++) {
    for (const [who, commitBlock] of st.get(S.TimelockedWeightCommits, mechanismIndex(netuid, mecid), e)) {
      const key = toHex(who);
      const b = Number(commitBlock);
      const seen = out.get(key);
      if (seen === undefined || b < seen) out.set(key, b);
    }
  }
  return out;
}

/** Writes one mechanism's incentive and bonds under its storage index (`persist_mechanism_epoch_terms`). */
export function persistMechanismEpoch(ctx: PalletContext, netuid: number, mecid: number, out: EpochOutput): void {
  const st = ctx.store;
  const index = mechanismIndex(netuid, mecid);
  st.put(S.Incentive, [index], out.incentive);
  out.bonds.forEach((row, uid) => {
    if (row.length > 0) st.put(S.Bonds, [index, uid], row);
    else st.remove(S.Bonds, index, uid);
  });
  ctx.emit("SubtensorModule", "IncentiveAlphaEmittedToMiners", [index, out.serverEmission]);
}

/** Writes the subnet-wide terms folded over its mechanisms (`persist_netuid_epoch_terms`). */
export function persistNetuidEpoch(st: TypedStore, netuid: number, out: EpochOutput): void {
  st.put(S.Active, [netuid], out.active);
  st.put(S.Emission, [netuid], out.emission);
  st.put(S.Consensus, [netuid], out.consensus);
  st.put(S.Dividends, [netuid], out.dividends);
  st.put(S.ValidatorTrust, [netuid], out.validatorTrust);
  st.put(S.StakeWeight, [netuid], out.stakeWeight);
  st.put(S.ValidatorPermit, [netuid], out.validatorPermit);
}

function isOwnerHotkey(st: TypedStore, netuid: number, hotkey: Uint8Array): boolean {
  if (sameAccount(st.get(S.SubnetOwnerHotkey, netuid), hotkey)) return true;
  return sameAccount(owningColdkey(st, hotkey), st.get(S.SubnetOwner, netuid));
}

/** Pays the epoch's emission as alpha stake (`distribute_emission`, simplified as the module says). */
export function distributeEmission(ctx: PalletContext, netuid: number, out: EpochOutput, ownerCut: bigint): void {
  const st = ctx.store;
  let burned = 0n;
  // AlphaDividendsPerSubnet holds this epoch's dividends after the validator's take (run_coinbase.rs).
  for (const [n, hotkey] of st.keysOf(S.AlphaDividendsPerSubnet)) {
    if (n === netuid) st.remove(S.AlphaDividendsPerSubnet, netuid, hotkey);
  }
  for (let uid = 0; uid < out.emission.length; uid++) {
    if (!st.has(S.Keys, netuid, uid)) continue;
    const hotkey = st.get(S.Keys, netuid, uid);
    const coldkey = owningColdkey(st, hotkey);
    const incentive = out.serverEmission[uid] ?? 0n;
    if (incentive > 0n) {
      if (isOwnerHotkey(st, netuid, hotkey)) burned += incentive; // owner incentive is burned (RecycleOrBurn)
      else increaseStake(st, hotkey, coldkey, netuid, incentive);
    }
    const dividend = out.validatorEmission[uid] ?? 0n;
    if (dividend > 0n) {
      const take = (dividend * BigInt(st.get(S.Delegates, hotkey))) / 65535n;
      increaseStake(st, hotkey, coldkey, netuid, take);
      creditHotkeyAlpha(st, hotkey, coldkey, netuid, dividend - take);
      st.mutate(S.AlphaDividendsPerSubnet, [netuid, hotkey], (v) => v + dividend - take);
    }
    st.put(S.TotalHotkeyAlphaLastEpoch, [hotkey, netuid], st.get(S.TotalHotkeyAlpha, hotkey, netuid));
  }
  if (ownerCut > 0n && st.has(S.SubnetOwnerHotkey, netuid)) {
    const hotkey = st.get(S.SubnetOwnerHotkey, netuid);
    increaseStake(st, hotkey, st.get(S.SubnetOwner, netuid), netuid, ownerCut);
  }
  if (burned > 0n) st.mutate(S.SubnetAlphaOut, [netuid], (v) => (v > burned ? v - burned : 0n));
}

/**
 * `epoch_with_mechanisms`: splits `emission` between the subnet's mechanisms, runs Yuma on each and
 * stores its incentive and bonds, then stores and returns the subnet-wide fold.
 */
export function epochWithMechanisms(ctx: PalletContext, netuid: number, emission: bigint): EpochOutput {
  const st = ctx.store;
  const parts = splitEmission(emission, mechanismCount(st, netuid), st.get(S.MechanismEmissionSplit, netuid));
  const outputs = parts.map((part, mecid) => {
    const out = runEpoch(epochInput(ctx, netuid, part, mecid));
    persistMechanismEpoch(ctx, netuid, mecid, out);
    return out;
  });
  const folded = aggregateMechanisms(outputs, parts);
  persistNetuidEpoch(st, netuid, folded);
  return folded;
}

/**
 * Runs the subnet's epoch now: drains the pending emission, runs Yuma, stores and pays the results,
 * and advances the schedule (`LastEpochBlock`, `SubnetEpochIndex`, `LastMechansimStepBlock`).
 */
export function runSubnetEpoch(ctx: PalletContext, netuid: number): EpochOutput {
  const st = ctx.store;
  const block = BigInt(ctx.block);
  st.put(HEAD_ONLY_ITEMS.LastEpochBlock, [netuid], block);
  st.put(HEAD_ONLY_ITEMS.PendingEpochAt, [netuid], 0n);
  st.mutate(HEAD_ONLY_ITEMS.SubnetEpochIndex, [netuid], (v) => v + 1n);
  st.put(S.BlocksSinceLastStep, [netuid], 0n);
  const emission = st.get(S.PendingServerEmission, netuid) + st.get(S.PendingValidatorEmission, netuid) +
    st.get(S.PendingRootAlphaDivs, netuid);
  const ownerCut = st.get(S.PendingOwnerCut, netuid);
  st.put(S.PendingServerEmission, [netuid], 0n);
  st.put(S.PendingValidatorEmission, [netuid], 0n);
  st.put(S.PendingRootAlphaDivs, [netuid], 0n);
  st.put(S.PendingOwnerCut, [netuid], 0n);
  const out = epochWithMechanisms(ctx, netuid, emission);
  distributeEmission(ctx, netuid, out, ownerCut);
  st.put(S.LastMechansimStepBlock, [netuid], block);
  return out;
}

/**
 * The SubtensorModule part of `on_initialize` for one block: burn decay, emission, and the epochs that
 * are due. Returns the netuids whose epoch ran.
 *
 * @example
 * ```ts ignore
 * const ran = blockStep(ctx); // [1] every tempo blocks for the genesis subnet
 * ```
 */
export function blockStep(ctx: PalletContext): number[] {
  const st = ctx.store;
  const ran: number[] = [];
  for (const netuid of subnetNetuids(st)) {
    decayBurn(st, netuid);
    if (emitsTo(st, netuid, ctx.block)) accumulateEmission(st, netuid);
    st.mutate(S.BlocksSinceLastStep, [netuid], (v) => v + 1n);
    if (shouldRunEpoch(st, ctx.config, netuid, ctx.block)) {
      runSubnetEpoch(ctx, netuid);
      ran.push(netuid);
    }
  }
  return ran;
}
