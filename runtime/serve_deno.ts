/**
 * The Deno serving edge with connection hygiene, shared by the axon (`neurons/serve.ts`) and the
 * devnet (`devnet/server.ts`). `Deno.serve` (2.9.6) has no header-read or idle timeout, no
 * connection caps, and ends the process when `accept` fails with "Too many open files". So
 * connections are accepted here (`Deno.listen`), accounted in a {@linkcode ConnectionTable}, and
 * each is handed to one of Deno's native HTTP engines, which keeps parsing in Rust while this module
 * sees every request start and end. A sweep every 250 ms closes silent,
 * slow-header and idle connections; at the caps a newcomer evicts the longest-waiting one; running
 * out of descriptors pauses accepting. A handed-over connection costs one descriptor.
 *
 * Two engines, both runtime APIs without public types, so each is looked up and checked:
 * - `"deno-serve"`: `Deno.serve`'s own engine bound to one accepted connection (the runtime's
 *   internal `serveHttpOnConnection`, which `Deno.serve` itself is built on). It is the fast one
 *   (the same request path as `Deno.serve`) and the default. It cannot keep WebSockets: its
 *   per-connection server tears them down once the upgrade response is written.
 * - `"serve-http"`: `Deno.serveHttp` (still in the 2.x runtime, no longer in its type declarations),
 *   whose upgraded WebSockets outlive the HTTP connection. Chosen with `webSockets: true`.
 *
 * Where neither exists, it falls back to `Deno.serve` without these limits and logs
 * `serve.no_connection_limits` once.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import { silentLogger } from "../protocol/logger.ts";
import { type ConnectionLimits, ConnectionTable, type TrackedConnection } from "./connection_limits.ts";

/** What the handler learns about a request's connection. */
export interface EdgeInfo {
  /** The real peer of the connection. */
  readonly remoteAddr: { readonly hostname: string; readonly port: number };
  /**
   * Keeps the connection counted as busy (never timed out or evicted, still under the caps) until
   * the returned function is called: for a connection handed over to a WebSocket.
   */
  hold(): () => void;
}

/** A `fetch`-shaped handler and the real peer of each request. */
export type EdgeHandler = (request: Request, info: EdgeInfo) => Response | Promise<Response>;

/** Which HTTP engine serves the accepted connections (see the module doc). */
export type EdgeEngine = "deno-serve" | "serve-http" | "unlimited";

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
  /** The handler upgrades requests to WebSockets (`Deno.upgradeWebSocket`): use the engine that keeps them. @default false */
  webSockets?: boolean;
  /** Where `serve.accept_error` and `serve.handler_error` go. */
  logger?: Logger;
}

/** A running edge server. */
export interface EdgeServer {
  /** The address bound. */
  readonly addr: { hostname: string; port: number };
  /** The HTTP engine in use. */
  readonly engine: EdgeEngine;
  /** Resolves once the server has closed. */
  readonly finished: Promise<void>;
  /** Open connections (for tests and metrics). */
  connections(): number;
  /** Stops accepting, closes connections waiting for a request, lets requests in flight be answered. */
  shutdown(): Promise<void>;
  /** Closes every connection (`deno-serve`: a response being written is finished first). */
  closeAll(): void;
}

const FD_RESERVE = 32;
const SWEEP_MS = 250;

/** One accepted connection in an engine's hands. */
interface ServedConnection {
  /** Resolves once the connection has closed. */
  readonly finished: Promise<void>;
  /** Closes it (the table only closes connections with no request in flight). */
  close(): void;
  /** Closes it after the response in flight, if any (graceful shutdown). */
  drain(): void;
}

/** What an engine reports about one connection. */
interface ConnectionEvents {
  /** The handler took a request. */
  started(): void;
  /** A response was written or abandoned. */
  ended(): void;
}

/** Serves one accepted connection with `handler`. */
type Engine = (conn: Deno.TcpConn, handler: EdgeHandler, info: EdgeInfo, events: ConnectionEvents) => ServedConnection;

