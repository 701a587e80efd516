/**
 * Subnets as an owner sees them: which exist, what creating one costs, their hyperparameters and
 * the `AdminUtils` setter behind each. Each function takes the connection (`ChainCore`);
 * `Subtensor` offers them as methods.
 *
 * @module
 */
import type { ChainCore } from "./core.ts";
import type { ScaleValue } from "./scale.ts";

/** One subnet in `subnets()`. */
export interface SubnetSummary {
  /** The subnet id. */
  netuid: number;
  /** Its name (identity or dynamic-info name; empty when it has none). */
  name: string;
  /** Registered neurons. */
  n: number;
  /** Neuron slots. */
  maxN: number;
  /** Blocks per epoch. */
  tempo: number;
  /** Emission per block into the subnet, in RAO (TAO in, as dynamic info reports it). */
  emissionRao: bigint;
  /** The owner's coldkey (SS58). */
  owner: string;
  /** Alpha price in TAO (`tao_in / alpha_in`), when the runtime reports pools. */
  price?: number;
}

type Fields = Record<string, ScaleValue>;
const text = (v: ScaleValue | undefined): string =>
  v instanceof Uint8Array || Array.isArray(v)
    ? new TextDecoder().decode(Uint8Array.from(v as ArrayLike<number>)).replace(/\0+$/, "")
    : typeof v === "string"
    ? v
    : "";
const int = (v: ScaleValue | undefined): bigint => typeof v === "bigint" ? v : BigInt(Number(v ?? 0));
const bytes = (v: ScaleValue | undefined): Uint8Array =>
  v instanceof Uint8Array ? v : Uint8Array.from(Object.values((v ?? {}) as Record<string, number>));

/**
 * Whether `netuid` exists (`NetworksAdded`); the root subnet 0 always does.
 *
 * @param core the chain connection
 * @param netuid the subnet
 */
export async function subnetExists(core: ChainCore, netuid: number): Promise<boolean> {
  if (netuid === 0) return true;
  return await core.storage("SubtensorModule", "NetworksAdded", [netuid]) === true;
}

/**
 * Every subnet with its size, tempo, owner and (where the runtime has pools) emission and price,
 * from `SubnetInfoRuntimeApi.get_subnets_info_v2` and `get_all_dynamic_info`.
 *
 * @param core the chain connection
 */
export async function subnets(core: ChainCore): Promise<SubnetSummary[]> {
  const infoMethod = core.hasRuntimeApi("SubnetInfoRuntimeApi", "get_subnets_info_v2")
    ? "get_subnets_info_v2"
    : "get_subnets_info";
  const infos = (await core.runtimeCall("SubnetInfoRuntimeApi", infoMethod, []) as unknown as (Fields | null)[])
    .filter((x): x is Fields => x !== null);
  const dynamic = new Map<number, Fields>();
  if (core.hasRuntimeApi("SubnetInfoRuntimeApi", "get_all_dynamic_info")) {
    const all = await core.runtimeCall("SubnetInfoRuntimeApi", "get_all_dynamic_info", []) as unknown as (
      | Fields
      | null
    )[];
    for (const d of all) if (d) dynamic.set(Number(d.netuid), d);
  }
  return infos.map((info) => {
    const netuid = Number(info.netuid);
    const d = dynamic.get(netuid);
    const identity = info.identity as Fields | null | undefined;
    const taoIn = int(d?.tao_in);
    const alphaIn = int(d?.alpha_in);
    return {
      netuid,
      name: text(identity?.subnet_name) || text(d?.subnet_name),
      n: Number(info.subnetwork_n),
      maxN: Number(info.max_allowed_uids),
      tempo: Number(info.tempo),
      emissionRao: d ? int(d.tao_in_emission) : int(info.emission_value),
      owner: core.ss58.encode(bytes(info.owner)),
      ...(d && alphaIn > 0n ? { price: Number(taoIn) / Number(alphaIn) } : {}),
    };
  }).sort((a, b) => a.netuid - b.netuid);
}

/**
 * What creating a subnet costs now, in RAO
 * (`SubnetRegistrationRuntimeApi.get_network_registration_cost`, else `NetworkLastLockCost`).
 *
 * @param core the chain connection
 */
