/**
 * SubtensorModule runtime APIs, encoded by hand with the finney metadata's own output types (checked
 * field by field in `runtime_api_test.ts`): `NeuronInfoRuntimeApi` (`get_neurons_lite`,
 * `get_neuron_lite`, `get_neurons`, `get_neuron`), `SubnetInfoRuntimeApi` (`get_subnet_hyperparams`,
 * `get_subnet_hyperparams_v2`, `get_subnet_info`, `get_subnets_info`, `get_subnet_state`,
 * `get_dynamic_info`, `get_all_dynamic_info`) and
 * `SubnetRegistrationRuntimeApi_get_network_registration_cost` (spec `chain.md` §3).
 *
 * @module
 */
import { ScaleWriter } from "./_scale.ts";
import { HEAD_ONLY_ITEMS, S } from "./items.ts";
import { addedNetuids, owningColdkey } from "./neurons.ts";
import { networkLockCost } from "./network.ts";
import { axonOf, prometheusOf } from "./serving.ts";
import { weightStake } from "./stake.ts";
import type { TypedStore } from "./store.ts";

/**
 * Writes `Option<SubnetIdentityV3>` for `netuid` (its eight byte fields in SCALE order).
 *
 * @example
 * ```ts ignore
 * writeSubnetIdentity(w, st, 1);
 * ```
 */
export function writeSubnetIdentity(w: ScaleWriter, st: TypedStore, netuid: number): void {
  const id = st.get(S.SubnetIdentitiesV3, netuid);
  if (id === undefined) return w.u8(0);
  w.u8(1);
  for (
    const f of [
      id.subnetName,
      id.githubRepo,
      id.subnetContact,
      id.subnetUrl,
      id.discord,
      id.description,
      id.logoUrl,
      id.additional,
    ]
  ) w.bytes(f);
}

function writeNeuron(w: ScaleWriter, st: TypedStore, netuid: number, uid: number, full: boolean, v: Vectors): void {
  const hotkey = st.get(S.Keys, netuid, uid);
  const coldkey = owningColdkey(st, hotkey);
  w.raw(hotkey);
  w.raw(coldkey);
  w.compact(uid);
  w.compact(netuid);
  w.bool(v.active[uid] ?? false);
  const axon = axonOf(st, netuid, hotkey);
  w.u64(axon.block);
  w.u32(axon.version);
  w.u128(axon.ip);
  w.u16(axon.port);
  w.u8(axon.ipType);
  w.u8(axon.protocol);
  w.u8(axon.placeholder1);
  w.u8(axon.placeholder2);
  const prom = prometheusOf(st, netuid, hotkey);
  w.u64(prom.block);
  w.u32(prom.version);
  w.u128(prom.ip);
  w.u16(prom.port);
  w.u8(prom.ipType);
  w.compact(1);
  w.raw(coldkey);
  w.compact(st.get(S.TotalHotkeyAlpha, hotkey, netuid));
  w.compact(0); // rank (removed from the epoch at HEAD)
  w.compact(v.emission[uid] ?? 0n);
  w.compact(v.incentive[uid] ?? 0);
  w.compact(v.consensus[uid] ?? 0);
  w.compact(0); // trust (removed from the epoch at HEAD)
  w.compact(v.validatorTrust[uid] ?? 0);
  w.compact(v.dividends[uid] ?? 0);
  w.compact(v.lastUpdate[uid] ?? 0n);
  w.bool(v.validatorPermit[uid] ?? false);
  if (full) {
    for (const row of [st.get(S.Weights, netuid, uid), st.get(S.Bonds, netuid, uid)]) {
      const kept = row.filter(([, x]) => x !== 0);
      w.compact(kept.length);
      for (const [d, x] of kept) {
        w.compact(d);
        w.compact(x);
      }
    }
  }
  w.compact(65535); // pruning_score (removed at HEAD; the runtime API reports u16::MAX)
}

interface Vectors {
  active: boolean[];
  emission: bigint[];
  incentive: number[];
  consensus: number[];
  validatorTrust: number[];
  dividends: number[];
  lastUpdate: bigint[];
  validatorPermit: boolean[];
}

