/**
 * Subtensor reads: neurons and the metagraph, uids and registrations, balances and
 * hyperparameters. Each function takes the connection (`ChainCore`); `Subtensor` offers them as
 * methods.
 *
 * @module
 */
import { SubnetError } from "../protocol/errors.ts";
import { type ChainCore, publicKeyOf } from "./core.ts";
import {
  decodeNeuronsLite,
  Metagraph,
  type MetagraphReadOptions,
  type MetagraphSnapshot,
  type NeuronLite,
  neuronsFromMechagraph,
  neuronsFromScale,
} from "./metagraph.ts";
import { mechanismStorageIndex } from "./mechagraph.ts";
import { MechagraphDecoder } from "./_mechagraph_decoder.ts";
import type { ScaleValue } from "./scale.ts";

/** A balance in RAO. */
export interface Balance {
  /** Free RAO. */
  free: bigint;
  /** Reserved RAO. */
  reserved: bigint;
  /** Frozen RAO. */
  frozen: bigint;
}

/** Storage items read by the `hyperparameters()` fallback. */
const HYPERPARAMETER_ITEMS = [
  "Tempo",
  "Kappa",
  "ImmunityPeriod",
  "MinAllowedWeights",
  "MaxWeightsLimit",
  "WeightsVersionKey",
  "WeightsSetRateLimit",
  "MaxAllowedValidators",
  "MaxAllowedUids",
  "ActivityCutoff",
  "CommitRevealWeightsEnabled",
  "RevealPeriodEpochs",
  "ServingRateLimit",
  "Burn",
  "MinBurn",
  "MaxBurn",
  "BondsMovingAverage",
  "LiquidAlphaOn",
  "Yuma3On",
  "NetworkRegistrationAllowed",
];

/**
 * The neurons of a subnet: one `NeuronInfoRuntimeApi_get_neurons_lite` call at `at`.
 *
 * @param core the chain connection
 * @param netuid the subnet
 * @param at a block hash (default: best)
 */
export async function neuronsLite(
  core: ChainCore,
  netuid: number,
  at?: string,
): Promise<NeuronLite[]> {
  const { bytes, output } = await core.runtimeCallRaw("NeuronInfoRuntimeApi", "get_neurons_lite", [netuid], at);
  return decodeNeuronsLite(core.compiler, output, bytes, core.ss58);
}

/**
 * Everything a `Metagraph` is built from, read at one block in two round trips (the best block's
 * hash, then everything else at that hash in parallel).
 *
 * With `get_selective_mechagraph` (the default when the runtime has it, as Python v10 reads it):
 * the mechagraph of `mechid` with every field index (its `block` is the block's number, so no header
 * is read), and the optional reads that never fail it: `ValidatorTrust` (which the mechagraph lacks), `MechanismCountCurrent` and
 * `MechanismEmissionSplit`. Otherwise (`source: "neurons-lite"`, or older runtimes, mechanism 0
 * only): the header, `get_neurons_lite` and, unless `subnetState: false`, `get_subnet_state`'s total
 * stake.
 * The hyperparameters are read too when `hyperparameters: true`.
 *
 * @param core the chain connection
 * @param netuid the subnet
 * @param options the mechanism, the source, and which optional reads to make
 * @throws {SubnetError} `chain/not-found` when the subnet or the mechanism does not exist;
 *   `chain/unsupported` for a mechanism other than 0 on a runtime without mechagraphs
 */
