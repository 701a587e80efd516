/**
 * Every SubtensorModule storage item the devnet reads or writes, with the hashers, key and value shapes
 * and defaults of the finney metadata (checked item by item in `items_test.ts`), plus the few items the
 * devnet keeps under their newer runtime's keys (`HEAD_ONLY_ITEMS`, spec `chain.md` §2.3).
 *
 * @module
 */
import {
  accountId,
  bool,
  bytes,
  type Codec,
  h256,
  i128,
  i16,
  struct,
  tuple,
  u128,
  u16,
  u32,
  u64,
  u8,
  vec,
} from "./_scale.ts";
import { StorageItem } from "./storage_item.ts";

const SM = "SubtensorModule";

/** The all-zero `AccountId32`, what unset account-valued items read as. */
export const ZERO_ACCOUNT: Uint8Array = new Uint8Array(32);

/** `AxonInfo` as stored (spec `chain.md` §2.1). */
export interface AxonInfo {
  /** Block the axon was served at. */
  block: bigint;
  /** Software version as an integer. */
  version: number;
  /** IPv4 (big-endian integer) or IPv6 address. */
  ip: bigint;
  /** TCP port. */
  port: number;
  /** 4 or 6. */
  ipType: number;
  /** Protocol tag (the Python SDK sends 4). */
  protocol: number;
  /** Reserved. */
  placeholder1: number;
  /** Reserved. */
  placeholder2: number;
}

/** `PrometheusInfo` as stored. */
export interface PrometheusInfo {
  /** Block it was served at. */
  block: bigint;
  /** Software version as an integer. */
  version: number;
  /** IP address. */
  ip: bigint;
  /** Port. */
  port: number;
  /** 4 or 6. */
  ipType: number;
}

/** `SubnetIdentityV3`, every field UTF-8 bytes. */
export interface SubnetIdentityV3 {
  /** Subnet name. */
  subnetName: Uint8Array;
  /** GitHub repository. */
  githubRepo: Uint8Array;
  /** Contact. */
  subnetContact: Uint8Array;
  /** Web site. */
  subnetUrl: Uint8Array;
  /** Discord. */
  discord: Uint8Array;
  /** Description. */
  description: Uint8Array;
  /** Logo URL. */
  logoUrl: Uint8Array;
  /** Anything else. */
  additional: Uint8Array;
}

/** A timelocked commit: `(who, commit_block, commit, reveal_round)`. */
export type TimelockedCommit = [who: Uint8Array, commitBlock: bigint, commit: Uint8Array, revealRound: bigint];

/** A CR v2 commit: `(hash, commit_epoch, commit_block, unused)`. */
export type WeightCommit = [hash: Uint8Array, commitEpoch: bigint, commitBlock: bigint, unused: bigint];

/** SCALE codec of {@link AxonInfo}. */
export const axonInfoCodec: Codec<AxonInfo> = struct<AxonInfo>({
  block: u64,
  version: u32,
  ip: u128,
  port: u16,
  ipType: u8,
  protocol: u8,
  placeholder1: u8,
  placeholder2: u8,
});

/** SCALE codec of {@link PrometheusInfo}. */
export const prometheusInfoCodec: Codec<PrometheusInfo> = struct<PrometheusInfo>({
  block: u64,
  version: u32,
  ip: u128,
  port: u16,
  ipType: u8,
});

/** SCALE codec of {@link SubnetIdentityV3}. */
export const subnetIdentityV3Codec: Codec<SubnetIdentityV3> = struct<SubnetIdentityV3>({
  subnetName: bytes,
  githubRepo: bytes,
  subnetContact: bytes,
  subnetUrl: bytes,
  discord: bytes,
  description: bytes,
  logoUrl: bytes,
  additional: bytes,
});

const weightRow: Codec<[number, number][]> = vec(tuple<[number, number]>(u16, u16));
const commitCodec: Codec<WeightCommit[]> = vec(tuple<WeightCommit>(h256, u64, u64, u64));
const timelockedCodec: Codec<TimelockedCommit[]> = vec(tuple<TimelockedCommit>(accountId, u64, bytes, u64));

