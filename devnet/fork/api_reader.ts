/**
 * The fork's fallback when a node does not serve storage reads (or a recording holds none): the
 * subnet rebuilt under subtensor's storage keys from runtime APIs at the block, decoded with the devnet
 * metadata's own types:
 *
 * - `NeuronInfoRuntimeApi_get_neurons_lite` (required): hotkeys, coldkeys, uids, axons, prometheus,
 *   active, validator permits, last update, incentive, dividends, consensus, vtrust, emission, stake;
 * - `SubnetInfoRuntimeApi_get_selective_mechagraph` (every field, mechanism 0): hyperparameters, tempo
 *   and epoch position, pool figures, emission state, owner, identity, registration blocks, alpha and
 *   TAO stakes;
 * - `SubnetInfoRuntimeApi_get_subnet_state`: registration blocks and stakes when the mechagraph fails;
 * - `SubnetInfoRuntimeApi_get_subnet_hyperparams_v2`: Yuma 3, sigmoid steepness, bonds reset.
 *
 * Weights, bonds and pending commits have no runtime API: without storage they are reported missing.
 *
 * @module
 */
import type { Option, Struct, Vec } from "@polkadot/types";
import type { Codec } from "@polkadot/types/types";
import { u8aToHex } from "@polkadot/util";
import type { RuntimeMetadata } from "../metadata.ts";
import { type AxonInfo, type PrometheusInfo, S, type SubnetIdentityV3 } from "../subtensor/items.ts";
import { MapStorage, TypedStore } from "../subtensor/store.ts";
import type { StorageItem } from "../subtensor/storage_item.ts";
import { NodeRpcError } from "./rpc.ts";
import { badAnswer, type StorageSource } from "./storage_reader.ts";
import { SubnetError } from "../../protocol/errors.ts";

/** Fields of `SelectiveMetagraph` on spec 343 (indexes 0..73), all asked for as Python's `metagraph()` does. */
export const MECHAGRAPH_FIELDS = 74;

/** What the runtime-API path read for one subnet. */
export interface ApiRead {
  /** Entries `key → value` (hex). */
  entries: Map<string, string>;
  /** Items built, by API. */
  byApi: Record<string, string[]>;
  /** Items set from others. */
  derived: Record<string, string>;
  /** Items not read, with why. */
  missing: Record<string, string>;
  /** Neurons read. */
  neurons: number;
}

function u16Hex(n: number): string {
  return u8aToHex(Uint8Array.of(n & 0xff, n >> 8)).slice(2);
}

/** The `state_call` input of `get_selective_mechagraph(netuid, mechid, [0..count])` (a `Vec<u16>`). */
export function mechagraphInput(netuid: number, mechid: number, count: number = MECHAGRAPH_FIELDS): string {
  const compact = count < 64 ? (count << 2).toString(16).padStart(2, "0") : u16Hex((count << 2) | 1);
  let hex = "0x" + u16Hex(netuid) + mechid.toString(16).padStart(2, "0") + compact;
  for (let i = 0; i < count; i++) hex += u16Hex(i);
  return hex;
}

// deno-lint-ignore no-explicit-any
type AnyStorageItem = StorageItem<any[], any>;

function field(s: Struct, name: string): Codec {
  const v = s.get(name);
  if (v === undefined) throw new RangeError(`Cannot read field ${name} of a runtime API answer`);
  return v;
}

/** The value of an optional mechagraph field, or `undefined`. */
function opt(s: Struct, name: string): Codec | undefined {
  const o = s.get(name) as Option<Codec> | undefined;
  return o?.isSome ? o.unwrap() : undefined;
}

function big(c: Codec): bigint {
  return BigInt(c.toString());
}

/** Converts a codec to the JS type of `item`'s value (bigint, number or boolean). */
function asItemValue(item: AnyStorageItem, c: Codec): unknown {
  switch (typeof item.fallback) {
    case "bigint":
      return big(c);
    case "number":
      return Number(c.toString());
    case "boolean":
      return c.toString() === "true";
    default:
      return c.toU8a();
  }
}

