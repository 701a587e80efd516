/**
 * Transaction fees as subtensor charges them (`runtime/src/lib.rs` `impl pallet_transaction_payment::Config`,
 * `pallets/transaction-fee`, subtensor HEAD `14bc6f9`):
 *
 * `fee = WeightToFee(ExtrinsicBaseWeight) + LengthToFee(length) + multiplier · WeightToFee(weight) + tip`
 *
 * - `WeightToFee` is `LinearWeightToFee`: `refTime · 500_000 / 10⁹` (a `Perbill` of 500,000, i.e. one RAO per
 *   2,000 `refTime`, rounded to the nearest RAO, halves down);
 * - `ExtrinsicBaseWeight` is frame's 115,480 ns (`BlockWeights::with_sensible_defaults`);
 * - `LengthToFee` is `IdentityFee`: one RAO per byte of the encoded extrinsic (its length prefix included);
 * - the multiplier is `ConstFeeMultiplier(1)`, so it changes nothing;
 * - `weight` is the call's declared weight (`#[pallet::weight]`, the pallets' benchmarked `weights.rs` with
 *   `RocksDbWeight`: a read 25 µs, a write 100 µs) plus the transaction extensions' weights
 *   ({@link extensionWeight}), as `DispatchInfo::total_weight()` counts them;
 * - `Pays::No` calls pay no inclusion fee (only a tip, if any).
 *
 * `OperationalFeeMultiplier` (5) only raises an operational call's priority, never its fee.
 *
 * @module
 */
import { DEFAULT_CALL_WEIGHT, type Weight } from "../pallet.ts";

/** One database read on subtensor (`RocksDbWeight`), in `refTime`. */
const READ = 25_000_000n;
/** One database write on subtensor (`RocksDbWeight`), in `refTime`. */
const WRITE = 100_000_000n;

/** `refTime` per RAO of fee: `LinearWeightToFee`'s `Perbill::from_parts(500_000)` is 1 / 2,000. */
const REF_TIME_PER_RAO = 2_000n;

/** `ExtrinsicBaseWeight` (frame_support, 115,480 ns), charged once per paying extrinsic. */
export const EXTRINSIC_BASE_WEIGHT: Weight = Object.freeze({ refTime: 115_480_000n, proofSize: 0n });

function w(refTime: bigint, proofSize: bigint, reads = 0n, writes = 0n): Weight {
  return Object.freeze({ refTime: refTime + reads * READ + writes * WRITE, proofSize });
}

function add(a: Weight, b: Weight): Weight {
  return { refTime: a.refTime + b.refTime, proofSize: a.proofSize + b.proofSize };
}

/**
 * Declared weights of the paying calls the devnet implements, from subtensor HEAD's
 * `pallets/subtensor/src/weights.rs` and polkadot-sdk's `pallet_balances` benchmarks.
 */
const CALL_WEIGHTS: ReadonlyMap<string, Weight> = new Map([
  ["Balances.transfer_allow_death", w(48_363_000n, 3_593n, 1n, 1n)],
  ["Balances.transfer_keep_alive", w(38_159_000n, 3_593n, 1n, 1n)],
  ["Balances.transfer_all", w(47_385_000n, 3_593n, 1n, 1n)],
  ["SubtensorModule.add_stake", w(664_064_000n, 8_727n, 32n, 16n)],
  ["SubtensorModule.add_stake_limit", w(853_005_000n, 8_727n, 32n, 16n)],
  ["SubtensorModule.remove_stake", w(569_198_000n, 10_557n, 28n, 13n)],
  ["SubtensorModule.remove_stake_limit", w(740_696_000n, 10_591n, 27n, 13n)],
  ["SubtensorModule.unstake_all", w(26_830_000n, 9_189n, 6n)],
  ["SubtensorModule.move_stake", w(216_061_000n, 7_919n, 19n, 7n)],
  ["SubtensorModule.transfer_stake", w(258_541_000n, 7_994n, 19n, 6n)],
  ["SubtensorModule.burned_register", w(336_815_000n, 6_148n, 34n, 29n)],
  ["SubtensorModule.register", w(349_872_000n, 6_148n, 34n, 29n)],
  ["SubtensorModule.register_network", w(277_125_000n, 9_947n, 40n, 48n)],
  ["SubtensorModule.register_network_with_identity", w(275_041_000n, 9_883n, 39n, 47n)],
  ["SubtensorModule.start_call", w(39_454_000n, 4_583n, 5n, 2n)],
  ["SubtensorModule.set_identity", w(32_040_000n, 6_829n, 3n, 1n)],
  ["Commitments.set_commitment", w(33_480_000n, 0n, 5n, 4n)],
]);

