/**
 * The Deno serving edge with connection hygiene. `Deno.serve` (2.9.6) has no header-read or idle
 * timeout, no connection caps, and ends the process when `accept` fails with "Too many open files".
 * So connections are accepted here (`Deno.listen`), accounted in a {@linkcode ConnectionTable}, and
 * each is handed to Deno's Rust HTTP/1.1 engine with `Deno.serveHttp` (still in the 2.x runtime,
 * though no longer in its type declarations): HTTP parsing stays native, while this module sees every
 * request start and every response finish, so it can close silent, slow-header and idle connections,
 * evict waiting ones at the caps, and pause (not crash) when descriptors run out. A handed-over
 * connection costs one descriptor. Where `Deno.serveHttp` is missing, it falls back to `Deno.serve`
 * without these limits and logs `serve.no_connection_limits` once.
 *
 * This is the only module that touches `Deno.listen`/`Deno.serveHttp`/`Deno.serve` for the axon;
 * adapters for other runtimes can sit beside it with the same {@linkcode EdgeServer} shape.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import { silentLogger } from "../protocol/logger.ts";
import { type ConnectionLimits, ConnectionTable } from "./connection_limits.ts";

/** A `fetch`-shaped handler and the real peer of each request. */
export type EdgeHandler = (
  request: Request,
  info: { remoteAddr: { hostname: string; port: number } },
) => Response | Promise<Response>;

/** Options of {@linkcode serveDeno}. */
export interface ServeDenoOptions {
  /** The port; 0 picks a free one. */
  port: number;
  /** The address to bind. */
  hostname: string;
  /** Linux `SO_REUSEPORT`. @default false */
  reusePort?: boolean;
  /** Connection limits (see {@linkcode ConnectionLimits}). */
  limits?: ConnectionLimits;
  /** Where `serve.accept_error` and `serve.handler_error` go. */
  logger?: Logger;
}

/** A running edge server. */
export interface EdgeServer {
  /** The address bound. */
  readonly addr: { hostname: string; port: number };
  /** Resolves once the server has closed. */
  readonly finished: Promise<void>;
  /** Open connections (for tests and metrics). */
  connections(): number;
  /** Stops accepting, closes connections still reading a head, waits for requests in flight to be answered. */
  shutdown(): Promise<void>;
  /** Closes every connection now. */
  closeAll(): void;
}

const FD_RESERVE = 32;

/** One request of `Deno.serveHttp` (the runtime API; its types left `lib.deno.ns.d.ts` in 2.0). */
interface HttpRequestEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): Promise<void>;
}

/** `Deno.serveHttp`'s connection: an async iterable of requests. */
interface HttpConn extends AsyncIterable<HttpRequestEvent> {
  close(): void;
}

type ServeHttp = (conn: Deno.Conn) => HttpConn;

/** The soft limit on open files, read from /proc (Linux); `Infinity` when unknown. */
function openFilesLimit(): number {
  try {
    const m = /Max open files\s+(\d+|unlimited)/.exec(Deno.readTextFileSync("/proc/self/limits"));
    return m && m[1] !== "unlimited" ? Number(m[1]) : Infinity;
  } catch {
    return Infinity;
  }
}

/**
 * Serves `handler` on `hostname:port` with connection hygiene. Resolves once the port is bound.
 *
 * @example
 * ```ts
 * import { serveDeno } from "./serve_deno.ts";
 * const server = await serveDeno(() => new Response("ok"), { port: 0, hostname: "127.0.0.1" });
 * const res = await fetch(`http://127.0.0.1:${server.addr.port}/`);
 * console.assert((await res.text()) === "ok");
 * await server.shutdown();
 * ```
 */
