/**
 * Timelocked (drand) weight commits on the devnet, as subtensor runs them (spec `timelock.md` §1):
 * `commit_timelocked_weights` / `commit_timelocked_mechanism_weights` with the chain's checks and
 * error names, `TimelockedWeightCommits` keyed by `(netuid_index, epoch)`, the pool checks of the
 * weights transaction extension (min stake, `InvalidRevealRound`), and the reveal at the start of
 * each block (`reveal_crv3_commits`, §1.4): real decryption with the stored `Drand.Pulses` signature,
 * the hotkey check, then D2's normal set-weights checks and write (`internalSetWeights`), and
 * `TimelockedWeightsRevealed`.
 *
 * Unlike subtensor, which drops a bad commit with only a trace log, the devnet logs why
 * (`timelock.dropped` with a `reason`): `pulse-missing` (the reveal epoch ended before the pulse),
 * `hotkey-mismatch`, `version-key`, `undecryptable`, or `set-weights` (another set-weights check).
 *
 * {@link withTimelockedWeights} adds all of this to the SubtensorModule pallet of
 * `subtensorPallets()` without changing it: the reveal runs before its block step, as in
 * `block_step` (reveal, then coinbase).
 *
 * @module
 */
import { blake2AsU8a, encodeAddress } from "@polkadot/util-crypto";
import type { Codec as PolkadotCodec } from "@polkadot/types/types";
import { type RevealDropReason, revealTimelockedCommit } from "../drand/reveal.ts";
import { storedPulse } from "../drand/pallet.ts";
import { type CallArgs, type CallSpec, type DispatchContext, InvalidTransaction, type Pallet } from "../pallet.ts";
import type { StorageKeyHex } from "../storage.ts";
import { decode } from "./_scale.ts";
import { MAX_UNREVEALED_COMMITS } from "./commit_reveal.ts";
import { subnetNetuids } from "./coinbase.ts";
import { DEFAULT_SUBTENSOR_CONFIG, type PalletContext, type SubtensorConfig } from "./context.ts";
import { subtensorError } from "./dispatch_error.ts";
import { S, type TimelockedCommit } from "./items.ts";
import { ensureMechanismExists, mechanismCount, mechanismIndex } from "./mechanism.ts";
import { ownerUid, sameAccount, uidOf } from "./neurons.ts";
import { storeOf } from "./pallet.ts";
import { currentEpochWithLookahead } from "./schedule.ts";
import { weightStake } from "./stake.ts";
import { hashKeyPart, type StorageItem, toHex } from "./storage_item.ts";
import type { TypedStore } from "./store.ts";
import { internalSetWeights, lastUpdateOf, passesWeightsRateLimit, setLastUpdate } from "./weights.ts";

/** The largest commit the chain takes (`MAX_CRV3_COMMIT_SIZE_BYTES`, the `BoundedVec` bound). */
export const TIMELOCKED_COMMIT_BYTES_MAX = 5000;

/** subtensor's pool code for a reveal round below `Drand.LastStoredRound` (`CustomTransactionError::InvalidRevealRound`). */
export const INVALID_REVEAL_ROUND_CODE = 15;

/** subtensor's pool code for too little stake to set weights (`CustomTransactionError::StakeAmountTooLow`). */
const STAKE_AMOUNT_TOO_LOW_CODE = 1;

/** One queued commit: `(who, commit_block, commit, reveal_round)`. */
export type TimelockedCommitEntry = TimelockedCommit;

const entryCodec = S.TimelockedWeightCommits.value;

/** `SubtensorModule.TimelockedWeightCommits(netuid_index, epoch)`, as the finney metadata lays it out (`items.ts`). */
export const TimelockedWeightCommits: StorageItem<[number, bigint], TimelockedCommit[]> = S.TimelockedWeightCommits;

/** Why the devnet dropped a commit at reveal (subtensor drops it silently). */
export type TimelockedDropReason =
  | "pulse-missing"
  | "hotkey-mismatch"
  | "version-key"
  | "undecryptable"
  | "set-weights";

