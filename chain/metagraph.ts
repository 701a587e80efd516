/**
 * The metagraph: the neurons of a subnet with the field names Python users know (`n, block,
 * netuid, uids, hotkeys, coldkeys, S, I, E, C, Tv, D, validator_permit, active, last_update,
 * axons`, and v10's `alpha_stake, tao_stake, total_stake, ranks, trust, consensus, incentive,
 * dividends, emission, pruning_score, block_at_registration, identities` and the subnet's `name,
 * symbol, owner_*, tempo, hparams, pool, emissions, mechid, mechanism_count, emissions_split`),
 * with lookups by hotkey and uid, and `sync()` that refreshes it in place from any
 * `MetagraphSource` (the `Subtensor` client is one). It is built from a snapshot: the decoded
 * mechagraph (`./mechagraph.ts`, as Python v10 reads it) or, on older runtimes,
 * `NeuronInfoRuntimeApi.get_neurons_lite` (decoded here, pure, no connection).
 *
 * Units (spec/chain.md §3, §5): `I, C, Tv, D` are the stored u16 / 65535; `S` is the neuron's
 * stake in TAO units with the exact RAO in `S_rao`: through the mechagraph the hotkey's whole alpha
 * (`alpha_stake_rao`), through `get_neurons_lite` the sum of its `stake` entries; `E` is last
 * epoch's emission in alpha units (RAO / 1e9), exact in `E_rao`. `total_stake_rao` holds Python's
 * `S` (the mechagraph's `total_stake`, or `get_subnet_state`'s).
 *
 @module
 */
import { type ChainAxonInfo, ipToString } from "./axon_info.ts";
import type { Mechagraph, MechagraphEmissions, MechagraphPool } from "./mechagraph.ts";
import type { ScaleCompiler, ScaleStruct, ScaleValue } from "./scale.ts";
import type { Ss58Encoder } from "./ss58.ts";

export { type ChainAxonInfo, ipToInt, ipToString } from "./axon_info.ts";

/** One neuron of `get_neurons_lite`, fields as the SCALE struct names them. */
export interface NeuronLite {
  /** Uid on the subnet. */
  uid: number;
  /** The subnet. */
  netuid: number;
  /** Hotkey (SS58). */
  hotkey: string;
  /** Coldkey that owns the hotkey (SS58). */
  coldkey: string;
  /** Active flag of the last epoch. */
  active: boolean;
  /** Announced axon. */
  axon_info: ChainAxonInfo;
  /** Stake entries `(coldkey, rao)` as the runtime reports them. */
  stake: { coldkey: string; rao: bigint }[];
  /** Sum of `stake` in RAO. */
  stake_rao: bigint;
  /** Last epoch's emission in RAO (alpha). */
  emission: bigint;
  /** Stored u16 values (divide by 65535 for proportions). */
  rank: number;
  /** Stored u16. */
  incentive: number;
  /** Stored u16. */
  consensus: number;
  /** Stored u16. */
  trust: number;
  /** Stored u16. */
  validator_trust: number;
  /** Stored u16. */
  dividends: number;
  /** Block of the last weights (or registration). */
  last_update: number;
  /** Validator permit of the last epoch. */
  validator_permit: boolean;
  /** Stored u16 pruning score. */
  pruning_score: number;
}

const U16_MAX = 65535;
const RAO_PER_TAO = 1e9;

type Row = ScaleStruct;

function num(v: ScaleValue): number {
  return typeof v === "bigint" ? Number(v) : v as number;
}

/**
 * Turns decoded `NeuronInfoLite` values (from `ScaleCompiler`) into `NeuronLite`s.
 *
 * @example
 * ```ts
 * import { neuronsFromScale } from "./metagraph.ts";
 * // const neurons = neuronsFromScale(compiler.decodeAll(typeId, bytes) as never, ss58);
 * ```
 */
