/**
 * Subscriptions of every connection: new/finalized/all heads, runtime version, storage keys and
 * watched extrinsics, with Substrate's notification names (client-rpc.md §3: `chain_newHead`,
 * `chain_finalizedHead`, `chain_allHead`, `state_runtimeVersion`, `state_storage`,
 * `author_extrinsicUpdate`). A new head or storage subscription gets the current value at once.
 *
 * @module
 */
import { u8aToHex } from "@polkadot/util";
import { type BlockRecord, type Chain, RpcError, type TxStatus } from "../chain.ts";
import { DEFAULT_DEVNET_LIMITS } from "../limits.ts";
import type { StorageKeyHex } from "../storage.ts";
import type { RpcSession } from "./types.ts";

/** What a subscription follows. */
export type SubscriptionKind = "newHead" | "finalizedHead" | "allHead" | "runtimeVersion" | "storage" | "extrinsic";

/** The notification method of each kind. */
export const NOTIFICATION_METHODS: Readonly<Record<SubscriptionKind, string>> = Object.freeze({
  newHead: "chain_newHead",
  finalizedHead: "chain_finalizedHead",
  allHead: "chain_allHead",
  runtimeVersion: "state_runtimeVersion",
  storage: "state_storage",
  extrinsic: "author_extrinsicUpdate",
});

/**
 * Milliseconds between a client's read of a block's events and the `{ finalized }` status it is
 * held for: `@polkadot/api` emits the `inBlock` result a few async steps after that read.
 */
const FINALIZED_AFTER_EVENTS_MS = 50;

/** Block hashes remembered per session as "events read". */
const EVENTS_READ_REMEMBERED = 64;

interface HeldStatus {
  readonly sub: Subscription;
  readonly status: TxStatus;
  timer: ReturnType<typeof setTimeout>;
}

interface Subscription {
  readonly id: string;
  readonly kind: SubscriptionKind;
  readonly session: RpcSession;
  /** Storage: the keys and the values last sent. */
  readonly keys?: Map<StorageKeyHex, string | null>;
  /** Extrinsic: its hash. */
  readonly txHash?: string;
}

/**
 * Tracks subscriptions and feeds them from the chain.
 *
 * @example
 * ```ts ignore
 * const hub = new SubscriptionHub(chain, { subscriptionsPerConnectionMax: 64 });
 * const id = hub.add(session, "newHead");
 * ```
 */
export class SubscriptionHub {
  readonly #chain: Chain;
  readonly #subs = new Map<string, Subscription>();
  readonly #byTx = new Map<string, Set<string>>();
  readonly #perConnectionMax: number;
  readonly #keysMax: number;
  readonly #finalizedHoldMs: number;
  /** `{ finalized }` statuses held until their session reads that block's events: by block hash. */
  readonly #held = new Map<string, HeldStatus[]>();
  /** Blocks whose events each session read lately (at most `EVENTS_READ_REMEMBERED` per session). */
  readonly #eventsReadBy = new WeakMap<RpcSession, string[]>();
  readonly #stop: () => void;
  #next = 1;

