/**
 * A small JSON-RPC client over one WebSocket for the fork reader: requests in flight at once, a
 * timeout per request, reconnection with backoff when the transport fails (the node's own error
 * answers are never retried), and counters of what was read for the progress line. It depends on
 * nothing but the runtime's `WebSocket`, so the devnet imports nothing from `chain/`.
 *
 * @module
 */
import { SubnetError } from "../../protocol/errors.ts";

/** Endpoints the fork accepts by name, as the rest of the toolkit names them. */
export const NAMED_ENDPOINTS: Readonly<Record<string, string>> = Object.freeze({
  finney: "wss://entrypoint-finney.opentensor.ai:443",
  test: "wss://test.finney.opentensor.ai:443",
  local: "ws://127.0.0.1:9944",
});

/**
 * The WebSocket URL of `finney`, `test`, `local` or an endpoint (`ws://`, `wss://`; `http(s)://` is
 * turned into its WebSocket form).
 *
 * @throws {SubnetError} `devnet/fork-endpoint` when it is none of those
 * @example
 * ```ts
 * import { resolveEndpoint } from "./rpc.ts";
 * console.assert(resolveEndpoint("local") === "ws://127.0.0.1:9944");
 * ```
 */
export function resolveEndpoint(endpoint: string): string {
  const named = NAMED_ENDPOINTS[endpoint];
  if (named) return named;
  const m = /^(wss?|https?):\/\/[^\s/]+/.exec(endpoint);
  if (!m) {
    throw new SubnetError(
      "devnet/fork-endpoint",
      `Cannot fork from "${endpoint}": give finney, test, local or a ws:// or wss:// endpoint`,
    );
  }
  return endpoint.replace(/^http/, "ws");
}

/** A JSON-RPC error the node answered with (not retried: the node said no). */
export class NodeRpcError extends Error {
  /** The JSON-RPC error code. */
  readonly code: number;

  /**
   * Creates the error.
   *
   * @param code the JSON-RPC code
   * @param message the node's message
   */
  constructor(code: number, message: string) {
    super(message);
    this.name = "NodeRpcError";
    this.code = code;
  }
}

/** Options of {@link ForkRpc.connect}. */
export interface ForkRpcOptions {
  /** Milliseconds to wait for one answer (default 30,000). */
  readonly timeoutMs?: number;
  /** Reconnections tried after a transport failure, per request (default 3). */
  readonly retries?: number;
  /** Milliseconds before the first reconnection, doubling each time (default 200). */
  readonly backoffMs?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * JSON-RPC over one WebSocket, reconnecting when the transport fails.
 *
 * @example
 * ```ts ignore
 * await using rpc = await ForkRpc.connect("ws://127.0.0.1:9944");
 * const hash = await rpc.call<string>("chain_getBlockHash", [0]);
 * ```
 */
export class ForkRpc implements AsyncDisposable {
  /** The endpoint. */
  readonly url: string;
  /** Bytes of answers received so far. */
  bytes = 0;
  /** Requests answered so far. */
  answered = 0;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #backoffMs: number;
  #socket: WebSocket | null = null;
  #opening: Promise<WebSocket> | null = null;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #closed = false;

  private constructor(url: string, options: ForkRpcOptions) {
    this.url = url;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retries = options.retries ?? 3;
    this.#backoffMs = options.backoffMs ?? 200;
  }

  /**
   * Connects (with the retries of `options`).
   *
   * @throws {SubnetError} `devnet/fork-unreachable` when nothing answers there
   */
  static async connect(endpoint: string, options: ForkRpcOptions = {}): Promise<ForkRpc> {
    const rpc = new ForkRpc(resolveEndpoint(endpoint), options);
    await rpc.#withRetries("connect", () => rpc.#open());
    return rpc;
  }

  /**
   * Calls `method`; transport failures are retried on a new connection.
   *
   * @throws {NodeRpcError} when the node answers with an error
   * @throws {SubnetError} `devnet/fork-unreachable` when the endpoint stays down
   */
  call<T>(method: string, params: readonly unknown[]): Promise<T> {
    return this.#withRetries(method, () => this.#once<T>(method, params));
  }

  /** Closes the connection. */
  close(): Promise<void> {
    this.#closed = true;
    this.#socket?.close();
    this.#socket = null;
    this.#failAll(new Error("the fork reader closed the connection"));
    return Promise.resolve();
  }

  /** Closes the connection. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #withRetries<T>(what: string, fn: () => Promise<T>): Promise<T> {
    let last: unknown;
    for (let attempt = 0; attempt <= this.#retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, this.#backoffMs * 2 ** (attempt - 1)));
      try {
        return await fn();
      } catch (err) {
        if (err instanceof NodeRpcError || this.#closed) throw err;
        last = err;
      }
    }
    const doing = what === "connect" ? `connect to ${this.url}` : `read ${what} from ${this.url}`;
    throw new SubnetError(
      "devnet/fork-unreachable",
      `Cannot ${doing}: ${(last as Error)?.message ?? last} (after ${this.#retries} retries)`,
      { cause: last },
    );
  }

  #open(): Promise<WebSocket> {
    if (this.#socket && this.#socket.readyState === WebSocket.OPEN) return Promise.resolve(this.#socket);
    return this.#opening ??= new Promise<WebSocket>((resolve, reject) => {
      let ws: WebSocket;
      try {
        ws = new WebSocket(this.url);
      } catch (err) {
        this.#opening = null;
        reject(err);
        return;
      }
      const timer = setTimeout(() => ws.close(), this.#timeoutMs);
      ws.onopen = () => {
        clearTimeout(timer);
        this.#socket = ws;
        this.#opening = null;
        resolve(ws);
      };
      ws.onerror = () => {};
      ws.onclose = () => {
        clearTimeout(timer);
        if (this.#opening) {
          this.#opening = null;
          reject(new Error("the connection was refused or closed"));
        }
        if (this.#socket === ws) this.#socket = null;
        this.#failAll(new Error("the node closed the connection"));
      };
      ws.onmessage = (ev) => this.#onMessage(String(ev.data));
    });
  }

  async #once<T>(method: string, params: readonly unknown[]): Promise<T> {
    const ws = await this.#open();
    const id = this.#nextId++;
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`no answer to ${method} within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  }

  #onMessage(text: string): void {
    this.bytes += text.length;
    let msg: { id?: number; result?: unknown; error?: { code: number; message: string } };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    const p = msg.id === undefined ? undefined : this.#pending.get(msg.id);
    if (!p) return;
    this.#pending.delete(msg.id!);
    clearTimeout(p.timer);
    this.answered++;
    if (msg.error) p.reject(new NodeRpcError(msg.error.code, msg.error.message));
    else p.resolve(msg.result);
  }

  #failAll(err: Error): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      this.#pending.delete(id);
      p.reject(err);
    }
  }
}