/**
 * The transaction extensions every signed extrinsic runs, with their weights: `CheckNonZeroSender`,
 * `CheckSpecVersion`, `CheckTxVersion`, `CheckGenesis`, `CheckMortality`, `CheckWeight` (frame_system's
 * benchmarks), subtensor's `CheckNonce` (zero), `ChargeTransactionPaymentWrapper` (pallet_transaction_payment's
 * `charge_transaction_payment` plus 3 reads), the shield's check (1 µs plus a read), and
 * `SubtensorTransactionExtension`'s `CheckColdkeySwap`; `SudoTransactionExtension`, `DrandPriority` and
 * `CheckMetadataHash` weigh nothing.
 */
const EXTENSIONS_WEIGHT: Weight = [
  w(527_000n, 0n),
  w(461_000n, 0n),
  w(439_000n, 0n),
  w(4_160_000n, 3_509n, 1n),
  w(6_523_000n, 3_509n, 1n),
  w(4_747_000n, 1_489n, 1n, 1n),
  w(51_786_000n, 3_593n, 4n + 3n, 1n),
  w(1_000_000n, 0n, 1n),
  w(17_583_000n, 4_198n, 2n),
].reduce(add);

/** `SubtensorTransactionExtension`'s per-call guards: weights checks, rate limits, serving endpoints. */
const CHECK_WEIGHTS = w(52_958_000n, 7_671n, 11n);
const CHECK_RATE_LIMITS = w(35_376_000n, 4_484n, 7n);
const CHECK_SERVING = w(19_035_000n, 4_112n, 3n);
const WEIGHTS_CALLS = new Set([
  "commit_weights",
  "commit_mechanism_weights",
  "reveal_weights",
  "reveal_mechanism_weights",
  "set_weights",
  "set_mechanism_weights",
  "commit_timelocked_weights",
  "commit_timelocked_mechanism_weights",
]);
const RATE_LIMITED_CALLS = new Set([
  "commit_weights",
  "commit_mechanism_weights",
  "set_weights",
  "set_mechanism_weights",
  "register_network",
]);
const SERVING_CALLS = new Set(["serve_axon", "serve_axon_tls", "serve_prometheus"]);

/**
 * The transaction extensions' weight for a call: the common set plus the subtensor guards that apply to it.
 *
 * @example
 * ```ts
 * import { extensionWeight } from "./fees.ts";
 * console.assert(extensionWeight("Balances", "transfer_keep_alive").refTime === 612_226_000n);
 * ```
 */
export function extensionWeight(pallet: string, call: string): Weight {
  let out = EXTENSIONS_WEIGHT;
  if (pallet !== "SubtensorModule") return out;
  if (WEIGHTS_CALLS.has(call)) out = add(out, CHECK_WEIGHTS);
  if (RATE_LIMITED_CALLS.has(call)) out = add(out, CHECK_RATE_LIMITS);
  if (SERVING_CALLS.has(call)) out = add(out, CHECK_SERVING);
  return out;
}

/**
 * A call's total weight as subtensor reports it (`query_info`, `ExtrinsicSuccess`): its declared weight
 * (subtensor's benchmark when the devnet knows it, else `declared`, else the devnet's default) plus
 * {@link extensionWeight}.
 *
 * @example
 * ```ts
 * import { dispatchWeight } from "./fees.ts";
 * console.assert(dispatchWeight("Balances", "transfer_keep_alive").refTime === 775_385_000n);
 * ```
 */
