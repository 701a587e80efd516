/**
 * The devnet's network edge: JSON-RPC over WebSocket (with subscriptions) and HTTP POST on one
 * `Deno.serve` port, bound to 127.0.0.1 by default.
 *
 * @module
 */
import { type Logger, silentLogger } from "../protocol/logger.ts";
import type { RpcHandler } from "./rpc/mod.ts";

/** Browsers may call the HTTP endpoint from any page, as `--rpc-cors=all` allows on a node. */
const CORS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "content-type",
});

/** Options of {@link serveRpc}. */
export interface ServeRpcOptions {
  /** Port (0 picks a free one). */
  readonly port: number;
  /** Address to bind (default `127.0.0.1`). */
  readonly hostname?: string;
  /** Largest HTTP request body accepted, in bytes (default 16 MiB). */
  readonly bodyBytesMax?: number;
  /** Where connection events are logged. */
  readonly logger?: Logger;
}

/** A running RPC server. */
export interface RpcServer {
  /** The port it listens on. */
  readonly port: number;
  /** Its hostname. */
  readonly hostname: string;
  /** Stops listening and closes every WebSocket. */
  close(): Promise<void>;
}

/**
 * Serves `rpc` over WebSocket and HTTP POST.
 *
 * @example
 * ```ts ignore
 * const server = serveRpc(rpc, { port: 9944 });
 * await server.close();
 * ```
 */
export function serveRpc(rpc: RpcHandler, options: ServeRpcOptions): Promise<RpcServer> {
  const logger = options.logger ?? silentLogger;
  const bodyBytesMax = options.bodyBytesMax ?? 16 * 1024 * 1024;
  const hostname = options.hostname ?? "127.0.0.1";
  const sockets = new Set<WebSocket>();
  const { promise: listening, resolve } = Promise.withResolvers<number>();

  const handler = async (req: Request): Promise<Response> => {
    if (req.headers.get("upgrade")?.toLowerCase() === "websocket") {
      const { socket, response } = Deno.upgradeWebSocket(req);
      const session = rpc.openSession((message) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      });
      sockets.add(socket);
      socket.onmessage = (e) => {
        if (typeof e.data === "string") rpc.handleText(session, e.data);
        else {
          session.begin();
          session.end({
            jsonrpc: "2.0",
            id: null,
            error: { code: -32700, message: "Parse error: binary frames are not JSON-RPC" },
          });
        }
      };
      socket.onclose = () => {
        sockets.delete(socket);
        rpc.closeSession(session);
      };
      socket.onerror = () => logger.debug("devnet.ws_error");
      return response;
    }
    if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS_HEADERS });
    if (req.method !== "POST") {
      return new Response("subnet devnet: send JSON-RPC over WebSocket or HTTP POST\n", {
        status: 405,
        headers: { allow: "POST" },
      });
    }
    const length = Number(req.headers.get("content-length") ?? "0");
    if (length > bodyBytesMax) return new Response("Request body too large\n", { status: 413 });
    const text = await req.text();
    if (text.length > bodyBytesMax) return new Response("Request body too large\n", { status: 413 });
    let answer: unknown = null;
    const session = rpc.openSession((message) => {
      if (answer === null && ("id" in message || Array.isArray(message))) answer = message;
    });
    rpc.handleText(session, text);
    rpc.closeSession(session);
    return new Response(JSON.stringify(answer), { headers: { "content-type": "application/json", ...CORS_HEADERS } });
  };

  const server = Deno.serve({
    port: options.port,
    hostname,
    onListen: ({ port }) => resolve(port),
  }, handler);

  return listening.then((port) => ({
    port,
    hostname,
    async close() {
      for (const s of sockets) {
        try {
          s.close(1001, "devnet shutting down");
        } catch {
          // already closing
        }
      }
      await server.shutdown();
    },
  }));
}
