/**
 * `SubnetInfoRuntimeApi_get_metagraph` / `get_all_metagraphs` / `get_selective_metagraph` /
 * `get_selective_mechagraph` / `get_mechagraph`: the `Metagraph` and `SelectiveMetagraph` structs of the
 * finney metadata (spec `chain.md` §3), which the Python SDK's `Metagraph.sync` reads for its extra
 * fields (§5 step 5). Field `i` of `SelectiveMetagraph` is index `i` (0 = netuid, always present).
 *
 * @module
 */
import { ScaleWriter } from "./_scale.ts";
import { S } from "./items.ts";
import { mechanismCount, mechanismIndex } from "./mechanism.ts";
import { addedNetuids, owningColdkey } from "./neurons.ts";
import { axonOf } from "./serving.ts";
import { writeSubnetIdentity } from "./runtime_api.ts";
import { weightStake } from "./stake.ts";
import type { TypedStore } from "./store.ts";

type Field = (w: ScaleWriter, c: View) => void;

/**
 * What the field writers share: the store, subnet, block, the per-uid hotkeys, the mechanism's storage
 * index (for its `Incentive` and `LastUpdate`) and the netuid field to report.
 */
interface View {
  st: TypedStore;
  netuid: number;
  block: number;
  hotkeys: Uint8Array[];
  index: number;
  reported: number;
}

function text(w: ScaleWriter, bytes: Uint8Array): void {
  w.compact(bytes.length);
  for (const b of bytes) w.compact(b);
}

function identity(w: ScaleWriter, c: View): void {
  writeSubnetIdentity(w, c.st, c.netuid);
}

const cu = (f: (c: View) => number | bigint): Field => (w, c) => w.compact(f(c));
const flag = (f: (c: View) => boolean): Field => (w, c) => w.bool(f(c));
function perUid<T>(get: (c: View) => T[], put: (w: ScaleWriter, v: T) => void, fill: T): Field {
  return (w, c) => {
    const xs = get(c);
    w.compact(c.hotkeys.length);
    for (let i = 0; i < c.hotkeys.length; i++) put(w, xs[i] ?? fill);
  };
}
const compactU = (w: ScaleWriter, v: number | bigint) => w.compact(v);