/** Mechagraph fields that map one-to-one onto a per-subnet item. */
const MECHAGRAPH_ITEMS: [string, AnyStorageItem][] = [
  ["tempo", S.Tempo],
  ["lastStep", S.LastMechansimStepBlock],
  ["blocksSinceLastStep", S.BlocksSinceLastStep],
  ["alphaIn", S.SubnetAlphaIn],
  ["alphaOut", S.SubnetAlphaOut],
  ["taoIn", S.SubnetTAO],
  ["alphaOutEmission", S.SubnetAlphaOutEmission],
  ["alphaInEmission", S.SubnetAlphaInEmission],
  ["taoInEmission", S.SubnetTaoInEmission],
  ["pendingRootEmission", S.PendingRootAlphaDivs],
  ["subnetVolume", S.SubnetVolume],
  ["networkRegisteredAt", S.NetworkRegisteredAt],
  ["rho", S.Rho],
  ["kappa", S.Kappa],
  ["minAllowedWeights", S.MinAllowedWeights],
  ["maxWeightsLimit", S.MaxWeightsLimit],
  ["weightsVersion", S.WeightsVersionKey],
  ["weightsRateLimit", S.WeightsSetRateLimit],
  ["activityCutoff", S.ActivityCutoff],
  ["maxValidators", S.MaxAllowedValidators],
  ["maxUids", S.MaxAllowedUids],
  ["burn", S.Burn],
  ["difficulty", S.Difficulty],
  ["registrationAllowed", S.NetworkRegistrationAllowed],
  ["powRegistrationAllowed", S.NetworkPowRegistrationAllowed],
  ["immunityPeriod", S.ImmunityPeriod],
  ["minDifficulty", S.MinDifficulty],
  ["maxDifficulty", S.MaxDifficulty],
  ["minBurn", S.MinBurn],
  ["maxBurn", S.MaxBurn],
  ["adjustmentAlpha", S.AdjustmentAlpha],
  ["adjustmentInterval", S.AdjustmentInterval],
  ["targetRegsPerInterval", S.TargetRegistrationsPerInterval],
  ["maxRegsPerBlock", S.MaxRegistrationsPerBlock],
  ["servingRateLimit", S.ServingRateLimit],
  ["commitRevealWeightsEnabled", S.CommitRevealWeightsEnabled],
  ["commitRevealPeriod", S.RevealPeriodEpochs],
  ["liquidAlphaEnabled", S.LiquidAlphaOn],
  ["bondsMovingAvg", S.BondsMovingAverage],
];

/** Items only storage holds; reported missing on the runtime-API path. */
const STORAGE_ONLY = ["Weights", "Bonds", "WeightCommits", "TimelockedWeightCommits", "BondsPenalty"];

/**
 * Rebuilds one subnet from runtime APIs at the source's block.
 *
 * @throws {NodeRpcError} when `get_neurons_lite` fails (the neurons are the one thing a fork needs)
 * @example
 * ```ts ignore
 * const read = await readSubnetApis(source, metadata, 1);
 * ```
 */
