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
  /** Connection limits (the names and defaults of the Deno accept layer's `ConnectionLimits`). */
  limits?: RuntimeConnectionLimits;
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

/** Connection limits an adapter applies; every field has a default ({@linkcode LIMITS_DEFAULT}). */
export interface RuntimeConnectionLimits {
  /** How long a request head may take to arrive, in ms (Node: `headersTimeout`). @default {10_000} */
  headerTimeoutMs?: number;
  /** How long a keep-alive connection may sit with no request, in ms (Node: `keepAliveTimeout`). @default {30_000} */
  idleTimeoutMs?: number;
  /** Open connections at most (Node: `maxConnections`). @default {1_024} */
  connectionsMax?: number;
  /** Open connections from one IP at most. @default {64} */
  connectionsPerIpMax?: number;
  /** The largest request head, in bytes (Node: `maxHeaderSize`; beyond: 431). @default {65_536} */
  headerBytesMax?: number;
}

/** The defaults of {@linkcode RuntimeConnectionLimits}, the same on every runtime. */
export const LIMITS_DEFAULT: Readonly<Required<RuntimeConnectionLimits>> = Object.freeze({
  headerTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  connectionsMax: 1_024,
  connectionsPerIpMax: 64,
  headerBytesMax: 65_536,
});

/** How long a graceful shutdown waits by default, in ms. */
export const DRAIN_TIMEOUT_MS_DEFAULT = 10_000;
