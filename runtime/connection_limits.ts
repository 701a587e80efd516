/**
 * Connection hygiene for a server on the open internet, runtime-neutral: the limits (each a named
 * option with a default, listed in docs/operators.md "Limits") and the table that enforces them.
 * A runtime's accept layer (`serve_deno.ts` for Deno) reports what happens on each connection; the
 * table answers which connection to admit, which to evict and which timed out.
 *
 * Policy: a connection is `busy` while the handler has a request of it in flight (until its
 * response body is written), and `waiting` otherwise: for its first request head (header timeout from
 * accept), for a later one once its first byte arrived (header timeout from that byte), or idle
 * (idle timeout from the end of the last response). At the total or
 * per-IP cap, the longest-waiting connection (waiting at least `evictAfterMs`) is evicted to admit the new one (idle and slow-header
 * connections cost an attacker nothing to keep, so they are the ones to go); when every connection is
 * busy, the new one is refused. A request in flight is never cut by these limits: the handler's own
 * deadlines (body timeout, synapse timeout) bound it.
 *
 * @module
 */

/** Limits on connections; every field has a default. */
export interface ConnectionLimits {
  /** How long a request head may take to arrive, from accept or from the first byte of a later request, in ms. @default {10_000} */
  headerTimeoutMs?: number;
  /**
   * How long a keep-alive connection may sit with no request in flight, in ms. Where the runtime does
   * not report a later request's first byte (Deno's `serveHttp`), this also bounds that head. @default {30_000}
   */
  idleTimeoutMs?: number;
  /** Open connections at most (lowered to fit the process's file-descriptor limit). @default {1_024} */
  connectionsMax?: number;
  /** Open connections from one IP at most. @default {128} */
  connectionsPerIpMax?: number;
  /**
   * How long a connection must have waited (idle, or on its head) before a newcomer may evict it at a
   * cap, in ms; a pooled connection in steady use is never cut under its client. @default {1_000}
   */
  evictAfterMs?: number;
  /**
   * The largest request head (request line and headers), in bytes (beyond: 431). Enforced by the
   * Node adapter (`maxHeaderSize`); on Deno, its HTTP engine applies its own cap. @default {65_536}
   */
  headerBytesMax?: number;
  /** How long accepting pauses after the process runs out of file descriptors, in ms. @default {100} */
  acceptRetryMs?: number;
}

/** The defaults of {@linkcode ConnectionLimits}. */
export const CONNECTION_LIMITS_DEFAULT: Readonly<Required<ConnectionLimits>> = Object.freeze({
  headerTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  connectionsMax: 1_024,
  connectionsPerIpMax: 128,
  evictAfterMs: 1_000,
  headerBytesMax: 65_536,
  acceptRetryMs: 100,
});

/** A connection as the table sees it. */
export interface TrackedConnection {
  /** The peer IP. */
  readonly ip: string;
  /** `waiting` for a request head (or the next request), or `busy` with one. */
  state: "waiting" | "busy";
  /** Requests of this connection in the handler (HTTP/1.1 may pipeline). */
  active: number;
  /** When the current state began (ms, the table's clock). */
  since: number;
  /** When the head now awaited began to arrive (accept, or the first byte of a later request); -1 when idle. */
  headStarted: number;
  /** Closes the connection (the runtime's part). */
  close(): void;
}

/**
 * The admission and timeout decisions for a set of connections. No I/O, clock injected.
 *
 * @example
 * ```ts
 * import { ConnectionTable } from "./connection_limits.ts";
 * const table = new ConnectionTable({ connectionsPerIpMax: 1, evictAfterMs: 0 });
 * const closed: string[] = [];
 * const a = table.admit("1.2.3.4", () => closed.push("a"), 0)!;
 * table.admit("1.2.3.4", () => closed.push("b"), 1); // a is waiting: evicted for b
 * console.assert(closed[0] === "a" && a.state === "waiting");
 * ```
 */
export class ConnectionTable {
  readonly #limits: Readonly<Required<ConnectionLimits>>;
  readonly #open = new Set<TrackedConnection>();
  readonly #perIp = new Map<string, Set<TrackedConnection>>();