/** The arguments of a timelocked commit call. */
export interface TimelockedCommitArgs {
  /** Subnet. */
  netuid: number;
  /** Mechanism (below the subnet's `MechanismCountCurrent`). */
  mecid: number;
  /** The raw `TLECiphertext`. */
  commit: Uint8Array;
  /** The drand round it is encrypted to. */
  revealRound: bigint;
  /** The caller's `commit_reveal_version`. */
  commitRevealVersion: number;
}

/**
 * `commit_timelocked_(mechanism_)weights`, signed by the hotkey (`internal_commit_timelocked_weights`):
 * `MechanismDoesNotExist`, `CommitRevealDisabled`, `IncorrectCommitRevealVersion`,
 * `HotKeyNotRegisteredInSubNet`, `CommittingWeightsTooFast`, `TooManyUnrevealedCommits`; then queues
 * the commit under the look-ahead epoch, emits `TimelockedWeightsCommitted` and sets `LastUpdate`.
 *
 * @example
 * ```ts ignore
 * commitTimelockedWeights(ctx, hotkey, { netuid: 1, mecid: 0, commit, revealRound: 42n, commitRevealVersion: 4 });
 * ```
 */
export function commitTimelockedWeights(ctx: PalletContext, hotkey: Uint8Array, args: TimelockedCommitArgs): void {
  const { store: st, config, block } = ctx;
  const { netuid, mecid } = args;
  const index = mechanismIndex(netuid, mecid);
  ensureMechanismExists(st, netuid, mecid);
  if (!st.get(S.CommitRevealWeightsEnabled, netuid)) {
    throw subtensorError("CommitRevealDisabled", `commit–reveal is off on netuid ${netuid}: use set_weights`);
  }
  const version = st.get(S.CommitRevealWeightsVersion);
  if (args.commitRevealVersion !== version) {
    throw subtensorError(
      "IncorrectCommitRevealVersion",
      `commit_reveal_version ${args.commitRevealVersion}, the chain's CommitRevealWeightsVersion is ${version}`,
    );
  }
  const uid = uidOf(st, netuid, hotkey);
  if (uid === undefined) {
    throw subtensorError("HotKeyNotRegisteredInSubNet", `the hotkey is not registered on netuid ${netuid}`);
  }
  if (!passesWeightsRateLimit(st, netuid, uid, block, mecid)) {
    throw subtensorError("CommittingWeightsTooFast", `last update at block ${lastUpdateOf(st, netuid, uid, mecid)}`);
  }
  const epoch = currentEpochWithLookahead(st, config, netuid, block);
  // A copy: an absent queue reads as the item's shared `[]` fallback, which must not be mutated.
  const queue = [...st.get(TimelockedWeightCommits, index, epoch)];
  const mine = queue.filter(([who]) => sameAccount(who, hotkey)).length;
  if (mine >= MAX_UNREVEALED_COMMITS) {
    throw subtensorError("TooManyUnrevealedCommits", `${mine} unrevealed commits in epoch ${epoch}`);
  }
  queue.push([hotkey, BigInt(block), args.commit, args.revealRound]);
  st.put(TimelockedWeightCommits, [index, epoch], queue);
  ctx.emit("SubtensorModule", "TimelockedWeightsCommitted", [
    hotkey,
    index,
    blake2AsU8a(args.commit, 256),
    args.revealRound,
  ]);
  setLastUpdate(st, netuid, uid, block, mecid);
}

/** The storage-key prefix of every queue of a mechanism index (`twox128 ++ twox128 ++ twox64concat(u16)`). */
function queuesPrefix(index: number): StorageKeyHex {
  const item = TimelockedWeightCommits;
  const le = Uint8Array.of(index & 0xff, index >> 8);
  return (toHex(item.prefix) + toHex(hashKeyPart("Twox64Concat", le)).slice(2)) as StorageKeyHex;
}

/** The epoch of a queue key: its last 8 bytes, little-endian. */
function epochOfKey(key: string): bigint {
  let e = 0n;
  const start = key.length - 16;
  for (let i = 0; i < 8; i++) e |= BigInt(parseInt(key.slice(start + 2 * i, start + 2 * i + 2), 16)) << BigInt(8 * i);
  return e;
}