export function neuronsFromScale(rows: readonly ScaleStruct[], ss58: Ss58Encoder): NeuronLite[] {
  const names = new Map<string, string>();
  const address = (key: ScaleValue): string => {
    const bytes = key as Uint8Array;
    // Coldkeys repeat across neurons and stake entries: cache by the key's text.
    const id = String.fromCharCode.apply(null, bytes as unknown as number[]);
    let a = names.get(id);
    if (a === undefined) names.set(id, a = ss58.encode(bytes));
    return a;
  };
  return rows.map((r) => {
    const hotkey = ss58.encode(r.hotkey as Uint8Array);
    const coldkey = address(r.coldkey);
    const ax = r.axon_info as Row;
    const stake = (r.stake as ScaleValue[][]).map(([k, v]) => ({ coldkey: address(k), rao: v as bigint }));
    let stakeRao = 0n;
    for (const s of stake) stakeRao += s.rao;
    const ipInt = ax.ip as bigint;
    return {
      uid: num(r.uid),
      netuid: num(r.netuid),
      hotkey,
      coldkey,
      active: r.active as boolean,
      axon_info: {
        block: num(ax.block),
        version: num(ax.version),
        ip: ipToString(ipInt),
        ipInt,
        port: num(ax.port),
        ip_type: num(ax.ip_type),
        protocol: num(ax.protocol),
        hotkey,
        coldkey,
      },
      stake,
      stake_rao: stakeRao,
      emission: BigInt(r.emission as bigint),
      rank: num(r.rank),
      incentive: num(r.incentive),
      consensus: num(r.consensus),
      trust: num(r.trust),
      validator_trust: num(r.validator_trust),
      dividends: num(r.dividends),
      last_update: num(r.last_update),
      validator_permit: r.validator_permit as boolean,
      pruning_score: num(r.pruning_score),
    };
  });
}

/**
 * Decodes the SCALE answer of `NeuronInfoRuntimeApi_get_neurons_lite` with the metadata's own
 * output type (`typeId`, from the metadata's runtime-API section).
 *
 * @example
 * ```ts
 * import { decodeNeuronsLite } from "./metagraph.ts";
 * // const neurons = decodeNeuronsLite(compiler, typeId, bytes, ss58);
 * ```
 */
export function decodeNeuronsLite(
  compiler: ScaleCompiler,
  typeId: number,
  bytes: Uint8Array,
  ss58: Ss58Encoder,
): NeuronLite[] {
  return neuronsFromScale(compiler.decodeAll(typeId, bytes) as Row[], ss58);
}

/**
 * The neurons of a mechagraph as `NeuronLite`s, so that everything built on them (the `Metagraph`,
 * `--json`) reads either source. `stake_rao` is the hotkey's whole alpha (`alpha_stake`); `stake`
 * entries are not in the mechagraph and stay empty. `validatorTrust` (stored u16 by uid, read
 * beside the mechagraph, which lacks it) is `NaN` where unknown.
 *
 * @param m the mechagraph
 * @param validatorTrust stored u16 validator trust by uid, when it was read
 * @example
 * ```ts ignore
 * import { neuronsFromMechagraph } from "./metagraph.ts";
 * const neurons = neuronsFromMechagraph(mechagraph, validatorTrust);
 * ```
 */
export function neuronsFromMechagraph(m: Mechagraph, validatorTrust?: readonly number[]): NeuronLite[] {
  return m.hotkeys.map((hotkey, uid): NeuronLite => ({
    uid,
    netuid: m.netuid,
    hotkey,
    coldkey: m.coldkeys[uid],
    active: m.active[uid] ?? false,
    axon_info: m.axons[uid],
    stake: [],
    stake_rao: m.alpha_stake_rao[uid] ?? 0n,
    emission: m.emission_rao[uid] ?? 0n,
    rank: m.rank[uid] ?? 0,
    incentive: m.incentives[uid] ?? 0,
    consensus: m.consensus[uid] ?? 0,
    trust: m.trust[uid] ?? 0,
    validator_trust: validatorTrust?.[uid] ?? NaN,
    dividends: m.dividends[uid] ?? 0,
    last_update: m.last_update[uid] ?? 0,
    validator_permit: m.validator_permit[uid] ?? false,
    pruning_score: m.pruning_score[uid] ?? 0,
  }));
}