export async function metagraphSnapshot(
  core: ChainCore,
  netuid: number,
  options: MetagraphReadOptions = {},
): Promise<MetagraphSnapshot> {
  const mechid = options.mechid ?? 0;
  if (!Number.isInteger(mechid) || mechid < 0 || mechid > 255) {
    throw new RangeError(`Cannot read mechanism ${mechid}: a mechid is an integer in 0..255`);
  }
  const viaMechagraph = options.source !== "neurons-lite" &&
    core.hasRuntimeApi("SubnetInfoRuntimeApi", "get_selective_mechagraph");
  if (!viaMechagraph && mechid !== 0) {
    throw new SubnetError(
      "chain/unsupported",
      `Cannot read mechanism ${mechid} of netuid ${netuid}: ${
        options.source === "neurons-lite"
          ? "get_neurons_lite has mechanism 0 only"
          : `the runtime (spec ${core.api.runtimeVersion.specVersion}) has no get_selective_mechagraph`
      }`,
    );
  }
  const hash = await core.rpc<string>("chain_getBlockHash", []);
  const hyper = options.hyperparameters ? hyperparameters(core, netuid, hash) : undefined;
  if (!viaMechagraph) {
    const [head, neurons, total] = await Promise.all([
      core.rpc<{ number: string | number }>("chain_getHeader", [hash]),
      neuronsLite(core, netuid, hash),
      options.subnetState === false ? undefined : subnetTotalStake(core, netuid, hash),
    ]);
    const snapshot: MetagraphSnapshot = { netuid, block: Number(head.number), blockHash: hash, neurons };
    if (total && total.length === neurons.length) snapshot.totalStakeRao = total;
    if (hyper) snapshot.hyperparameters = await hyper;
    return snapshot;
  }
  const [raw, count, split, trust] = await Promise.all([
    // Settled here so that a mechanism the subnet lacks is reported as such, not as the call's error.
    core.runtimeCallRaw("SubnetInfoRuntimeApi", "get_selective_mechagraph", [
      netuid,
      mechid,
      mechagraphIndexes(core),
    ], hash).catch((err: unknown) => err instanceof Error ? err : new Error(String(err))),
    optionalStorage(core, "MechanismCountCurrent", [netuid], hash),
    optionalStorage(core, "MechanismEmissionSplit", [netuid], hash),
    optionalStorage(core, "ValidatorTrust", [netuid], hash),
  ]);
  const mechagraph = raw instanceof Error ? raw : mechagraphDecoder(core, raw.output).decode(raw.bytes, mechid);
  if (mechagraph === null) {
    throw new SubnetError("chain/not-found", `Cannot read the metagraph: subnet ${netuid} does not exist`);
  }
  const mechanismCount = count === undefined ? 1 : Number(count);
  if (mechid >= mechanismCount) {
    throw new SubnetError(
      "chain/not-found",
      `Cannot read mechanism ${mechid} of netuid ${netuid}: the subnet has ${mechanismCount} mechanism${
        mechanismCount === 1 ? "" : "s"
      } (mechids 0..${mechanismCount - 1})`,
    );
  }
  if (mechagraph instanceof Error) throw mechagraph;
  const snapshot: MetagraphSnapshot = {
    netuid,
    block: mechagraph.block,
    blockHash: hash,
    neurons: neuronsFromMechagraph(mechagraph, Array.isArray(trust) ? (trust as number[]) : undefined),
    mechid,
    mechagraph,
    mechanismCount,
    emissionSplit: Array.isArray(split) ? (split as number[]) : null,
  };
  if (hyper) snapshot.hyperparameters = await hyper;
  return snapshot;
}

/** The mechagraph decoder of each connection, compiled from its metadata on first use (and after an upgrade). */
const decoderByCore = new WeakMap<ChainCore, { registry: unknown; output: number; decoder: MechagraphDecoder }>();

function mechagraphDecoder(core: ChainCore, output: number): MechagraphDecoder {
  const registry = core.api.registry;
  let compiled = decoderByCore.get(core);
  if (!compiled || compiled.registry !== registry || compiled.output !== output) {
    compiled = { registry, output, decoder: new MechagraphDecoder(registry, core.compiler, output, core.ss58) };
    decoderByCore.set(core, compiled);
  }
  return compiled.decoder;
}

/** Every field index of the runtime's `SelectiveMetagraph` (0..73 on spec 343), counted from the metadata. */
const indexesByCore = new WeakMap<ChainCore, number[]>();

function mechagraphIndexes(core: ChainCore): number[] {
  let indexes = indexesByCore.get(core);
  if (indexes) return indexes;
  const { output } = core.runtimeMethod("SubnetInfoRuntimeApi", "get_selective_mechagraph");
  const lookup = core.api.registry.lookup;
  const option = lookup.getSiType(output).def;
  const inner = option.isVariant
    ? option.asVariant.variants.find((v) => v.name.toString() === "Some")?.fields[0]?.type.toNumber()
    : output;
  const def = inner === undefined ? undefined : lookup.getSiType(inner).def;
  if (!def?.isComposite) {
    throw new SubnetError("chain/unsupported", "Cannot read the mechagraph: its metadata type is not a struct");
  }
  indexes = def.asComposite.fields.map((_, i) => i);
  indexesByCore.set(core, indexes);
  return indexes;
}

