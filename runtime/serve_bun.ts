/**
 * The `serve` adapter for Bun (`Bun.serve`), which takes a `fetch(request, server)` handler as it
 * is. Bun has one connection timer, `idleTimeout` (whole seconds, at most 255), which also bounds a
 * client that stalls while sending its head: it is set to the larger of `idleTimeoutMs` and
 * `headerTimeoutMs`. Bun has no connection caps and its own head limit (`--max-http-header-size`),
 * so this adapter counts requests in flight, in total and per IP, and answers 503 beyond
 * `connectionsMax` / `connectionsPerIpMax`.
 *
 * @module
 */
import { silentLogger } from "../protocol/logger.ts";
import { withShutdown } from "./_shutdown.ts";
import type { RuntimeHandler, ServeOptions, Server } from "./serve_types.ts";
import { CONNECTION_LIMITS_DEFAULT } from "./connection_limits.ts";

/** The part of Bun's server this adapter uses. */
interface BunServer {
  readonly port: number;
  readonly hostname: string;
  stop(closeActiveConnections?: boolean): Promise<void> | void;
  requestIP(request: Request): { address: string; port: number } | null;
}

/** The part of the `Bun` global this adapter uses. */
interface BunGlobal {
  serve(options: {
    port: number;
    hostname: string;
    reusePort: boolean;
    idleTimeout: number;
    fetch(request: Request, server: BunServer): Response | Promise<Response>;
    error(error: Error): Response;
  }): BunServer;
}

/**
 * Serves `handler` with `Bun.serve` until shut down. Resolves once the port is bound. Only runs on Bun.
 *
 * @example
 * ```ts ignore
 * import { serveBun } from "./serve_bun.ts";
 * await using server = await serveBun(() => new Response("ok"), { port: 0, hostname: "127.0.0.1" });
 * ```
 */
export async function serveBun(handler: RuntimeHandler, options: ServeOptions = {}): Promise<Server> {
  const bun = (globalThis as { Bun?: BunGlobal }).Bun;
  if (!bun) throw new TypeError("Cannot serve with Bun.serve: this is not Bun");
  const logger = options.logger ?? silentLogger;
  const limits = { ...CONNECTION_LIMITS_DEFAULT, ...options.limits };
  const idleTimeoutMs = Math.max(limits.idleTimeoutMs, limits.headerTimeoutMs);
  const perIp = new Map<string, number>();
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = bun.serve({
    port: options.port ?? 8091,
    hostname: options.hostname ?? "0.0.0.0",
    reusePort: options.reusePort ?? false,
    idleTimeout: Math.min(255, Math.max(1, Math.ceil(idleTimeoutMs / 1000))),
    async fetch(request, server) {
      const peer = server.requestIP(request);
      const ip = peer?.address ?? "";
      const fromIp = perIp.get(ip) ?? 0;
      if (inFlight >= limits.connectionsMax || fromIp >= limits.connectionsPerIpMax) {
        return Response.json({ message: "Service Unavailable" }, { status: 503 });
      }
      inFlight++;
      perIp.set(ip, fromIp + 1);
      try {
        return await handler(request, { remoteAddr: { hostname: ip, port: peer?.port ?? 0 } });
      } finally {
        const left = (perIp.get(ip) ?? 1) - 1;
        if (left) perIp.set(ip, left);
        else perIp.delete(ip);
        if (--inFlight === 0) drained?.();
      }
    },
    error(error) {
      logger.error("axon.handler_error", { error: String(error) });
      return Response.json({ message: "Internal Server Error" }, { status: 500 });
    },
  });
  let closed!: () => void;
  const finished = new Promise<void>((resolve) => closed = resolve);
  return await withShutdown({ hostname: server.hostname, port: server.port }, {
    drain: async () => {
      const stopped = server.stop(false);
      if (inFlight > 0) await new Promise<void>((resolve) => drained = resolve);
      await stopped;
    },
    force: () => {
      Promise.resolve(server.stop(true)).finally(closed);
    },
    finished,
  }, options);
}