function plain<V>(name: string, codec: Codec<Exclude<V, undefined>>, fallback: V): StorageItem<[], V> {
  return new StorageItem<[], V>(SM, name, [], codec, fallback);
}
function net<V>(name: string, codec: Codec<Exclude<V, undefined>>, fallback: V): StorageItem<[number], V> {
  return new StorageItem<[number], V>(SM, name, [["Identity", u16]], codec, fallback);
}
function netUid<V>(name: string, codec: Codec<Exclude<V, undefined>>, fallback: V): StorageItem<[number, number], V> {
  return new StorageItem<[number, number], V>(SM, name, [["Identity", u16], ["Identity", u16]], codec, fallback);
}
function netAcc<V>(
  name: string,
  codec: Codec<Exclude<V, undefined>>,
  fallback: V,
): StorageItem<[number, Uint8Array], V> {
  return new StorageItem<[number, Uint8Array], V>(
    SM,
    name,
    [["Identity", u16], ["Blake2_128Concat", accountId]],
    codec,
    fallback,
  );
}
function acc<V>(name: string, codec: Codec<Exclude<V, undefined>>, fallback: V): StorageItem<[Uint8Array], V> {
  return new StorageItem<[Uint8Array], V>(SM, name, [["Blake2_128Concat", accountId]], codec, fallback);
}
function accNet<V>(
  name: string,
  codec: Codec<Exclude<V, undefined>>,
  fallback: V,
): StorageItem<[Uint8Array, number], V> {
  return new StorageItem<[Uint8Array, number], V>(
    SM,
    name,
    [["Blake2_128Concat", accountId], ["Identity", u16]],
    codec,
    fallback,
  );
}

const vu16 = vec(u16);
const vu64 = vec(u64);
const vbool = vec(bool);

/**
 * The SubtensorModule storage items, by their metadata names.
 *
 * @example
 * ```ts
 * import { S } from "./items.ts";
 * console.assert(S.Tempo.name === "Tempo" && S.Weights.keys.length === 2);
 * ```
 */
