/**
 * The `serve` adapter for Bun (`Bun.serve`), which takes a `fetch(request, server)` handler as it
 * is. Bun has one connection timer, `idleTimeout` (whole seconds, at most 255), which also bounds a
 * client that stalls while sending headers or body; it has no connection cap of its own, so this
 * adapter counts requests in flight and answers 503 beyond `connectionsMax`.
 *
 * @module
 */
import { silentLogger } from "../protocol/logger.ts";
import { withShutdown } from "./_shutdown.ts";
import type { AdapterOptions, RuntimeHandler, RuntimeServer } from "./serve_types.ts";
import { SERVE_DEFAULTS } from "./serve_types.ts";

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
export async function serveBun(handler: RuntimeHandler, options: AdapterOptions = {}): Promise<RuntimeServer> {
  const bun = (globalThis as { Bun?: BunGlobal }).Bun;
  if (!bun) throw new TypeError("Cannot serve with Bun.serve: this is not Bun");
  const logger = options.logger ?? silentLogger;
  const connectionsMax = options.connectionsMax ?? SERVE_DEFAULTS.connectionsMax;
  const idleTimeoutMs = Math.max(options.idleTimeoutMs ?? SERVE_DEFAULTS.idleTimeoutMs, options.headersTimeoutMs ?? 0);
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = bun.serve({
    port: options.port ?? 8091,
    hostname: options.hostname ?? "0.0.0.0",
    reusePort: options.reusePort ?? false,
    idleTimeout: Math.min(255, Math.max(1, Math.ceil(idleTimeoutMs / 1000))),
    async fetch(request, server) {
      if (inFlight >= connectionsMax) {
        return Response.json({ message: "Service Unavailable" }, { status: 503 });
      }
      inFlight++;
      try {
        const peer = server.requestIP(request);
        return await handler(request, { remoteAddr: { hostname: peer?.address ?? "", port: peer?.port ?? 0 } });
      } finally {
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
