/**
 * One shared chain connection per endpoint: a process (for example `subnet demo`, which runs
 * several neurons) creates one `SubtensorPool` and every part acquires its `Subtensor` from it.
 * Leases are counted; the connection closes when the last lease is released.
 *
 * @module
 */
import { Subtensor, type SubtensorOptions } from "./client.ts";
import { resolveEndpoint } from "./network.ts";

/** A use of a shared connection. Release it once, when done. */
export interface SubtensorLease extends AsyncDisposable {
  /** The shared client. */
  readonly chain: Subtensor;
  /** Gives the lease back; the last release closes the connection. */
  release(): Promise<void>;
}

interface Entry {
  chain: Promise<Subtensor>;
  leases: number;
}

/**
 * Shares `Subtensor` connections by endpoint (or by injected provider).
 *
 * @example
 * ```ts ignore
 * import { SubtensorPool } from "./pool.ts";
 * const pool = new SubtensorPool();
 * await using a = await pool.acquire({ network: "local" });
 * await using b = await pool.acquire({ network: "local" }); // the same connection
 * console.assert(a.chain === b.chain);
 * ```
 */
export class SubtensorPool {
  #entries = new Map<unknown, Entry>();
  #connect: (options: SubtensorOptions) => Promise<Subtensor>;

  /**
   * Creates an empty pool.
   *
   * @param connect how to open a connection (default `Subtensor.connect`)
   */
  constructor(connect: (options: SubtensorOptions) => Promise<Subtensor> = (o) => Subtensor.connect(o)) {
    this.#connect = connect;
  }

  /** Number of open (or opening) connections. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * A lease on the connection for `options` (an endpoint, network name or injected provider),
   * opening it on first use. A failed connect is not cached.
   *
   * @param options as `Subtensor.connect` takes them
   */
  async acquire(options: SubtensorOptions = {}): Promise<SubtensorLease> {
    const key = options.provider ?? resolveEndpoint(options.network, options.chainEndpoint);
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { chain: this.#connect(options), leases: 0 };
      this.#entries.set(key, entry);
      entry.chain.catch(() => {
        if (this.#entries.get(key) === entry) this.#entries.delete(key);
      });
    }
    entry.leases++;
    let chain: Subtensor;
    try {
      chain = await entry.chain;
    } catch (err) {
      entry.leases--;
      throw err;
    }
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      if (--entry.leases === 0 && this.#entries.get(key) === entry) {
        this.#entries.delete(key);
        await chain.close();
      }
    };
    return { chain, release, [Symbol.asyncDispose]: release };
  }
}
