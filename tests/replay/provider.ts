/**
 * The replay node as an in-process `ProviderInterface` for `@polkadot/api` (no socket), and as a
 * WebSocket JSON-RPC server on 127.0.0.1 (port 0 by default) for code that connects by URL.
 *
 * @module
 */
import type { ApiOptions } from "@polkadot/api/types";
import { type ReplayNode, type RpcAnswer, SUBSCRIPTIONS } from "./node.ts";

/** `@polkadot/api`'s provider contract. */
export type Provider = NonNullable<ApiOptions["provider"]>;
type Callback = (error: Error | null, result: unknown) => void;
type Emitted = "connected" | "disconnected" | "error";

/** A JSON-RPC error as an `Error` with its code, the way `@polkadot/rpc-provider` raises them. */
function rpcError(answer: { error: { code: number; message: string } }): Error {
  return Object.assign(new Error(`${answer.error.code}: ${answer.error.message}`), { code: answer.error.code });
}

/**
 * An in-process provider answering from a `ReplayNode`.
 *
 * @example
 * ```ts
 * import { ApiPromise } from "@polkadot/api";
 * import { loadFinneyFixtures, ReplayNode } from "./node.ts";
 * import { ReplayProvider } from "./provider.ts";
 * const provider = new ReplayProvider(new ReplayNode(await loadFinneyFixtures(), { scenario: "metagraph" }));
 * const api = await ApiPromise.create({ provider });
 * await api.disconnect();
 * ```
 */
export class ReplayProvider implements Provider {
  /** The node answering. */
  readonly node: ReplayNode;
  #connected = true;
  #listeners = new Map<Emitted, Set<(v?: unknown) => unknown>>();
  #nextSub = 1;

  /**
   * Wraps a node.
   *
   * @param node the replay node
   */
  constructor(node: ReplayNode) {
    this.node = node;
  }

  /** Subscriptions are supported. */
  get hasSubscriptions(): boolean {
    return true;
  }
  /** Not clonable. */
  get isClonable(): boolean {
    return false;
  }
  /** Connected until `disconnect()`. */
  get isConnected(): boolean {
    return this.#connected;
  }
  /** Not clonable: throws. */
  clone(): Provider {
    throw new Error("ReplayProvider cannot be cloned");
  }
  /** Connects (again). */
  connect(): Promise<void> {
    this.#connected = true;
    this.#emit("connected");
    return Promise.resolve();
  }
  /** Disconnects. */
  disconnect(): Promise<void> {
    if (this.#connected) {
      this.#connected = false;
      this.#emit("disconnected");
    }
    return Promise.resolve();
  }
  /**
   * Listens to an event.
   *
   * @param type the event
   * @param sub the listener
   */
  on(type: Emitted, sub: (v?: unknown) => unknown): () => void {
    const set = this.#listeners.get(type) ?? new Set();
    set.add(sub);
    this.#listeners.set(type, set);
    return () => set.delete(sub);
  }
  /**
   * Sends one call.
   *
   * @param method the method
   * @param params its params
   */
  send<T = unknown>(method: string, params: unknown[]): Promise<T> {
    if (!this.#connected) return Promise.reject(new Error("ReplayProvider is disconnected"));
    const answer: RpcAnswer = this.node.answer(method, params);
    if ("error" in answer) return Promise.reject(rpcError(answer));
    return Promise.resolve(answer.result as T);
  }
  /**
   * Subscribes: answers with an id, then sends the first notification if the node has one.
   *
   * @param _type the notification type
   * @param method the subscribe method
   * @param params its params
   * @param cb receives notifications
   */
  subscribe(_type: string, method: string, params: unknown[], cb: Callback): Promise<number | string> {
    if (!(method in SUBSCRIPTIONS)) {
      const answer = this.node.answer(method, params);
      if ("error" in answer) return Promise.reject(rpcError(answer));
    }
    this.node.log.push(`${method} ${JSON.stringify(params)}`);
    const id = this.#nextSub++;
    const first = this.node.firstNotification(method);
    if (first !== undefined && first !== null) queueMicrotask(() => cb(null, first));
    return Promise.resolve(id);
  }
  /** Unsubscribes (always succeeds). */
  unsubscribe(): Promise<boolean> {
    return Promise.resolve(true);
  }
  #emit(type: Emitted, value?: unknown): void {
    for (const l of this.#listeners.get(type) ?? []) l(value);
  }
}

/** A running replay WebSocket server. */
export interface ReplayServer extends AsyncDisposable {
  /** `ws://127.0.0.1:PORT`. */
  url: string;
  /** The node answering. */
  node: ReplayNode;
  /** Closes the server and every connection. */
  close(): Promise<void>;
}

/**
 * Serves a node over WebSocket JSON-RPC on 127.0.0.1 (port 0 unless given).
 *
 * @example
 * ```ts
 * import { loadFinneyFixtures, ReplayNode } from "./node.ts";
 * import { serveReplay } from "./provider.ts";
 * await using server = serveReplay(new ReplayNode(await loadFinneyFixtures(), { scenario: "metagraph" }));
 * console.log(server.url);
 * ```
 */
export function serveReplay(node: ReplayNode, options: { port?: number } = {}): ReplayServer {
  const sockets = new Set<WebSocket>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: options.port ?? 0, onListen() {} },
    (req) => {
      if (req.headers.get("upgrade") !== "websocket") return new Response("replay: websocket only", { status: 400 });
      const { socket, response } = Deno.upgradeWebSocket(req);
      sockets.add(socket);
      let nextSub = 1;
      socket.onclose = () => sockets.delete(socket);
      socket.onmessage = (ev) => {
        let req: { id?: number | string; method?: string; params?: unknown[] };
        try {
          req = JSON.parse(String(ev.data));
        } catch {
          socket.send(JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } }));
          return;
        }
        const method = req.method ?? "";
        const params = req.params ?? [];
        const notification = SUBSCRIPTIONS[method];
        if (notification) {
          node.log.push(`${method} ${JSON.stringify(params)}`);
          const id = nextSub++;
          socket.send(JSON.stringify({ jsonrpc: "2.0", id: req.id, result: id }));
          const first = node.firstNotification(method);
          if (first !== undefined && first !== null) {
            socket.send(JSON.stringify({
              jsonrpc: "2.0",
              method: notification,
              params: { subscription: id, result: first },
            }));
          }
          return;
        }
        const answer = node.answer(method, params);
        socket.send(JSON.stringify({ jsonrpc: "2.0", id: req.id, ...answer }));
      };
      return response;
    },
  );
  const url = `ws://127.0.0.1:${server.addr.port}`;
  const close = async () => {
    for (const s of sockets) {
      try {
        s.close(1000);
      } catch {
        // already closed
      }
    }
    await server.shutdown();
  };
  return { url, node, close, [Symbol.asyncDispose]: close };
}