export function serveDeno(handler: EdgeHandler, options: ServeDenoOptions): Promise<EdgeServer> {
  const logger = options.logger ?? silentLogger;
  const maybeServeHttp = (Deno as unknown as { serveHttp?: ServeHttp }).serveHttp;
  if (typeof maybeServeHttp !== "function") return serveWithoutLimits(handler, options, logger);
  const serveHttp: ServeHttp = maybeServeHttp;
  const wanted = new ConnectionTable(options.limits).limits;
  const fdFit = Math.max(1, openFilesLimit() - FD_RESERVE);
  const table = new ConnectionTable({ ...wanted, connectionsMax: Math.min(wanted.connectionsMax, fdFit) });
  const limits = table.limits;
  const now = () => performance.now();
  const live = new Set<Promise<void>>();
  const listener = Deno.listen({ hostname: options.hostname, port: options.port, reusePort: options.reusePort });
  let accepting = true;
  const sweeper = setInterval(() => table.sweep(now()), 250);
  Deno.unrefTimer(sweeper);

  async function answer(event: HttpRequestEvent, peer: Deno.NetAddr): Promise<void> {
    let response: Response;
    try {
      response = await handler(event.request, { remoteAddr: { hostname: peer.hostname, port: peer.port } });
    } catch (error) {
      logger.error("serve.handler_error", { error: String(error) });
      response = Response.json({ message: "Internal Server Error" }, { status: 500 });
    }
    if (!accepting) response = closing(response);
    await event.respondWith(response);
  }

  async function serveConnection(conn: Deno.TcpConn): Promise<void> {
    const peer = conn.remoteAddr;
    let http: HttpConn | undefined;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      table.remove(tracked!);
      try {
        if (http) http.close();
        else conn.close();
      } catch { /* already closed */ }
    };
    const tracked = table.admit(peer.hostname, close, now());
    if (!tracked) {
      conn.close(); // every connection is busy: refuse the newcomer
      return;
    }
    try {
      http = serveHttp(conn);
      for await (const event of http) {
        table.requestStarted(tracked, now());
        try {
          await answer(event, peer);
        } finally {
          table.requestEnded(tracked, now());
        }
      }
    } catch {
      // a reset, a malformed request or our own close ends the connection
    } finally {
      close();
    }
  }

  const accepted = (async () => {
    while (accepting) {
      let conn: Deno.TcpConn;
      try {
        conn = await listener.accept();
      } catch (error) {
        if (!accepting || error instanceof Deno.errors.BadResource) break;
        // Out of descriptors (EMFILE) or a transient error: pause, shed what timed out, go on.
        logger.warn("serve.accept_error", { error: String(error) });
        table.sweep(now());
        await new Promise((r) => setTimeout(r, limits.acceptRetryMs));
        continue;
      }
      const served = serveConnection(conn);
      live.add(served);
      served.finally(() => live.delete(served));
    }
  })();

  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      accepting = false;
      clearInterval(sweeper);
      try {
        listener.close();
      } catch { /* closed */ }
      await accepted;
      table.closeWaiting(); // nothing in flight on them
      await Promise.all(live); // the rest end after their current response
    })();
    return stopping;
  };
  const addr = listener.addr as Deno.NetAddr;
  return Promise.resolve({
    addr: { hostname: addr.hostname, port: addr.port },
    finished: accepted.then(() => stopping).then(() => {}),
    connections: () => table.size,
    shutdown,
    closeAll: () => table.closeAll(),
  });
}

/** `response` with `connection: close`, so the HTTP engine closes the connection once it is written. */
function closing(response: Response): Response {
  try {
    response.headers.set("connection", "close");
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set("connection", "close");
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/** `Deno.serve` alone, for a runtime without `Deno.serveHttp` (no connection limits). */
async function serveWithoutLimits(
  handler: EdgeHandler,
  options: ServeDenoOptions,
  logger: Logger,
): Promise<EdgeServer> {
  logger.warn("serve.no_connection_limits", { reason: "Deno.serveHttp is not available in this runtime" });
  const ready = Promise.withResolvers<Deno.NetAddr>();
  const server = Deno.serve({
    port: options.port,
    hostname: options.hostname,
    reusePort: options.reusePort,
    onListen: (addr) => ready.resolve(addr),
    onError: (error) => {
      logger.error("serve.handler_error", { error: String(error) });
      return Response.json({ message: "Internal Server Error" }, { status: 500 });
    },
  }, (request, info) => handler(request, { remoteAddr: info.remoteAddr }));
  const addr = await ready.promise;
  return {
    addr: { hostname: addr.hostname, port: addr.port },
    finished: server.finished,
    connections: () => NaN,
    shutdown: () => server.shutdown(),
    closeAll: () => {},
  };
}
