/**
 * Transaction fees as subtensor charges them at the spec the devnet serves (spec 343, subtensor `3975359`:
 * `runtime/src/lib.rs` `impl pallet_transaction_payment::Config`, `pallets/transaction-fee`):
 *
 * `fee = WeightToFee(ExtrinsicBaseWeight) + LengthToFee(length) + multiplier · WeightToFee(weight) + tip`
 *
 * - `WeightToFee` is `LinearWeightToFee`: `refTime · 50_000 / 10⁹` (a `Perbill` of 50,000, i.e. one RAO per
 *   20,000 `refTime`, rounded to the nearest RAO, halves down);
 * - `ExtrinsicBaseWeight` is frame's 115,480 ns (`BlockWeights::with_sensible_defaults`);
 * - `LengthToFee` is `IdentityFee`: one RAO per byte of the encoded extrinsic (its length prefix included);
 * - the multiplier is `ConstFeeMultiplier(1)`, so it changes nothing;
 * - `weight` is the call's declared weight (`#[pallet::weight]` in `dispatches.rs`, polkadot-sdk's benchmarks
 *   for `Balances`, with `RocksDbWeight`: a read 25 µs, a write 100 µs) plus the transaction extensions'
 *   weights ({@link extensionWeight}), as `DispatchInfo::total_weight()` counts them;
 * - `Pays::No` calls pay no inclusion fee (only a tip, if any).
 *
 * `OperationalFeeMultiplier` (5) only raises an operational call's priority, never its fee. Subtensor HEAD
 * (spec 425) charges ten times as much per weight (`Perbill::from_parts(500_000)`), benchmarks every call
 * (`weights.rs`), weighs its own extensions, and swaps an alpha fee for TAO (`TransactionFeePaidWithAlpha`,
 * an event spec 343 lacks); the devnet follows the spec it serves.
 *
 * @module
 */
import { DEFAULT_CALL_WEIGHT, type Weight } from "../pallet.ts";

/** One database read on subtensor (`RocksDbWeight`), in `refTime`. */
const READ = 25_000_000n;
/** One database write on subtensor (`RocksDbWeight`), in `refTime`. */
const WRITE = 100_000_000n;

/** `refTime` per RAO of fee: `LinearWeightToFee`'s `Perbill::from_parts(50_000)` is 1 / 20,000. */
const REF_TIME_PER_RAO = 20_000n;

/** `ExtrinsicBaseWeight` (frame_support, 115,480 ns), charged once per paying extrinsic. */
export const EXTRINSIC_BASE_WEIGHT: Weight = Object.freeze({ refTime: 115_480_000n, proofSize: 0n });

function w(refTime: bigint, proofSize: bigint, reads = 0n, writes = 0n): Weight {
  return Object.freeze({ refTime: refTime + reads * READ + writes * WRITE, proofSize });
}

function add(a: Weight, b: Weight): Weight {
  return { refTime: a.refTime + b.refTime, proofSize: a.proofSize + b.proofSize };
}

/**
 * Declared weights of the paying calls the devnet implements: spec 343's `#[pallet::weight]` annotations and
 * polkadot-sdk's `pallet_balances` benchmarks. Proof sizes are 0 where spec 343 declares none.
 */
