/**
 * The contract every `serve` adapter meets (Deno, Node, Bun): bind a `fetch(request, info)`
 * handler to a port, keep the connection limits, and shut down gracefully.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";

/** The observed peer of a request, as `Deno.serve` hands it over. */
export interface PeerAddr {
  /** The remote IP address. */
  hostname: string;
  /** The remote port. */
  port: number;
}

/** A `fetch`-shaped request handler bound by an adapter. */
export type RuntimeHandler = (
  request: Request,
  info: { remoteAddr: PeerAddr },
) => Response | Promise<Response>;

/** What an adapter is given (a subset of `neurons/serve.ts`'s `ServeOptions`). */
export interface AdapterOptions {
  /** The port to listen on; 0 picks a free one. @default 8091 */
  port?: number;
  /** The address to bind. @default "0.0.0.0" */
  hostname?: string;
  /** Let several processes share the port (Linux `SO_REUSEPORT`; Node ≥ 22.12 and Bun). @default false */
  reusePort?: boolean;
  /** Aborting it shuts the server down gracefully. */
  signal?: AbortSignal;
  /** How long a graceful shutdown waits for in-flight requests before it closes them, in ms. @default 10_000 */
  drainTimeoutMs?: number;
  /** Called when the drain timeout passes with requests still in flight. */
  onDrainTimeout?: () => void;
  /** Time a client has to send the request headers, in ms. @default 10_000 */
  headersTimeoutMs?: number;
  /** Time a client has to send a whole request (headers and body), in ms. @default 300_000 */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open, in ms. @default 5_000 */
  idleTimeoutMs?: number;
  /** Open connections at most; more are refused at accept. @default 4_096 */
  connectionsMax?: number;
  /** Where the `axon.listen` / `axon.stop` events go. */
  logger?: Logger;
}

/** A running server. */
export interface RuntimeServer extends AsyncDisposable {
  /** The address actually bound (useful with port 0). */
  readonly addr: { hostname: string; port: number };
  /** Resolves when the server has closed. */
  readonly finished: Promise<void>;
  /** Stops accepting connections, waits for in-flight requests (up to `drainTimeoutMs`), then closes. */
  shutdown(): Promise<void>;
}

/** Defaults of the connection limits, the same on every runtime. */
export const SERVE_DEFAULTS: {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly connectionsMax: number;
  readonly drainTimeoutMs: number;
} = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 300_000,
  idleTimeoutMs: 5_000,
  connectionsMax: 4_096,
  drainTimeoutMs: 10_000,
};
