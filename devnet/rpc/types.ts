/**
 * Shared shapes of the devnet's JSON-RPC layer: requests, responses, sessions (one per connection,
 * holding its subscriptions) and method tables keyed by wire name.
 *
 * @module
 */
import type { Chain } from "../chain.ts";
import type { SubscriptionHub } from "./hub.ts";

/** A JSON-RPC 2.0 request. */
export interface JsonRpcRequest {
  /** Always `"2.0"`. */
  jsonrpc?: string;
  /** The request id (absent for notifications, which get no answer). */
  id?: number | string | null;
  /** The wire method name. */
  method: string;
  /** Positional parameters. */
  params?: unknown[] | Record<string, unknown>;
}

/** A JSON-RPC 2.0 response. */
export interface JsonRpcResponse {
  /** Always `"2.0"`. */
  jsonrpc: "2.0";
  /** The request's id. */
  id: number | string | null;
  /** The result, on success. */
  result?: unknown;
  /** The error, on failure. */
  error?: { code: number; message: string; data?: unknown };
}

/** Where a session's messages go (a WebSocket, or the in-process provider). */
export type MessageSink = (message: JsonRpcResponse | JsonRpcResponse[] | JsonRpcNotification) => void;

/** A subscription notification. */
export interface JsonRpcNotification {
  /** Always `"2.0"`. */
  jsonrpc: "2.0";
  /** The notification method (`chain_newHead`, `author_extrinsicUpdate`, …). */
  method: string;
  /** Subscription id and result. */
  params: { subscription: string; result: unknown };
}

/**
 * One client connection. Notifications raised while a request is being answered are held until
 * its response is sent, so a client always learns a subscription id before its first notification.
 */
export class RpcSession {
  readonly #sink: MessageSink;
  #busy = 0;
  #held: JsonRpcNotification[] = [];
  #closed = false;
  /** Subscription ids this session owns. */
  readonly subscriptions: Set<string> = new Set();

  /**
   * Creates a session writing to `sink`.
   *
   * @param sink where messages go
   */
  constructor(sink: MessageSink) {
    this.#sink = sink;
  }

  /** Whether the connection is gone. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Marks the start of answering a request. */
  begin(): void {
    this.#busy++;
  }

  /** Sends `response` and then any held notifications. */
  end(response: JsonRpcResponse | null): void {
    this.#busy--;
    if (response && !this.#closed) this.#sink(response);
    if (this.#busy === 0) this.flush();
  }

  /** Sends a batch's responses (as one array, if any) and then held notifications. */
  endBatch(responses: JsonRpcResponse[]): void {
    this.#busy--;
    if (responses.length && !this.#closed) this.#sink(responses);
    if (this.#busy === 0) this.flush();
  }

  /** Sends held notifications. */
  flush(): void {
    const held = this.#held;
    this.#held = [];
    if (!this.#closed) { for (const n of held) this.#sink(n); }
  }

  /** Sends (or holds) a notification. */
  notify(method: string, subscription: string, result: unknown): void {
    if (this.#closed) return;
    const message: JsonRpcNotification = { jsonrpc: "2.0", method, params: { subscription, result } };
    if (this.#busy > 0) this.#held.push(message);
    else this.#sink(message);
  }

  /** Marks the connection closed; later messages are dropped. */
  close(): void {
    this.#closed = true;
    this.#held = [];
  }
}

/** Node identity served by `system_*`. */
export interface NodeInfo {
  /** `system_chain`. */
  readonly chain: string;
  /** `system_name`. */
  readonly name: string;
  /** `system_version`. */
  readonly version: string;
  /** `system_properties`. */
  readonly properties: Readonly<Record<string, unknown>>;
}

/** What a method handler receives. */
export interface RpcContext {
  /** The chain. */
  readonly chain: Chain;
  /** The calling connection (for subscriptions). */
  readonly session: RpcSession;
  /** Subscriptions. */
  readonly hub: SubscriptionHub;
  /** Node identity. */
  readonly node: NodeInfo;
  /** Called after a transaction enters the pool (instant sealing hooks in here). */
  readonly onSubmitted: () => void;
  /** Makes a block now (`engine_createBlock`). */
  readonly seal: () => void;
  /** Every served method name (for `rpc_methods`). */
  readonly methodNames: () => string[];
}

/** A JSON-RPC method: positional params in, JSON result out (or a thrown `RpcError`). */
export type RpcMethod = (ctx: RpcContext, params: unknown[]) => unknown;

/** Methods keyed by wire name. */
export type RpcTable = Readonly<Record<string, RpcMethod>>;
