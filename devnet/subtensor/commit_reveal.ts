/**
 * Hash commit–reveal, "CR v2" (spec `chain.md` §4.2; subtensor `subnets/weights.rs`): `commit_weights`
 * stores `BlakeTwo256(SCALE(hotkey, netuid_index, uids, values, salt, version_key))` tagged with its
 * epoch; `reveal_weights` exactly `RevealPeriodEpochs` epochs later checks the hash and sets the weights.
 *
 * @module
 */
import { blake2AsU8a } from "@polkadot/util-crypto";
import { ScaleWriter } from "./_scale.ts";
import type { PalletContext, SubtensorConfig } from "./context.ts";
import { subtensorError } from "./dispatch_error.ts";
import { S, type WeightCommit } from "./items.ts";
import { ensureMechanismExists, mechanismIndex } from "./mechanism.ts";
import { sameAccount, uidOf } from "./neurons.ts";
import { currentEpochWithLookahead } from "./schedule.ts";
import type { TypedStore } from "./store.ts";
import { internalSetWeights, lastUpdateOf, passesWeightsRateLimit, setLastUpdate } from "./weights.ts";

/** Unrevealed commits a hotkey may hold per subnet. */
export const MAX_UNREVEALED_COMMITS = 10;

/** What a reveal carries. */
export interface RevealArgs {
  /** Subnet. */
  netuid: number;
  /** Destination uids. */
  uids: readonly number[];
  /** u16 weights. */
  values: readonly number[];
  /** The salt the commit used. */
  salt: readonly number[];
  /** Version key. */
  versionKey: bigint;
  /** Mechanism (default 0); the hash covers its storage index. */
  mecid?: number;
}

/**
 * The CR v2 commit hash (`get_commit_hash`), as the Python SDK's `generate_weight_hash` computes it.
 *
 * @example
 * ```ts
 * import { commitHash } from "./commit_reveal.ts";
 * const h = commitHash(new Uint8Array(32), { netuid: 1, uids: [0], values: [1], salt: [2], versionKey: 0n });
 * console.assert(h.length === 32);
 * ```
 */
export function commitHash(hotkey: Uint8Array, a: RevealArgs): Uint8Array {
  const w = new ScaleWriter(96);
  w.raw(hotkey);
  w.u16(mechanismIndex(a.netuid, a.mecid ?? 0));
  for (const list of [a.uids, a.values, a.salt]) {
    w.compact(list.length);
    for (const v of list) w.u16(v);
  }
  w.u64(a.versionKey);
  return blake2AsU8a(w.finish(), 256);
}

function isExpired(st: TypedStore, config: SubtensorConfig, netuid: number, block: number, epoch: bigint): boolean {
  return currentEpochWithLookahead(st, config, netuid, block) > epoch + st.get(S.RevealPeriodEpochs, netuid);
}

function inRevealRange(st: TypedStore, config: SubtensorConfig, netuid: number, block: number, epoch: bigint): boolean {
  return currentEpochWithLookahead(st, config, netuid, block) === epoch + st.get(S.RevealPeriodEpochs, netuid);
}

/**
 * `SubtensorModule.commit_weights` (call 96), signed by the hotkey: `MechanismDoesNotExist`,
 * `CommitRevealDisabled`, `HotKeyNotRegisteredInSubNet`, `CommittingWeightsTooFast`,
 * `TooManyUnrevealedCommits`; stores the commit and sets `LastUpdate`.
 *
 * @example
 * ```ts ignore
 * commitWeights(ctx, hotkey, { netuid: 1, commitHash: commitHash(hotkey, reveal) });
 * ```
 */
export function commitWeights(
  ctx: PalletContext,
  hotkey: Uint8Array,
  args: { netuid: number; commitHash: Uint8Array; mecid?: number },
): void {
  const { store: st, config, block } = ctx;
  const { netuid } = args;
  const mecid = args.mecid ?? 0;
  const index = mechanismIndex(netuid, mecid);
  ensureMechanismExists(st, netuid, mecid);
  if (!st.get(S.CommitRevealWeightsEnabled, netuid)) {
    throw subtensorError("CommitRevealDisabled", `commit–reveal is off on netuid ${netuid}: use set_weights`);
  }
  const uid = uidOf(st, netuid, hotkey);
  if (uid === undefined) {
    throw subtensorError("HotKeyNotRegisteredInSubNet", `the hotkey is not registered on netuid ${netuid}`);
  }
  if (!passesWeightsRateLimit(st, netuid, uid, block, mecid)) {
    throw subtensorError("CommittingWeightsTooFast", `last update at block ${lastUpdateOf(st, netuid, uid, mecid)}`);
  }
  const epoch = currentEpochWithLookahead(st, config, netuid, block);
  const commits = st.get(S.WeightCommits, index, hotkey) ?? [];
  while (commits.length > 0 && isExpired(st, config, netuid, block, commits[0][1])) commits.shift();
  if (commits.length >= MAX_UNREVEALED_COMMITS) {
    throw subtensorError("TooManyUnrevealedCommits", `${commits.length} unrevealed commits`);
  }
  commits.push([args.commitHash, epoch, BigInt(block), 0n]);
  st.put(S.WeightCommits, [index, hotkey], commits);
  ctx.emit("SubtensorModule", "WeightsCommitted", [hotkey, index, args.commitHash]);
  setLastUpdate(st, netuid, uid, block, mecid);
}

