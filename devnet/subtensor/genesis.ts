/**
 * The devnet's SubtensorModule genesis (spec `chain.md` §11.4–11.5): the root network, and subnet 1
 * created and started, owned by //Alice (coldkey and hotkey, uid 0), with fast-blocks hyperparameters
 * so plain `set_weights` works at once: tempo 10, commit–reveal off, weights rate limit 0, admin freeze
 * window 0 (the bittensor e2e tests set that by sudo), network rate limit 0 (`pow-faucet` localnet).
 *
 * @module
 */
import { HEAD_ONLY_ITEMS, S } from "./items.ts";
import { appendNeuron, createAccountIfNonExistent } from "./neurons.ts";
import { initNewNetwork } from "./network.ts";
import type { TypedStore } from "./store.ts";

/** Hyperparameters of the genesis subnet the devnet's flags may change. */
export interface GenesisSubnetOptions {
  /** The genesis subnet's netuid. Default 1 (`subnet demo --subnet sn21` uses 21). */
  netuid?: number;
  /** Blocks per epoch (`--tempo`). Default 10, subtensor's fast-runtime tempo. */
  tempo?: number;
  /** `CommitRevealWeightsEnabled`. Default `false`. */
  commitReveal?: boolean;
  /** `WeightsSetRateLimit` in blocks. Default 0. */
  weightsRateLimit?: number;
  /** `ServingRateLimit` in blocks. Default 50 (subtensor's default). */
  servingRateLimit?: number;
  /** `ActivityCutoff` in blocks. Default 5000. */
  activityCutoff?: number;
  /** `MinAllowedWeights`. Default 1 (a new subnet's value). */
  minAllowedWeights?: number;
  /** `MaxAllowedUids`. Default 256. */
  maxAllowedUids?: number;
  /** `MaxAllowedValidators`. Default 64. */
  maxAllowedValidators?: number;
  /** `Yuma3On`. Default `true` (a new subnet's value). */
  yuma3?: boolean;
  /** `Burn`, the registration price in RAO. Default 1 TAO. */
  burnRao?: bigint;
  /** `ImmunityPeriod` in blocks. Default 4096 (subtensor's default). */
  immunityPeriod?: number;
  /** `RevealPeriodEpochs` (commit–reveal period). Default 1. */
  revealPeriodEpochs?: number;
  /** `AdminFreezeWindow`, blocks before an epoch when owner settings are frozen. Default 0. */
  adminFreezeWindow?: number;
  /**
   * Make the subnet a dynamic pool seeded with this many RAO of TAO and of alpha (price 1). Default: a
   * stable subnet (`SubnetMechanism` 0, staking 1:1 without fees).
   */
  poolReserveRao?: bigint;
}

/** The names of the genesis presets `subnet devnet --genesis` takes. */
export type GenesisPreset = "devnet" | "finney";

/**
 * The `finney` preset: a subnet as finney runs one. Tempo 360 (finney's default; subnet 1 itself runs 99),
 * and from subnet 1's hyperparameters at block 6852690 (the recorded `get_selective_mechagraph`):
 * commit–reveal on with a reveal period of 1 epoch, weights rate limit 100 blocks, activity cutoff 5000,
 * immunity period 7200, serving rate limit 10, 128 validators, min allowed weights 1, liquid alpha off;
 * Yuma3 off and an admin freeze window of 10 blocks as subtensor's defaults; a dynamic pool seeded
 * with 1000 TAO and 1000 alpha (swap fee, slippage, limit prices).
 *
 * @example
 * ```ts
 * import { FINNEY_GENESIS } from "./genesis.ts";
 * console.assert(FINNEY_GENESIS.tempo === 360 && FINNEY_GENESIS.commitReveal === true);
 * ```
 */
export const FINNEY_GENESIS: Readonly<GenesisSubnetOptions> = Object.freeze({
  tempo: 360,
  commitReveal: true,
  revealPeriodEpochs: 1,
  weightsRateLimit: 100,
  servingRateLimit: 10,
  activityCutoff: 5000,
  immunityPeriod: 7200,
  minAllowedWeights: 1,
  maxAllowedUids: 256,
  maxAllowedValidators: 128,
  yuma3: false,
  adminFreezeWindow: 10,
  poolReserveRao: 1_000_000_000_000n,
});

