/**
 * An in-process `ProviderInterface` for `@polkadot/api`: the same JSON-RPC path as a WebSocket
 * client (requests and responses are JSON round-tripped), with no port. Responses and
 * notifications are delivered asynchronously and in order; notifications that arrive before
 * `subscribe` learns its id are held and replayed, as `WsProvider` does.
 *
 * @module
 */
import { encodeRpcMessage, type RpcHandler, type RpcSession } from "./rpc/mod.ts";
import type { JsonRpcNotification, JsonRpcResponse } from "./rpc/types.ts";

/** Held notifications per subscription at most, before `subscribe` resolves. */
const EARLY_NOTIFICATIONS_MAX = 1024;

/** The events a provider emits. */
export type ProviderEvent = "connected" | "disconnected" | "error";

/** A subscription callback: an error, or the notification's result. */
// deno-lint-ignore no-explicit-any
export type ProviderInterfaceCallback = (error: Error | null, result: any) => void;

/**
 * The provider shape `@polkadot/api` takes (`ApiOptions.provider`, `@polkadot/rpc-provider`'s
 * `ProviderInterface`), restated so the devnet's public types name no private package path.
 */
export interface ProviderInterface {
  /** Whether subscriptions work. */
  readonly hasSubscriptions: boolean;
  /** Whether `clone()` works. */
  readonly isClonable: boolean;
  /** Whether it is connected. */
  readonly isConnected: boolean;
  /** A new provider to the same node. */
  clone(): ProviderInterface;
  /** Connects. */
  connect(): Promise<void>;
  /** Disconnects. */
  disconnect(): Promise<void>;
  /** Listens to connection events; returns the unsubscribe function. */
  // deno-lint-ignore no-explicit-any
  on(type: ProviderEvent, sub: (value?: any) => any): () => void;
  /** Sends a request. */
  // deno-lint-ignore no-explicit-any
  send<T = any>(method: string, params: unknown[], isCacheable?: boolean): Promise<T>;
  /** Subscribes. */
  subscribe(type: string, method: string, params: unknown[], cb: ProviderInterfaceCallback): Promise<number | string>;
  /** Unsubscribes. */
  unsubscribe(type: string, method: string, id: number | string): Promise<boolean>;
}

/**
 * A provider bound to one devnet's RPC handler.
 *
 * @example
 * ```ts ignore
 * const api = await ApiPromise.create({ provider: new InProcessProvider(rpc) });
 * ```
 */
export class InProcessProvider implements ProviderInterface {
  readonly #rpc: RpcHandler;
  #session: RpcSession | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  readonly #subs = new Map<string, ProviderInterfaceCallback>();
  readonly #early = new Map<string, unknown[]>();
  readonly #listeners = new Map<ProviderEvent, Set<(value?: unknown) => unknown>>();
  readonly #queue: (JsonRpcResponse | JsonRpcNotification)[] = [];
  #draining = false;

  /**
   * Creates a connected provider.
   *
   * @param rpc the devnet's RPC handler
   */
  constructor(rpc: RpcHandler) {
    this.#rpc = rpc;
    this.#open();
  }

  /** Always `true`: subscriptions are supported. */
  get hasSubscriptions(): boolean {
    return true;
  }

  /** Always `true`. */
  get isClonable(): boolean {
    return true;
  }

  /** Whether the provider is connected. */
  get isConnected(): boolean {
    return this.#session !== null;
  }

  /** A new, separately connected provider to the same devnet. */
  clone(): InProcessProvider {
    return new InProcessProvider(this.#rpc);
  }

  /** Connects (again) if disconnected. */
  connect(): Promise<void> {
    if (!this.#session) this.#open();
    return Promise.resolve();
  }

  /** Disconnects: pending requests reject, subscriptions end. */
  disconnect(): Promise<void> {
    const session = this.#session;
    if (!session) return Promise.resolve();
    this.#session = null;
    this.#rpc.closeSession(session);
    for (const p of this.#pending.values()) p.reject(new Error("The in-process devnet provider was disconnected"));
    this.#pending.clear();
    this.#subs.clear();
    this.#early.clear();
    this.#emit("disconnected");
    return Promise.resolve();
  }

  /** Listens to `connected`, `disconnected` or `error`; returns the unsubscribe function. */
  on(type: ProviderEvent, sub: (value?: unknown) => unknown): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, set = new Set());
    set.add(sub);
    return () => set.delete(sub);
  }

  /** Sends a request; resolves with its result or rejects with its error. */
  send<T = unknown>(method: string, params: unknown[], _isCacheable?: boolean): Promise<T> {
    const session = this.#session;
    if (!session) return Promise.reject(new Error("The in-process devnet provider is not connected"));
    const id = this.#nextId++;
    const promise = new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    this.#rpc.handleParsed(session, JSON.parse(JSON.stringify({ jsonrpc: "2.0", id, method, params })));
    return promise;
  }

  /** Subscribes: `method` returns the id; notifications named `type` go to `cb`. */
  async subscribe(
    type: string,
    method: string,
    params: unknown[],
    cb: ProviderInterfaceCallback,
  ): Promise<number | string> {
    const id = await this.send<string>(method, params);
    const key = `${type}::${id}`;
    this.#subs.set(key, cb);
    const early = this.#early.get(key);
    if (early) {
      this.#early.delete(key);
      for (const result of early) cb(null, result);
    }
    return id;
  }

  /** Unsubscribes with `method`. */
  async unsubscribe(type: string, method: string, id: number | string): Promise<boolean> {
    const key = `${type}::${id}`;
    if (!this.#subs.delete(key)) return false;
    this.#early.delete(key);
    return await this.send<boolean>(method, [id]);
  }

  #open(): void {
    this.#session = this.#rpc.openSession((message) => {
      const text = encodeRpcMessage(message);
      if (text === null) return;
      const parsed = JSON.parse(text);
      for (const m of Array.isArray(parsed) ? parsed : [parsed]) this.#queue.push(m);
      if (!this.#draining) {
        this.#draining = true;
        queueMicrotask(() => this.#drain());
      }
    });
    queueMicrotask(() => this.#emit("connected"));
  }

  #drain(): void {
    this.#draining = false;
    const items = this.#queue.splice(0);
    for (const m of items) {
      if ("id" in m) {
        const p = this.#pending.get(m.id as number);
        if (!p) continue;
        this.#pending.delete(m.id as number);
        if (m.error) {
          const err = new Error(`${m.error.code}: ${m.error.message}${m.error.data ? `: ${m.error.data}` : ""}`);
          p.reject(err);
        } else p.resolve(m.result);
      } else {
        const key = `${m.method}::${m.params.subscription}`;
        const cb = this.#subs.get(key);
        if (cb) cb(null, m.params.result);
        else {
          let held = this.#early.get(key);
          if (!held) this.#early.set(key, held = []);
          if (held.length < EARLY_NOTIFICATIONS_MAX) held.push(m.params.result);
        }
      }
    }
  }

  #emit(type: ProviderEvent): void {
    for (const l of this.#listeners.get(type) ?? []) l();
  }
}