/** The `Metagraph` fields in SCALE order (index = position; the selective variant adds two more). */
const FIELDS: Field[] = [
  cu((c) => c.reported),
  (w, c) =>
    text(w, c.st.get(S.SubnetIdentitiesV3, c.netuid)?.subnetName ?? new TextEncoder().encode(`subnet ${c.netuid}`)),
  (w, c) => text(w, c.st.get(S.TokenSymbol, c.netuid)),
  identity,
  cu((c) => c.st.get(S.NetworkRegisteredAt, c.netuid)),
  (w, c) => w.raw(c.st.get(S.SubnetOwnerHotkey, c.netuid)),
  (w, c) => w.raw(c.st.get(S.SubnetOwner, c.netuid)),
  cu((c) => c.block),
  cu((c) => c.st.get(S.Tempo, c.netuid)),
  cu((c) => c.st.get(S.LastMechansimStepBlock, c.netuid)),
  cu((c) => c.st.get(S.BlocksSinceLastStep, c.netuid)),
  cu((c) => c.st.get(S.SubnetAlphaOutEmission, c.netuid)),
  cu((c) => c.st.get(S.SubnetAlphaIn, c.netuid)),
  cu((c) => c.st.get(S.SubnetAlphaOut, c.netuid)),
  cu((c) => c.st.get(S.SubnetTAO, c.netuid)),
  cu((c) => c.st.get(S.SubnetAlphaOutEmission, c.netuid)),
  cu((c) => c.st.get(S.SubnetAlphaInEmission, c.netuid)),
  cu((c) => c.st.get(S.SubnetTaoInEmission, c.netuid)),
  cu((c) => c.st.get(S.PendingServerEmission, c.netuid) + c.st.get(S.PendingValidatorEmission, c.netuid)),
  cu((c) => c.st.get(S.PendingRootAlphaDivs, c.netuid)),
  cu((c) => c.st.get(S.SubnetVolume, c.netuid)),
  (w, c) => {
    const taoIn = c.st.get(S.SubnetTAO, c.netuid);
    const alphaIn = c.st.get(S.SubnetAlphaIn, c.netuid);
    const stable = c.st.get(S.SubnetMechanism, c.netuid) === 0 || alphaIn === 0n;
    w.i128(stable ? 1n << 32n : (taoIn << 32n) / alphaIn); // I96F32 spot price
  },
  cu((c) => c.st.get(S.Rho, c.netuid)),
  cu((c) => c.st.get(S.Kappa, c.netuid)),
  cu((c) => c.st.get(S.MinAllowedWeights, c.netuid)),
  cu((c) => c.st.get(S.MaxWeightsLimit, c.netuid)),
  cu((c) => c.st.get(S.WeightsVersionKey, c.netuid)),
  cu((c) => c.st.get(S.WeightsSetRateLimit, c.netuid)),
  cu((c) => c.st.get(S.ActivityCutoff, c.netuid)),
  cu((c) => c.st.get(S.MaxAllowedValidators, c.netuid)),
  cu((c) => c.st.get(S.SubnetworkN, c.netuid)),
  cu((c) => c.st.get(S.MaxAllowedUids, c.netuid)),
  cu((c) => c.st.get(S.Burn, c.netuid)),
  cu((c) => c.st.get(S.Difficulty, c.netuid)),
  flag((c) => c.st.get(S.NetworkRegistrationAllowed, c.netuid)),
  flag((c) => c.st.get(S.NetworkPowRegistrationAllowed, c.netuid)),
  cu((c) => c.st.get(S.ImmunityPeriod, c.netuid)),
  cu((c) => c.st.get(S.MinDifficulty, c.netuid)),
  cu((c) => c.st.get(S.MaxDifficulty, c.netuid)),
  cu((c) => c.st.get(S.MinBurn, c.netuid)),
  cu((c) => c.st.get(S.MaxBurn, c.netuid)),
  cu((c) => c.st.get(S.AdjustmentAlpha, c.netuid)),
  cu((c) => c.st.get(S.AdjustmentInterval, c.netuid)),
  cu((c) => c.st.get(S.TargetRegistrationsPerInterval, c.netuid)),
  cu((c) => c.st.get(S.MaxRegistrationsPerBlock, c.netuid)),
  cu((c) => c.st.get(S.ServingRateLimit, c.netuid)),
  flag((c) => c.st.get(S.CommitRevealWeightsEnabled, c.netuid)),
  cu((c) => c.st.get(S.RevealPeriodEpochs, c.netuid)),
  flag((c) => c.st.get(S.LiquidAlphaOn, c.netuid)),
  cu((c) => c.st.get(S.AlphaValues, c.netuid)[1]),
  cu((c) => c.st.get(S.AlphaValues, c.netuid)[0]),
  cu((c) => c.st.get(S.BondsMovingAverage, c.netuid)),
  (w, c) => {
    w.compact(c.hotkeys.length);
    for (const h of c.hotkeys) w.raw(h);
  },
  (w, c) => {
    w.compact(c.hotkeys.length);
    for (const h of c.hotkeys) w.raw(owningColdkey(c.st, h));
  },
  (w, c) => {
    w.compact(c.hotkeys.length);
    for (let i = 0; i < c.hotkeys.length; i++) w.u8(0); // no chain identities on the devnet
  },
  (w, c) => {
    w.compact(c.hotkeys.length);
    for (const h of c.hotkeys) {
      const a = axonOf(c.st, c.netuid, h);
      w.u64(a.block);
      w.u32(a.version);
      w.u128(a.ip);
      w.u16(a.port);
      w.u8(a.ipType);
      w.u8(a.protocol);
      w.u8(a.placeholder1);
      w.u8(a.placeholder2);
    }
  },
  perUid((c) => c.st.get(S.Active, c.netuid), (w, v) => w.bool(v), false),
  perUid((c) => c.st.get(S.ValidatorPermit, c.netuid), (w, v) => w.bool(v), false),
  perUid(() => [] as number[], compactU, 65535), // pruning_score
  perUid((c) => c.st.get(S.LastUpdate, c.index), compactU, 0n),
  perUid((c) => c.st.get(S.Emission, c.netuid), compactU, 0n),
  perUid((c) => c.st.get(S.Dividends, c.netuid), compactU, 0),
  perUid((c) => c.st.get(S.Incentive, c.index), compactU, 0),
  perUid((c) => c.st.get(S.Consensus, c.netuid), compactU, 0),
  perUid(() => [] as number[], compactU, 0), // trust
  perUid(() => [] as number[], compactU, 0), // rank
  perUid((c) => c.hotkeys.map((_, i) => c.st.get(S.BlockAtRegistration, c.netuid, i)), compactU, 0n),
  perUid((c) => c.hotkeys.map((h) => c.st.get(S.TotalHotkeyAlpha, h, c.netuid)), compactU, 0n),
  perUid((c) => c.hotkeys.map((h) => c.st.get(S.TotalHotkeyAlpha, h, 0)), compactU, 0n),
  perUid((c) => c.hotkeys.map((h) => weightStake(c.st, c.netuid, h)), compactU, 0n),
  (w) => w.compact(0), // tao_dividends_per_hotkey: no root dividends on the devnet
  (w, c) => {
    w.compact(c.hotkeys.length);
    for (const h of c.hotkeys) {
      w.raw(h);
      w.compact(c.st.get(S.AlphaDividendsPerSubnet, c.netuid, h));
    }
  },
];