  /**
   * Creates an empty table.
   *
   * @param limits the limits; missing ones take their defaults
   */
  constructor(limits: ConnectionLimits = {}) {
    const resolved = { ...CONNECTION_LIMITS_DEFAULT };
    for (const [k, v] of Object.entries(limits) as [keyof ConnectionLimits, number | undefined][]) {
      if (v === undefined) continue;
      if (!(v >= 0)) throw new RangeError(`Cannot use connection limit ${k} = ${v}: it must be a number ≥ 0`);
      resolved[k] = v;
    }
    this.#limits = Object.freeze(resolved);
  }

  /** The limits in force. */
  get limits(): Readonly<Required<ConnectionLimits>> {
    return this.#limits;
  }

  /** Open connections. */
  get size(): number {
    return this.#open.size;
  }

  /** Open connections from `ip`. */
  countOf(ip: string): number {
    return this.#perIp.get(ip)?.size ?? 0;
  }

  /**
   * Admits a new connection, evicting the longest-waiting one (from the same IP at the per-IP cap,
   * from anyone at the total cap) when full; `null` when every candidate is busy (close the new one).
   */
  admit(ip: string, close: () => void, nowMs: number): TrackedConnection | null {
    const fromIp = this.#perIp.get(ip);
    if ((fromIp?.size ?? 0) >= this.#limits.connectionsPerIpMax && !this.#evictFrom(fromIp!, nowMs)) return null;
    if (this.#open.size >= this.#limits.connectionsMax && !this.#evictFrom(this.#open, nowMs)) return null;
    const conn: TrackedConnection = { ip, state: "waiting", active: 0, since: nowMs, headStarted: nowMs, close };
    this.#open.add(conn);
    let set = this.#perIp.get(ip);
    if (!set) this.#perIp.set(ip, set = new Set());
    set.add(conn);
    return conn;
  }

  /** The handler took a request of `conn`. */
  requestStarted(conn: TrackedConnection, nowMs: number): void {
    conn.active++;
    conn.state = "busy";
    conn.since = nowMs;
  }

  /** A response of `conn` was written (or abandoned); with none left in flight it waits, idle. */
  requestEnded(conn: TrackedConnection, nowMs: number): void {
    conn.active = Math.max(0, conn.active - 1);
    if (conn.active > 0) return;
    conn.state = "waiting";
    conn.since = nowMs;
    conn.headStarted = -1;
  }

  /** Bytes arrived from the peer of `conn`: on an idle connection, a new head starts its clock. */
  peerBytes(conn: TrackedConnection, nowMs: number): void {
    if (conn.state === "waiting" && conn.headStarted < 0) conn.headStarted = nowMs;
  }

  /** Forgets a closed connection. */
  remove(conn: TrackedConnection): void {
    if (!this.#open.delete(conn)) return;
    const set = this.#perIp.get(conn.ip);
    set?.delete(conn);
    if (set?.size === 0) this.#perIp.delete(conn.ip);
  }

  /** Closes every connection whose head or idle time ran out; returns how many. */
  sweep(nowMs: number): number {
    const { headerTimeoutMs, idleTimeoutMs } = this.#limits;
    let closed = 0;
    for (const conn of [...this.#open]) {
      if (conn.state !== "waiting") continue;
      const late = conn.headStarted >= 0
        ? nowMs - conn.headStarted > headerTimeoutMs
        : nowMs - conn.since > idleTimeoutMs;
      if (late) {
        this.#close(conn);
        closed++;
      }
    }
    return closed;
  }

  /** Closes every connection with no request in flight. */
  closeWaiting(): void {
    for (const conn of [...this.#open]) if (conn.state === "waiting") this.#close(conn);
  }

  /** Closes every connection. */
  closeAll(): void {
    for (const conn of [...this.#open]) this.#close(conn);
  }

  #evictFrom(candidates: Set<TrackedConnection>, nowMs: number): boolean {
    let oldest: TrackedConnection | undefined;
    for (const c of candidates) {
      if (c.state === "waiting" && (!oldest || c.since < oldest.since)) oldest = c;
    }
    if (!oldest || nowMs - oldest.since < this.#limits.evictAfterMs) return false;
    this.#close(oldest);
    return true;
  }

  #close(conn: TrackedConnection): void {
    this.remove(conn);
    conn.close();
  }
}
