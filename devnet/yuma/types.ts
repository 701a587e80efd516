/**
 * The inputs and outputs of one Yuma Consensus epoch, in the chain's stored representations
 * (spec `chain.md` §2.1, §9; subtensor `epoch/run_epoch.rs` `epoch_mechanism`).
 *
 * @module
 */

/** One stored sparse row: `(uid, u16 value)` pairs, as `Weights` and `Bonds` hold them. */
export type SparseRowU16 = ReadonlyArray<readonly [uid: number, value: number]>;

/**
 * The subnet hyperparameters the epoch reads. Every field is optional in {@link EpochInput}; an
 * omitted one takes subtensor's runtime default ({@link DEFAULT_HYPERPARAMETERS}).
 */
export interface YumaHyperparameters {
  /** `Kappa` (u16, /65535): the stake majority consensus needs. Default 32767. */
  kappa: number;
  /** `BondsMovingAverage` (u64, /1e6), at most 1_000_000 here. Default 900000 (so the EMA alpha is 0.1). */
  bondsMovingAverage: number;
  /** `BondsPenalty` (u16, /65535): how much of the clipped-away weight bonds still count. Default 65535. */
  bondsPenalty: number;
  /** `Yuma3On`: Yuma3 bonds (stored as u16 proportions) instead of the original Yuma. Default false. */
  yuma3: boolean;
  /** `LiquidAlphaOn`: per-cell EMA alpha from a sigmoid. Default false. */
  liquidAlpha: boolean;
  /** `AlphaValues.0` (u16, /65535). Default 45875 (≈0.7). */
  alphaLow: number;
  /** `AlphaValues.1` (u16, /65535). Default 58982 (≈0.9). */
  alphaHigh: number;
  /** `AlphaSigmoidSteepness` (i16). Default 1000. */
  alphaSigmoidSteepness: number;
  /** `MaxAllowedValidators` (u16): the top-k stake holders that get a validator permit. Default 128. */
  maxAllowedValidators: number;
  /** `StakeThreshold` (RAO): smaller stakes count as 0, except the subnet owner's. Default 0. */
  stakeThreshold: bigint;
  /**
   * Activity cutoff in blocks: a uid is inactive when `lastUpdate + activityCutoff < block`. At HEAD this is
   * `max(1, floor(ActivityCutoffFactorMilli · tempo / 1000))`; before v3.4.8 the `ActivityCutoff` item.
   * Default 5000.
   */
  activityCutoff: number;
  /** `Tempo` in blocks, used only when `lastMechanismStepBlock` is 0 (bond masking). Default 360. */
  tempo: number;
}

/** subtensor's runtime defaults (`runtime/src/lib.rs`), used for every hyperparameter an input omits. */
export const DEFAULT_HYPERPARAMETERS: Readonly<YumaHyperparameters> = Object.freeze({
  kappa: 32767,
  bondsMovingAverage: 900_000,
  bondsPenalty: 65535,
  yuma3: false,
  liquidAlpha: false,
  alphaLow: 45875,
  alphaHigh: 58982,
  alphaSigmoidSteepness: 1000,
  maxAllowedValidators: 128,
  stakeThreshold: 0n,
  activityCutoff: 5000,
  tempo: 360,
});

/** Everything one epoch of one subnet (main mechanism) reads, as the chain stores it. */
export interface EpochInput {
  /** `SubnetworkN`: uids are `0..n-1`. */
  n: number;
  /** The current block number. */
  block: number;
  /**
   * Stake per uid in RAO, as `get_stake_weights_for_network` computes it (`alpha + tao · TaoWeight`, with
   * child-key inheritance), integer part. Length `n`; missing entries count as 0.
   */
  stake: readonly bigint[];
  /** `BlockAtRegistration` per uid (0 for a uid without a hotkey). Length `n`. */
  blockAtRegistration: readonly number[];
  /** `LastUpdate` per uid: the block of its last weights (or its registration). Length `n`. */
  lastUpdate: readonly number[];
  /**
   * `ValidatorPermit` as stored by the previous epoch. These old permits decide who may weight in this
   * epoch; shorter than `n` (or empty, before the first epoch) means false for the missing uids.
   */
  validatorPermit: readonly boolean[];
  /** `Weights` rows per uid: `(dest uid, u16)` as stored (max-upscaled, explicit zeros kept). Missing rows are empty. */
  weights: readonly SparseRowU16[];
  /** `Bonds` rows per uid as stored (legacy: column max-upscaled u16; Yuma3: u16 proportion). Missing rows are empty. */
  bonds: readonly SparseRowU16[];
  /** The uid of `SubnetOwnerHotkey`, if it is registered: it keeps its permit, self-weight and stake. */
  ownerUid?: number;
  /**
   * `LastMechansimStepBlock`: the block of the last epoch, or 0 when none ran yet (then bonds are masked
   * against `block − tempo`). Default 0.
   */
  lastMechanismStepBlock?: number;
  /**
   * Commit–reveal column mask. Present only when `CommitRevealWeightsEnabled`: per uid, the earliest
   * commit block among its unexpired commits, or `null` when it has none. Weights `(i, j)` with
   * `commitBlock_i < blockAtRegistration_j` are dropped.
   */
  commitBlocks?: readonly (number | null)[];
  /** RAO to distribute in this epoch (`rao_emission`). */
  emission: bigint;
  /** Hyperparameters; omitted keys take {@link DEFAULT_HYPERPARAMETERS}. */
  hyperparameters?: Partial<YumaHyperparameters>;
}

/**
 * What one epoch produces, in the representations the chain stores (`persist_*_epoch_terms`). Vectors
 * have length `n`, indexed by uid.
 */
export interface EpochOutput {
  /** `Active`: `lastUpdate + activityCutoff >= block`. */
  active: boolean[];
  /** `StakeWeight`: normalized (threshold-filtered) stake as u16 proportion. */
  stakeWeight: number[];
  /** `Consensus` (u16 proportion): the stake-weighted median weight per uid. */
  consensus: number[];
  /** `Incentive` (u16 proportion): normalized ranks. */
  incentive: number[];
  /** `Dividends` (u16 proportion). */
  dividends: number[];
  /** `ValidatorTrust` (u16 proportion): sum of a validator's clipped weights. */
  validatorTrust: number[];
  /** `ValidatorPermit` to store: top-k nonzero stake (plus the owner), used by the NEXT epoch. */
  validatorPermit: boolean[];
  /** `Emission` (RAO): combined emission per uid, the value stored for metagraphs. */
  emission: bigint[];
  /** Server (miner) part of the emission per uid in RAO: credited as incentive. */
  serverEmission: bigint[];
  /** Validator part of the emission per uid in RAO: paid as dividends. */
  validatorEmission: bigint[];
  /**
   * `Bonds` rows to store, one per uid, `(uid, u16)` ascending by uid. At HEAD every uid's row is written:
   * the new EMA row for uids with a new permit, an empty row for all others.
   */
  bonds: Array<Array<[number, number]>>;
  /** Raw stake per uid (RAO, before the threshold filter), as the epoch reports it. */
  stake: bigint[];
}
