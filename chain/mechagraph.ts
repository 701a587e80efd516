/**
 * The mechagraph: `SubnetInfoRuntimeApi.get_selective_mechagraph(netuid, mechid, indexes)` asked for
 * every field, as the Python SDK v10's `metagraph()` does, decoded (pure, no connection) with the
 * metadata's own `SelectiveMetagraph` type into Python's `MetagraphInfo` names: per uid hotkeys,
 * coldkeys, stakes (alpha, TAO, total), the mechanism's incentive and last update, the subnet's
 * emission, dividends, consensus, trust and rank, axons and identities; per subnet name, symbol,
 * owner, tempo, hyperparameters, pool reserves and emissions.
 *
 * Units: RAO amounts are bigints named `…_rao`; proportions keep the stored u16 (divide by 65535);
 * `moving_price` is the stored I96F32 as a float (Python's `fixed_to_float(bits, 32)`).
 *
 * In subtensor (`rpc_info/metagraph.rs`), only `incentives` and `last_update` are per mechanism
 * (read at `get_mechanism_storage_index`); every other field is the subnet's.
 *
 * @module
 */
import { type ChainAxonInfo, ipToString } from "./axon_info.ts";
import type { ScaleStruct, ScaleValue } from "./scale.ts";
import type { Ss58Encoder } from "./ss58.ts";

/** Storage maps of epoch values are indexed by `netuid + mechid × 4096` (subtensor's `GLOBAL_MAX_SUBNET_COUNT`). */
export const GLOBAL_MAX_SUBNET_COUNT = 4096;
/** At most this many mechanisms per subnet (`MAX_MECHANISM_COUNT_PER_SUBNET`). */
export const MAX_MECHANISM_COUNT_PER_SUBNET = 16;

/**
 * The storage index of a mechanism's epoch values (`get_mechanism_storage_index`): `mechid × 4096 + netuid`.
 *
 * @throws {RangeError} when `netuid` is not below 4096 or `mechid` not below 16
 * @example
 * ```ts
 * import { mechanismStorageIndex } from "./mechagraph.ts";
 * console.assert(mechanismStorageIndex(1, 0) === 1);
 * console.assert(mechanismStorageIndex(1, 1) === 4097);
 * ```
 */
export function mechanismStorageIndex(netuid: number, mechid: number): number {
  if (!Number.isInteger(netuid) || netuid < 0 || netuid >= GLOBAL_MAX_SUBNET_COUNT) {
    throw new RangeError(`Cannot index netuid ${netuid}: it must be an integer in 0..${GLOBAL_MAX_SUBNET_COUNT - 1}`);
  }
  if (!Number.isInteger(mechid) || mechid < 0 || mechid >= MAX_MECHANISM_COUNT_PER_SUBNET) {
    throw new RangeError(
      `Cannot index mechid ${mechid}: it must be an integer in 0..${MAX_MECHANISM_COUNT_PER_SUBNET - 1}`,
    );
  }
  return mechid * GLOBAL_MAX_SUBNET_COUNT + netuid;
}

/** A subnet's pool and price (Python's `MetagraphInfoPool`, in RAO, plus the spot price). */
export interface MechagraphPool {
  /** Alpha in the pool's reserve. */
  alpha_in_rao: bigint;
  /** Alpha outstanding (staked). */
  alpha_out_rao: bigint;
  /** TAO in the pool's reserve. */
  tao_in_rao: bigint;
  /** Traded volume. */
  subnet_volume_rao: bigint;
  /** The moving price (TAO per alpha, I96F32 as a float). */
  moving_price: number;
  /** The spot price `tao_in / alpha_in` (TAO per alpha; 1 when the pool holds no alpha, as for root). */
  price: number;
}

/** A subnet's emissions per block (Python's `MetagraphInfoEmissions`, in RAO). */
export interface MechagraphEmissions {
  /** TAO emission of the subnet. */
  subnet_emission_rao: bigint;
  /** Alpha injected into outstanding alpha. */
  alpha_out_emission_rao: bigint;
  /** Alpha injected into the pool. */
  alpha_in_emission_rao: bigint;
  /** TAO injected into the pool. */
  tao_in_emission_rao: bigint;
  /** Alpha waiting for the next epoch. */
  pending_alpha_emission_rao: bigint;
  /** TAO for root dividends waiting for the next epoch. */
  pending_root_emission_rao: bigint;
}

