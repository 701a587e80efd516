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
  st.put(S.AdminFreezeWindow, [], 0);
  st.put(S.NetworkRateLimit, [], 0n);
  st.put(S.TotalIssuance, [], 0n);

  const netuid = options.netuid ?? 1;
  const tempo = options.tempo ?? 10;
  initNewNetwork(st, netuid, tempo, 0);
  st.put(HEAD_ONLY_ITEMS.LastEpochBlock, [netuid], 0n);
  st.put(S.SubnetMechanism, [netuid], 0);
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
}