function vectors(st: TypedStore, netuid: number): Vectors {
  return {
    active: st.get(S.Active, netuid),
    emission: st.get(S.Emission, netuid),
    incentive: st.get(S.Incentive, netuid),
    consensus: st.get(S.Consensus, netuid),
    validatorTrust: st.get(S.ValidatorTrust, netuid),
    dividends: st.get(S.Dividends, netuid),
    lastUpdate: st.get(S.LastUpdate, netuid),
    validatorPermit: st.get(S.ValidatorPermit, netuid),
  };
}

/** The uids `get_neurons*` report: `0..SubnetworkN`, stopping at the first uid without a hotkey. */
function listedUids(st: TypedStore, netuid: number): number[] {
  if (!st.get(S.NetworksAdded, netuid)) return [];
  const n = st.get(S.SubnetworkN, netuid);
  const out: number[] = [];
  for (let uid = 0; uid < n && st.has(S.Keys, netuid, uid); uid++) out.push(uid);
  return out;
}

/**
 * `NeuronInfoRuntimeApi_get_neurons_lite` / `get_neurons` output: `Vec<NeuronInfoLite>` or `Vec<NeuronInfo>`.
 *
 * @example
 * ```ts
 * import { MapStorage, TypedStore } from "./store.ts";
 * import { encodeNeurons } from "./runtime_api.ts";
 * console.assert(encodeNeurons(new TypedStore(new MapStorage()), 1, false)[0] === 0); // empty Vec
 * ```
 */
export function encodeNeurons(st: TypedStore, netuid: number, full: boolean): Uint8Array {
  const uids = listedUids(st, netuid);
  const w = new ScaleWriter(uids.length * (full ? 400 : 260) + 8);
  w.compact(uids.length);
  const v = vectors(st, netuid);
  for (const uid of uids) writeNeuron(w, st, netuid, uid, full, v);
  return w.finish();
}

/** `NeuronInfoRuntimeApi_get_neuron_lite` / `get_neuron` output: `Option<NeuronInfoLite>` / `Option<NeuronInfo>`. */
export function encodeNeuron(st: TypedStore, netuid: number, uid: number, full: boolean): Uint8Array {
  const w = new ScaleWriter(full ? 512 : 300);
  if (!st.get(S.NetworksAdded, netuid) || !st.has(S.Keys, netuid, uid)) {
    w.u8(0);
  } else {
    w.u8(1);
    writeNeuron(w, st, netuid, uid, full, vectors(st, netuid));
  }
  return w.finish();
}

/** `SubnetInfoRuntimeApi_get_subnet_hyperparams` (and `_v2` with `v2`): `Option<SubnetHyperparams[V2]>`. */
export function encodeHyperparams(st: TypedStore, netuid: number, v2: boolean): Uint8Array {
  const w = new ScaleWriter(160);
  if (!st.get(S.NetworksAdded, netuid)) {
    w.u8(0);
    return w.finish();
  }
  const [alphaLow, alphaHigh] = st.get(S.AlphaValues, netuid);
  w.u8(1);
  w.compact(st.get(S.Rho, netuid));
  w.compact(st.get(S.Kappa, netuid));
  w.compact(st.get(S.ImmunityPeriod, netuid));
  w.compact(st.get(S.MinAllowedWeights, netuid));
  w.compact(st.get(S.MaxWeightsLimit, netuid));
  w.compact(st.get(S.Tempo, netuid));
  w.compact(st.get(S.MinDifficulty, netuid));
  w.compact(st.get(S.MaxDifficulty, netuid));
  w.compact(st.get(S.WeightsVersionKey, netuid));
  w.compact(st.get(S.WeightsSetRateLimit, netuid));
  w.compact(st.get(S.AdjustmentInterval, netuid));
  w.compact(st.get(S.ActivityCutoff, netuid));
  w.bool(st.get(S.NetworkRegistrationAllowed, netuid));
  w.compact(st.get(S.TargetRegistrationsPerInterval, netuid));
  w.compact(st.get(S.MinBurn, netuid));
  w.compact(st.get(S.MaxBurn, netuid));
  w.compact(st.get(S.BondsMovingAverage, netuid));
  w.compact(st.get(S.MaxRegistrationsPerBlock, netuid));
  w.compact(st.get(S.ServingRateLimit, netuid));
  w.compact(st.get(S.MaxAllowedValidators, netuid));
  w.compact(st.get(S.AdjustmentAlpha, netuid));
  w.compact(st.get(S.Difficulty, netuid));
  w.compact(st.get(S.RevealPeriodEpochs, netuid));
  w.bool(st.get(S.CommitRevealWeightsEnabled, netuid));
  w.compact(alphaHigh);
  w.compact(alphaLow);
  w.bool(st.get(S.LiquidAlphaOn, netuid));
  if (v2) {
    w.i64(BigInt(st.get(S.AlphaSigmoidSteepness, netuid)) << 32n); // I32F32 bits
    w.compact(st.get(S.Yuma3On, netuid) ? 3 : 2);
    w.bool(st.get(S.FirstEmissionBlockNumber, netuid) !== undefined);
    w.bool(true); // transfers enabled (TransferToggle default)
    w.bool(st.get(S.BondsResetOn, netuid));
    w.bool(false); // user liquidity
  }
  return w.finish();
}