/** What a metagraph is built from. */
export interface MetagraphSnapshot {
  /** The subnet. */
  netuid: number;
  /** Block number the neurons were read at. */
  block: number;
  /** That block's hash. */
  blockHash: string;
  /** The neurons, by uid. */
  neurons: NeuronLite[];
  /** Python's `S` in RAO (`get_subnet_state` `total_stake`), when it was read. */
  totalStakeRao?: bigint[];
  /** The subnet's hyperparameters, when they were read. */
  hyperparameters?: Record<string, ScaleValue>;
  /** The mechanism (0 unless asked). */
  mechid?: number;
  /** The mechagraph the neurons came from (absent when they came from `get_neurons_lite`). */
  mechagraph?: Mechagraph;
  /** `MechanismCountCurrent` (1 when the runtime has no mechanisms). */
  mechanismCount?: number;
  /** `MechanismEmissionSplit` as stored (u16 per mechanism), or `null` for an even split. */
  emissionSplit?: number[] | null;
}

/** Which mechanism to read, and the optional reads a metagraph makes (none of them can fail it). */
export interface MetagraphReadOptions {
  /** The mechanism (default 0); other than 0 needs a runtime with `get_selective_mechagraph`. */
  mechid?: number;
  /**
   * `mechagraph` reads `get_selective_mechagraph` with every field (the default when the runtime has
   * it), `neurons-lite` reads `get_neurons_lite` (the only choice on older runtimes).
   */
  source?: "mechagraph" | "neurons-lite";
  /** With `neurons-lite`: read `get_subnet_state` for Python's total stake (default true). */
  subnetState?: boolean;
  /** Read the hyperparameters (default false). */
  hyperparameters?: boolean;
}

/** Anything that can read a metagraph snapshot (the `Subtensor` client). */
export interface MetagraphSource {
  /** Reads the current snapshot of `netuid`. */
  metagraphSnapshot(netuid: number, options?: MetagraphReadOptions): Promise<MetagraphSnapshot>;
}

/**
 * A subnet's metagraph with Python's field names.
 *
 * @example
 * ```ts
 * import { Metagraph } from "./metagraph.ts";
 * const mg = new Metagraph({ netuid: 1, block: 10, blockHash: "0x00", neurons: [] });
 * console.assert(mg.n === 0);
 * ```
 */
