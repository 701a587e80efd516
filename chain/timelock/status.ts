/**
 * What became of a hotkey's timelocked weight commits (timelock.md §1): the ones still queued in
 * `TimelockedWeightCommits` (with their reveal epoch, expected reveal block and whether the pulse of
 * their round is on chain), and the recent ones, read back from `TimelockedWeightsCommitted` events:
 * revealed (a `TimelockedWeightsRevealed` event in the block that took them off the queue, and the
 * `Weights` row written there) or dropped — which subtensor does silently — with the likely reason,
 * found by replaying the chain's reveal steps against the state just before the drop: the pulse was
 * missing when the reveal epoch ended, the payload's hotkey is not the committer, the version key is
 * below `WeightsVersionKey`, the commit does not decrypt, or another set-weights check refused it.
 *
 * Needs historical state for the blocks it looks at (a devnet keeps 1024 blocks; use an archive
 * node on a live network).
 *
 * @module
 */
import { blake2AsU8a } from "@polkadot/util-crypto";
import { u8aToHex } from "@polkadot/util";
import type { Subtensor } from "../client.ts";
import { decodeWeightsPayload } from "../../protocol/timelock/payload.ts";
import { decrypt } from "../../protocol/timelock/tle.ts";
import { readEpochSchedule } from "./committer.ts";
import { ss58Address } from "../../wallet/keypair.ts";
import { SubnetError } from "../../protocol/errors.ts";
import { mechanismStorageIndex } from "../mechagraph.ts";

/** The most blocks {@link timelockStatus} reads events of. */
export const STATUS_LOOKBACK_BLOCKS_MAX = 1024;
/** Blocks whose events are fetched at once. */
const EVENTS_BATCH = 16;

/** Why a commit was (probably) dropped at reveal. */
export type DropReason =
  | "pulse-missing"
  | "hotkey-mismatch"
  | "version-key"
  | "undecryptable"
  | "set-weights"
  | "unknown";

/** A commit still queued on chain. */
export interface PendingTimelockedCommit {
  /** The block it was included in. */
  commitBlock: number;
  /** Its drand round. */
  revealRound: bigint;
  /** `BlakeTwo256(commit)` as `0x` hex (the hash `TimelockedWeightsCommitted` carries). */
  commitHash: string;
  /** The epoch it is queued under. */
  commitEpoch: number;
  /** The epoch that reveals it (`commitEpoch + RevealPeriodEpochs`). */
  revealEpoch: number;
  /** The first block the chain tries to reveal it (best estimate), or the next block when already due. */
  expectedRevealBlock: number;
  /** Whether `Drand.Pulses[revealRound]` is on chain. */
  pulseOnChain: boolean;
}

/** What became of one recent commit. */
export interface TimelockedCommitOutcome {
  /** The block it was included in. */
  commitBlock: number;
  /** Its drand round. */
  revealRound: bigint;
  /** `BlakeTwo256(commit)` as `0x` hex. */
  commitHash: string;
  /** `pending` (still queued), `revealed`, `dropped`, or `unknown` (its state is no longer kept). */
  status: "pending" | "revealed" | "dropped" | "unknown";
  /** The block that revealed or dropped it. */
  block?: number;
  /** For `revealed`: the hotkey's `Weights` row written in that block, `[uid, u16 value]`. */
  weights?: [number, number][];
  /** For `dropped`: the likely reason. */
  reason?: DropReason;
  /** For `dropped`/`unknown`: what was found. */
  detail?: string;
}

/** The answer of {@link timelockStatus}. */
export interface TimelockStatus {
  /** The subnet. */
  netuid: number;
  /** The incentive mechanism. */
  mechid: number;
  /** The hotkey, SS58. */
  hotkey: string;
  /** The best block read. */
  block: number;
  /** `Drand.LastStoredRound` at that block. */
  lastStoredRound: bigint;
  /** `RevealPeriodEpochs(netuid)`. */
  revealPeriodEpochs: number;
  /** The hotkey's commits still queued. */
  pending: PendingTimelockedCommit[];
  /** Its commits found in the blocks looked at, oldest first. */
  recent: TimelockedCommitOutcome[];
  /** The first block looked at. */
  fromBlock: number;
}