/** `get_subnet_state`'s `total_stake` (Python's `S`), or `undefined` when it cannot be read. */
async function subnetTotalStake(core: ChainCore, netuid: number, at: string): Promise<bigint[] | undefined> {
  if (!core.hasRuntimeApi("SubnetInfoRuntimeApi", "get_subnet_state")) return undefined;
  try {
    const state = await core.runtimeCall("SubnetInfoRuntimeApi", "get_subnet_state", [netuid], at);
    return (state as { total_stake?: bigint[] } | null)?.total_stake?.map((x) => BigInt(x));
  } catch (err) {
    core.logger.debug("chain.subnet_state.skip", { netuid, reason: (err as Error).message });
    return undefined;
  }
}

/** A `SubtensorModule` storage value, or `undefined` when the runtime lacks it or the read fails. */
async function optionalStorage(
  core: ChainCore,
  item: string,
  keys: unknown[],
  at: string,
): Promise<ScaleValue | undefined> {
  if (!core.hasStorage("SubtensorModule", item)) return undefined;
  try {
    return await core.storage("SubtensorModule", item, keys, at);
  } catch (err) {
    core.logger.debug("chain.metagraph.optional_skip", { item, reason: (err as Error).message });
    return undefined;
  }
}

/**
 * The metagraph of a subnet (call `sync(chain)` on it to refresh in place).
 *
 * @param core the chain connection
 * @param netuid the subnet
 * @param options which optional reads to make
 */
export async function metagraph(
  core: ChainCore,
  netuid: number,
  options: MetagraphReadOptions = {},
): Promise<Metagraph> {
  return new Metagraph(await metagraphSnapshot(core, netuid, options), options);
}

/**
 * One neuron by hotkey on a subnet (`Uids` then `NeuronInfoRuntimeApi_get_neuron`), or `null`.
 *
 * @param core the chain connection
 * @param netuid the subnet
 * @param hotkey SS58 address or public key
 * @param at a block hash (default: best)
 */
export async function neuronForHotkey(
  core: ChainCore,
  netuid: number,
  hotkey: string | Uint8Array,
  at?: string,
): Promise<NeuronLite | null> {
  const uid = await uidForHotkey(core, netuid, hotkey, at);
  if (uid === null) return null;
  const value = await core.runtimeCall("NeuronInfoRuntimeApi", "get_neuron", [netuid, uid], at);
  if (value === null) return null;
  return neuronsFromScale([value as { [k: string]: ScaleValue }], core.ss58)[0];
}

/**
 * The uid of `hotkey` on `netuid`, or `null` when it is not registered there.
 *
 * @param core the chain connection
 * @param netuid the subnet
 * @param hotkey SS58 address or public key
 * @param at a block hash (default: best)
 */
export async function uidForHotkey(
  core: ChainCore,
  netuid: number,
  hotkey: string | Uint8Array,
  at?: string,
): Promise<number | null> {
  const v = await core.storage("SubtensorModule", "Uids", [netuid, publicKeyOf(hotkey)], at);
  return v === null ? null : Number(v);
}

/**
 * Whether `hotkey` is registered on `netuid`.
 *
 * @param core the chain connection
 * @param netuid the subnet
 * @param hotkey SS58 address or public key
 */
export async function isHotkeyRegistered(
  core: ChainCore,
  netuid: number,
  hotkey: string | Uint8Array,
): Promise<boolean> {
  return (await uidForHotkey(core, netuid, hotkey)) !== null;
}

/**
 * The netuids where `hotkey` is registered (`IsNetworkMember` entries that are true).
 *
 * @param core the chain connection
 * @param hotkey SS58 address or public key
 * @param at a block hash (default: best)
 */
export async function netuidsForHotkey(
  core: ChainCore,
  hotkey: string | Uint8Array,
  at?: string,
): Promise<number[]> {
  const entries = await core.storageEntries("SubtensorModule", "IsNetworkMember", [publicKeyOf(hotkey)], at);
  return entries.filter((e) => e.value === true).map((e) => e.key[e.key.length - 2] | (e.key[e.key.length - 1] << 8));
}

/**
 * Number of neurons on a subnet (`SubnetworkN`).
 *
 * @param core the chain connection
 * @param netuid the subnet
 */
export async function subnetworkN(
  core: ChainCore,
  netuid: number,
): Promise<number> {
  return Number(await core.storage("SubtensorModule", "SubnetworkN", [netuid]));
}