const CALL_WEIGHTS: ReadonlyMap<string, Weight> = new Map([
  ["Balances.transfer_allow_death", w(48_363_000n, 3_593n, 1n, 1n)],
  ["Balances.transfer_keep_alive", w(38_159_000n, 3_593n, 1n, 1n)],
  ["Balances.transfer_all", w(47_385_000n, 3_593n, 1n, 1n)],
  ["SubtensorModule.add_stake", w(340_800_000n, 0n, 25n, 16n)],
  ["SubtensorModule.add_stake_limit", w(402_900_000n, 0n, 25n, 16n)],
  ["SubtensorModule.remove_stake", w(196_800_000n, 0n, 19n, 10n)],
  ["SubtensorModule.remove_stake_limit", w(377_400_000n, 0n, 29n, 15n)],
  ["SubtensorModule.unstake_all", w(28_830_000n, 0n, 6n)],
  ["SubtensorModule.move_stake", w(164_300_000n, 0n, 15n, 7n)],
  ["SubtensorModule.transfer_stake", w(160_300_000n, 0n, 13n, 6n)],
  ["SubtensorModule.burned_register", w(354_200_000n, 0n, 50n, 43n)],
  ["SubtensorModule.register", w(197_900_000n, 0n, 27n, 23n)],
  ["SubtensorModule.register_network", w(235_400_000n, 0n, 39n, 56n)],
  ["SubtensorModule.register_network_with_identity", w(234_200_000n, 0n, 38n, 55n)],
  ["SubtensorModule.start_call", w(29_780_000n, 0n, 4n, 2n)],
  ["SubtensorModule.set_identity", w(38_230_000n, 0n, 3n, 1n)],
  ["Commitments.set_commitment", w(33_480_000n, 0n, 5n, 4n)],
]);

/**
 * The transaction extensions of spec 343, with their weights: `CheckNonZeroSender`, `CheckSpecVersion`,
 * `CheckTxVersion`, `CheckGenesis`, `CheckEra`, `CheckWeight` (frame_system's benchmarks, `ExtensionsWeightInfo
 * = ()`), `ChargeTransactionPaymentWrapper` (pallet_transaction_payment's `charge_transaction_payment`);
 * subtensor's `CheckNonce` and `SubtensorTransactionExtension`, `DrandPriority` and `CheckMetadataHash` weigh
 * nothing.
 */
const EXTENSIONS_WEIGHT: Weight = [
  w(527_000n, 0n),
  w(461_000n, 0n),
  w(439_000n, 0n),
  w(4_160_000n, 3_509n, 1n),
  w(6_523_000n, 3_509n, 1n),
  w(4_747_000n, 1_489n, 1n, 1n),
  w(51_786_000n, 3_593n, 4n, 1n),
].reduce(add);

/**
 * The transaction extensions' weight of a signed call (the same for every call at spec 343).
 *
 * @example
 * ```ts
 * import { extensionWeight } from "./fees.ts";
 * console.assert(extensionWeight().refTime === 443_643_000n);
 * ```
 */
export function extensionWeight(): Weight {
  return EXTENSIONS_WEIGHT;
}

/**
 * A call's total weight as subtensor reports it (`query_info`, `ExtrinsicSuccess`): its declared weight
 * (subtensor's benchmark when the devnet knows it, else `declared`, else the devnet's default) plus
 * {@link extensionWeight}.
 *
 * @example
 * ```ts
 * import { dispatchWeight } from "./fees.ts";
 * console.assert(dispatchWeight("Balances", "transfer_keep_alive").refTime === 606_802_000n);
 * ```
 */
export function dispatchWeight(pallet: string, call: string, declared?: Weight): Weight {
  const own = CALL_WEIGHTS.get(`${pallet}.${call}`) ?? declared ?? DEFAULT_CALL_WEIGHT;
  return add(own, EXTENSIONS_WEIGHT);
}

/**
 * `LinearWeightToFee`: `refTime · 50_000 / 10⁹` RAO, to the nearest RAO (a half rounds down, as
 * `Perbill`'s multiplication does).
 *
 * @example
 * ```ts
 * import { weightToFee } from "./fees.ts";
 * console.assert(weightToFee(115_480_000n) === 5_774n);
 * console.assert(weightToFee(30_000n) === 1n && weightToFee(30_001n) === 2n);
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
 * console.assert(fee?.baseFee === 5_774n && fee.lenFee === 146n && fee.adjustedWeightFee === 30_340n);
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
 * console.assert(transactionFee({ weight: dispatchWeight("Balances", "transfer_keep_alive"), paysFee: true }, 146) === 36_260n);
 * ```
 */
export function transactionFee(info: FeeInput, length: number): bigint {
  const fee = inclusionFee(info, length);
  return fee ? fee.baseFee + fee.lenFee + fee.adjustedWeightFee : 0n;
}