function writeSubnetInfo(w: ScaleWriter, st: TypedStore, netuid: number, v2: boolean): void {
  w.compact(netuid);
  w.compact(st.get(S.Rho, netuid));
  w.compact(st.get(S.Kappa, netuid));
  w.compact(st.get(S.Difficulty, netuid));
  w.compact(st.get(S.ImmunityPeriod, netuid));
  w.compact(st.get(S.MaxAllowedValidators, netuid));
  w.compact(st.get(S.MinAllowedWeights, netuid));
  w.compact(st.get(S.MaxWeightsLimit, netuid));
  w.compact(50); // scaling_law_power (legacy default)
  w.compact(st.get(S.SubnetworkN, netuid));
  w.compact(st.get(S.MaxAllowedUids, netuid));
  w.compact(st.get(S.BlocksSinceLastStep, netuid));
  w.compact(st.get(S.Tempo, netuid));
  w.compact(0); // network_modality
  w.compact(0); // network_connect: empty
  w.compact(0); // emission_values (legacy)
  w.compact(st.get(S.Burn, netuid));
  w.raw(st.get(S.SubnetOwner, netuid));
  if (v2) writeSubnetIdentity(w, st, netuid);
}

/** `SubnetInfoRuntimeApi_get_subnet_info[_v2]`: `Option<SubnetInfo[v2]>`. */
export function encodeSubnetInfo(st: TypedStore, netuid: number, v2: boolean): Uint8Array {
  const w = new ScaleWriter(200);
  if (!st.get(S.NetworksAdded, netuid)) w.u8(0);
  else {
    w.u8(1);
    writeSubnetInfo(w, st, netuid, v2);
  }
  return w.finish();
}

/** Netuids the `*_all_*` / `get_subnets_info` APIs list: every added subnet from 0 up. */
function allNetuids(st: TypedStore): number[] {
  return addedNetuids(st);
}

/** `SubnetInfoRuntimeApi_get_subnets_info[_v2]`: `Vec<Option<SubnetInfo[v2]>>`. */
export function encodeSubnetsInfo(st: TypedStore, v2: boolean): Uint8Array {
  const nets = allNetuids(st);
  const w = new ScaleWriter(nets.length * 200 + 4);
  w.compact(nets.length);
  for (const n of nets) {
    w.u8(1);
    writeSubnetInfo(w, st, n, v2);
  }
  return w.finish();
}

/** `SubnetInfoRuntimeApi_get_subnet_state`: `Option<SubnetState>` (alpha, TAO and weighted stake per uid). */
export function encodeSubnetState(st: TypedStore, netuid: number): Uint8Array {
  const w = new ScaleWriter(1024);
  if (!st.get(S.NetworksAdded, netuid)) {
    w.u8(0);
    return w.finish();
  }
  const n = st.get(S.SubnetworkN, netuid);
  const hotkeys = Array.from({ length: n }, (_, uid) => st.get(S.Keys, netuid, uid));
  const v = vectors(st, netuid);
  w.u8(1);
  w.compact(netuid);
  w.compact(n);
  for (const h of hotkeys) w.raw(h);
  w.compact(n);
  for (const h of hotkeys) w.raw(owningColdkey(st, h));
  const bools = (xs: boolean[]) => {
    w.compact(n);
    for (let i = 0; i < n; i++) w.bool(xs[i] ?? false);
  };
  const compacts = (f: (i: number) => number | bigint) => {
    w.compact(n);
    for (let i = 0; i < n; i++) w.compact(f(i));
  };
  bools(v.active);
  bools(v.validatorPermit);
  compacts(() => 65535); // pruning_score
  compacts((i) => v.lastUpdate[i] ?? 0n);
  compacts((i) => v.emission[i] ?? 0n);
  compacts((i) => v.dividends[i] ?? 0);
  compacts((i) => v.incentive[i] ?? 0);
  compacts((i) => v.consensus[i] ?? 0);
  compacts(() => 0); // trust
  compacts(() => 0); // rank
  compacts((i) => st.get(S.BlockAtRegistration, netuid, i));
  compacts((i) => st.get(S.TotalHotkeyAlpha, hotkeys[i], netuid));
  compacts((i) => st.get(S.TotalHotkeyAlpha, hotkeys[i], 0));
  compacts((i) => weightStake(st, netuid, hotkeys[i]));
  w.compact(0); // emission_history: empty
  return w.finish();
}

