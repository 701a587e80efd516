/**
 * The devnet's network edge: JSON-RPC over WebSocket (with subscriptions) and HTTP POST on one
 * port, bound to 127.0.0.1 by default. Connections go through the accept layer the axon uses
 * (`runtime/serve_deno.ts`): header-read and idle keep-alive timeouts, caps in total and per IP,
 * and a pause rather than a crash when descriptors run out; WebSockets are held there (counted
 * under the caps, never timed out as idle) until they close. The limits are in `./limits.ts`.
 *
 * @module
 */
import { type Logger, silentLogger } from "../protocol/logger.ts";
import { type EdgeInfo, serveDeno } from "../runtime/serve_deno.ts";
import { type DevnetLimits, resolveDevnetLimits } from "./limits.ts";
import { encodeRpcMessage, type RpcHandler } from "./rpc/mod.ts";

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
  /** Server limits (defaults in `devnet/limits.ts`). */
  readonly limits?: Partial<DevnetLimits>;
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
export async function serveRpc(rpc: RpcHandler, options: ServeRpcOptions): Promise<RpcServer> {
  const logger = options.logger ?? silentLogger;
  const limits = resolveDevnetLimits(options.limits);
  const hostname = options.hostname ?? "127.0.0.1";
  const sockets = new Set<WebSocket>();
  let connections = 0;

  const serveWebSocket = (req: Request, info: EdgeInfo): Response => {
    const { socket, response } = Deno.upgradeWebSocket(req, { idleTimeout: limits.wsIdleTimeoutS });
    const release = info.hold();
    connections++;
    sockets.add(socket);
    const session = rpc.openSession((message) => {
      if (socket.readyState !== WebSocket.OPEN) return;
      if (socket.bufferedAmount > limits.wsBufferedBytesMax) {
        // The client does not read what it asked for: drop it rather than queue without end.
        logger.warn("devnet.ws_slow_consumer", { buffered: socket.bufferedAmount, max: limits.wsBufferedBytesMax });
        rpc.closeSession(session);
        closeQuietly(socket, 1008, "wsBufferedBytesMax exceeded: the client does not read its messages");
        return;
      }
      const text = encodeRpcMessage(message);
      if (text === null) return;
      try {
        socket.send(text);
      } catch (err) {
        logger.debug("devnet.ws_send_failed", { error: String(err) });
      }
    });
    socket.onmessage = (e) => {
      if (session.closed) return;
      try {
        if (typeof e.data === "string") rpc.handleText(session, e.data);
        else {
          session.begin();
          session.end({
            jsonrpc: "2.0",
            id: null,
            error: { code: -32700, message: "Parse error: binary frames are not JSON-RPC" },
          });
        }
      } catch (err) {
        logger.error("devnet.rpc_bug", { error: err instanceof Error ? err.stack : String(err) });
      }
    };
    socket.onclose = () => {
      if (sockets.delete(socket)) connections--;
      rpc.closeSession(session);
      release();
    };
    socket.onerror = () => logger.debug("devnet.ws_error");
    return response;
  };

  const servePost = async (req: Request): Promise<Response> => {
    let text: string;
    try {
      text = await readBodyText(req, limits.httpBodyBytesMax, limits.httpBodyTimeoutMs);
    } catch (err) {
      if (err instanceof BodyRefused) {
        return new Response(`${err.message}\n`, { status: err.status, headers: CORS_HEADERS });
      }
      throw err;
    }
    let answer: string | null = null;
    const session = rpc.openSession((message) => {
      if (answer === null && ("id" in message || Array.isArray(message))) answer = encodeRpcMessage(message);
    });
    try {
      rpc.handleText(session, text);
    } finally {
      rpc.closeSession(session);
    }
    return new Response(answer ?? "null", { headers: { "content-type": "application/json", ...CORS_HEADERS } });
  };

  const handler = async (req: Request, info: EdgeInfo): Promise<Response> => {
    if (connections >= limits.connectionsMax) {
      return new Response(`subnet devnet: ${connections} connections are open (connectionsMax)\n`, {
        status: 503,
        headers: { "retry-after": "1" },
      });
    }
    if (req.headers.get("upgrade")?.toLowerCase() === "websocket") return serveWebSocket(req, info);
    if (req.method === "OPTIONS") return new Response(null, { status: 204, headers: CORS_HEADERS });
    if (req.method !== "POST") {
      return new Response("subnet devnet: send JSON-RPC over WebSocket or HTTP POST\n", {
        status: 405,
        headers: { allow: "POST" },
      });
    }
    connections++;
    try {
      return await servePost(req);
    } catch (err) {
      logger.error("devnet.rpc_bug", { error: err instanceof Error ? err.stack : String(err) });
      return new Response("subnet devnet: internal error\n", { status: 500 });
    } finally {
      connections--;
    }
  };

  const server = await serveDeno(handler, {
    port: options.port,
    hostname,
    webSockets: true,
    limits: {
      headerTimeoutMs: limits.headerTimeoutMs,
      idleTimeoutMs: limits.idleTimeoutMs,
      connectionsMax: limits.socketsMax,
      connectionsPerIpMax: limits.connectionsPerIpMax,
    },
    logger,
  });
  return {
    port: server.addr.port,
    hostname,
    async close() {
      for (const s of sockets) closeQuietly(s, 1001, "devnet shutting down");
      await server.shutdown();
    },
  };
}

function closeQuietly(socket: WebSocket, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // already closing
  }
}

/** Why a request body was not read: its HTTP status and a one-line reason. */
class BodyRefused extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * Reads a request body as UTF-8, counting bytes as they arrive (chunked bodies too), so a body
 * over `bytesMax` is refused after `bytesMax` bytes, never buffered whole; `timeoutMs` bounds a
 * slow sender.
 */
async function readBodyText(req: Request, bytesMax: number, timeoutMs: number): Promise<string> {
  const length = req.headers.get("content-length");
  if (length !== null && Number(length) > bytesMax) {
    throw new BodyRefused(413, `Request body too large: ${length} bytes (httpBodyBytesMax ${bytesMax})`);
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    reader.cancel().catch(() => {});
  }, timeoutMs);
  const tooSlow = () => new BodyRefused(408, `Request body not received within ${timeoutMs} ms (httpBodyTimeoutMs)`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (timedOut) throw tooSlow();
      if (done) break;
      total += value.byteLength;
      if (total > bytesMax) {
        reader.cancel().catch(() => {});
        throw new BodyRefused(413, `Request body too large: more than ${bytesMax} bytes (httpBodyBytesMax)`);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof BodyRefused) throw err;
    if (timedOut) throw tooSlow();
    throw new BodyRefused(400, `Cannot read the request body: ${err instanceof Error ? err.message : err}`);
  } finally {
    clearTimeout(timer);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