/**
 * The genesis subnet options of a preset: `devnet` (fast blocks, everything off; the default) or
 * `finney` ({@link FINNEY_GENESIS}).
 *
 * @example
 * ```ts
 * import { genesisPreset } from "./genesis.ts";
 * console.assert(genesisPreset("finney").weightsRateLimit === 100);
 * ```
 */
export function genesisPreset(name: string): Readonly<GenesisSubnetOptions> {
  if (name === "devnet") return {};
  if (name === "finney") return FINNEY_GENESIS;
  throw new RangeError(`Cannot use genesis preset "${name}": choose devnet or finney`);
}

/**
 * Writes the SubtensorModule genesis state.
 *
 * @example
 * ```ts
 * import { MapStorage, TypedStore } from "./store.ts";
 * import { S } from "./items.ts";
 * import { writeSubtensorGenesis } from "./genesis.ts";
 * const st = new TypedStore(new MapStorage());
 * writeSubtensorGenesis(st, new Uint8Array(32).fill(1), {});
 * console.assert(st.get(S.Tempo, 1) === 10 && st.get(S.SubnetworkN, 1) === 1);
 * ```
 */
export function writeSubtensorGenesis(st: TypedStore, owner: Uint8Array, options: GenesisSubnetOptions): void {
  // Root network (netuid 0): exists, owned by the sudo key as on a fast-runtime localnet.
  st.put(S.NetworksAdded, [0], true);
  st.put(S.Tempo, [0], 100);
  st.put(S.SubnetworkN, [0], 0);
  st.put(S.SubnetOwner, [0], owner);
  st.mutate(S.TotalNetworks, [], (n) => n + 1);
  st.put(S.AdminFreezeWindow, [], options.adminFreezeWindow ?? 0);
  st.put(S.NetworkRateLimit, [], 0n);
  st.put(S.TotalIssuance, [], 0n);

  const netuid = options.netuid ?? 1;
  const tempo = options.tempo ?? 10;
  initNewNetwork(st, netuid, tempo, 0);
  st.put(HEAD_ONLY_ITEMS.LastEpochBlock, [netuid], 0n);
  st.put(S.SubnetMechanism, [netuid], options.poolReserveRao === undefined ? 0 : 1);
  if (options.poolReserveRao !== undefined) {
    st.put(S.SubnetTAO, [netuid], options.poolReserveRao);
    st.put(S.SubnetAlphaIn, [netuid], options.poolReserveRao);
  }
  st.put(S.NetworkRegisteredAt, [netuid], 0n);
  st.put(S.SubnetOwner, [netuid], owner);
  st.put(S.SubnetOwnerHotkey, [netuid], owner);
  st.put(S.TokenSymbol, [netuid], new TextEncoder().encode(`SN${netuid}`));
  createAccountIfNonExistent(st, owner, owner);
  appendNeuron(st, netuid, owner, 0);
  st.put(S.FirstEmissionBlockNumber, [netuid], 1n);
  st.put(S.SubtokenEnabled, [netuid], true);
  st.put(S.CommitRevealWeightsEnabled, [netuid], options.commitReveal ?? false);
  st.put(S.WeightsSetRateLimit, [netuid], BigInt(options.weightsRateLimit ?? 0));
  st.put(S.ServingRateLimit, [netuid], BigInt(options.servingRateLimit ?? 50));
  st.put(S.ActivityCutoff, [netuid], options.activityCutoff ?? 5000);
  st.put(S.MinAllowedWeights, [netuid], options.minAllowedWeights ?? 1);
  st.put(S.MaxAllowedUids, [netuid], options.maxAllowedUids ?? 256);
  st.put(S.MaxAllowedValidators, [netuid], options.maxAllowedValidators ?? 64);
  st.put(S.Yuma3On, [netuid], options.yuma3 ?? true);
  st.put(S.Burn, [netuid], options.burnRao ?? 1_000_000_000n);
  if (options.immunityPeriod !== undefined) st.put(S.ImmunityPeriod, [netuid], options.immunityPeriod);
  if (options.revealPeriodEpochs !== undefined) {
    st.put(S.RevealPeriodEpochs, [netuid], BigInt(options.revealPeriodEpochs));
  }
}