/** One decoded `get_selective_mechagraph` answer, with Python's `MetagraphInfo` names. */
export interface Mechagraph {
  /** The subnet. */
  netuid: number;
  /** The mechanism asked for. */
  mechid: number;
  /** Subnet name (UTF-8 of the stored bytes). */
  name: string;
  /** Token symbol. */
  symbol: string;
  /** The subnet's identity (each field UTF-8), or `null`. */
  identity: Record<string, string> | null;
  /** Block the subnet was registered at. */
  network_registered_at: number;
  /** Owner hotkey (SS58). */
  owner_hotkey: string;
  /** Owner coldkey (SS58). */
  owner_coldkey: string;
  /** Block the answer was computed at. */
  block: number;
  /** Blocks per epoch. */
  tempo: number;
  /** Block of the last epoch. */
  last_step: number;
  /** Blocks since then. */
  blocks_since_last_step: number;
  /** Registered uids. */
  num_uids: number;
  /** Uid slots. */
  max_uids: number;
  /** Pool reserves and price. */
  pool: MechagraphPool;
  /** Emissions per block. */
  emissions: MechagraphEmissions;
  /** The hyperparameters the mechagraph carries, as stored, by their struct names (`tempo`, `kappa`, `rho`, …). */
  hparams: Record<string, number | bigint | boolean>;
  /** Hotkeys by uid (SS58). */
  hotkeys: string[];
  /** Coldkeys by uid (SS58). */
  coldkeys: string[];
  /** The coldkeys' chain identities by uid (each field UTF-8), or `null`. */
  identities: (Record<string, string> | null)[];
  /** Axons by uid. */
  axons: ChainAxonInfo[];
  /** Active flags. */
  active: boolean[];
  /** Validator permits. */
  validator_permit: boolean[];
  /** Stored u16 pruning scores. */
  pruning_score: number[];
  /** Block of each neuron's last weights on this mechanism. */
  last_update: number[];
  /** Last epoch's emission in RAO (alpha). */
  emission_rao: bigint[];
  /** Stored u16 dividends. */
  dividends: number[];
  /** Stored u16 incentives of this mechanism. */
  incentives: number[];
  /** Stored u16 consensus. */
  consensus: number[];
  /** Stored u16 trust. */
  trust: number[];
  /** Stored u16 rank. */
  rank: number[];
  /** Block each uid registered at. */
  block_at_registration: number[];
  /** The hotkey's whole alpha on the subnet, in RAO (delegations included). */
  alpha_stake_rao: bigint[];
  /** The hotkey's root TAO stake, in RAO, as the chain stores it (unweighted). */
  tao_stake_rao: bigint[];
  /** Python's `S`: alpha + TAO × TaoWeight, in RAO. */
  total_stake_rao: bigint[];
  /** TAO dividends (via root) per hotkey, in RAO. */
  tao_dividends_per_hotkey: [string, bigint][];
  /** Alpha dividends per hotkey, in RAO. */
  alpha_dividends_per_hotkey: [string, bigint][];
  /** Uids of the subnet's validators. */
  validators: number[];
  /** Hotkeys' commitments (Python's decoding: UTF-8 after a 14-byte prefix). */
  commitments: [string, string][];
}

/** Python's `SELECTIVE_METAGRAPH_COMMITMENTS_OFFSET`. */
const COMMITMENT_OFFSET = 14;
const utf8 = new TextDecoder("utf-8", { fatal: false });

function bytesOf(v: ScaleValue): Uint8Array {
  if (v instanceof Uint8Array) return v;
  if (Array.isArray(v)) return Uint8Array.from(v as number[]);
  return new Uint8Array();
}

function text(v: ScaleValue): string {
  return utf8.decode(bytesOf(v));
}

function textRecord(v: ScaleValue): Record<string, string> | null {
  if (v === null || typeof v !== "object" || v instanceof Uint8Array || Array.isArray(v)) return null;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = text(x);
  return out;
}

const num = (v: ScaleValue): number => typeof v === "bigint" ? Number(v) : (v as number) ?? 0;
const big = (v: ScaleValue): bigint => v === null || v === undefined ? 0n : BigInt(v as bigint | number);

function missing(field: string): never {
  throw new RangeError(`Cannot decode the mechagraph: field "${field}" is absent (was it asked for?)`);
}

/** Hyperparameter fields of `SelectiveMetagraph` (struct names), in struct order. */
const HPARAM_FIELDS = [
  "rho",
  "kappa",
  "min_allowed_weights",
  "max_weights_limit",
  "weights_version",
  "weights_rate_limit",
  "activity_cutoff",
  "max_validators",
  "burn",
  "difficulty",
  "registration_allowed",
  "pow_registration_allowed",
  "immunity_period",
  "min_difficulty",
  "max_difficulty",
  "min_burn",
  "max_burn",
  "adjustment_alpha",
  "adjustment_interval",
  "target_regs_per_interval",
  "max_regs_per_block",
  "serving_rate_limit",
  "commit_reveal_weights_enabled",
  "commit_reveal_period",
  "liquid_alpha_enabled",
  "alpha_high",
  "alpha_low",
  "bonds_moving_avg",
];

/**
 * Turns a decoded `SelectiveMetagraph` (from `ScaleCompiler`, every field asked) into a `Mechagraph`.
 *
 * @param row the decoded struct (the `Some` of the runtime's `Option`)
 * @param mechid the mechanism that was asked for
 * @param ss58 the address encoder
 * @throws {RangeError} when a field the metagraph needs is absent
 * @example
 * ```ts ignore
 * import { mechagraphFromScale } from "./mechagraph.ts";
 * const mg = mechagraphFromScale(compiler.decodeAll(typeId, bytes) as never, 0, ss58);
 * ```
 */