  /**
   * Starts following `chain`.
   *
   * @param chain the chain
   * @param options `subscriptionsPerConnectionMax` and `storageKeysPerSubscriptionMax` (defaults
   *   in `devnet/limits.ts`); `finalizedHoldMs`: how long a watched transaction's `{ finalized }`
   *   status waits for its client to read the inclusion block's events (default 2000)
   */
  constructor(
    chain: Chain,
    options: {
      subscriptionsPerConnectionMax?: number;
      storageKeysPerSubscriptionMax?: number;
      finalizedHoldMs?: number;
    } = {},
  ) {
    this.#chain = chain;
    this.#perConnectionMax = options.subscriptionsPerConnectionMax ??
      DEFAULT_DEVNET_LIMITS.subscriptionsPerConnectionMax;
    this.#keysMax = options.storageKeysPerSubscriptionMax ?? DEFAULT_DEVNET_LIMITS.storageKeysPerSubscriptionMax;
    this.#finalizedHoldMs = options.finalizedHoldMs ?? 2000;
    this.#stop = chain.listen({
      onBlock: (block) => this.#onBlock(block),
      onFinalized: (block) => this.#onFinalized(block),
      onTxStatus: (hash, status) => this.#onTxStatus(hash, status),
    });
  }

  /** Number of live subscriptions. */
  get size(): number {
    return this.#subs.size;
  }

  /**
   * Adds a subscription for `session`; the first notification (current head, values, or the
   * transaction's pool status) follows the subscribe response.
   *
   * @throws {RpcError} -32006 when the session holds `subscriptionsPerConnectionMax` subscriptions,
   *   -32602 when a storage subscription names more than `storageKeysPerSubscriptionMax` keys
   */
  add(
    session: RpcSession,
    kind: SubscriptionKind,
    options: { keys?: StorageKeyHex[]; txHash?: string; txStatus?: TxStatus } = {},
  ): string {
    if (session.closed) throw new RpcError(-32000, "Cannot subscribe: the connection is closed");
    if (session.subscriptions.size >= this.#perConnectionMax) {
      throw new RpcError(
        -32006,
        "Too many subscriptions on the connection",
        `Cannot subscribe: this connection holds ${session.subscriptions.size} subscriptions ` +
          `(subscriptionsPerConnectionMax ${this.#perConnectionMax}); unsubscribe or open another connection`,
      );
    }
    const keyCount = options.keys?.length ?? 0;
    if (keyCount > this.#keysMax) {
      throw new RpcError(
        -32602,
        `Invalid params: Cannot subscribe to ${keyCount} storage keys in one subscription ` +
          `(storageKeysPerSubscriptionMax ${this.#keysMax}); split them`,
      );
    }
    const id = `${this.#next++}`.padStart(16, "0");
    const sub: Subscription = {
      id,
      kind,
      session,
      keys: kind === "storage"
        ? new Map((options.keys ?? []).map((k) => [k.toLowerCase() as StorageKeyHex, null]))
        : undefined,
      txHash: options.txHash,
    };
    this.#subs.set(id, sub);
    session.subscriptions.add(id);
    if (options.txHash) {
      let set = this.#byTx.get(options.txHash);
      if (!set) this.#byTx.set(options.txHash, set = new Set());
      set.add(id);
    }
    const method = NOTIFICATION_METHODS[kind];
    const best = this.#chain.best;
    switch (kind) {
      case "newHead":
      case "allHead":
        session.notify(method, id, best.header);
        break;
      case "finalizedHead":
        session.notify(method, id, this.#chain.finalized.header);
        break;
      case "runtimeVersion":
        session.notify(method, id, this.#chain.runtime.metadata.version);
        break;
      case "storage":
        session.notify(method, id, { block: best.hash, changes: this.#changes(sub, true) });
        break;
      case "extrinsic":
        if (options.txStatus) session.notify(method, id, options.txStatus);
        break;
    }
    return id;
  }

  /** Removes subscription `id` if `session` owns it; returns whether it existed. */
  remove(session: RpcSession, id: string): boolean {
    const sub = this.#subs.get(id);
    if (!sub || sub.session !== session) return false;
    this.#drop(sub);
    return true;
  }

  /** Removes every subscription of a closed connection. */
  closeSession(session: RpcSession): void {
    for (const id of session.subscriptions) {
      const sub = this.#subs.get(id);
      if (sub) this.#drop(sub);
    }
    session.subscriptions.clear();
  }

  /**
   * Tells the hub that `session` read `System.Events` at `blockHash`: `{ finalized }` statuses of
   * transactions it watches in that block are released now (after the answer to that read).
   *
   * `@polkadot/api` turns each status into a result only after reading the block's events, and a
   * later status cancels that work (`switchMap`); on a fast devnet `finalized` would overtake
   * `inBlock`, so it is held until the client has what it needs, or `finalizedHoldMs` passed.
   */
  eventsRead(session: RpcSession, blockHash: string): void {
    let read = this.#eventsReadBy.get(session);
    if (!read) this.#eventsReadBy.set(session, read = []);
    if (!read.includes(blockHash)) {
      read.push(blockHash);
      if (read.length > EVENTS_READ_REMEMBERED) read.shift();
    }
    const held = this.#held.get(blockHash);
    if (!held) return;
    for (const h of held) {
      if (h.sub.session !== session) continue;
      clearTimeout(h.timer);
      h.timer = setTimeout(() => this.#release(blockHash, h), FINALIZED_AFTER_EVENTS_MS);
    }
  }

  #release(blockHash: string, entry: HeldStatus): void {
    const rest = this.#held.get(blockHash)?.filter((h) => h !== entry) ?? [];
    if (rest.length) this.#held.set(blockHash, rest);
    else this.#held.delete(blockHash);
    this.#deliver(entry.sub, entry.status);
  }

  /** Stops following the chain. */
  close(): void {
    for (const list of this.#held.values()) for (const h of list) clearTimeout(h.timer);
    this.#held.clear();
    this.#stop();
    this.#subs.clear();
    this.#byTx.clear();
  }

  #drop(sub: Subscription): void {
    this.#subs.delete(sub.id);
    for (const [block, list] of this.#held) {
      const rest = list.filter((h) => {
        if (h.sub !== sub) return true;
        clearTimeout(h.timer);
        return false;
      });
      if (rest.length) this.#held.set(block, rest);
      else this.#held.delete(block);
    }
    sub.session.subscriptions.delete(sub.id);
    if (sub.txHash) {
      const set = this.#byTx.get(sub.txHash);
      set?.delete(sub.id);
      if (set && set.size === 0) this.#byTx.delete(sub.txHash);
    }
  }

  #changes(sub: Subscription, all: boolean): [string, string | null][] {
    const out: [string, string | null][] = [];
    for (const [key, last] of sub.keys!) {
      const raw = this.#chain.storage.getRaw(key);
      const value = raw ? u8aToHex(raw) : null;
      if (all || value !== last) out.push([key, value]);
      sub.keys!.set(key, value);
    }
    return out;
  }

  #onBlock(block: BlockRecord): void {
    for (const sub of this.#subs.values()) {
      const method = NOTIFICATION_METHODS[sub.kind];
      switch (sub.kind) {
        case "newHead":
        case "allHead":
          sub.session.notify(method, sub.id, block.header);
          break;
        case "storage": {
          const changes = this.#changes(sub, false);
          if (changes.length) sub.session.notify(method, sub.id, { block: block.hash, changes });
          break;
        }
      }
    }
  }

  #onFinalized(block: BlockRecord): void {
    for (const sub of this.#subs.values()) {
      if (sub.kind === "finalizedHead") sub.session.notify(NOTIFICATION_METHODS.finalizedHead, sub.id, block.header);
    }
  }

  #onTxStatus(hash: string, status: TxStatus): void {
    const ids = this.#byTx.get(hash);
    if (!ids) return;
    for (const id of [...ids]) {
      const sub = this.#subs.get(id);
      if (!sub) continue;
      if (typeof status === "object" && "finalized" in status && this.#finalizedHoldMs > 0) {
        const block = status.finalized;
        const entry: HeldStatus = { sub, status, timer: 0 as unknown as ReturnType<typeof setTimeout> };
        const alreadyRead = this.#eventsReadBy.get(sub.session)?.includes(block) ?? false;
        const wait = alreadyRead ? FINALIZED_AFTER_EVENTS_MS : this.#finalizedHoldMs;
        entry.timer = setTimeout(() => this.#release(block, entry), wait);
        let list = this.#held.get(block);
        if (!list) this.#held.set(block, list = []);
        list.push(entry);
        continue;
      }
      this.#deliver(sub, status);
    }
  }

  #deliver(sub: Subscription, status: TxStatus): void {
    if (!this.#subs.has(sub.id)) return;
    sub.session.notify(NOTIFICATION_METHODS.extrinsic, sub.id, status);
    const final = typeof status === "string"
      ? status !== "ready" && status !== "future"
      : "finalized" in status || "usurped" in status;
    if (final) this.#drop(sub);
  }
}