/** `Deno.serve`'s per-connection entry point (`Deno[Deno.internal].serveHttpOnConnection`). */
type ServeHttpOnConnection = (
  conn: Deno.Conn,
  signal: AbortSignal | undefined,
  handler: (request: Request) => Response | Promise<Response>,
  onError: (error: unknown) => Response,
  onListen: () => void,
) => { finished: Promise<void>; shutdown(): Promise<void> };

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

/** The runtime's `serveHttpOnConnection`, when it has one. */
function findServeOnConnection(): ServeHttpOnConnection | undefined {
  const deno = Deno as unknown as Record<symbol, Record<string, unknown> | undefined> & { internal?: symbol };
  const internals = deno.internal ? deno[deno.internal] : undefined;
  const fn = internals?.serveHttpOnConnection;
  return typeof fn === "function" ? fn as ServeHttpOnConnection : undefined;
}

/** The runtime's `Deno.serveHttp`, when it has one. */
function findServeHttp(): ServeHttp | undefined {
  const fn = (Deno as unknown as { serveHttp?: unknown }).serveHttp;
  return typeof fn === "function" ? fn as ServeHttp : undefined;
}

/**
 * The engine `options` ask for and the runtime has.
 *
 * @example
 * ```ts
 * import { pickEngine } from "./serve_deno.ts";
 * console.assert(pickEngine({ webSockets: true }) !== "deno-serve");
 * ```
 */
export function pickEngine(options: { webSockets?: boolean }): EdgeEngine {
  if (!options.webSockets && findServeOnConnection()) return "deno-serve";
  return findServeHttp() ? "serve-http" : "unlimited";
}

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
  const engineName = pickEngine(options);
  if (engineName === "unlimited") return serveWithoutLimits(handler, options, logger);
  let accepting = true;
  const engine = engineName === "deno-serve"
    ? denoServeEngine(findServeOnConnection()!, logger)
    : serveHttpEngine(findServeHttp()!, logger, () => !accepting);
  const wanted = new ConnectionTable(options.limits).limits;
  const fdFit = Math.max(1, openFilesLimit() - FD_RESERVE);
  const table = new ConnectionTable({ ...wanted, connectionsMax: Math.min(wanted.connectionsMax, fdFit) });
  const limits = table.limits;
  const now = () => performance.now();
  const live = new Set<ServedConnection>();
  const listener = Deno.listen({ hostname: options.hostname, port: options.port, reusePort: options.reusePort });
  const sweeper = setInterval(() => table.sweep(now()), SWEEP_MS);
  Deno.unrefTimer(sweeper);

  function serveConnection(conn: Deno.TcpConn): void {
    const peer = conn.remoteAddr;
    let served: ServedConnection | undefined;
    let ended = false;
    let holds = 0;
    const tracked: TrackedConnection | null = table.admit(peer.hostname, () => served?.close(), now());
    if (!tracked) {
      conn.close(); // every connection is busy: refuse the newcomer
      return;
    }
    const events: ConnectionEvents = {
      started: () => table.requestStarted(tracked, now()),
      ended: () => table.requestEnded(tracked, now()),
    };
    const info: EdgeInfo = {
      remoteAddr: { hostname: peer.hostname, port: peer.port },
      hold() {
        holds++;
        events.started();
        let released = false;
        return () => {
          if (released) return;
          released = true;
          holds--;
          events.ended();
          if (ended && holds === 0) table.remove(tracked);
        };
      },
    };
    try {
      served = engine(conn, handler, info, events);
    } catch (error) {
      logger.warn("serve.connection_error", { error: String(error) });
      table.remove(tracked);
      try {
        conn.close();
      } catch { /* already closed */ }
      return;
    }
    const current = served;
    live.add(current);
    current.finished.then(() => {
      live.delete(current);
      ended = true;
      if (holds === 0) table.remove(tracked);
    });
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
      serveConnection(conn);
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
      for (const c of live) c.drain(); // the rest end after their current response
      await Promise.all([...live].map((c) => c.finished));
    })();
    return stopping;
  };
  const addr = listener.addr as Deno.NetAddr;
  return Promise.resolve({
    addr: { hostname: addr.hostname, port: addr.port },
    engine: engineName,
    finished: accepted.then(() => stopping).then(() => {}),
    connections: () => table.size,
    shutdown,
    closeAll: () => table.closeAll(),
  });
}