export function mechagraphFromScale(row: ScaleStruct, mechid: number, ss58: Ss58Encoder): Mechagraph {
  const need = <T extends ScaleValue>(field: string): T => {
    const v = row[field];
    if (v === null || v === undefined) missing(field);
    return v as T;
  };
  // Accounts arrive as bytes from `ScaleCompiler`, as SS58 already from the mechagraph decoder.
  const address = (key: ScaleValue): string => typeof key === "string" ? key : ss58.encode(key as Uint8Array);
  const hotkeys = need<Uint8Array[]>("hotkeys").map(address);
  const coldkeys = need<Uint8Array[]>("coldkeys").map(address);
  const axons = need<ScaleStruct[]>("axons").map((ax, uid): ChainAxonInfo => {
    const ipInt = big(ax.ip);
    return {
      block: num(ax.block),
      version: num(ax.version),
      ip: ipToString(ipInt),
      ipInt,
      port: num(ax.port),
      ip_type: num(ax.ip_type),
      protocol: num(ax.protocol),
      hotkey: hotkeys[uid],
      coldkey: coldkeys[uid],
    };
  });
  const alphaIn = big(row.alpha_in);
  const taoIn = big(row.tao_in);
  const hparams: Record<string, number | bigint | boolean> = {};
  hparams.tempo = num(row.tempo);
  for (const f of HPARAM_FIELDS) {
    const v = row[f];
    if (v !== null && v !== undefined) hparams[f] = v as number | bigint | boolean;
  }
  const perHotkey = (field: string): [string, bigint][] =>
    ((row[field] ?? []) as ScaleValue[][]).map(([k, v]) => [address(k), big(v)]);
  return {
    netuid: num(row.netuid) % GLOBAL_MAX_SUBNET_COUNT,
    mechid,
    name: text(row.name),
    symbol: text(row.symbol),
    identity: textRecord(row.identity),
    network_registered_at: num(row.network_registered_at),
    owner_hotkey: row.owner_hotkey ? address(row.owner_hotkey) : "",
    owner_coldkey: row.owner_coldkey ? address(row.owner_coldkey) : "",
    block: num(need("block")),
    tempo: num(row.tempo),
    last_step: num(row.last_step),
    blocks_since_last_step: num(row.blocks_since_last_step),
    num_uids: num(row.num_uids),
    max_uids: num(row.max_uids),
    pool: {
      alpha_in_rao: alphaIn,
      alpha_out_rao: big(row.alpha_out),
      tao_in_rao: taoIn,
      subnet_volume_rao: big(row.subnet_volume),
      moving_price: Number(big((row.moving_price as ScaleStruct | null)?.bits ?? 0n)) / 2 ** 32,
      price: alphaIn > 0n ? Number(taoIn) / Number(alphaIn) : 1,
    },
    emissions: {
      subnet_emission_rao: big(row.subnet_emission),
      alpha_out_emission_rao: big(row.alpha_out_emission),
      alpha_in_emission_rao: big(row.alpha_in_emission),
      tao_in_emission_rao: big(row.tao_in_emission),
      pending_alpha_emission_rao: big(row.pending_alpha_emission),
      pending_root_emission_rao: big(row.pending_root_emission),
    },
    hparams,
    hotkeys,
    coldkeys,
    identities: ((row.identities ?? hotkeys.map(() => null)) as ScaleValue[]).map(textRecord),
    axons,
    active: need<boolean[]>("active"),
    validator_permit: need<boolean[]>("validator_permit"),
    pruning_score: need<ScaleValue[]>("pruning_score").map(num),
    last_update: need<ScaleValue[]>("last_update").map(num),
    emission_rao: need<ScaleValue[]>("emission").map(big),
    dividends: need<ScaleValue[]>("dividends").map(num),
    incentives: need<ScaleValue[]>("incentives").map(num),
    consensus: need<ScaleValue[]>("consensus").map(num),
    trust: need<ScaleValue[]>("trust").map(num),
    rank: need<ScaleValue[]>("rank").map(num),
    block_at_registration: need<ScaleValue[]>("block_at_registration").map(num),
    alpha_stake_rao: need<ScaleValue[]>("alpha_stake").map(big),
    tao_stake_rao: need<ScaleValue[]>("tao_stake").map(big),
    total_stake_rao: need<ScaleValue[]>("total_stake").map(big),
    tao_dividends_per_hotkey: perHotkey("tao_dividends_per_hotkey"),
    alpha_dividends_per_hotkey: perHotkey("alpha_dividends_per_hotkey"),
    validators: ((row.validators ?? []) as ScaleValue[]).map(num),
    commitments: ((row.commitments ?? []) as ScaleValue[][]).map((
      [k, v],
    ) => [address(k), utf8.decode(bytesOf(v).subarray(COMMITMENT_OFFSET))]),
  };
}