/** Options of {@link timelockStatus}. */
export interface TimelockStatusOptions {
  /** The subnet. */
  netuid: number;
  /** The incentive mechanism (default 0): commits, events and weights are keyed by its storage index. */
  mechid?: number;
  /** The committing hotkey (32-byte public key). */
  hotkey: Uint8Array;
  /**
   * Blocks back from the best one to look for commits (default `(RevealPeriodEpochs + 2)·(tempo + 1)`,
   * at most {@link STATUS_LOOKBACK_BLOCKS_MAX}).
   */
  lookbackBlocks?: number;
}

type Entry = [Uint8Array, bigint, Uint8Array, bigint];

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function hashHex(commit: Uint8Array): string {
  return u8aToHex(blake2AsU8a(commit, 256));
}

function epochOfKey(key: Uint8Array): number {
  let e = 0;
  for (let i = 7; i >= 0; i--) e = e * 256 + key[key.length - 8 + i];
  return e;
}

/** The first block at which the chain tries to reveal epoch `revealEpoch`'s queue. */
async function expectedRevealBlock(
  sub: Subtensor,
  netuid: number,
  revealEpoch: number,
  at: { currentBlock: number; tempo: number },
): Promise<number> {
  const { currentBlock, tempo } = at;
  const state = await readEpochSchedule(sub, netuid, at);
  if (state && tempo > 0) {
    // Stateful epochs (timelock.md §4.2); an owner-triggered epoch (PendingEpochAt) can come sooner.
    const index = state.subnetEpochIndex;
    if (revealEpoch <= index) return currentBlock + 1;
    return Math.max(currentBlock + 1, state.lastEpochBlock + (revealEpoch - index) * tempo);
  }
  // Legacy modulo epochs (subtensor ≤ v3.4.7): epoch e starts at e·(tempo+1) − netuid − 1.
  return Math.max(currentBlock + 1, revealEpoch * (tempo + 1) - netuid - 1);
}

interface CommitSeen {
  block: number;
  hash: string;
  round: bigint;
}

interface EventRecord {
  event: Record<string, Record<string, unknown>>;
}

/** The hotkey's commit and reveal events on storage index `index` (the mechanism's) in blocks `from..to`. */
async function scanEvents(
  sub: Subtensor,
  index: number,
  hotkey: Uint8Array,
  from: number,
  to: number,
): Promise<{ commits: CommitSeen[]; reveals: Map<number, number>; hashes: Map<number, string> }> {
  const commits: CommitSeen[] = [];
  const reveals = new Map<number, number>();
  const hashes = new Map<number, string>();
  for (let start = from; start <= to; start += EVENTS_BATCH) {
    const blocks = [];
    for (let b = start; b <= Math.min(to, start + EVENTS_BATCH - 1); b++) blocks.push(b);
    const got = await Promise.all(blocks.map(async (b) => {
      const hash = await sub.blockHash(b);
      // A block of an older runtime may not decode with today's metadata: skip its events.
      const events = await (sub.storage("System", "Events", [], hash) as Promise<unknown>).catch(() => []);
      return { b, hash, events: events as EventRecord[] };
    }));
    for (const { b, hash, events } of got) {
      hashes.set(b, hash);
      for (const { event } of events) {
        const sm = event.SubtensorModule;
        if (!sm) continue;
        const committed = sm.TimelockedWeightsCommitted as [Uint8Array, number, Uint8Array, bigint] | undefined;
        if (committed && Number(committed[1]) === index && same(committed[0], hotkey)) {
          commits.push({ block: b, hash: u8aToHex(committed[2]), round: BigInt(committed[3]) });
        }
        const revealed = sm.TimelockedWeightsRevealed as [number, Uint8Array] | undefined;
        if (revealed && Number(revealed[0]) === index && same(revealed[1], hotkey)) {
          reveals.set(b, (reveals.get(b) ?? 0) + 1);
        }
      }
    }
  }
  return { commits, reveals, hashes };
}

async function queueAt(sub: Subtensor, index: number, epoch: number, hash: string): Promise<Entry[]> {
  return (await sub.storage("SubtensorModule", "TimelockedWeightCommits", [index, epoch], hash)) as unknown as Entry[];
}

