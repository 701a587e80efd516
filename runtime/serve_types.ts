/**
 * The contract every `serve` adapter meets (Deno, Node, Bun): bind a `fetch(request, info)`
 * handler to a port, keep the connection limits, and shut down gracefully.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import type { ConnectionLimits } from "./connection_limits.ts";

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

/** Options of `serve()` and of every adapter. */
export interface ServeOptions {
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
  /** Called when the drain timeout passes with requests still in flight; `axon.close` aborts their forwards. */
  onDrainTimeout?: () => void;
  /**
   * Connection limits: header and idle timeouts, caps in total and per IP (see docs/operators.md
   * "Limits"). Deno's accept layer applies every one; Node and Bun map them onto their servers' own.
   */
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

/** How long a graceful shutdown waits by default, in ms. */
export const DRAIN_TIMEOUT_MS_DEFAULT = 10_000;
