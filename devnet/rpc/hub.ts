/**
 * Subscriptions of every connection: new/finalized/all heads, runtime version, storage keys and
 * watched extrinsics, with Substrate's notification names (client-rpc.md §3: `chain_newHead`,
 * `chain_finalizedHead`, `chain_allHead`, `state_runtimeVersion`, `state_storage`,
 * `author_extrinsicUpdate`). A new head or storage subscription gets the current value at once.
 *
 * @module
 */
import { u8aToHex } from "@polkadot/util";
import type { BlockRecord, Chain, TxStatus } from "../chain.ts";
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
 * const hub = new SubscriptionHub(chain, { subscriptionsMax: 4096 });
 * const id = hub.add(session, "newHead");
 * ```
 */
export class SubscriptionHub {
  readonly #chain: Chain;
  readonly #subs = new Map<string, Subscription>();
  readonly #byTx = new Map<string, Set<string>>();
  readonly #subscriptionsMax: number;
  readonly #stop: () => void;
  #next = 1;

  /**
   * Starts following `chain`.
   *
   * @param chain the chain
   * @param options `subscriptionsMax`: subscriptions held at most over all connections (default 16384)
   */
  constructor(chain: Chain, options: { subscriptionsMax?: number } = {}) {
    this.#chain = chain;
    this.#subscriptionsMax = options.subscriptionsMax ?? 16384;
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
   * @throws {RangeError} when `subscriptionsMax` is reached
   */
  add(
    session: RpcSession,
    kind: SubscriptionKind,
    options: { keys?: StorageKeyHex[]; txHash?: string; txStatus?: TxStatus } = {},
  ): string {
    if (this.#subs.size >= this.#subscriptionsMax) {
      throw new RangeError(`Cannot subscribe: ${this.#subscriptionsMax} subscriptions are open (the limit)`);
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

  /** Stops following the chain. */
  close(): void {
    this.#stop();
    this.#subs.clear();
    this.#byTx.clear();
  }

  #drop(sub: Subscription): void {
    this.#subs.delete(sub.id);
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
      sub.session.notify(NOTIFICATION_METHODS.extrinsic, id, status);
      const final = typeof status === "string"
        ? status !== "ready" && status !== "future"
        : "finalized" in status || "usurped" in status;
      if (final) this.#drop(sub);
    }
  }
}
