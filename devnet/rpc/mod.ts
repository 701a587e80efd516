/**
 * The devnet's JSON-RPC dispatcher: one table of every method keyed by wire name (`system_*`,
 * `chain_*`, `state_*`, `author_*`, `payment_*`, `engine_*`, `rpc_methods`), answering single
 * requests and batches; unknown methods get `-32601 Method not found`, as a real node answers.
 * Transport-free: the WebSocket/HTTP server and the in-process provider both feed it.
 *
 * Methods are looked up in a `Map`, never through an object's prototype, so `constructor`,
 * `__proto__` or `toString` are unknown methods like any other; every handler failure is a JSON-RPC
 * error, and {@link encodeRpcMessage} turns a result that cannot be JSON (a `bigint`) into one too.
 *
 * @module
 */
import { type Logger, silentLogger } from "../../protocol/logger.ts";
import { type Chain, RpcError } from "../chain.ts";
import { authorRpc } from "./author.ts";
import { chainRpc } from "./chain.ts";
import { SubscriptionHub } from "./hub.ts";
import { stateRpc } from "./state.ts";
import { systemRpc } from "./system.ts";
import { unsupportedRpc } from "./unsupported.ts";
import { DEFAULT_DEVNET_LIMITS, type DevnetLimits } from "../limits.ts";
import {
  type JsonRpcNotification,
  type JsonRpcRequest,
  type JsonRpcResponse,
  type MessageSink,
  type NodeInfo,
  type RpcContext,
  type RpcMethod,
  RpcSession,
  type RpcTable,
} from "./types.ts";

export { RpcSession } from "./types.ts";
export type { JsonRpcNotification, JsonRpcRequest, JsonRpcResponse, MessageSink, NodeInfo } from "./types.ts";

/** Every method the devnet serves, by wire name. */
export const RPC_METHODS: RpcTable = Object.freeze({ ...systemRpc, ...chainRpc, ...stateRpc, ...authorRpc });

/**
 * A message as JSON text. A response whose result cannot be serialized (a `bigint`, a cycle)
 * becomes a `-32603` error response for the same id, and a notification that cannot becomes
 * `null`, so a sender never throws.
 *
 * @example
 * ```ts
 * import { encodeRpcMessage } from "./mod.ts";
 * const text = encodeRpcMessage({ jsonrpc: "2.0", id: 1, result: 1n });
 * console.assert(text !== null && JSON.parse(text).error.code === -32603);
 * ```
 */