export class Metagraph {
  /** The subnet. */
  netuid!: number;
  /** Block the metagraph was read at. */
  block!: number;
  /** That block's hash. */
  blockHash!: string;
  /** Number of neurons. */
  n!: number;
  /** Neurons by uid, as decoded. */
  neurons!: NeuronLite[];
  /** Uids `0..n-1`. */
  uids!: number[];
  /** Hotkeys by uid (SS58). */
  hotkeys!: string[];
  /** Coldkeys by uid (SS58). */
  coldkeys!: string[];
  /** Stake in TAO units (alpha) as `get_neurons_lite` reports it. */
  S!: number[];
  /** Stake in RAO, exact. */
  S_rao!: bigint[];
  /** Python's `total_stake` in RAO (alpha + TAO × TaoWeight) when the subnet state was read. */
  total_stake_rao?: bigint[];
  /** Incentive, u16 / 65535. */
  I!: number[];
  /** Emission in alpha units (RAO / 1e9). */
  E!: number[];
  /** Emission in RAO, exact. */
  E_rao!: bigint[];
  /** Consensus, u16 / 65535. */
  C!: number[];
  /** Validator trust, u16 / 65535. */
  Tv!: number[];
  /** Dividends, u16 / 65535. */
  D!: number[];
  /** Validator permits. */
  validator_permit!: boolean[];
  /** Active flags. */
  active!: boolean[];
  /** Block of each neuron's last update. */
  last_update!: number[];
  /** Axons by uid. */
  axons!: ChainAxonInfo[];
  /** The subnet's hyperparameters, when read (`{ hyperparameters: true }`). */
  hyperparameters?: Record<string, ScaleValue>;
  /** The mechanism these per-mechanism figures (incentive, last update) belong to. */
  mechid!: number;
  /** Rank, u16 / 65535 (Python's `ranks`). */
  ranks!: number[];
  /** Trust, u16 / 65535. */
  trust!: number[];
  /** Consensus, u16 / 65535 (same as `C`). */
  consensus!: number[];
  /** Incentive of this mechanism, u16 / 65535 (same as `I`). */
  incentive!: number[];
  /** Dividends, u16 / 65535 (same as `D`). */
  dividends!: number[];
  /** Emission in alpha units (same as `E`). */
  emission!: number[];
  /** Validator trust, u16 / 65535 (same as `Tv`; `NaN` where it could not be read). */
  validator_trust!: number[];
  /** Pruning score, u16 / 65535. */
  pruning_score!: number[];
  /** Alpha stake in TAO units (the hotkey's whole alpha on the subnet), from the mechagraph. */
  alpha_stake?: number[];
  /** Alpha stake in RAO, exact. */
  alpha_stake_rao?: bigint[];
  /** Root TAO stake in TAO units as the chain stores it (unweighted; Python's `tao_stake` is × TaoWeight). */
  tao_stake?: number[];
  /** Root TAO stake in RAO, exact, unweighted. */
  tao_stake_rao?: bigint[];
  /** Python's `S`: alpha + TAO × TaoWeight, in TAO units (with `total_stake_rao`). */
  total_stake?: number[];
  /** Block each uid registered at (mechagraph). */
  block_at_registration?: number[];
  /** The coldkeys' chain identities by uid (mechagraph). */
  identities?: (Record<string, string> | null)[];
  /** Subnet name (mechagraph). */
  name?: string;
  /** Token symbol (mechagraph). */
  symbol?: string;
  /** The subnet's identity (mechagraph). */
  identity?: Record<string, string> | null;
  /** Block the subnet was registered at (mechagraph). */
  network_registered_at?: number;
  /** Owner hotkey (mechagraph). */
  owner_hotkey?: string;
  /** Owner coldkey (mechagraph). */
  owner_coldkey?: string;
  /** Blocks per epoch (mechagraph). */
  tempo?: number;
  /** Block of the last epoch (mechagraph). */
  last_step?: number;
  /** Blocks since the last epoch (mechagraph). */
  blocks_since_last_step?: number;
  /** Registered uids (mechagraph). */
  num_uids?: number;
  /** Uid slots (mechagraph). */
  max_uids?: number;
  /** The hyperparameters the mechagraph carries, as stored (Python's `hparams`). */
  hparams?: Record<string, number | bigint | boolean>;
  /** Pool reserves and price (Python's `pool`). */
  pool?: MechagraphPool;
  /** Emissions per block (Python's `emissions`). */
  emissions?: MechagraphEmissions;
  /** TAO dividends per hotkey, in RAO. */
  tao_dividends_per_hotkey?: [string, bigint][];
  /** Alpha dividends per hotkey, in RAO. */
  alpha_dividends_per_hotkey?: [string, bigint][];
  /** Uids of the subnet's validators. */
  validators?: number[];
  /** Hotkeys' commitments. */
  commitments?: [string, string][];
  /** The decoded mechagraph the metagraph was built from (absent when read through `get_neurons_lite`). */
  mechagraph?: Mechagraph;
  /** Number of mechanisms on the subnet (`MechanismCountCurrent`; 1 when not read). */
  mechanism_count!: number;
  /** Python's `emissions_split`: each mechanism's share in whole percent, or `null` for an even split. */
  emissions_split!: number[] | null;
  #byHotkey!: Map<string, number>;
  #options: MetagraphReadOptions;

  /**
   * Builds the metagraph from a snapshot.
   *
   * @param snapshot the decoded neurons and where they were read
   * @param options the optional reads `sync()` repeats
   */
  constructor(snapshot: MetagraphSnapshot, options: MetagraphReadOptions = {}) {
    this.#options = { ...options };
    this.#apply(snapshot);
  }