/** The answer to a handler that threw. */
function internalError(logger: Logger, error: unknown): Response {
  logger.error("serve.handler_error", { error: String(error) });
  return Response.json({ message: "Internal Server Error" }, { status: 500 });
}

/**
 * `Deno.serve`'s engine on one connection. A request counts as busy until its handler settles
 * (awaiting `info.completed`, the written response, cost a bare handler 0.77× against 0.98× of
 * `Deno.serve`'s throughput in a quick `bench/serve_edge_bench.ts`).
 * Closing is the engine's graceful shutdown, which closes a connection that waits for
 * a head (even half-read) at once and never cuts a response being written, so a streamed body
 * outliving its handler still finishes. (Its forceful abort can throw from an event listener once
 * the connection is gone, which would end the process.)
 */
function denoServeEngine(serveOn: ServeHttpOnConnection, logger: Logger): Engine {
  const onError = (error: unknown) => internalError(logger, error);
  const onListen = () => {};
  return (conn, handler, info, events) => {
    const handle = (request: Request): Response | Promise<Response> => {
      events.started();
      let response: Response | Promise<Response>;
      try {
        response = handler(request, info);
      } catch (error) {
        events.ended();
        throw error;
      }
      // On a side chain: the engine awaits the handler's own promise, with no extra hop.
      if (response instanceof Promise) response.then(events.ended, events.ended);
      else events.ended();
      return response;
    };
    const server = serveOn(conn, undefined, handle, onError, onListen);
    const close = () => void server.shutdown().catch(() => {});
    return { finished: server.finished.catch(() => {}), close, drain: close };
  };
}

/** `Deno.serveHttp` on one connection; responses carry `connection: close` once `stopping()`. */
function serveHttpEngine(serveHttp: ServeHttp, logger: Logger, stopping: () => boolean): Engine {
  return (conn, handler, info, events) => {
    const http = serveHttp(conn);
    const close = () => {
      try {
        http.close();
      } catch { /* already closed */ }
    };
    const answer = async (event: HttpRequestEvent): Promise<void> => {
      let response: Response;
      try {
        response = await handler(event.request, info);
      } catch (error) {
        response = internalError(logger, error);
      }
      if (stopping()) response = closing(response);
      await event.respondWith(response);
    };
    const finished = (async () => {
      try {
        for await (const event of http) {
          events.started();
          try {
            await answer(event);
          } finally {
            events.ended();
          }
        }
      } catch {
        // a reset, a malformed request or our own close ends the connection
      } finally {
        close();
      }
    })();
    return { finished, close, drain: () => {} };
  };
}

/** `response` with `connection: close`, so the HTTP engine closes the connection once it is written. */
function closing(response: Response): Response {
  if (response.status === 101) return response;
  try {
    response.headers.set("connection", "close");
    return response;
  } catch {
    const headers = new Headers(response.headers);
    headers.set("connection", "close");
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/** `Deno.serve` alone, for a runtime without either engine (no connection limits). */
async function serveWithoutLimits(
  handler: EdgeHandler,
  options: ServeDenoOptions,
  logger: Logger,
): Promise<EdgeServer> {
  logger.warn("serve.no_connection_limits", { reason: "this runtime has neither serveHttpOnConnection nor serveHttp" });
  const ready = Promise.withResolvers<Deno.NetAddr>();
  const hold = () => () => {};
  const server = Deno.serve({
    port: options.port,
    hostname: options.hostname,
    reusePort: options.reusePort,
    onListen: (addr) => ready.resolve(addr),
    onError: (error) => internalError(logger, error),
  }, (request, info) => handler(request, { remoteAddr: info.remoteAddr, hold }));
  const addr = await ready.promise;
  return {
    addr: { hostname: addr.hostname, port: addr.port },
    engine: "unlimited",
    finished: server.finished,
    connections: () => NaN,
    shutdown: () => server.shutdown(),
    closeAll: () => {},
  };
}
