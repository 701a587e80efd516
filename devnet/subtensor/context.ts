/**
 * What SubtensorModule logic needs from the chain it runs in: storage, the block number, balances and
 * an event sink. The devnet's pallet adapter builds one per dispatch; unit tests build one over a
 * `MapStorage`.
 *
 * @module
 */
import type { TypedStore } from "./store.ts";

/** Free-balance operations on `System.Account` (RAO). */
export interface BalanceOps {
  /** The free balance of `who`. */
  free(who: Uint8Array): bigint;
  /** Takes `amount` from `who`'s free balance; callers check `free` first. */
  withdraw(who: Uint8Array, amount: bigint): void;
  /** Adds `amount` to `who`'s free balance (creating the account). */
  deposit(who: Uint8Array, amount: bigint): void;
  /** What `who` can pay without its account being reaped (free minus the existential deposit); `free` when absent. */
  reducible?(who: Uint8Array): bigint;
}

/** Devnet-wide choices that change how SubtensorModule behaves. */
export interface SubtensorConfig {
  /**
   * Accept `127.0.0.1` (and IPv6 `::1`) in `serve_axon`. subtensor itself rejects them on every network,
   * localnet included (`serving.rs` `is_valid_ip_address`), so the default is `false`.
   */
  allowLocalIp: boolean;
  /**
   * Run epochs on the older schedule `(block + netuid + 1) % (tempo + 1) == 0` (subtensor ≤ v3.4.7)
   * instead of every `tempo` blocks since `LastEpochBlock` (v3.4.8+).
   */
  legacyEpoch: boolean;
}

/** The default {@link SubtensorConfig}: faithful to subtensor. */
export const DEFAULT_SUBTENSOR_CONFIG: Readonly<SubtensorConfig> = Object.freeze({
  allowLocalIp: false,
  legacyEpoch: false,
});

/** One dispatch's (or one block hook's) view of the chain. */
export interface PalletContext {
  /** Typed storage over the block state being built. */
  readonly store: TypedStore;
  /** The number of the block being built. */
  readonly block: number;
  /** Balances of accounts. */
  readonly balances: BalanceOps;
  /**
   * Deposits event `pallet.name` with its fields in order: numbers, bigints, booleans and byte arrays
   * (accounts, hashes), as the metadata's field types take them.
   */
  emit(pallet: string, name: string, fields: readonly unknown[]): void;
  /** Devnet-wide behaviour switches. */
  readonly config: Readonly<SubtensorConfig>;
}