export function encodeRpcMessage(message: JsonRpcResponse | JsonRpcResponse[] | JsonRpcNotification): string | null {
  try {
    return JSON.stringify(message);
  } catch (err) {
    const failed = (m: JsonRpcResponse): JsonRpcResponse => {
      try {
        JSON.stringify(m);
        return m;
      } catch {
        return { jsonrpc: "2.0", id: m.id, error: { code: -32603, message: `Internal error: ${errorText(err)}` } };
      }
    };
    if (Array.isArray(message)) return JSON.stringify(message.map(failed));
    if ("id" in message) return JSON.stringify(failed(message));
    return null;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Options of {@link RpcHandler}. */
export interface RpcHandlerOptions {
  /** The chain. */
  readonly chain: Chain;
  /** Node identity. */
  readonly node: NodeInfo;
  /** Called after a transaction enters the pool. */
  readonly onSubmitted?: () => void;
  /** Makes a block now. */
  readonly seal?: () => void;
  /** Methods served besides {@link RPC_METHODS} (same name: this one wins). */
  readonly methods?: RpcTable;
  /** Where request failures are logged (debug). */
  readonly logger?: Logger;
  /** `batchRequestsMax`, `subscriptionsPerConnectionMax`, `storageKeysPerSubscriptionMax` (defaults in `devnet/limits.ts`). */
  readonly limits?: Partial<
    Pick<DevnetLimits, "batchRequestsMax" | "subscriptionsPerConnectionMax" | "storageKeysPerSubscriptionMax">
  >;
  /** How long a `{ finalized }` status waits for its client to read the block's events (default 2000 ms). */
  readonly finalizedHoldMs?: number;
}

/**
 * Answers JSON-RPC for one chain.
 *
 * @example
 * ```ts ignore
 * const rpc = new RpcHandler({ chain, node });
 * const session = rpc.openSession((m) => socket.send(JSON.stringify(m)));
 * rpc.handleText(session, '{"jsonrpc":"2.0","id":1,"method":"system_chain","params":[]}');
 * ```
 */
export class RpcHandler {
  /** Subscriptions of every session. */
  readonly hub: SubscriptionHub;
  readonly #chain: Chain;
  readonly #node: NodeInfo;
  readonly #onSubmitted: () => void;
  readonly #seal: () => void;
  readonly #logger: Logger;
  readonly #batchRequestsMax: number;
  readonly #names: string[];
  readonly #methods: ReadonlyMap<string, RpcMethod>;

  /**
   * Creates the handler and starts following the chain for subscriptions.
   *
   * @param options chain, identity, hooks and limits
   */
  constructor(options: RpcHandlerOptions) {
    this.#chain = options.chain;
    this.#node = options.node;
    this.#onSubmitted = options.onSubmitted ?? (() => {});
    this.#seal = options.seal ?? (() => void options.chain.produceBlock());
    this.#logger = options.logger ?? silentLogger;
    this.#batchRequestsMax = options.limits?.batchRequestsMax ?? DEFAULT_DEVNET_LIMITS.batchRequestsMax;
    this.hub = new SubscriptionHub(options.chain, {
      subscriptionsPerConnectionMax: options.limits?.subscriptionsPerConnectionMax,
      storageKeysPerSubscriptionMax: options.limits?.storageKeysPerSubscriptionMax,
      finalizedHoldMs: options.finalizedHoldMs,
    });
    this.#methods = new Map([...Object.entries(RPC_METHODS), ...Object.entries(options.methods ?? {})]);
    this.#names = [...this.#methods.keys()].sort();
  }

  /** Opens a session whose messages go to `sink`. */
  openSession(sink: MessageSink): RpcSession {
    return new RpcSession(sink);
  }

  /** Closes a session and drops its subscriptions. */
  closeSession(session: RpcSession): void {
    session.close();
    this.hub.closeSession(session);
  }

  /** Stops following the chain. */
  close(): void {
    this.hub.close();
  }

  /** Handles one request and returns its response (`null` for a notification without id). */
  handle(session: RpcSession, request: unknown): JsonRpcResponse | null {
    const req = request as JsonRpcRequest;
    const rawId = req && typeof req === "object" && "id" in req ? req.id ?? null : null;
    const id = typeof rawId === "string" || typeof rawId === "number" ? rawId : null;
    if (!req || typeof req !== "object" || typeof req.method !== "string" || id !== rawId) {
      return { jsonrpc: "2.0", id, error: { code: -32600, message: "Invalid request" } };
    }
    const method = this.#methods.get(req.method) ?? unsupportedRpc(req.method);
    if (method === undefined) return { jsonrpc: "2.0", id, error: { code: -32601, message: "Method not found" } };
    const params = Array.isArray(req.params)
      ? req.params
      : req.params !== null && typeof req.params === "object"
      ? Object.values(req.params)
      : [];
    const ctx: RpcContext = {
      chain: this.#chain,
      session,
      hub: this.hub,
      node: this.#node,
      onSubmitted: this.#onSubmitted,
      seal: this.#seal,
      methodNames: () => this.#names,
    };
    try {
      const result = method(ctx, params);
      return req.id === undefined ? null : { jsonrpc: "2.0", id, result: result === undefined ? null : result };
    } catch (err) {
      if (err instanceof RpcError) {
        const error: JsonRpcResponse["error"] = { code: err.code, message: err.message };
        if (err.data !== undefined) error.data = err.data;
        return { jsonrpc: "2.0", id, error };
      }
      if (err instanceof RangeError) {
        return { jsonrpc: "2.0", id, error: { code: -32602, message: `Invalid params: ${err.message}` } };
      }
      this.#logger.error("devnet.rpc_bug", {
        method: req.method,
        error: err instanceof Error ? err.stack : String(err),
      });
      return { jsonrpc: "2.0", id, error: { code: -32603, message: `Internal error: ${errorText(err)}` } };
    }
  }

  /**
   * Handles one text message (a request or a batch) and sends the answer through the session,
   * then any notifications it raised.
   */
  handleText(session: RpcSession, text: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      session.begin();
      session.end({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } });
      return;
    }
    this.handleParsed(session, parsed);
  }

  /** Like {@link handleText} for an already parsed message; returns the answer it sent. */
  handleParsed(session: RpcSession, parsed: unknown): JsonRpcResponse | JsonRpcResponse[] | null {
    session.begin();
    if (!Array.isArray(parsed)) {
      const response = this.handle(session, parsed);
      session.end(response);
      return response;
    }
    if (parsed.length === 0 || parsed.length > this.#batchRequestsMax) {
      const response: JsonRpcResponse = {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32600, message: `Invalid request: a batch holds 1 to ${this.#batchRequestsMax} requests` },
      };
      session.end(response);
      return response;
    }
    const responses = parsed.map((r) => this.handle(session, r)).filter((r): r is JsonRpcResponse => r !== null);
    session.endBatch(responses);
    return responses;
  }
}