/** What became of one queued commit at a reveal attempt, for logs and tests. */
export interface TimelockedRevealEvent {
  /** The subnet. */
  netuid: number;
  /** The mechanism. */
  mecid: number;
  /** The committing hotkey. */
  who: Uint8Array;
  /** Its drand round. */
  revealRound: bigint;
  /** The block it was committed in. */
  commitBlock: bigint;
  /** `revealed`, `retry` (pulse not yet stored), or `dropped`. */
  kind: "revealed" | "retry" | "dropped";
  /** For `dropped`: why. */
  reason?: TimelockedDropReason;
  /** For `dropped`: what failed. */
  detail?: string;
}

function dropReason(reason: RevealDropReason): TimelockedDropReason {
  return reason === "hotkey-mismatch" ? "hotkey-mismatch" : "undecryptable";
}

/**
 * The reveal step of one block (`reveal_crv3_commits`, timelock.md §1.4) for every non-root
 * subnet: deletes queues older than the reveal epoch (their commits are lost: logged as
 * `pulse-missing`), then opens each commit of the reveal epoch's queue with its round's stored
 * pulse; re-queues those whose pulse is missing; applies the others through the set-weights checks.
 * Returns what happened to each commit it looked at.
 *
 * @example
 * ```ts ignore
 * const events = revealTimelockedCommits(ctx, palletContext); // in on_initialize, before the coinbase
 * ```
 */
export function revealTimelockedCommits(ctx: DispatchContext, p: PalletContext): TimelockedRevealEvent[] {
  const st = p.store;
  const out: TimelockedRevealEvent[] = [];
  const log = (e: TimelockedRevealEvent) => {
    out.push(e);
    if (e.kind === "retry") return;
    const fields = {
      netuid: e.netuid,
      mecid: e.mecid,
      hotkey: encodeAddress(e.who, 42),
      round: e.revealRound.toString(),
      commitBlock: Number(e.commitBlock),
      block: p.block,
    };
    if (e.kind === "revealed") ctx.logger.info("timelock.revealed", fields);
    else ctx.logger.warn("timelock.dropped", { ...fields, reason: e.reason, detail: e.detail });
  };
  for (const netuid of subnetNetuids(st)) {
    const period = st.get(S.RevealPeriodEpochs, netuid);
    const cur = currentEpochWithLookahead(st, p.config, netuid, p.block);
    const revealEpoch = cur > period ? cur - period : 0n;
    for (let mecid = 0; mecid < mechanismCount(st, netuid); mecid++) {
      revealMechanism(ctx, p, { netuid, mecid, revealEpoch, due: cur >= period }, log);
    }
  }
  return out;
}