/** Extra fields of `SelectiveMetagraph`: validators (uids with a permit) and commitments (none). */
const SELECTIVE_EXTRA: Field[] = [
  (w, c) => {
    const permits = c.st.get(S.ValidatorPermit, c.netuid);
    const uids = c.hotkeys.map((_, i) => i).filter((i) => permits[i]);
    w.compact(uids.length);
    for (const u of uids) w.compact(u);
  },
  (w) => w.compact(0),
];

function view(st: TypedStore, netuid: number, block: number, mecid: number): View {
  const n = st.get(S.SubnetworkN, netuid);
  const index = mechanismIndex(netuid, mecid);
  const hotkeys = Array.from({ length: n }, (_, uid) => st.get(S.Keys, netuid, uid));
  return { st, netuid, block, hotkeys, index, reported: index };
}

/**
 * `get_metagraph(netuid)`: `Option<Metagraph>`.
 *
 * @example
 * ```ts
 * import { MapStorage, TypedStore } from "./store.ts";
 * import { encodeMetagraph } from "./metagraph_api.ts";
 * console.assert(encodeMetagraph(new TypedStore(new MapStorage()), 1, 0)[0] === 0); // None
 * ```
 */
export function encodeMetagraph(st: TypedStore, netuid: number, block: number): Uint8Array {
  return encodeMechagraph(st, netuid, block, 0);
}

/**
 * `get_mechagraph(netuid, mecid)`: `Option<Metagraph>` of one mechanism (`None` unless it exists), with
 * that mechanism's incentive and last updates and its storage index as the netuid field.
 *
 * @example
 * ```ts
 * import { MapStorage, TypedStore } from "./store.ts";
 * import { encodeMechagraph } from "./metagraph_api.ts";
 * console.assert(encodeMechagraph(new TypedStore(new MapStorage()), 1, 0, 1)[0] === 0); // None
 * ```
 */
export function encodeMechagraph(st: TypedStore, netuid: number, block: number, mecid: number): Uint8Array {
  const w = new ScaleWriter(4096);
  if (!st.get(S.NetworksAdded, netuid) || mecid >= mechanismCount(st, netuid)) w.u8(0);
  else {
    w.u8(1);
    const c = view(st, netuid, block, mecid);
    for (const f of FIELDS) f(w, c);
  }
  return w.finish();
}

/** `get_all_mechagraphs()`: `Vec<Option<Metagraph>>`, every mechanism of every subnet in netuid order. */
export function encodeAllMechagraphs(st: TypedStore, block: number): Uint8Array {
  const parts = addedNetuids(st).flatMap((n) =>
    Array.from({ length: mechanismCount(st, n) }, (_, m) => encodeMechagraph(st, n, block, m))
  );
  const w = new ScaleWriter(parts.reduce((a, p) => a + p.length, 8));
  w.compact(parts.length);
  for (const p of parts) w.raw(p);
  return w.finish();
}

/** `get_all_metagraphs()`: `Vec<Option<Metagraph>>` over netuids 0, 1, … that exist. */
export function encodeAllMetagraphs(st: TypedStore, block: number): Uint8Array {
  const nets = addedNetuids(st);
  const parts = nets.map((n) => encodeMetagraph(st, n, block));
  const w = new ScaleWriter(parts.reduce((a, p) => a + p.length, 8));
  w.compact(parts.length);
  for (const p of parts) w.raw(p);
  return w.finish();
}

/**
 * `get_selective_mechagraph(netuid, mecid, indexes)` (and `get_selective_metagraph`, mechanism 0):
 * `Option<SelectiveMetagraph>` with only the asked fields, `None` only when the subnet does not exist.
 * Incentive and last updates are the mechanism's; the netuid field is always the subnet's.
 */
export function encodeSelectiveMetagraph(
  st: TypedStore,
  netuid: number,
  block: number,
  indexes: readonly number[],
  mecid = 0,
): Uint8Array {
  const w = new ScaleWriter(4096);
  if (!st.get(S.NetworksAdded, netuid)) {
    w.u8(0);
    return w.finish();
  }
  const c = { ...view(st, netuid, block, mecid), reported: netuid };
  const wanted = new Set(indexes);
  const all = [...FIELDS, ...SELECTIVE_EXTRA];
  w.u8(1);
  all[0](w, c);
  for (let i = 1; i < all.length; i++) {
    if (!wanted.has(i)) w.u8(0);
    else {
      w.u8(1);
      all[i](w, c);
    }
  }
  return w.finish();
}
