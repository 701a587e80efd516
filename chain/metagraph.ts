/**
 * The metagraph: `NeuronInfoRuntimeApi.get_neurons_lite` decoded (pure, no connection) into the
 * fields Python users know (`n, block, netuid, uids, hotkeys, coldkeys, S, I, E, C, Tv, D,
 * validator_permit, active, last_update, axons`), with lookups by hotkey and uid, and `sync()`
 * that refreshes it in place from any `MetagraphSource` (the `Subtensor` client is one).
 *
 * Units (spec/chain.md §3, §5): `I, C, Tv, D` are the stored u16 / 65535; `S` is the neuron's
 * stake as `get_neurons_lite` reports it (sum of its `stake` entries, alpha) in TAO units, with
 * the exact RAO in `S_rao`; `E` is last epoch's emission in alpha units (RAO / 1e9), exact in
 * `E_rao`. When the subnet state was loaded, `total_stake_rao` holds Python's `S`
 * (`SubnetInfoRuntimeApi.get_subnet_state` `total_stake`).
 *
 * @module
 */
import type { ScaleCompiler, ScaleStruct, ScaleValue } from "./scale.ts";
import type { Ss58Encoder } from "./ss58.ts";

/** An axon's address as the chain stores it (Python's `AxonInfo` from a neuron). */
export interface ChainAxonInfo {
  /** Block the axon was last served at. */
  block: number;
  /** Version the miner announced (`version_as_int`). */
  version: number;
  /** The address as text: IPv4 dotted when the integer is below 2³², else IPv6 (as Python's `netaddr`). */
  ip: string;
  /** The address as the chain stores it (`u128`). */
  ipInt: bigint;
  /** TCP port (0 when never served). */
  port: number;
  /** 4 or 6 as announced (0 when never served). */
  ip_type: number;
  /** Protocol field (Python sends 4). */
  protocol: number;
  /** The neuron's hotkey (SS58). */
  hotkey: string;
  /** The neuron's coldkey (SS58). */
  coldkey: string;
}

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

/**
 * The text form of an axon address: IPv4 dotted quad below 2³², else RFC 5952 IPv6.
 *
 * @example
 * ```ts
 * import { ipToString } from "./metagraph.ts";
 * console.assert(ipToString(3232235777n) === "192.168.1.1");
 * ```
 */
export function ipToString(ip: bigint): string {
  if (ip < 0n || ip >= 1n << 128n) throw new RangeError(`Cannot format IP ${ip}: not a u128`);
  if (ip < 1n << 32n) {
    const v = Number(ip);
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  if (ip >> 32n === 0xffffn) return `::ffff:${ipToString(ip & 0xffffffffn)}`; // IPv4-mapped, as netaddr prints it
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/**
 * Parses an IPv4 or IPv6 address into the chain's `u128` and `ip_type`.
 *
 * @throws {RangeError} when the text is not an IP address
 * @example
 * ```ts
 * import { ipToInt } from "./metagraph.ts";
 * console.assert(ipToInt("192.168.1.1").ip === 3232235777n);
 * ```
 */
export function ipToInt(text: string): { ip: bigint; ipType: 4 | 6 } {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) throw new RangeError(`Cannot parse IP "${text}": an octet exceeds 255`);
    return { ip: BigInt(((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]), ipType: 4 };
  }
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split("::").length > 2) {
    throw new RangeError(`Cannot parse IP "${text}": not IPv4 or IPv6`);
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array(fill).fill("0"), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) {
    throw new RangeError(`Cannot parse IP "${text}": not 8 groups of IPv6`);
  }
  let ip = 0n;
  for (const g of groups) ip = (ip << 16n) | BigInt(parseInt(g, 16));
  return { ip, ipType: 6 };
}

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
}

/** Optional reads a metagraph makes besides `get_neurons_lite` (none of them can fail it). */
export interface MetagraphReadOptions {
  /** Read `get_subnet_state` for Python's total stake (default true). */
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
    this.last_update = ns.map((x) => x.last_update);
    this.axons = ns.map((x) => x.axon_info);
    this.#byHotkey = new Map(ns.map((x) => [x.hotkey, x.uid]));
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