function sameHash(a: Uint8Array, b: Uint8Array): boolean {
  return sameAccount(a, b);
}

/**
 * `SubtensorModule.reveal_weights` (call 97), signed by the hotkey: `CommitRevealDisabled`,
 * `NoWeightsCommitFound`, `ExpiredWeightCommit`, `RevealTooEarly`, `InvalidRevealCommitHashNotMatch`,
 * then every `set_weights` check (without the rate limit); drops the revealed commit and older ones.
 *
 * @example
 * ```ts ignore
 * revealWeights(ctx, hotkey, { netuid: 1, uids: [1], values: [65535], salt: [7], versionKey: 0n });
 * ```
 */
export function revealWeights(ctx: PalletContext, hotkey: Uint8Array, args: RevealArgs): void {
  const { store: st, config, block } = ctx;
  const { netuid } = args;
  const index = mechanismIndex(netuid, args.mecid ?? 0);
  if (!st.get(S.CommitRevealWeightsEnabled, netuid)) {
    throw subtensorError("CommitRevealDisabled", `commit–reveal is off on netuid ${netuid}: use set_weights`);
  }
  const commits: WeightCommit[] | undefined = st.get(S.WeightCommits, index, hotkey);
  if (commits === undefined) throw subtensorError("NoWeightsCommitFound", "the hotkey has no commits");
  const expired: Uint8Array[] = [];
  while (commits.length > 0 && isExpired(st, config, netuid, block, commits[0][1])) expired.push(commits.shift()![0]);
  const hash = commitHash(hotkey, args);
  if (commits.length === 0) {
    if (expired.some((h) => sameHash(h, hash))) throw subtensorError("ExpiredWeightCommit", "the commit expired");
    throw subtensorError("NoWeightsCommitFound", "no unexpired commit");
  }
  const at = commits.findIndex(([h]) => sameHash(h, hash));
  if (at < 0) {
    if (expired.some((h) => sameHash(h, hash))) throw subtensorError("ExpiredWeightCommit", "the commit expired");
    throw subtensorError("InvalidRevealCommitHashNotMatch", "no commit has this hash");
  }
  const epoch = commits[at][1];
  if (!inRevealRange(st, config, netuid, block, epoch)) {
    throw subtensorError(
      "RevealTooEarly",
      `committed in epoch ${epoch}; reveal in epoch ${epoch + st.get(S.RevealPeriodEpochs, netuid)}, now ${
        currentEpochWithLookahead(st, config, netuid, block)
      }`,
    );
  }
  const rest = commits.slice(at + 1);
  st.put(S.WeightCommits, [index, hotkey], rest.length > 0 ? rest : undefined);
  internalSetWeights(ctx, hotkey, {
    netuid,
    mecid: args.mecid,
    dests: args.uids,
    weights: args.values,
    versionKey: args.versionKey,
  });
  ctx.emit("SubtensorModule", "WeightsRevealed", [hotkey, index, hash]);
}

/**
 * The pool-level reveal check (subtensor's transaction extension): the name of the custom error a
 * node answers with (`CommitNotFound` = 16, `CommitBlockNotInRevealRange` = 17), or `undefined` when
 * the reveal may enter a block.
 */
export function revealPoolCheck(
  st: TypedStore,
  config: SubtensorConfig,
  block: number,
  hotkey: Uint8Array,
  args: RevealArgs,
): "CommitNotFound" | "CommitBlockNotInRevealRange" | undefined {
  const commits = st.get(S.WeightCommits, mechanismIndex(args.netuid, args.mecid ?? 0), hotkey);
  const hash = commitHash(hotkey, args);
  const found = commits?.find(([h]) => sameHash(h, hash));
  if (!found) return "CommitNotFound";
  return inRevealRange(st, config, args.netuid, block, found[1]) ? undefined : "CommitBlockNotInRevealRange";
}

/**
 * The earliest commit block among the hotkey's unexpired commits on mechanism `mecid`, for the epoch's
 * commit–reveal mask.
 */
export function earliestLiveCommitBlock(
  st: TypedStore,
  config: SubtensorConfig,
  netuid: number,
  block: number,
  hotkey: Uint8Array,
  mecid = 0,
): number | null {
  const commits = st.get(S.WeightCommits, mechanismIndex(netuid, mecid), hotkey);
  if (!commits) return null;
  for (const [, epoch, commitBlock] of commits) {
    if (!isExpired(st, config, netuid, block, epoch)) return Number(commitBlock);
  }
  return null;
}
