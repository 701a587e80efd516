/**
 * An embedded, subtensor-compatible local chain: a Substrate JSON-RPC node that `@polkadot/api`
 * and dedot use unchanged, serving subtensor's metadata (finney, spec 343), with `//Alice` …
 * `//Ferdie` funded and Alice as sudo, in-process or over WebSocket/HTTP on 127.0.0.1. It runs
 * `System`, `Timestamp`, `Balances`, `Sudo`, `Utility`, `SubtensorModule` and `AdminUtils`, and a
 * `Drand` pallet fed by a deterministic development beacon (a round a second), so timelocked weight
 * commits (`commit_timelocked_*weights`) are revealed as on a live chain; other calls of the metadata
 * fail with `DispatchError::Other`, unset storage reads return `null`.
 *
 * With `fork`, the devnet starts from a live subnet instead: its state read at one block of any
 * subtensor node (finney, test, a local node, another devnet), continuing at that block's number + 1.
 *
 * @example In-process, for tests
 * ```ts ignore
 * import { ApiPromise } from "@polkadot/api";
 * import { startDevnet } from "@subnet/subnet/devnet";
 * await using net = await startDevnet({ serve: false, instant: true });
 * const api = await ApiPromise.create({ provider: net.provider });
 * ```
 *
 * @module
 */
import { startDevnet as startEngine } from "./devnet.ts";
import type { PublicDevnet, PublicDevnetOptions } from "./options.ts";

export type { PublicBlockInfo as BlockInfo } from "./options.ts";
export type { ProviderEvent, ProviderInterface, ProviderInterfaceCallback } from "./provider.ts";
export type { LogFields, Logger } from "../protocol/logger.ts";
export { DEV_ACCOUNTS, RAO_PER_TAO } from "./genesis.ts";
export { DEFAULT_DEVNET_LIMITS, type DevnetLimits } from "./limits.ts";
export type { DevnetForkOptions } from "./fork/source.ts";
export type { ForkHeader, ForkReport, ForkSnapshot, ForkSubnetReport } from "./fork/snapshot.ts";
export type { ForkRpcOptions } from "./fork/rpc.ts";
export { loadForkCache, saveForkCache } from "./fork/snapshot.ts";
export { type ForkProgress, type ForkSourceOptions, readFork } from "./fork/read.ts";
export {
  type Compared,
  type ForkEpochOptions,
  type ForkEpochResult,
  type SimulatedUid,
  simulateForkEpoch,
} from "./fork/simulate.ts";

/** Options of {@link startDevnet}. */
export type DevnetOptions = PublicDevnetOptions;

/** A running devnet. */
export type Devnet = PublicDevnet;

/**
 * Starts a devnet: loads the metadata, builds (or reloads, with `statePath`) the chain, starts
 * block production and, unless `serve: false`, the JSON-RPC server on `ws://127.0.0.1:PORT`.
 * With `fork`, the chain starts from subnets read from another node (or a cache file): their
 * neurons, stakes, weights and bonds, hyperparameters and epoch position, with //Alice … //Ferdie
 * funded and Alice sudo; `net.fork` says which item came from where.
 *
 * @example
 * ```ts ignore
 * await using net = await startDevnet({ port: 0, instant: true });
 * console.log(net.endpoint); // ws://127.0.0.1:PORT
 * ```
 * @example A fork of finney's subnet 1, cached for offline restarts
 * ```ts ignore
 * await using net = await startDevnet({
 *   port: 0,
 *   fork: { endpoint: "finney", netuids: [1], cache: "sn1.fork.json" },
 * });
 * console.log(net.fork?.block, net.fork?.subnets[0].neurons, net.fork?.subnets[0].missing);
 * ```
 */
export function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  return startEngine(options);
}
