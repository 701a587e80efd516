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
import type { PeerInfo } from "./axon.ts";
import { runtimeName } from "../runtime/runtime.ts";
import { serveBun } from "../runtime/serve_bun.ts";
import { serveNode } from "../runtime/serve_node.ts";
import { serveDeno } from "../runtime/serve_deno.ts";
import { withShutdown } from "../runtime/_shutdown.ts";
import type { ServeOptions, Server } from "../runtime/serve_types.ts";

export type { ServeOptions, Server } from "../runtime/serve_types.ts";

/** A `fetch`-shaped request handler, such as `axon.fetch`. */
export type FetchHandler = (request: Request, info: PeerInfo) => Response | Promise<Response>;

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
  if (runtime === "node") return await serveNode(handler, options);
  if (runtime === "bun") return await serveBun(handler, options);
  const edge = await serveDeno((request, info) => handler(request, info), {
    port: options.port ?? 8091,
    hostname: options.hostname ?? "0.0.0.0",
    reusePort: options.reusePort ?? false,
    limits: options.limits,
    logger: options.logger,
  });
  // After the drain, closeAll only ends idle keep-alive connections; on a late drain it also ends the
  // rest (a response being written is finished first).
  return await withShutdown(
    edge.addr,
    { drain: () => edge.shutdown(), force: () => edge.closeAll(), finished: edge.finished },
    options,
  );
}