export function dispatchWeight(pallet: string, call: string, declared?: Weight): Weight {
  const own = CALL_WEIGHTS.get(`${pallet}.${call}`) ?? declared ?? DEFAULT_CALL_WEIGHT;
  return add(own, extensionWeight(pallet, call));
}

/**
 * `LinearWeightToFee`: `refTime · 500_000 / 10⁹` RAO, to the nearest RAO (a half rounds down, as
 * `Perbill`'s multiplication does).
 *
 * @example
 * ```ts
 * import { weightToFee } from "./fees.ts";
 * console.assert(weightToFee(115_480_000n) === 57_740n);
 * console.assert(weightToFee(3_000n) === 1n && weightToFee(3_001n) === 2n);
 * ```
 */
export function weightToFee(refTime: bigint): bigint {
  const whole = refTime / REF_TIME_PER_RAO;
  return refTime % REF_TIME_PER_RAO > REF_TIME_PER_RAO / 2n ? whole + 1n : whole;
}

/** The parts of an inclusion fee (`pallet_transaction_payment::InclusionFee`), in RAO. */
export interface InclusionFee {
  /** `WeightToFee(ExtrinsicBaseWeight)`. */
  readonly baseFee: bigint;
  /** `LengthToFee(length)`: one RAO per byte. */
  readonly lenFee: bigint;
  /** `multiplier · WeightToFee(weight)` (the multiplier is 1). */
  readonly adjustedWeightFee: bigint;
}

/** What the fee of one extrinsic depends on. */
export interface FeeInput {
  /** The call's total weight ({@link dispatchWeight}). */
  readonly weight: Weight;
  /** Whether the call pays (`Pays::Yes`). */
  readonly paysFee: boolean;
}

/**
 * The inclusion fee of an extrinsic of `length` bytes, or `null` for a `Pays::No` call.
 *
 * @example
 * ```ts
 * import { dispatchWeight, inclusionFee } from "./fees.ts";
 * const fee = inclusionFee({ weight: dispatchWeight("Balances", "transfer_keep_alive"), paysFee: true }, 146);
 * console.assert(fee?.baseFee === 57_740n && fee.lenFee === 146n && fee.adjustedWeightFee === 387_692n);
 * ```
 */
export function inclusionFee(info: FeeInput, length: number): InclusionFee | null {
  if (!info.paysFee) return null;
  return {
    baseFee: weightToFee(EXTRINSIC_BASE_WEIGHT.refTime),
    lenFee: BigInt(length),
    adjustedWeightFee: weightToFee(info.weight.refTime),
  };
}

/**
 * The fee an extrinsic of `length` bytes pays before its tip (`partial_fee`): base + length + weight fee,
 * or 0 for a `Pays::No` call.
 *
 * @example
 * ```ts
 * import { dispatchWeight, transactionFee } from "./fees.ts";
 * console.assert(transactionFee({ weight: dispatchWeight("Balances", "transfer_keep_alive"), paysFee: true }, 146) === 445_578n);
 * ```
 */
export function transactionFee(info: FeeInput, length: number): bigint {
  const fee = inclusionFee(info, length);
  return fee ? fee.baseFee + fee.lenFee + fee.adjustedWeightFee : 0n;
}

/**
 * The calls whose fee subtensor takes in alpha when the signer's free TAO cannot pay it
 * (`SubtensorTxFeeHandler::fees_in_alpha`): the unstaking and stake-moving calls, from the stake they move.
 */
export const ALPHA_FEE_CALLS: ReadonlySet<string> = new Set([
  "remove_stake",
  "remove_stake_limit",
  "remove_stake_full_limit",
  "unstake_all",
  "unstake_all_alpha",
  "move_stake",
  "transfer_stake",
  "swap_stake",
  "swap_stake_limit",
  "recycle_alpha",
  "burn_alpha",
]);
