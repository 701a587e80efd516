/**
 * Forking a live subnet into the devnet: read the subnets' state at one block of any subtensor node
 * ({@link readFork}), save or load it (`--fork-cache`), and start a devnet on it
 * (`startDevnet({ fork })`), or run the next epoch with other weights ({@link simulateForkEpoch}).
 *
 * @example
 * ```ts ignore
 * import { readFork } from "./mod.ts";
 * const snapshot = await readFork({ endpoint: "ws://127.0.0.1:9944", netuids: [1] });
 * ```
 *
 * @module
 */
export * from "./apply.ts";
export * from "./read.ts";
export * from "./rpc.ts";
export * from "./snapshot.ts";
export * from "./source.ts";
export * from "./format.ts";