/** One mechanism's part of {@link revealTimelockedCommits}. */
function revealMechanism(
  ctx: DispatchContext,
  p: PalletContext,
  at: { netuid: number; mecid: number; revealEpoch: bigint; due: boolean },
  log: (e: TimelockedRevealEvent) => void,
): void {
  const st = p.store;
  const { netuid, mecid, revealEpoch } = at;
  const index = mechanismIndex(netuid, mecid);
  for (const [key, raw] of ctx.storage.entriesRaw(queuesPrefix(index))) {
    if (epochOfKey(key) >= revealEpoch) continue;
    for (const [who, commitBlock, , revealRound] of decode(entryCodec, raw)) {
      log({
        netuid,
        mecid,
        who,
        revealRound,
        commitBlock,
        kind: "dropped",
        reason: "pulse-missing",
        detail: `the reveal epoch ended before the pulse of round ${revealRound} was on chain`,
      });
    }
    ctx.storage.removeRaw(key);
  }
  if (!at.due) return;
  const queue = st.get(TimelockedWeightCommits, index, revealEpoch);
  if (queue.length === 0) return;
  st.remove(TimelockedWeightCommits, index, revealEpoch);
  const unrevealed: TimelockedCommitEntry[] = [];
  for (const entry of queue) {
    const [who, commitBlock, commit, revealRound] = entry;
    const base = { netuid, mecid, who, revealRound, commitBlock };
    const outcome = revealTimelockedCommit(
      { who, commit, revealRound },
      storedPulse(ctx.storage, revealRound)?.signature,
    );
    if (outcome.kind === "retry") {
      unrevealed.push(entry);
      log({ ...base, kind: "retry" });
      continue;
    }
    if (outcome.kind === "dropped") {
      log({
        ...base,
        kind: "dropped",
        reason: dropReason(outcome.reason),
        detail: `${outcome.reason}: ${outcome.detail}`,
      });
      continue;
    }
    try {
      ctx.storage.transactional(() =>
        internalSetWeights(p, who, {
          netuid,
          mecid,
          dests: outcome.uids,
          weights: outcome.values,
          versionKey: outcome.versionKey,
        })
      );
    } catch (err) {
      const name = (err as { error?: string }).error ?? String(err);
      log({
        ...base,
        kind: "dropped",
        reason: name === "IncorrectWeightVersionKey" ? "version-key" : "set-weights",
        detail: err instanceof Error ? err.message : String(err),
      });
      continue;
    }
    p.emit("SubtensorModule", "TimelockedWeightsRevealed", [index, who]);
    log({ ...base, kind: "revealed" });
  }
  if (unrevealed.length > 0) st.put(TimelockedWeightCommits, [index, revealEpoch], unrevealed);
}

/** Options of {@link withTimelockedWeights}. */
export interface TimelockedWeightsOptions {
  /** The same devnet-wide switches the SubtensorModule pallet was built with. */
  config?: Partial<SubtensorConfig>;
}

function palletContextOf(ctx: DispatchContext, config: Readonly<SubtensorConfig>): PalletContext {
  return {
    store: storeOf(ctx.storage),
    block: ctx.blockNumber,
    balances: {
      free: (who) => ctx.currency.free(who),
      withdraw: (who, amount) => ctx.currency.withdraw(who, amount, false),
      deposit: (who, amount) => ctx.currency.deposit(who, amount),
      reducible: (who) => {
        const spare = ctx.currency.free(who) - ctx.runtime.existentialDeposit;
        return spare > 0n ? spare : 0n;
      },
    },
    emit: (pallet, name, fields) => ctx.emit(pallet, name, fields),
    config,
  };
}

const num = (c: PolkadotCodec | undefined): number => (c === undefined ? 0 : Number(c.toString()));

function commitArgs(args: CallArgs): TimelockedCommitArgs {
  return {
    netuid: num(args.netuid),
    mecid: num(args.mecid),
    commit: args.commit.toU8a(true),
    revealRound: BigInt(args.reveal_round.toString()),
    commitRevealVersion: num(args.commit_reveal_version),
  };
}

/** The weights extension's pool checks for a timelocked commit: min stake (Custom 1), then the round (Custom 15). */
function validateCommit(ctx: DispatchContext, args: CallArgs): void {
  const a = commitArgs(args);
  if (a.commit.length > TIMELOCKED_COMMIT_BYTES_MAX) {
    throw new InvalidTransaction(
      "Call",
      undefined,
      `commit of ${a.commit.length} bytes over ${TIMELOCKED_COMMIT_BYTES_MAX}`,
    );
  }
  if (ctx.origin.kind !== "signed") return;
  const st = storeOf(ctx.storage);
  const who = ctx.origin.who;
  const uid = uidOf(st, a.netuid, who);
  const isOwner = uid !== undefined && uid === ownerUid(st, a.netuid);
  if (!isOwner && weightStake(st, a.netuid, who) < st.get(S.StakeThreshold)) {
    throw new InvalidTransaction("Custom", STAKE_AMOUNT_TOO_LOW_CODE, "stake below StakeThreshold");
  }
  const last = lastStoredRound(ctx);
  if (a.revealRound < last) {
    throw new InvalidTransaction(
      "Custom",
      INVALID_REVEAL_ROUND_CODE,
      `InvalidRevealRound: round ${a.revealRound} is below Drand.LastStoredRound ${last}`,
    );
  }
}