  #apply(s: MetagraphSnapshot): void {
    const ns = s.neurons;
    this.netuid = s.netuid;
    this.block = s.block;
    this.blockHash = s.blockHash;
    this.neurons = ns;
    this.n = ns.length;
    this.uids = ns.map((x) => x.uid);
    this.hotkeys = ns.map((x) => x.hotkey);
    this.coldkeys = ns.map((x) => x.coldkey);
    this.S_rao = ns.map((x) => x.stake_rao);
    this.S = this.S_rao.map((r) => Number(r) / RAO_PER_TAO);
    this.total_stake_rao = s.totalStakeRao;
    this.hyperparameters = s.hyperparameters;
    this.I = ns.map((x) => x.incentive / U16_MAX);
    this.E_rao = ns.map((x) => x.emission);
    this.E = this.E_rao.map((r) => Number(r) / RAO_PER_TAO);
    this.C = ns.map((x) => x.consensus / U16_MAX);
    this.Tv = ns.map((x) => x.validator_trust / U16_MAX);
    this.D = ns.map((x) => x.dividends / U16_MAX);
    this.validator_permit = ns.map((x) => x.validator_permit);
    this.active = ns.map((x) => x.active);
    this.mechid = s.mechid ?? 0;
    this.ranks = ns.map((x) => x.rank / U16_MAX);
    this.trust = ns.map((x) => x.trust / U16_MAX);
    this.consensus = this.C;
    this.incentive = this.I;
    this.dividends = this.D;
    this.emission = this.E;
    this.validator_trust = this.Tv;
    this.pruning_score = ns.map((x) => x.pruning_score / U16_MAX);
    this.mechanism_count = s.mechanismCount ?? 1;
    const split = s.emissionSplit;
    const splitSum = split ? split.reduce((a, b) => a + b, 0) : 0;
    this.emissions_split = split && splitSum > 0 ? split.map((x) => Math.round((x / splitSum) * 100)) : null;
    this.#applyMechagraph(s.mechagraph);
    this.last_update = ns.map((x) => x.last_update);
    this.axons = ns.map((x) => x.axon_info);
    this.#byHotkey = new Map(ns.map((x) => [x.hotkey, x.uid]));
  }

  #applyMechagraph(m: Mechagraph | undefined): void {
    const tao = (xs: bigint[] | undefined) => xs?.map((r) => Number(r) / RAO_PER_TAO);
    this.mechagraph = m;
    this.alpha_stake_rao = m?.alpha_stake_rao;
    this.alpha_stake = tao(m?.alpha_stake_rao);
    this.tao_stake_rao = m?.tao_stake_rao;
    this.tao_stake = tao(m?.tao_stake_rao);
    if (m) this.total_stake_rao = m.total_stake_rao;
    this.total_stake = tao(this.total_stake_rao);
    this.block_at_registration = m?.block_at_registration;
    this.identities = m?.identities;
    this.name = m?.name;
    this.symbol = m?.symbol;
    this.identity = m?.identity;
    this.network_registered_at = m?.network_registered_at;
    this.owner_hotkey = m?.owner_hotkey;
    this.owner_coldkey = m?.owner_coldkey;
    this.tempo = m?.tempo;
    this.last_step = m?.last_step;
    this.blocks_since_last_step = m?.blocks_since_last_step;
    this.num_uids = m?.num_uids;
    this.max_uids = m?.max_uids;
    this.hparams = m?.hparams;
    this.pool = m?.pool;
    this.emissions = m?.emissions;
    this.tao_dividends_per_hotkey = m?.tao_dividends_per_hotkey;
    this.alpha_dividends_per_hotkey = m?.alpha_dividends_per_hotkey;
    this.validators = m?.validators;
    this.commitments = m?.commitments;
  }

  /**
   * The uid of `hotkey`, or `undefined` when it is not registered here.
   *
   * @param hotkey an SS58 address
   */
  uidOf(hotkey: string): number | undefined {
    return this.#byHotkey.get(hotkey);
  }

  /**
   * The neuron with `uid`, or `undefined`.
   *
   * @param uid the uid
   */
  neuron(uid: number): NeuronLite | undefined {
    return this.neurons[uid]?.uid === uid ? this.neurons[uid] : this.neurons.find((x) => x.uid === uid);
  }

  /**
   * The neuron of `hotkey`, or `undefined`.
   *
   * @param hotkey an SS58 address
   */
  neuronByHotkey(hotkey: string): NeuronLite | undefined {
    const uid = this.uidOf(hotkey);
    return uid === undefined ? undefined : this.neuron(uid);
  }

  /**
   * Re-reads the metagraph from `source` and replaces every field in place.
   *
   * @param source where to read (the `Subtensor` client)
   */
  async sync(source: MetagraphSource): Promise<this> {
    this.#apply(await source.metagraphSnapshot(this.netuid, this.#options));
    return this;
  }
}
