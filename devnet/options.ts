/**
 * The devnet's public option and handle types (what `@subnet/subnet/devnet` exposes).
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import type { DevnetLimits } from "./limits.ts";
import type { ProviderInterface } from "./provider.ts";
import type { DevnetForkOptions } from "./fork/source.ts";
import type { ForkReport } from "./fork/snapshot.ts";

/** Options of `startDevnet`. */
export interface PublicDevnetOptions {
  /** Port for WebSocket + HTTP JSON-RPC (default 9944; 0 picks a free one). */
  readonly port?: number;
  /** Address to bind (default `127.0.0.1`). */
  readonly hostname?: string;
  /** Listen on a port at all (default `true`; `false` gives an in-process devnet only). */
  readonly serve?: boolean;
  /** Milliseconds between blocks (default 250, fast blocks; 12000 as finney). Ignored with `instant`. */
  readonly blockTimeMs?: number;
  /** Seal a block as soon as a transaction arrives, and never on a timer (for tests). */
  readonly instant?: boolean;
  /**
   * Milliseconds from making a block to finalizing it (default 20). Clients see `inBlock`, then
   * `finalized`; `@polkadot/api` loses an `inBlock` result that `finalized` overtakes.
   */
  readonly finalityDelayMs?: number;
  /** Tempo of the genesis subnet (default 10, or the preset's). */
  readonly tempo?: number;
  /**
   * Genesis preset of the genesis subnet's hyperparameters: `devnet` (default: fast blocks, commit–reveal
   * and rate limits off) or `finney` (tempo 360, commit–reveal on, finney's rate limits, immunity and
   * activity cutoff; `FINNEY_GENESIS`).
   */
  readonly genesis?: "devnet" | "finney";
  /** Seed of any randomness (default 0). */
  readonly seed?: number;
  /**
   * Accept `127.0.0.1` axons in `serve_axon` (default `false`: subtensor refuses them on every
   * network; turn on for miners and validators that all run on this machine).
   */
  readonly allowLocalIp?: boolean;
  /** Persist the chain to this file and reload it from there on start. */
  readonly statePath?: string;
  /** Milliseconds between saves of `statePath` while running (default 5000; it is also saved on close). */
  readonly stateSaveIntervalMs?: number;
  /**
   * Resource limits of the RPC server, subscriptions and transaction pool; each one left out keeps
   * its default (`DEFAULT_DEVNET_LIMITS`, listed in docs/operators.md "Limits").
   */
  readonly limits?: Partial<DevnetLimits>;
  /** Clock for block timestamps (ms). */
  readonly now?: () => number;
  /** Where the devnet logs. */
  readonly logger?: Logger;
  /**
   * Start from a live subnet's state instead of the genesis subnet: the subnets read at one block of
   * any subtensor node (or from a cache file), with //Alice … //Ferdie funded and Alice sudo; the devnet
   * continues at the forked block's number + 1. Cannot be combined with an existing `statePath` file.
   *
   * @example
   * ```ts ignore
   * await using net = await startDevnet({ port: 0, fork: { endpoint: "finney", netuids: [1] } });
   * console.log(net.fork?.subnets[0].neurons);
   * ```
   */
  readonly fork?: DevnetForkOptions;
}

/** The number and hash of a block. */
export interface PublicBlockInfo {
  /** Block number. */
  readonly number: number;
  /** Block hash, `0x` hex. */
  readonly hash: string;
}

/** A running devnet. */
export interface PublicDevnet extends AsyncDisposable {
  /** `ws://127.0.0.1:PORT`, or `""` when not serving. */
  readonly endpoint: string;
  /** The port, or 0 when not serving. */
  readonly port: number;
  /** An in-process provider for `@polkadot/api` (created on first use). */
  readonly provider: ProviderInterface;
  /** A new in-process provider (one per `ApiPromise`). */
  createProvider(): ProviderInterface;
  /** What the fork read and from where, when started with `fork`. */
  readonly fork?: ForkReport;
  /** Makes a block now. */
  produceBlock(): PublicBlockInfo;
  /** Writes `statePath` now (no-op without one). */
  save(): Promise<void>;
  /** Stops block production and the server, and saves the state. */
  close(): Promise<void>;
}