/** Rounds ahead of `Drand.LastStoredRound` past which a commit is logged as unlikely to be revealed (a week at 3 s). */
export const FAR_REVEAL_ROUNDS = 216_000n;

/**
 * Logs `timelock.far_round` for a commit whose round is far beyond `Drand.LastStoredRound` (typically a
 * client that assumed quicknet's genesis and period): it will sit queued until its reveal epoch ends and
 * then be dropped (`timelock.dropped`, `pulse-missing`). subtensor accepts it silently.
 */
function warnFarRound(ctx: DispatchContext, who: Uint8Array, a: TimelockedCommitArgs): void {
  const last = lastStoredRound(ctx);
  if (a.revealRound <= last + FAR_REVEAL_ROUNDS) return;
  ctx.logger.warn("timelock.far_round", {
    netuid: a.netuid,
    mecid: a.mecid,
    hotkey: encodeAddress(who, 42),
    round: a.revealRound.toString(),
    lastStoredRound: last.toString(),
    block: ctx.blockNumber,
    hint: "the devnet's drand rounds follow its own genesis and period; this commit will not be revealed",
  });
}

function lastStoredRound(ctx: DispatchContext): bigint {
  try {
    const v = ctx.storage.get("Drand", "LastStoredRound") as unknown as { toBigInt?: () => bigint } | null;
    return v?.toBigInt ? v.toBigInt() : 0n;
  } catch {
    return 0n;
  }
}

/**
 * Adds the timelocked commit calls and the per-block reveal to the `SubtensorModule` pallet of
 * `pallets` (the others pass through unchanged). The reveal runs before the pallet's own block step.
 *
 * @example
 * ```ts
 * import { subtensorPallets } from "./pallet.ts";
 * import { withTimelockedWeights } from "./timelocked.ts";
 * const [subtensor] = withTimelockedWeights(subtensorPallets());
 * console.assert(subtensor.calls?.commit_timelocked_weights !== undefined);
 * ```
 */
export function withTimelockedWeights(
  pallets: readonly Pallet[],
  options: TimelockedWeightsOptions = {},
): Pallet[] {
  const config: Readonly<SubtensorConfig> = Object.freeze({
    allowLocalIp: options.config?.allowLocalIp ?? DEFAULT_SUBTENSOR_CONFIG.allowLocalIp,
    legacyEpoch: options.config?.legacyEpoch ?? DEFAULT_SUBTENSOR_CONFIG.legacyEpoch,
  });
  const commit: CallSpec = {
    paysFee: false,
    validate: validateCommit,
    dispatch(ctx, args) {
      const who = ctx.ensureSigned();
      const a = commitArgs(args);
      commitTimelockedWeights(palletContextOf(ctx, config), who, a);
      warnFarRound(ctx, who, a);
    },
  };
  return pallets.map((pallet) => {
    if (pallet.name !== "SubtensorModule") return pallet;
    const inner = pallet.onInitialize;
    return {
      ...pallet,
      calls: {
        ...pallet.calls,
        commit_timelocked_weights: commit,
        commit_timelocked_mechanism_weights: commit,
        // The older mechanism call: same path, version fixed at 4 (timelock.md §1, call 117).
        commit_crv3_mechanism_weights: {
          ...commit,
          dispatch(ctx, args) {
            const who = ctx.ensureSigned();
            commitTimelockedWeights(palletContextOf(ctx, config), who, { ...commitArgs(args), commitRevealVersion: 4 });
          },
        },
      },
      onInitialize(ctx: DispatchContext) {
        revealTimelockedCommits(ctx, palletContextOf(ctx, config));
        inner?.(ctx);
      },
    };
  });
}

/** The queued timelocked commits of `netuid`, by epoch (for tests and tools over a `TypedStore`). */
export function timelockedQueue(st: TypedStore, netuid: number, epoch: bigint): TimelockedCommitEntry[] {
  return st.get(TimelockedWeightCommits, netuid, epoch);
}
