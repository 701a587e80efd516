/**
 * What subtensor's reveal does with one queued timelocked commit once its reveal epoch has come
 * (`reveal_crv3_commits_for_subnet`, timelock.md §1.4), as a pure decision: retry (pulse not yet
 * stored), drop (with the reason the chain only writes to a trace log), or the weights to hand to
 * the normal set-weights checks. Decryption is the chain's lenient one.
 *
 * This imports the client's timelock code (`chain/timelock`): the crypto is pinned by the spec's
 * vectors and the Rust cross-check, so sharing it does not let a client mistake pass unseen.
 *
 * @module
 */
import { decodeWeightsPayload, decrypt, parseCiphertext } from "../../protocol/timelock/mod.ts";
import { SubnetError } from "../../protocol/errors.ts";

/** Why the chain drops a commit at reveal (it emits no event; the devnet logs these). */
export type RevealDropReason =
  | "commit-undeserializable"
  | "signature-undeserializable"
  | "undecryptable"
  | "payload-undecodable"
  | "hotkey-mismatch";

/** The outcome of one reveal attempt. */
export type RevealOutcome =
  | {
    /** The pulse of the commit's round is not stored yet: the chain re-queues it for the next block of the epoch. */
    kind: "retry";
    /** Always `pulse-missing`. */
    reason: "pulse-missing";
  }
  | {
    /** Dropped without an event. */
    kind: "dropped";
    /** Which step failed. */
    reason: RevealDropReason;
    /** What failed, for the devnet's log. */
    detail: string;
  }
  | {
    /** Decrypted: apply with `do_set_mechanism_weights` (version key, lengths, limits are checked there). */
    kind: "weights";
    /** `hotkey` (checked against the committer) or `legacy` (no hotkey in the payload). */
    format: "hotkey" | "legacy";
    /** Neuron uids. */
    uids: number[];
    /** u16 weights, before the chain's normalisation. */
    values: number[];
    /** The claimed weights version key. */
    versionKey: bigint;
  };

/** One `TimelockedWeightCommits` entry: `(who, commit_block, commit, reveal_round)`. */
export interface QueuedTimelockedCommit {
  /** The committing hotkey's 32-byte account id. */
  who: Uint8Array;
  /** The raw commit bytes. */
  commit: Uint8Array;
  /** The drand round it targets. */
  revealRound: bigint;
}

const ASCII_0X = [0x30, 0x78];

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Decides what the chain does with `entry` given the stored pulse signature of its round (or
 * `undefined` when `Drand.Pulses[reveal_round]` is absent), in the chain's order: pulse, commit,
 * signature, decryption, payload, hotkey.
 *
 * @example
 * ```ts
 * import { revealTimelockedCommit } from "./reveal.ts";
 * const outcome = revealTimelockedCommit({ who: new Uint8Array(32), commit: new Uint8Array(0), revealRound: 5n }, undefined);
 * console.assert(outcome.kind === "retry");
 * ```
 */
export function revealTimelockedCommit(
  entry: QueuedTimelockedCommit,
  pulseSignature: Uint8Array | undefined,
): RevealOutcome {
  if (pulseSignature === undefined) return { kind: "retry", reason: "pulse-missing" };
  try {
    parseCiphertext(entry.commit, { lenient: true });
  } catch (err) {
    return { kind: "dropped", reason: "commit-undeserializable", detail: message(err) };
  }
  // The chain strips an ASCII "0x" and reads one compressed G1 point from the front.
  let sig = pulseSignature;
  if (sig[0] === ASCII_0X[0] && sig[1] === ASCII_0X[1]) sig = sig.subarray(2);
  sig = sig.subarray(0, 48);
  let plaintext: Uint8Array;
  try {
    plaintext = decrypt(entry.commit, sig, { lenient: true });
  } catch (err) {
    const invalidPoint = err instanceof SubnetError && err.code === "chain/timelock-invalid-point";
    return {
      kind: "dropped",
      reason: invalidPoint ? "signature-undeserializable" : "undecryptable",
      detail: message(err),
    };
  }
  let payload;
  try {
    payload = decodeWeightsPayload(plaintext);
  } catch (err) {
    return { kind: "dropped", reason: "payload-undecodable", detail: message(err) };
  }
  if (payload.format === "hotkey" && !sameBytes(payload.hotkey, entry.who)) {
    return {
      kind: "dropped",
      reason: "hotkey-mismatch",
      detail: "the payload's hotkey is not the account that committed it",
    };
  }
  return {
    kind: "weights",
    format: payload.format,
    uids: [...payload.uids],
    values: [...payload.values],
    versionKey: payload.versionKey,
  };
}