export async function readSubnetApis(src: StorageSource, metadata: RuntimeMetadata, netuid: number): Promise<ApiRead> {
  const byApi: Record<string, string[]> = {};
  const derived: Record<string, string> = {};
  const missing: Record<string, string> = {};
  const call = async (name: string, input: string): Promise<Codec> => {
    const hex = await src.rpc.call<unknown>("state_call", [name, input, src.at]);
    if (typeof hex !== "string" || !/^0x([0-9a-fA-F]{2})*$/.test(hex)) throw badAnswer(src.rpc.url, name, "SCALE hex");
    try {
      return metadata.decode(metadata.runtimeApi(name).outputType, hexBytes(hex));
    } catch (err) {
      throw new SubnetError(
        "devnet/fork-bad-answer",
        `Cannot decode ${name} from ${src.rpc.url} with the devnet's runtime types (spec ${metadata.version.specVersion}): ${
          (err as Error).message
        }`,
        { cause: err },
      );
    }
  };
  const optional = async (name: string, input: string): Promise<Struct | undefined> => {
    try {
      const out = await call(name, input) as Option<Struct>;
      return out.isSome ? out.unwrap() : undefined;
    } catch (err) {
      if (!(err instanceof NodeRpcError)) throw err;
      missing[name] = err.message;
      return undefined;
    }
  };

  const NEURONS = "NeuronInfoRuntimeApi_get_neurons_lite";
  const neurons = [...(await call(NEURONS, "0x" + u16Hex(netuid)) as Vec<Struct>)];
  const MECHAGRAPH = "SubnetInfoRuntimeApi_get_selective_mechagraph";
  const mg = await optional(MECHAGRAPH, mechagraphInput(netuid, 0));
  const STATE = "SubnetInfoRuntimeApi_get_subnet_state";
  const state = mg ? undefined : await optional(STATE, "0x" + u16Hex(netuid));
  const HYPER = "SubnetInfoRuntimeApi_get_subnet_hyperparams_v2";
  const hyper = await optional(HYPER, "0x" + u16Hex(netuid));

  const raw = new MapStorage();
  const st = new TypedStore(raw);
  const took = (api: string, ...items: string[]) => (byApi[api] ??= []).push(...items);

  // Neurons.
  const n = neurons.reduce((m, x) => Math.max(m, Number(field(x, "uid").toString()) + 1), 0);
  const vectors = {
    active: [] as boolean[],
    permit: [] as boolean[],
    lastUpdate: [] as bigint[],
    emission: [] as bigint[],
    incentive: [] as number[],
    consensus: [] as number[],
    vtrust: [] as number[],
    dividends: [] as number[],
  };
  const hotkeys: Uint8Array[] = new Array(n);
  const stakeSum = new Map<number, bigint>();
  for (const x of neurons) {
    const uid = Number(field(x, "uid").toString());
    const hotkey = field(x, "hotkey").toU8a();
    const coldkey = field(x, "coldkey").toU8a();
    hotkeys[uid] = hotkey;
    st.put(S.Keys, [netuid, uid], hotkey);
    st.put(S.Uids, [netuid, hotkey], uid);
    st.put(S.Owner, [hotkey], coldkey);
    st.put(S.IsNetworkMember, [hotkey, netuid], true);
    const axon = field(x, "axonInfo") as Struct;
    st.put(
      S.Axons,
      [netuid, hotkey],
      {
        block: big(field(axon, "block")),
        version: Number(field(axon, "version").toString()),
        ip: big(field(axon, "ip")),
        port: Number(field(axon, "port").toString()),
        ipType: Number(field(axon, "ipType").toString()),
        protocol: Number(field(axon, "protocol").toString()),
        placeholder1: Number(field(axon, "placeholder1").toString()),
        placeholder2: Number(field(axon, "placeholder2").toString()),
      } satisfies AxonInfo,
    );
    const prom = field(x, "prometheusInfo") as Struct;
    st.put(
      S.Prometheus,
      [netuid, hotkey],
      {
        block: big(field(prom, "block")),
        version: Number(field(prom, "version").toString()),
        ip: big(field(prom, "ip")),
        port: Number(field(prom, "port").toString()),
        ipType: Number(field(prom, "ipType").toString()),
      } satisfies PrometheusInfo,
    );
    vectors.active[uid] = field(x, "active").toString() === "true";
    vectors.permit[uid] = field(x, "validatorPermit").toString() === "true";
    vectors.lastUpdate[uid] = big(field(x, "lastUpdate"));
    vectors.emission[uid] = big(field(x, "emission"));
    vectors.incentive[uid] = Number(field(x, "incentive").toString());
    vectors.consensus[uid] = Number(field(x, "consensus").toString());
    vectors.vtrust[uid] = Number(field(x, "validatorTrust").toString());
    vectors.dividends[uid] = Number(field(x, "dividends").toString());
    let sum = 0n;
    for (const entry of field(x, "stake") as Vec<Codec>) sum += big((entry as unknown as Codec[])[1]);
    stakeSum.set(uid, sum);
  }
  const fill = <T>(xs: T[], v: T): T[] => Array.from({ length: n }, (_, i) => xs[i] ?? v);
  st.put(S.SubnetworkN, [netuid], n);
  st.put(S.Active, [netuid], fill(vectors.active, false));
  st.put(S.ValidatorPermit, [netuid], fill(vectors.permit, false));
  st.put(S.LastUpdate, [netuid], fill(vectors.lastUpdate, 0n));
  st.put(S.Emission, [netuid], fill(vectors.emission, 0n));
  st.put(S.Incentive, [netuid], fill(vectors.incentive, 0));
  st.put(S.Consensus, [netuid], fill(vectors.consensus, 0));
  st.put(S.ValidatorTrust, [netuid], fill(vectors.vtrust, 0));
  st.put(S.Dividends, [netuid], fill(vectors.dividends, 0));
  took(
    NEURONS,
    "Keys",
    "Uids",
    "Owner",
    "IsNetworkMember",
    "Axons",
    "Prometheus",
    "SubnetworkN",
    "Active",
    "ValidatorPermit",
    "LastUpdate",
    "Emission",
    "Incentive",
    "Consensus",
    "ValidatorTrust",
    "Dividends",
  );

  // Subnet figures and per-uid stakes.
  const perUid = mg ?? state;
  const perUidApi = mg ? MECHAGRAPH : STATE;
  if (mg) {
    for (const [name, item] of MECHAGRAPH_ITEMS) {
      const v = opt(mg, name);
      if (v === undefined) continue;
      st.put(item, [netuid], asItemValue(item, v));
      took(MECHAGRAPH, item.name);
    }
    const low = opt(mg, "alphaLow"), high = opt(mg, "alphaHigh");
    if (low && high) {
      st.put(S.AlphaValues, [netuid], [Number(low.toString()), Number(high.toString())]);
      took(MECHAGRAPH, "AlphaValues");
    }
    const pending = opt(mg, "pendingAlphaEmission");
    if (pending) {
      const total = big(pending);
      st.put(S.PendingServerEmission, [netuid], total / 2n);
      st.put(S.PendingValidatorEmission, [netuid], total - total / 2n);
      took(MECHAGRAPH, "PendingServerEmission", "PendingValidatorEmission");
      derived.PendingValidatorEmission = "pending_alpha_emission split half to miners, half to validators";
    }
    const ownerHotkey = opt(mg, "ownerHotkey"), ownerColdkey = opt(mg, "ownerColdkey");
    if (ownerHotkey) st.put(S.SubnetOwnerHotkey, [netuid], ownerHotkey.toU8a());
    if (ownerColdkey) st.put(S.SubnetOwner, [netuid], ownerColdkey.toU8a());
    if (ownerHotkey && ownerColdkey) took(MECHAGRAPH, "SubnetOwnerHotkey", "SubnetOwner");
    const symbol = opt(mg, "symbol") as Vec<Codec> | undefined;
    if (symbol) {
      st.put(S.TokenSymbol, [netuid], Uint8Array.from([...symbol].map((b) => Number(b.toString()))));
      took(MECHAGRAPH, "TokenSymbol");
    }
    const identity = opt(mg, "identity") as Option<Struct> | undefined;
    if (identity?.isSome) {
      const id = identity.unwrap();
      const text = (name: string) => (id.get(name) as Codec).toU8a(true);
      st.put(
        S.SubnetIdentitiesV3,
        [netuid],
        {
          subnetName: text("subnetName"),
          githubRepo: text("githubRepo"),
          subnetContact: text("subnetContact"),
          subnetUrl: text("subnetUrl"),
          discord: text("discord"),
          description: text("description"),
          logoUrl: text("logoUrl"),
          additional: text("additional"),
        } satisfies SubnetIdentityV3,
      );
      took(MECHAGRAPH, "SubnetIdentitiesV3");
    }
    const divs = opt(mg, "alphaDividendsPerHotkey") as Vec<Codec> | undefined;
    for (const pair of divs ?? []) {
      const [hk, amount] = pair as unknown as Codec[];
      st.put(S.AlphaDividendsPerSubnet, [netuid, hk.toU8a()], big(amount));
    }
    if (divs) took(MECHAGRAPH, "AlphaDividendsPerSubnet");
  } else if (hyper) {
    // Runtimes without the mechagraph: the hyperparameters from get_subnet_hyperparams_v2 (same field names).
    for (const [name, item] of MECHAGRAPH_ITEMS) {
      const v = hyper.get(name);
      if (v === undefined) continue;
      st.put(item, [netuid], asItemValue(item, v));
      took(HYPER, item.name);
    }
    const low = hyper.get("alphaLow"), high = hyper.get("alphaHigh");
    if (low && high) {
      st.put(S.AlphaValues, [netuid], [Number(low.toString()), Number(high.toString())]);
      took(HYPER, "AlphaValues");
    }
    missing["pool and emission state"] = `${MECHAGRAPH}: ${missing[MECHAGRAPH] ?? "not read"}`;
  } else {
    missing.Tempo = missing[MECHAGRAPH] ?? "not read";
    missing.hyperparameters = `${HYPER}: ${missing[HYPER] ?? "not read"}`;
  }
  const list = (name: string): Codec[] | undefined => {
    if (!perUid) return undefined;
    const v = mg ? opt(perUid, name) : perUid.get(name);
    return v ? [...(v as Vec<Codec>)] : undefined;
  };
  const reg = list("blockAtRegistration");
  const alpha = list("alphaStake");
  const tao = list("taoStake");
  for (let uid = 0; uid < n; uid++) {
    const hotkey = hotkeys[uid];
    if (!hotkey) continue;
    if (reg?.[uid]) st.put(S.BlockAtRegistration, [netuid, uid], big(reg[uid]));
    const a = alpha?.[uid] ? big(alpha[uid]) : stakeSum.get(uid) ?? 0n;
    st.put(S.TotalHotkeyAlpha, [hotkey, netuid], a);
    if (tao?.[uid]) st.put(S.TotalHotkeyAlpha, [hotkey, 0], big(tao[uid]));
    // Who holds which share of a hotkey's pool is storage only: the hotkey's owner holds it all.
    if (a > 0n) {
      const coldkey = st.get(S.Owner, hotkey);
      st.put(S.Alpha, [hotkey, coldkey, netuid], a << 64n);
      st.put(S.TotalHotkeyShares, [hotkey, netuid], a << 64n);
    }
  }
  if (reg) took(perUidApi, "BlockAtRegistration");
  else missing.BlockAtRegistration = "no runtime API answered with registration blocks";
  if (alpha) took(perUidApi, "TotalHotkeyAlpha");
  else {
    took(NEURONS, "TotalHotkeyAlpha");
    derived.TotalHotkeyAlpha = "the sum of each neuron's stake entries in get_neurons_lite";
  }
  const total = list("totalStake");
  if (alpha && tao && total) {
    const weight = taoWeightOf(alpha.map(big), tao.map(big), total.map(big));
    if (weight !== undefined) {
      st.put(S.TaoWeight, [], weight);
      derived.TaoWeight = "solved from alpha, TAO and total stakes (total = alpha + tao · TaoWeight / u64::MAX)";
    } else missing.TaoWeight = "total stakes are not alpha + tao · w for one w (child keys?): the devnet default kept";
  }
  if (tao) took(perUidApi, "TotalHotkeyAlpha (root: TAO stake)");
  else missing["TotalHotkeyAlpha (root)"] = "no runtime API answered with TAO stakes";
  derived.Alpha = "each hotkey's whole alpha held by its owner coldkey (per-coldkey shares are storage only)";
  derived.TotalHotkeyShares = "equal to the owner's shares";

  if (hyper) {
    const steep = hyper.get("alphaSigmoidSteepness");
    const bits = (steep as Struct | undefined)?.get?.("bits") ?? steep; // I32F32 as `{ bits }`
    if (bits) st.put(S.AlphaSigmoidSteepness, [netuid], Number(BigInt.asIntN(64, big(bits)) >> 32n));
    const yuma = hyper.get("yumaVersion");
    if (yuma) st.put(S.Yuma3On, [netuid], Number(yuma.toString()) === 3);
    const reset = hyper.get("bondsResetEnabled");
    if (reset) st.put(S.BondsResetOn, [netuid], reset.toString() === "true");
    took(HYPER, "AlphaSigmoidSteepness", "Yuma3On", "BondsResetOn");
  }

  st.put(S.NetworksAdded, [netuid], true);
  derived.NetworksAdded = "true: the subnet's neurons were read";
  st.put(S.SubtokenEnabled, [netuid], true);
  derived.SubtokenEnabled = "true (every live finney subnet trades)";
  st.put(S.SubnetMechanism, [netuid], 1);
  derived.SubnetMechanism = "1 (dynamic pool)";
  const registeredAt = st.get(S.NetworkRegisteredAt, netuid);
  st.put(S.FirstEmissionBlockNumber, [netuid], registeredAt + 1n);
  derived.FirstEmissionBlockNumber = "NetworkRegisteredAt + 1";
  for (const name of STORAGE_ONLY) missing[name] = "storage only; the node did not serve storage reads";
  missing.MechanismCountCurrent = "storage only: mechanism 0 read";

  const entries = new Map<string, string>();
  for (const [k, v] of raw.entries) entries.set(k, u8aToHex(v));
  return { entries, byApi, derived, missing, neurons: neurons.length };
}

const U64_MAX = (1n << 64n) - 1n;

/**
 * The `TaoWeight` that gives every uid's total stake as `alpha + floor(tao · w / u64::MAX)`: the
 * smallest `w` in the intersection of each uid's interval, or `undefined` when they do not meet.
 */
export function taoWeightOf(alpha: bigint[], tao: bigint[], total: bigint[]): bigint | undefined {
  let lo = 0n, hi = U64_MAX;
  let seen = false;
  for (let i = 0; i < tao.length; i++) {
    if (!(tao[i] > 0n) || total[i] === undefined || alpha[i] === undefined) continue;
    const d = total[i] - alpha[i];
    if (d < 0n) return undefined;
    seen = true;
    const from = (d * U64_MAX + tao[i] - 1n) / tao[i];
    const to = ((d + 1n) * U64_MAX + tao[i] - 1n) / tao[i] - 1n;
    if (from > lo) lo = from;
    if (to < hi) hi = to;
  }
  return seen && lo <= hi ? lo : undefined;
}

function hexBytes(hex: string): Uint8Array {
  const h = hex.startsWith("0x") ? hex.slice(2) : hex;
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}
