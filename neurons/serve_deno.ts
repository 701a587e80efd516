/**
 * The Deno serving edge with connection hygiene. `Deno.serve` (2.9.6) has no header-read or idle
 * timeout, no connection caps, and ends the process when `accept` fails with "Too many open files",
 * so connections are accepted here instead (`Deno.listen`), accounted in a {@linkcode ConnectionTable},
 * and only a connection whose first request head arrived in time is joined to an internal `Deno.serve`
 * on loopback (which still parses HTTP, frames bodies and writes responses). Until then a connection
 * costs one descriptor and a 16 KiB buffer; slow and silent ones are closed at the header timeout,
 * idle keep-alive ones at the idle timeout, and an accept failure pauses accepting and retries.
 *
 * This is the only module that touches `Deno.listen`/`Deno.serve` for the axon; adapters for other
 * runtimes can sit beside it with the same {@linkcode EdgeServer} shape.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import { silentLogger } from "../protocol/logger.ts";
import { type ConnectionLimits, ConnectionTable, type TrackedConnection } from "./connection_limits.ts";

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

const BUFFER_BYTES = 16 * 1024;
const FD_RESERVE = 64;
const enc = new TextEncoder();

/** The soft limit on open files, read from /proc (Linux); `Infinity` when unknown. */
function openFilesLimit(): number {
  try {
    const m = /Max open files\s+(\d+|unlimited)/.exec(Deno.readTextFileSync("/proc/self/limits"));
    return m && m[1] !== "unlimited" ? Number(m[1]) : Infinity;
  } catch {
    return Infinity;
  }
}

/** The index just past the first CRLFCRLF in `bytes`, or -1. */
function headEnd(bytes: Uint8Array, from: number): number {
  for (let i = Math.max(0, from - 3); i + 3 < bytes.length; i++) {
    if (bytes[i] === 13 && bytes[i + 1] === 10 && bytes[i + 2] === 13 && bytes[i + 3] === 10) return i + 4;
  }
  return -1;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length;) at += await conn.write(bytes.subarray(at));
}

/** A bare HTTP/1.1 refusal for a connection that never reached the HTTP server. */
function plainResponse(status: number, reason: string): Uint8Array {
  return enc.encode(`HTTP/1.1 ${status} ${reason}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
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
  const wanted = new ConnectionTable(options.limits).limits;
  // Each joined connection holds three descriptors (peer, our end to the HTTP server, its end).
  const fdFit = Math.max(1, Math.floor((openFilesLimit() - FD_RESERVE) / 3));
  const table = new ConnectionTable({ ...wanted, connectionsMax: Math.min(wanted.connectionsMax, fdFit) });
  const limits = table.limits;
  const joined = new Map<number, { conn: TrackedConnection; peer: { hostname: string; port: number } }>();
  const now = () => performance.now();
  /** Connections still reading their first head (not yet handed to the HTTP server). */
  const heads = new Set<() => void>();
  const live = new Set<Promise<void>>();

  const inner = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    onListen: () => {},
    onError: (error) => {
      logger.error("serve.handler_error", { error: String(error) });
      return Response.json({ message: "Internal Server Error" }, { status: 500 });
    },
  }, async (request, info) => {
    const entry = joined.get(info.remoteAddr.port);
    if (!entry) return new Response(null, { status: 421 }); // not through the accept layer
    table.requestStarted(entry.conn, now());
    let ended = false;
    const end = () => {
      if (!ended) table.requestEnded(entry.conn, now());
      ended = true;
    };
    try {
      const response = await handler(request, { remoteAddr: entry.peer });
      if (!response.body || !response.headers.get("content-type")?.startsWith("text/event-stream")) {
        end();
        return response;
      }
      return new Response(response.body.pipeThrough(new TransformStream({ flush: end })), response);
    } catch (error) {
      end();
      throw error;
    }
  });
  const innerPort = inner.addr.port;

  const listener = Deno.listen({ hostname: options.hostname, port: options.port, reusePort: options.reusePort });
  let accepting = true;
  const sweeper = setInterval(() => table.sweep(now()), 500);
  Deno.unrefTimer(sweeper);

  async function pump(from: Deno.Conn, to: Deno.Conn, onBytes?: () => void): Promise<void> {
    const buf = new Uint8Array(BUFFER_BYTES);
    for (;;) {
      const n = await from.read(buf);
      if (n === null) return;
      onBytes?.();
      await writeAll(to, buf.subarray(0, n));
    }
  }

  async function serveConnection(conn: Deno.TcpConn): Promise<void> {
    const peer = conn.remoteAddr;
    let upstream: Deno.TcpConn | undefined;
    let upstreamPort = -1;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      table.remove(tracked!);
      joined.delete(upstreamPort);
      for (const c of [conn, upstream]) {
        try {
          c?.close();
        } catch { /* already closed */ }
      }
    };
    const tracked = table.admit(peer.hostname, close, now());
    if (!tracked) {
      conn.close(); // every connection is busy: refuse the newcomer
      return;
    }
    heads.add(close);
    try {
      let head = new Uint8Array(0);
      const buf = new Uint8Array(BUFFER_BYTES);
      for (let end = -1; end < 0;) {
        const n = await conn.read(buf);
        if (n === null) return close();
        const next = new Uint8Array(head.length + n);
        next.set(head);
        next.set(buf.subarray(0, n), head.length);
        end = headEnd(next, head.length);
        head = next;
        if (end < 0 && head.length > limits.headerBytesMax) {
          await writeAll(conn, plainResponse(431, "Request Header Fields Too Large"));
          return close();
        }
      }
      try {
        upstream = await Deno.connect({ hostname: "127.0.0.1", port: innerPort });
      } catch (error) {
        logger.warn("serve.connect_error", { error: String(error) });
        await writeAll(conn, plainResponse(503, "Service Unavailable"));
        return close();
      }
      heads.delete(close);
      if (closed) return close();
      upstreamPort = upstream.localAddr.port;
      joined.set(upstreamPort, { conn: tracked, peer: { hostname: peer.hostname, port: peer.port } });
      await writeAll(upstream, head);
      const up = upstream;
      const fromPeer = pump(conn, up, () => table.peerBytes(tracked, now())).then(() => up.closeWrite());
      await Promise.race([pump(up, conn), fromPeer.then(() => new Promise(() => {}))]);
    } catch {
      // a reset or a close from either side ends the connection
    } finally {
      heads.delete(close);
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
        // Out of descriptors (EMFILE) or a transient error: pause, shed idle connections, go on.
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
      for (const close of [...heads]) close(); // never handed over: nothing in flight
      await inner.shutdown(); // the HTTP server closes the rest as their responses finish
      await Promise.all(live); // and the last bytes reach their peers
    })();
    return stopping;
  };
  const listenAddr = listener.addr as Deno.NetAddr;
  return Promise.resolve({
    addr: { hostname: listenAddr.hostname, port: listenAddr.port },
    finished: inner.finished.then(() => accepted),
    connections: () => table.size,
    shutdown,
    closeAll: () => table.closeAll(),
  });
}