function writeDynamicInfo(w: ScaleWriter, st: TypedStore, netuid: number, block: number): void {
  const name = st.get(S.SubnetIdentitiesV3, netuid)?.subnetName ?? new TextEncoder().encode(`subnet ${netuid}`);
  const symbol = st.get(S.TokenSymbol, netuid);
  const lastStep = st.get(S.LastMechansimStepBlock, netuid);
  w.compact(netuid);
  w.raw(st.get(S.SubnetOwnerHotkey, netuid));
  w.raw(st.get(S.SubnetOwner, netuid));
  for (const text of [name, symbol]) {
    w.compact(text.length);
    for (const b of text) w.compact(b);
  }
  w.compact(st.get(S.Tempo, netuid));
  w.compact(lastStep);
  w.compact(BigInt(block) - lastStep > 0n ? BigInt(block) - lastStep : 0n);
  w.compact(st.get(S.SubnetAlphaOutEmission, netuid)); // emission (alpha per block)
  w.compact(st.get(S.SubnetAlphaIn, netuid));
  w.compact(st.get(S.SubnetAlphaOut, netuid));
  w.compact(st.get(S.SubnetTAO, netuid));
  w.compact(st.get(S.SubnetAlphaOutEmission, netuid));
  w.compact(st.get(S.SubnetAlphaInEmission, netuid));
  w.compact(st.get(S.SubnetTaoInEmission, netuid));
  w.compact(st.get(S.PendingServerEmission, netuid) + st.get(S.PendingValidatorEmission, netuid));
  w.compact(st.get(S.PendingRootAlphaDivs, netuid));
  w.compact(st.get(S.SubnetVolume, netuid));
  w.compact(st.get(S.NetworkRegisteredAt, netuid));
  writeSubnetIdentity(w, st, netuid);
  const taoIn = st.get(S.SubnetTAO, netuid);
  const alphaIn = st.get(S.SubnetAlphaIn, netuid);
  const price = st.get(S.SubnetMechanism, netuid) === 0 || alphaIn === 0n ? 1n << 32n : (taoIn << 32n) / alphaIn;
  w.i128(price); // moving_price as I96F32 bits: the devnet reports the spot price
}

/** `SubnetInfoRuntimeApi_get_dynamic_info`: `Option<DynamicInfo>`. */
export function encodeDynamicInfo(st: TypedStore, netuid: number, block: number): Uint8Array {
  const w = new ScaleWriter(300);
  if (!st.get(S.NetworksAdded, netuid)) w.u8(0);
  else {
    w.u8(1);
    writeDynamicInfo(w, st, netuid, block);
  }
  return w.finish();
}

/** `SubnetInfoRuntimeApi_get_all_dynamic_info`: `Vec<Option<DynamicInfo>>`. */
export function encodeAllDynamicInfo(st: TypedStore, block: number): Uint8Array {
  const nets = allNetuids(st);
  const w = new ScaleWriter(nets.length * 300 + 4);
  w.compact(nets.length);
  for (const n of nets) {
    w.u8(1);
    writeDynamicInfo(w, st, n, block);
  }
  return w.finish();
}

/** `SubnetRegistrationRuntimeApi_get_network_registration_cost`: `u64` RAO. */
export function encodeNetworkRegistrationCost(st: TypedStore): Uint8Array {
  const w = new ScaleWriter(8);
  w.u64(networkLockCost(st));
  return w.finish();
}

/** `SubnetInfoRuntimeApi_get_next_epoch_start_block`-style helper: the block of the subnet's next epoch. */
export function nextEpochStartBlock(st: TypedStore, netuid: number): bigint {
  return st.get(HEAD_ONLY_ITEMS.LastEpochBlock, netuid) + BigInt(st.get(S.Tempo, netuid));
}