export const S = {
  // Global values.
  TotalIssuance: plain<bigint>("TotalIssuance", u64, 0n),
  TotalStake: plain<bigint>("TotalStake", u64, 0n),
  TaoWeight: plain<bigint>("TaoWeight", u64, 971_718_665_099_567_868n),
  StakeThreshold: plain<bigint>("StakeThreshold", u64, 0n),
  SubnetOwnerCut: plain<number>("SubnetOwnerCut", u16, 11_796),
  NetworkMinLockCost: plain<bigint>("NetworkMinLockCost", u64, 1_000_000_000_000n),
  NetworkLastLockCost: plain<bigint>("NetworkLastLockCost", u64, 1_000_000_000_000n),
  NetworkRateLimit: plain<bigint>("NetworkRateLimit", u64, 7200n),
  TotalNetworks: plain<number>("TotalNetworks", u16, 0),
  SubnetLimit: plain<number>("SubnetLimit", u16, 128),
  AdminFreezeWindow: plain<number>("AdminFreezeWindow", u16, 10),
  CommitRevealWeightsVersion: plain<number>("CommitRevealWeightsVersion", u16, 4),
  BlockEmission: plain<bigint>("BlockEmission", u64, 1_000_000_000n),

  // Per subnet.
  Tempo: net<number>("Tempo", u16, 360),
  NetworksAdded: net<boolean>("NetworksAdded", bool, false),
  SubnetworkN: net<number>("SubnetworkN", u16, 0),
  NetworkRegistrationAllowed: net<boolean>("NetworkRegistrationAllowed", bool, true),
  NetworkPowRegistrationAllowed: net<boolean>("NetworkPowRegistrationAllowed", bool, true),
  NetworkRegisteredAt: net<bigint>("NetworkRegisteredAt", u64, 0n),
  SubnetMechanism: net<number>("SubnetMechanism", u16, 0),
  SubnetOwner: net<Uint8Array>("SubnetOwner", accountId, ZERO_ACCOUNT),
  SubnetOwnerHotkey: net<Uint8Array>("SubnetOwnerHotkey", accountId, ZERO_ACCOUNT),
  FirstEmissionBlockNumber: net<bigint | undefined>("FirstEmissionBlockNumber", u64, undefined),
  SubtokenEnabled: net<boolean>("SubtokenEnabled", bool, false),
  PendingServerEmission: net<bigint>("PendingServerEmission", u64, 0n),
  PendingValidatorEmission: net<bigint>("PendingValidatorEmission", u64, 0n),
  PendingRootAlphaDivs: net<bigint>("PendingRootAlphaDivs", u64, 0n),
  PendingOwnerCut: net<bigint>("PendingOwnerCut", u64, 0n),
  BlocksSinceLastStep: net<bigint>("BlocksSinceLastStep", u64, 0n),
  LastMechansimStepBlock: net<bigint>("LastMechansimStepBlock", u64, 0n),
  ServingRateLimit: net<bigint>("ServingRateLimit", u64, 50n),
  Rho: net<number>("Rho", u16, 10),
  Kappa: net<number>("Kappa", u16, 32767),
  MinAllowedUids: net<number>("MinAllowedUids", u16, 64),
  MaxAllowedUids: net<number>("MaxAllowedUids", u16, 4096),
  ImmunityPeriod: net<number>("ImmunityPeriod", u16, 4096),
  ActivityCutoff: net<number>("ActivityCutoff", u16, 5000),
  MaxWeightsLimit: net<number>("MaxWeightsLimit", u16, 65535),
  WeightsVersionKey: net<bigint>("WeightsVersionKey", u64, 0n),
  MinAllowedWeights: net<number>("MinAllowedWeights", u16, 1024),
  MaxAllowedValidators: net<number>("MaxAllowedValidators", u16, 128),
  AdjustmentInterval: net<number>("AdjustmentInterval", u16, 100),
  BondsMovingAverage: net<bigint>("BondsMovingAverage", u64, 900_000n),
  BondsPenalty: net<number>("BondsPenalty", u16, 65535),
  BondsResetOn: net<boolean>("BondsResetOn", bool, false),
  WeightsSetRateLimit: net<bigint>("WeightsSetRateLimit", u64, 100n),
  TargetRegistrationsPerInterval: net<number>("TargetRegistrationsPerInterval", u16, 2),
  AdjustmentAlpha: net<bigint>("AdjustmentAlpha", u64, 0n),
  CommitRevealWeightsEnabled: net<boolean>("CommitRevealWeightsEnabled", bool, true),
  Burn: net<bigint>("Burn", u64, 100_000_000n),
  Difficulty: net<bigint>("Difficulty", u64, 10_000_000n),
  MinBurn: net<bigint>("MinBurn", u64, 500_000n),
  MaxBurn: net<bigint>("MaxBurn", u64, 100_000_000_000n),
  MinDifficulty: net<bigint>("MinDifficulty", u64, 10_000_000n),
  MaxDifficulty: net<bigint>("MaxDifficulty", u64, 4_611_686_018_427_387_903n),
  RegistrationsThisBlock: net<number>("RegistrationsThisBlock", u16, 0),
  RegistrationsThisInterval: net<number>("RegistrationsThisInterval", u16, 0),
  BurnRegistrationsThisInterval: net<number>("BurnRegistrationsThisInterval", u16, 0),
  MaxRegistrationsPerBlock: net<number>("MaxRegistrationsPerBlock", u16, 1),
  RAORecycledForRegistration: net<bigint>("RAORecycledForRegistration", u64, 0n),
  AlphaSigmoidSteepness: net<number>("AlphaSigmoidSteepness", i16, 1000),
  AlphaValues: net<[number, number]>("AlphaValues", tuple<[number, number]>(u16, u16), [45875, 58982]),
  ImmuneOwnerUidsLimit: net<number>("ImmuneOwnerUidsLimit", u16, 1),
  SubnetTAO: net<bigint>("SubnetTAO", u64, 0n),
  SubnetAlphaIn: net<bigint>("SubnetAlphaIn", u64, 0n),
  SubnetAlphaOut: net<bigint>("SubnetAlphaOut", u64, 0n),
  SubnetAlphaInEmission: net<bigint>("SubnetAlphaInEmission", u64, 0n),
  SubnetAlphaOutEmission: net<bigint>("SubnetAlphaOutEmission", u64, 0n),
  SubnetTaoInEmission: net<bigint>("SubnetTaoInEmission", u64, 0n),
  SubnetVolume: net<bigint>("SubnetVolume", u128, 0n),
  SubnetMovingPrice: net<bigint>("SubnetMovingPrice", i128, 0n),
  TokenSymbol: net<Uint8Array>("TokenSymbol", bytes, new Uint8Array([0xf0, 0x9d, 0x9c, 0x8f])),
  StakeWeight: net<number[]>("StakeWeight", vu16, []),
  Active: net<boolean[]>("Active", vbool, []),
  Rank: net<number[]>("Rank", vu16, []),
  Trust: net<number[]>("Trust", vu16, []),
  Consensus: net<number[]>("Consensus", vu16, []),
  Incentive: net<number[]>("Incentive", vu16, []),
  Dividends: net<number[]>("Dividends", vu16, []),
  Emission: net<bigint[]>("Emission", vu64, []),
  LastUpdate: net<bigint[]>("LastUpdate", vu64, []),
  ValidatorTrust: net<number[]>("ValidatorTrust", vu16, []),
  PruningScores: net<number[]>("PruningScores", vu16, []),
  ValidatorPermit: net<boolean[]>("ValidatorPermit", vbool, []),
  LiquidAlphaOn: new StorageItem<[number], boolean>(SM, "LiquidAlphaOn", [["Blake2_128Concat", u16]], bool, false),
  Yuma3On: new StorageItem<[number], boolean>(SM, "Yuma3On", [["Blake2_128Concat", u16]], bool, false),
  RevealPeriodEpochs: new StorageItem<[number], bigint>(SM, "RevealPeriodEpochs", [["Twox64Concat", u16]], u64, 1n),
  MechanismCountCurrent: new StorageItem<[number], number>(
    SM,
    "MechanismCountCurrent",
    [["Twox64Concat", u16]],
    u8,
    1,
  ),
  MechanismEmissionSplit: new StorageItem<[number], number[] | undefined>(
    SM,
    "MechanismEmissionSplit",
    [["Twox64Concat", u16]],
    vu16,
    undefined,
  ),
  SubnetIdentitiesV3: new StorageItem<[number], SubnetIdentityV3 | undefined>(
    SM,
    "SubnetIdentitiesV3",
    [["Blake2_128Concat", u16]],
    subnetIdentityV3Codec,
    undefined,
  ),

  // Per uid.
  Keys: netUid<Uint8Array>("Keys", accountId, ZERO_ACCOUNT),
  BlockAtRegistration: netUid<bigint>("BlockAtRegistration", u64, 0n),
  Weights: netUid<[number, number][]>("Weights", weightRow, []),
  Bonds: netUid<[number, number][]>("Bonds", weightRow, []),

  // Per (subnet, hotkey).
  Uids: netAcc<number | undefined>("Uids", u16, undefined),
  Axons: netAcc<AxonInfo | undefined>("Axons", axonInfoCodec, undefined),
  Prometheus: netAcc<PrometheusInfo | undefined>("Prometheus", prometheusInfoCodec, undefined),
  AlphaDividendsPerSubnet: netAcc<bigint>("AlphaDividendsPerSubnet", u64, 0n),
  WeightCommits: new StorageItem<[number, Uint8Array], WeightCommit[] | undefined>(
    SM,
    "WeightCommits",
    [["Twox64Concat", u16], ["Twox64Concat", accountId]],
    commitCodec,
    undefined,
  ),
  TimelockedWeightCommits: new StorageItem<[number, bigint], TimelockedCommit[]>(
    SM,
    "TimelockedWeightCommits",
    [["Twox64Concat", u16], ["Twox64Concat", u64]],
    timelockedCodec,
    [],
  ),

  // Per account.
  Owner: acc<Uint8Array>("Owner", accountId, ZERO_ACCOUNT),
  OwnedHotkeys: acc<Uint8Array[]>("OwnedHotkeys", vec(accountId), []),
  StakingHotkeys: acc<Uint8Array[]>("StakingHotkeys", vec(accountId), []),
  Delegates: acc<number>("Delegates", u16, 11_796),

  // Per (hotkey, subnet).
  IsNetworkMember: accNet<boolean>("IsNetworkMember", bool, false),
  TotalHotkeyAlpha: accNet<bigint>("TotalHotkeyAlpha", u64, 0n),
  TotalHotkeyAlphaLastEpoch: accNet<bigint>("TotalHotkeyAlphaLastEpoch", u64, 0n),
  TotalHotkeyShares: accNet<bigint>("TotalHotkeyShares", u128, 0n),
  Alpha: new StorageItem<[Uint8Array, Uint8Array, number], bigint>(
    SM,
    "Alpha",
    [["Blake2_128Concat", accountId], ["Blake2_128Concat", accountId], ["Identity", u16]],
    u128,
    0n,
  ),
} as const;

/**
 * Items of newer runtimes (subtensor v3.4.8+, dynamic tempo) that the finney metadata the devnet serves
 * does not list yet. The devnet keeps them under the keys those runtimes use; clients cannot decode them
 * through `api.query`, but `state_getStorage` of the raw key works.
 *
 * @example
 * ```ts
 * import { HEAD_ONLY_ITEMS } from "./items.ts";
 * console.assert(HEAD_ONLY_ITEMS.SubnetEpochIndex.name === "SubnetEpochIndex");
 * ```
 */
export const HEAD_ONLY_ITEMS = {
  LastEpochBlock: net<bigint>("LastEpochBlock", u64, 0n),
  PendingEpochAt: net<bigint>("PendingEpochAt", u64, 0n),
  SubnetEpochIndex: net<bigint>("SubnetEpochIndex", u64, 0n),
} as const;