/**
 * Blocks since `uid` last set weights (current block − `LastUpdate[uid]`).
 *
 * @param core the chain connection
 * @param netuid the subnet
 * @param uid the neuron
 * @param mechid the incentive mechanism (default 0; `LastUpdate` is kept per mechanism)
 */
export async function blocksSinceLastUpdate(
  core: ChainCore,
  netuid: number,
  uid: number,
  mechid = 0,
): Promise<number> {
  const block = await core.blockNumber();
  const hash = await core.blockHash(block);
  const index = mechanismStorageIndex(netuid, mechid);
  const lastUpdate = await core.storage("SubtensorModule", "LastUpdate", [index], hash) as bigint[];
  if (uid >= lastUpdate.length) {
    throw new SubnetError(
      "chain/not-found",
      `Cannot read uid ${uid}'s last update: netuid ${netuid} has ${lastUpdate.length} uids`,
    );
  }
  return block - Number(lastUpdate[uid]);
}

/**
 * An account's balance in RAO (`System.Account`).
 *
 * @param core the chain connection
 * @param address SS58 address or public key
 * @param at a block hash (default: best)
 */
export async function balance(
  core: ChainCore,
  address: string | Uint8Array,
  at?: string,
): Promise<Balance> {
  const info = await core.storage("System", "Account", [publicKeyOf(address)], at) as {
    data: { free: bigint; reserved: bigint; frozen?: bigint; misc_frozen?: bigint };
  };
  return {
    free: info.data.free,
    reserved: info.data.reserved,
    frozen: info.data.frozen ?? info.data.misc_frozen ?? 0n,
  };
}

/**
 * A subnet hyperparameter from storage (such as `Tempo`, `CommitRevealWeightsEnabled`).
 *
 * @param core the chain connection
 * @param netuid the subnet
 * @param name the storage item
 * @param at a block hash (default: best)
 */
export async function hyperparameter(
  core: ChainCore,
  netuid: number,
  name: string,
  at?: string,
): Promise<ScaleValue> {
  return await core.storage("SubtensorModule", name, [netuid], at);
}

/**
 * The subnet's hyperparameters, never failing: `SubnetInfoRuntimeApi.get_subnet_hyperparams_v2`
 * (or v1) when the runtime answers it, else plain storage reads of each item the runtime has
 * (keys are then the storage names). Items that cannot be read are left out.
 *
 * @param core the chain connection
 * @param netuid the subnet
 * @param at a block hash (default: best)
 */
export async function hyperparameters(
  core: ChainCore,
  netuid: number,
  at?: string,
): Promise<Record<string, ScaleValue>> {
  for (const method of ["get_subnet_hyperparams_v2", "get_subnet_hyperparams"]) {
    if (!core.hasRuntimeApi("SubnetInfoRuntimeApi", method)) continue;
    try {
      const v = await core.runtimeCall("SubnetInfoRuntimeApi", method, [netuid], at);
      if (v && typeof v === "object" && !(v instanceof Uint8Array) && !Array.isArray(v)) {
        return v as Record<string, ScaleValue>;
      }
    } catch (err) {
      core.logger.debug("chain.hyperparams.fallback", { netuid, method, reason: (err as Error).message });
    }
  }
  const out: Record<string, ScaleValue> = {};
  for (const name of HYPERPARAMETER_ITEMS) {
    if (!core.hasStorage("SubtensorModule", name)) continue;
    try {
      out[name] = await hyperparameter(core, netuid, name, at);
    } catch (err) {
      core.logger.debug("chain.hyperparam.skip", { netuid, name, reason: (err as Error).message });
    }
  }
  return out;
}

/**
 * What `processWeightsForNetuid` needs: `n`, `MinAllowedWeights`, `MaxWeightsLimit`.
 *
 * @param core the chain connection
 * @param netuid the subnet
 */
export async function weightLimits(
  core: ChainCore,
  netuid: number,
): Promise<{ n: number; minAllowedWeights: number; maxWeightsLimit: number }> {
  const [n, min, max] = await Promise.all([
    subnetworkN(core, netuid),
    hyperparameter(core, netuid, "MinAllowedWeights"),
    hyperparameter(core, netuid, "MaxWeightsLimit"),
  ]);
  return { n, minAllowedWeights: Number(min), maxWeightsLimit: Number(max) };
}