export async function networkLockCost(core: ChainCore): Promise<bigint> {
  if (core.hasRuntimeApi("SubnetRegistrationRuntimeApi", "get_network_registration_cost")) {
    return int(await core.runtimeCall("SubnetRegistrationRuntimeApi", "get_network_registration_cost", []));
  }
  return int(await core.storage("SubtensorModule", "NetworkLastLockCost"));
}

/** How `subnets set --param NAME` reaches `AdminUtils`. */
export interface HyperparameterSetter {
  /** The `AdminUtils` call, such as `sudo_set_tempo`. */
  call: string;
  /** Whether only root (sudo) may call it; otherwise the subnet owner may. */
  rootOnly: boolean;
  /** How the value is written: an integer, a boolean, or u16 proportions. */
  kind: "int" | "bool" | "split";
}

/**
 * The `AdminUtils` setter of each hyperparameter, keyed by the snake_case names
 * `get_subnet_hyperparams_v2` reports (as `btcli sudo set` takes them), plus `mechanism_count`
 * and `mechanism_emission_split`.
 *
 * @example
 * ```ts
 * import { HYPERPARAMETER_SETTERS } from "./subnets.ts";
 * console.assert(HYPERPARAMETER_SETTERS.tempo.call === "sudo_set_tempo");
 * ```
 */
export const HYPERPARAMETER_SETTERS: Readonly<Record<string, HyperparameterSetter>> = {
  tempo: { call: "sudo_set_tempo", rootOnly: true, kind: "int" },
  kappa: { call: "sudo_set_kappa", rootOnly: true, kind: "int" },
  rho: { call: "sudo_set_rho", rootOnly: false, kind: "int" },
  immunity_period: { call: "sudo_set_immunity_period", rootOnly: false, kind: "int" },
  min_allowed_weights: { call: "sudo_set_min_allowed_weights", rootOnly: false, kind: "int" },
  max_validators: { call: "sudo_set_max_allowed_validators", rootOnly: true, kind: "int" },
  max_allowed_uids: { call: "sudo_set_max_allowed_uids", rootOnly: false, kind: "int" },
  weights_version: { call: "sudo_set_weights_version_key", rootOnly: false, kind: "int" },
  weights_rate_limit: { call: "sudo_set_weights_set_rate_limit", rootOnly: true, kind: "int" },
  activity_cutoff: { call: "sudo_set_activity_cutoff", rootOnly: false, kind: "int" },
  registration_allowed: { call: "sudo_set_network_registration_allowed", rootOnly: true, kind: "bool" },
  target_regs_per_interval: { call: "sudo_set_target_registrations_per_interval", rootOnly: true, kind: "int" },
  min_burn: { call: "sudo_set_min_burn", rootOnly: false, kind: "int" },
  max_burn: { call: "sudo_set_max_burn", rootOnly: false, kind: "int" },
  bonds_moving_avg: { call: "sudo_set_bonds_moving_average", rootOnly: false, kind: "int" },
  max_regs_per_block: { call: "sudo_set_max_registrations_per_block", rootOnly: true, kind: "int" },
  serving_rate_limit: { call: "sudo_set_serving_rate_limit", rootOnly: false, kind: "int" },
  adjustment_interval: { call: "sudo_set_adjustment_interval", rootOnly: true, kind: "int" },
  difficulty: { call: "sudo_set_difficulty", rootOnly: true, kind: "int" },
  commit_reveal_weights_enabled: { call: "sudo_set_commit_reveal_weights_enabled", rootOnly: false, kind: "bool" },
  commit_reveal_period: { call: "sudo_set_commit_reveal_weights_interval", rootOnly: false, kind: "int" },
  liquid_alpha_enabled: { call: "sudo_set_liquid_alpha_enabled", rootOnly: false, kind: "bool" },
  alpha_sigmoid_steepness: { call: "sudo_set_alpha_sigmoid_steepness", rootOnly: false, kind: "int" },
  bonds_reset_enabled: { call: "sudo_set_bonds_reset_enabled", rootOnly: false, kind: "bool" },
  mechanism_count: { call: "sudo_set_mechanism_count", rootOnly: false, kind: "int" },
  mechanism_emission_split: { call: "sudo_set_mechanism_emission_split", rootOnly: false, kind: "split" },
};