/** Replays the chain's reveal checks against the state before the drop (block `dropBlock − 1`). */
async function diagnose(
  sub: Subtensor,
  netuid: number,
  hotkey: Uint8Array,
  entry: Entry,
  dropBlock: number,
): Promise<{ reason: DropReason; detail: string }> {
  const [, , commit, round] = entry;
  const before = await sub.blockHash(dropBlock - 1);
  const pulse = await sub.storage("Drand", "Pulses", [round], before) as { signature: Uint8Array } | null;
  if (pulse === null) {
    const last = await sub.storage("Drand", "LastStoredRound", [], before);
    return {
      reason: "pulse-missing",
      detail: `the reveal epoch ended at block ${dropBlock} before the pulse of round ${round} was on chain ` +
        `(LastStoredRound was ${last}): encrypt to an earlier round`,
    };
  }
  let plaintext: Uint8Array;
  try {
    plaintext = decrypt(commit, pulse.signature.subarray(0, 48), { lenient: true });
  } catch (err) {
    return { reason: "undecryptable", detail: `the commit does not open with round ${round}'s pulse: ${message(err)}` };
  }
  let payload;
  try {
    payload = decodeWeightsPayload(plaintext);
  } catch (err) {
    return { reason: "undecryptable", detail: `the plaintext is not a WeightsTlockPayload: ${message(err)}` };
  }
  if (payload.format === "hotkey" && !same(payload.hotkey, hotkey)) {
    return {
      reason: "hotkey-mismatch",
      detail: `the payload names hotkey ${ss58Address(payload.hotkey)}, but ${
        ss58Address(hotkey)
      } signed the commit: put the signing hotkey's public key in the payload`,
    };
  }
  const required = BigInt(
    (await sub.storage("SubtensorModule", "WeightsVersionKey", [netuid], before)) as bigint | number,
  );
  if (required !== 0n && payload.versionKey < required) {
    return {
      reason: "version-key",
      detail: `version_key ${payload.versionKey} is below the subnet's WeightsVersionKey ${required}`,
    };
  }
  return {
    reason: "set-weights",
    detail: `it decrypted (uids ${JSON.stringify(payload.uids)}), but a set_weights check refused it ` +
      `(uids, lengths, max weight limit, stake or validator permit)`,
  };
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Reads the pending and recent timelocked commits of `hotkey` on `netuid`.
 *
 * @throws {SubnetError} `chain/timelock-unsupported` when the runtime has no timelocked commits
 *
 * @example
 * ```ts ignore
 * const status = await timelockStatus(subtensor, { netuid: 1, hotkey: keypair.publicKey });
 * for (const c of status.recent) console.log(c.commitBlock, c.status, c.reason ?? "");
 * ```
 */
export async function timelockStatus(sub: Subtensor, options: TimelockStatusOptions): Promise<TimelockStatus> {
  const { netuid, hotkey } = options;
  const mechid = options.mechid ?? 0;
  // Commit queues, events and weights are keyed by the mechanism's storage index; timing by the subnet.
  const index = mechanismStorageIndex(netuid, mechid);
  if (!sub.hasStorage("SubtensorModule", "TimelockedWeightCommits") || !sub.hasStorage("Drand", "Pulses")) {
    throw new SubnetError(
      "chain/timelock-unsupported",
      `Cannot read timelocked commits on netuid ${netuid}: this runtime has no TimelockedWeightCommits or Drand pallet ` +
        `(it predates timelocked commit–reveal)`,
    );
  }
  const best = await sub.blockNumber();
  const bestHash = await sub.blockHash(best);
  const tempo = Number(await sub.hyperparameter(netuid, "Tempo", bestHash));
  const period = sub.hasStorage("SubtensorModule", "RevealPeriodEpochs")
    ? Number(await sub.hyperparameter(netuid, "RevealPeriodEpochs", bestHash))
    : 1;
  const lastStoredRound = BigInt(await sub.storage("Drand", "LastStoredRound", [], bestHash) as bigint);

  const pending: PendingTimelockedCommit[] = [];
  const pendingHashes = new Set<string>();
  const queues = await sub.storageEntries("SubtensorModule", "TimelockedWeightCommits", [index], bestHash);
  for (const { key, value } of queues) {
    const epoch = epochOfKey(key);
    for (const [who, commitBlock, commit, round] of value as unknown as Entry[]) {
      if (!same(who, hotkey)) continue;
      const revealEpoch = epoch + period;
      const pulse = await sub.storage("Drand", "Pulses", [round], bestHash);
      const commitHash = hashHex(commit);
      pendingHashes.add(`${commitBlock}:${commitHash}`);
      pending.push({
        commitBlock: Number(commitBlock),
        revealRound: BigInt(round),
        commitHash,
        commitEpoch: epoch,
        revealEpoch,
        expectedRevealBlock: await expectedRevealBlock(sub, netuid, revealEpoch, { currentBlock: best, tempo }),
        pulseOnChain: pulse !== null,
      });
    }
  }
  pending.sort((a, b) => a.commitBlock - b.commitBlock);

  const lookback = Math.min(
    STATUS_LOOKBACK_BLOCKS_MAX,
    Math.max(1, options.lookbackBlocks ?? (period + 2) * (tempo + 1)),
  );
  const fromBlock = Math.max(1, best - lookback + 1);
  const { commits, reveals, hashes } = await scanEvents(sub, index, hotkey, fromBlock, best);
  const hashAt = async (b: number) => hashes.get(b) ?? await sub.blockHash(b);
  const usedReveals = new Map<number, number>();
  const recent: TimelockedCommitOutcome[] = [];
  for (const c of commits) {
    const base = { commitBlock: c.block, revealRound: c.round, commitHash: c.hash };
    if (pendingHashes.has(`${c.block}:${c.hash}`)) {
      recent.push({ ...base, status: "pending" });
      continue;
    }
    try {
      // The epoch key and the bytes, from the state right after the commit's block.
      const after = await sub.storageEntries(
        "SubtensorModule",
        "TimelockedWeightCommits",
        [index],
        await hashAt(c.block),
      );
      let found: { epoch: number; entry: Entry } | undefined;
      for (const { key, value } of after) {
        const entry = (value as unknown as Entry[]).find((e) =>
          same(e[0], hotkey) && Number(e[1]) === c.block && hashHex(e[2]) === c.hash
        );
        if (entry) found = { epoch: epochOfKey(key), entry };
      }
      if (!found) {
        recent.push({ ...base, status: "unknown", detail: "the commit is not in the queue of its own block" });
        continue;
      }
      const { epoch, entry } = found;
      const present = async (b: number) =>
        (await queueAt(sub, index, epoch, await hashAt(b))).some((e) =>
          same(e[0], hotkey) && Number(e[1]) === c.block && hashHex(e[2]) === c.hash
        );
      // The first block whose state no longer holds it (present from the commit until then).
      let lo = c.block;
      let hi = best;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (await present(mid)) lo = mid;
        else hi = mid;
      }
      const gone = hi;
      const revealedHere = (reveals.get(gone) ?? 0) - (usedReveals.get(gone) ?? 0);
      if (revealedHere > 0) {
        usedReveals.set(gone, (usedReveals.get(gone) ?? 0) + 1);
        const uid = await sub.uidForHotkey(netuid, hotkey, await hashAt(gone));
        const weights = uid === null
          ? []
          : (await sub.storage("SubtensorModule", "Weights", [index, uid], await hashAt(gone)) as [number, number][])
            .map(([u, v]) => [Number(u), Number(v)] as [number, number]);
        recent.push({ ...base, status: "revealed", block: gone, weights });
        continue;
      }
      const { reason, detail } = await diagnose(sub, netuid, hotkey, entry, gone);
      recent.push({ ...base, status: "dropped", block: gone, reason, detail });
    } catch (err) {
      recent.push({ ...base, status: "unknown", detail: `cannot read the state around it: ${message(err)}` });
    }
  }
  return {
    netuid,
    mechid,
    hotkey: ss58Address(hotkey),
    block: best,
    lastStoredRound,
    revealPeriodEpochs: period,
    pending,
    recent,
    fromBlock,
  };
}
