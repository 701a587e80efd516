/**
 * The devnet's genesis accounts: `//Alice` … `//Ferdie` (sr25519), funded as subtensor's localnet
 * funds them (spec/chain.md §11.4): Alice, Bob and Charlie 1,000,000 TAO each; Dave, Eve and
 * Ferdie 2,000 TAO each. Alice is sudo.
 *
 * @module
 */
import { hexToU8a } from "@polkadot/util";
import type { GenesisAccount, GenesisConfig } from "./pallet.ts";

/** One TAO in RAO. */
export const RAO_PER_TAO = 1_000_000_000n;

/** Public keys of the Substrate development accounts (sr25519, `//Name` from the dev phrase). */
export const DEV_ACCOUNTS: Readonly<Record<string, Uint8Array>> = Object.freeze({
  Alice: hexToU8a("0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d"),
  Bob: hexToU8a("0x8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48"),
  Charlie: hexToU8a("0x90b5ab205c6974c9ea841be688864633dc9ca8a357843eeacf2314649965fe22"),
  Dave: hexToU8a("0x306721211d5404bd9da88e0204360a1a9ab8b87c66c1bc2fcdd37f3c2222cc20"),
  Eve: hexToU8a("0xe659a7a1628cdd93febc04a4e0646ea20e9f5f0ce097d9a05290d4a9e054df4e"),
  Ferdie: hexToU8a("0x1cbd2d43530a44705ad088af313e18f80b53ef16b36177cd4b77b846f2a5f07c"),
});

/**
 * The default genesis accounts.
 *
 * @example
 * ```ts
 * import { devGenesisAccounts } from "./genesis.ts";
 * console.assert(devGenesisAccounts().length === 6);
 * ```
 */
export function devGenesisAccounts(): GenesisAccount[] {
  const rich = 1_000_000n * RAO_PER_TAO;
  const some = 2_000n * RAO_PER_TAO;
  return Object.entries(DEV_ACCOUNTS).map(([name, publicKey], i) => ({
    name: `//${name}`,
    publicKey,
    free: i < 3 ? rich : some,
  }));
}

/** Options of {@link devGenesisConfig}. */
export interface DevGenesisOptions {
  /** Tempo of the genesis subnet (default 10, fast-runtime localnet). */
  readonly tempo?: number;
  /** Seed of any randomness (default 0). */
  readonly seed?: number;
  /** Accounts to fund instead of the dev accounts. */
  readonly accounts?: readonly GenesisAccount[];
  /** The sudo key (default `//Alice`). */
  readonly sudo?: Uint8Array;
  /** Extra settings for pallets. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * The devnet's default genesis configuration.
 *
 * @example
 * ```ts
 * import { devGenesisConfig } from "./genesis.ts";
 * console.assert(devGenesisConfig({ tempo: 5 }).tempo === 5);
 * ```
 */
export function devGenesisConfig(options: DevGenesisOptions = {}): GenesisConfig {
  return {
    accounts: options.accounts ?? devGenesisAccounts(),
    sudo: options.sudo ?? DEV_ACCOUNTS.Alice,
    tempo: options.tempo ?? 10,
    seed: options.seed ?? 0,
    extra: options.extra ?? {},
  };
}

/** The genesis timestamp of a deterministic devnet: 2025-01-01T00:00:00Z. */
export const DETERMINISTIC_GENESIS_MS = 1_735_689_600_000;

/**
 * A clock for a reproducible chain: the first call (genesis) gives `startMs`, each later call
 * (one per block) `stepMs` more, so the same seed and transactions give the same block hashes.
 *
 * @example
 * ```ts
 * import { deterministicClock } from "./genesis.ts";
 * const now = deterministicClock(1000, 250);
 * console.assert(now() === 1000 && now() === 1250);
 * ```
 */
export function deterministicClock(startMs: number = DETERMINISTIC_GENESIS_MS, stepMs = 250): () => number {
  let next = startMs;
  return () => {
    const t = next;
    next += stepMs;
    return t;
  };
}
