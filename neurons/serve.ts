/**
 * The network edge of an axon: binds a `fetch`-shaped handler to a port with connection hygiene
 * (header and idle timeouts, connection caps, a pause rather than a crash when descriptors run out),
 * and shuts down gracefully (stop accepting, let in-flight requests finish, then close). The runtime
 * picks the adapter: `runtime/serve_deno.ts` on Deno (every limit, per-IP caps included),
 * `runtime/serve_node.ts` (`node:http`) on Node and `runtime/serve_bun.ts` (`Bun.serve`) on Bun, which
 * map the limits onto their servers' own. Everything else about the axon is in `axon.ts` and runs
 * without a socket.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import { silentLogger } from "../protocol/logger.ts";
import type { PeerInfo } from "./axon.ts";
import { runtimeName } from "../runtime/runtime.ts";
import { serveBun } from "../runtime/serve_bun.ts";
import { serveNode } from "../runtime/serve_node.ts";
import type { AdapterOptions } from "../runtime/serve_types.ts";
import { CONNECTION_LIMITS_DEFAULT, type ConnectionLimits } from "../runtime/connection_limits.ts";
import { serveDeno } from "../runtime/serve_deno.ts";

/** A `fetch`-shaped request handler, such as `axon.fetch`. */
export type FetchHandler = (request: Request, info: PeerInfo) => Response | Promise<Response>;

/** Options of {@linkcode serve}. */
export interface ServeOptions {
  /** The port to listen on; 0 picks a free one. @default 8091 */
  port?: number;
  /** The address to bind. @default "0.0.0.0" */
  hostname?: string;
  /** Let several processes share the port (Linux `SO_REUSEPORT`). @default false */
  reusePort?: boolean;
  /** Aborting it shuts the server down gracefully. */
  signal?: AbortSignal;
  /** How long a graceful shutdown waits for in-flight requests before it closes them, in ms. @default 10_000 */
  drainTimeoutMs?: number;
  /** Called when the drain timeout passes with requests still in flight; `axon.close` aborts their forwards. */
  onDrainTimeout?: () => void;
  /** Connection limits: header and idle timeouts, caps in total and per IP (see docs/operators.md "Limits"). */
  limits?: ConnectionLimits;
  /** Where the `axon.listen` / `axon.stop` events go. */
  logger?: Logger;
}

/** A running server. */
export interface Server extends AsyncDisposable {
  /** The address actually bound (useful with port 0). */
  readonly addr: { hostname: string; port: number };
  /** Resolves when the server has closed. */
  readonly finished: Promise<void>;
  /** Stops accepting connections, waits for in-flight requests (up to `drainTimeoutMs`), then closes. */
  shutdown(): Promise<void>;
}

/**
 * Serves `handler` over HTTP until shut down. Resolves once the port is bound.
 *
 * @example
 * ```ts
 * import { serve } from "./serve.ts";
 * await using server = await serve(() => new Response("ok"), { port: 0, hostname: "127.0.0.1" });
 * const res = await fetch(`http://127.0.0.1:${server.addr.port}/`);
 * console.assert((await res.text()) === "ok");
 * ```
 */
export async function serve(handler: FetchHandler, options: ServeOptions = {}): Promise<Server> {
  const runtime = runtimeName();
  if (runtime === "node") return await serveNode(handler, adapterOptions(options));
  if (runtime === "bun") return await serveBun(handler, adapterOptions(options));
  const logger = options.logger ?? silentLogger;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  const httpServer = await serveDeno((request, info) => handler(request, info), {
    port: options.port ?? 8091,
    hostname: options.hostname ?? "0.0.0.0",
    reusePort: options.reusePort ?? false,
    limits: options.limits,
    logger,
  });
  const addr = httpServer.addr;
  logger.info("axon.listen", { hostname: addr.hostname, port: addr.port });
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const drained = httpServer.shutdown();
      const late = new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), drainTimeoutMs));
      const outcome = await Promise.race([drained.then(() => "drained" as const), late]);
      clearTimeout(timer);
      if (outcome === "late") {
        logger.warn("axon.drain_timeout", { drainTimeoutMs });
        options.onDrainTimeout?.();
        httpServer.closeAll();
      }
      await httpServer.finished;
      logger.info("axon.stop", { port: addr.port });
    })();
    return stopping;
  };
  if (options.signal) {
    if (options.signal.aborted) await shutdown();
    else options.signal.addEventListener("abort", () => void shutdown(), { once: true });
  }
  return {
    addr,
    finished: httpServer.finished,
    shutdown,
    [Symbol.asyncDispose]: shutdown,
  };
}

/** The Node and Bun adapters' options: the same limits, in their servers' terms. */
function adapterOptions(options: ServeOptions): AdapterOptions {
  const limits = { ...CONNECTION_LIMITS_DEFAULT, ...options.limits };
  return {
    port: options.port,
    hostname: options.hostname,
    reusePort: options.reusePort,
    signal: options.signal,
    drainTimeoutMs: options.drainTimeoutMs,
    onDrainTimeout: options.onDrainTimeout,
    logger: options.logger,
    limits: {
      headerTimeoutMs: limits.headerTimeoutMs,
      idleTimeoutMs: limits.idleTimeoutMs,
      connectionsMax: limits.connectionsMax,
      connectionsPerIpMax: limits.connectionsPerIpMax,
      headerBytesMax: limits.headerBytesMax,
    },
  };
}
