/**
 * Every resource limit of the devnet in one place: the connections (header and idle timeouts, caps
 * in total and per IP, enforced by the accept layer `runtime/serve_deno.ts`), the JSON-RPC server
 * (bodies, sessions, slow consumers), subscriptions and the transaction pool. Each has a named option (in
 * `startDevnet({ limits })`) and a documented default; `docs/operators.md` ("Limits") lists them.
 *
 * @module
 */

/** The devnet's resource limits. */
export interface DevnetLimits {
  /**
   * Largest HTTP request body, in bytes, counted while it is read (chunked bodies included).
   * @default {16777216} 16 MiB
   */
  readonly httpBodyBytesMax: number;
  /**
   * How long an HTTP request body may take to arrive, in milliseconds.
   * @default {30000}
   */
  readonly httpBodyTimeoutMs: number;
  /**
   * How long a request head (an HTTP request or a WebSocket handshake) may take to arrive, in
   * milliseconds; then the connection is closed.
   * @default {10000}
   */
  readonly headerTimeoutMs: number;
  /**
   * How long an HTTP keep-alive connection may sit with no request, in milliseconds; then it is
   * closed. A WebSocket is not idle in this sense: `wsIdleTimeoutS` governs it.
   * @default {30000}
   */
  readonly idleTimeoutMs: number;
  /**
   * Open TCP connections at most, idle keep-alive ones included (lowered to fit the process's
   * open-file limit). Past it, the connection waiting longest for a request is closed to make room,
   * else the newcomer is closed unanswered.
   * @default {256}
   */
  readonly socketsMax: number;
  /**
   * Open TCP connections from one IP at most, WebSockets included; past it, as `socketsMax` among
   * that IP's connections. (Local clients all share 127.0.0.1.)
   * @default {128}
   */
  readonly connectionsPerIpMax: number;
  /**
   * WebSockets plus HTTP requests in flight at most; more get HTTP 503. A
   * WebSocket closed for not reading counts until its peer goes (the server cannot abort it sooner).
   * @default {100} (Substrate's `--rpc-max-connections`)
   */
  readonly connectionsMax: number;
  /**
   * Seconds without a pong before a WebSocket is closed (the server pings an idle socket).
   * @default {120}
   */
  readonly wsIdleTimeoutS: number;
  /**
   * Bytes queued for a WebSocket that does not read: past this the server sends it nothing more
   * and closes it (code 1008), so a stalled client holds at most this much of the node's memory.
   * @default {4194304} 4 MiB
   */
  readonly wsBufferedBytesMax: number;
  /**
   * Requests in one JSON-RPC batch at most.
   * @default {256}
   */
  readonly batchRequestsMax: number;
  /**
   * Subscriptions one connection holds at most (Substrate's `--rpc-max-subscriptions-per-connection`).
   * @default {1024}
   */
  readonly subscriptionsPerConnectionMax: number;
  /**
   * Storage keys in one `state_subscribeStorage` at most.
   * @default {1024}
   */
  readonly storageKeysPerSubscriptionMax: number;
  /**
   * Transactions the pool holds at most.
   * @default {8192}
   */
  readonly txPoolMax: number;
  /**
   * Transactions one sender holds in the pool at most (ready and future).
   * @default {64}
   */
  readonly txPoolPerSenderMax: number;
  /**
   * Blocks a future-nonce transaction may wait in the pool; then it is dropped.
   * @default {600} (2.5 minutes of 250 ms blocks, 2 hours of 12 s blocks)
   */
  readonly txFutureLifetimeBlocks: number;
}

/**
 * The default limits.
 *
 * @example
 * ```ts
 * import { DEFAULT_DEVNET_LIMITS } from "./limits.ts";
 * console.assert(DEFAULT_DEVNET_LIMITS.subscriptionsPerConnectionMax === 1024);
 * ```
 */
export const DEFAULT_DEVNET_LIMITS: Readonly<DevnetLimits> = Object.freeze({
  httpBodyBytesMax: 16 * 1024 * 1024,
  httpBodyTimeoutMs: 30_000,
  headerTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  socketsMax: 256,
  connectionsPerIpMax: 128,
  connectionsMax: 100,
  wsIdleTimeoutS: 120,
  wsBufferedBytesMax: 4 * 1024 * 1024,
  batchRequestsMax: 256,
  subscriptionsPerConnectionMax: 1024,
  storageKeysPerSubscriptionMax: 1024,
  txPoolMax: 8192,
  txPoolPerSenderMax: 64,
  txFutureLifetimeBlocks: 600,
});

/**
 * The defaults with `overrides` applied; every value must be a positive integer.
 *
 * @throws {RangeError} when a limit is unknown or not a positive integer
 * @example
 * ```ts
 * import { resolveDevnetLimits } from "./limits.ts";
 * console.assert(resolveDevnetLimits({ txPoolPerSenderMax: 8 }).txPoolPerSenderMax === 8);
 * ```
 */
export function resolveDevnetLimits(overrides: Partial<DevnetLimits> = {}): DevnetLimits {
  const limits: Record<string, number> = { ...DEFAULT_DEVNET_LIMITS };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!Object.hasOwn(DEFAULT_DEVNET_LIMITS, name)) {
      throw new RangeError(
        `Cannot set devnet limit "${name}": no such limit (known: ${Object.keys(limits).join(", ")})`,
      );
    }
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`Cannot set devnet limit "${name}" to ${value}: give a positive integer`);
    }
    limits[name] = value;
  }
  return limits as unknown as DevnetLimits;
}

/**
 * Parses `name=value` settings (the CLI's `--limit`) into overrides for {@link resolveDevnetLimits}.
 *
 * @throws {RangeError} when a setting is not `name=value`, names no limit, or its value is not a positive integer
 * @example
 * ```ts
 * import { parseDevnetLimits } from "./limits.ts";
 * console.assert(parseDevnetLimits(["connectionsMax=8"]).connectionsMax === 8);
 * ```
 */
export function parseDevnetLimits(settings: readonly string[]): Partial<DevnetLimits> {
  const out: Record<string, number> = {};
  for (const setting of settings) {
    const m = /^([A-Za-z]+)=(\d+)$/.exec(setting.trim());
    if (!m) {
      throw new RangeError(`Cannot read devnet limit "${setting}": write it as name=value, such as connectionsMax=64`);
    }
    out[m[1]] = Number(m[2]);
  }
  resolveDevnetLimits(out);
  return out as Partial<DevnetLimits>;
}
