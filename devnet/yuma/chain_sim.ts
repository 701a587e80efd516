/**
 * A minimal subnet state that feeds {@link runEpoch} and stores its outputs, as the chain would: the
 * harness for golden vectors and for `subnet simulate`. Pure: blocks advance only when told to.
 *
 * @module
 */
import { runEpoch } from "./epoch.ts";
import { runEpochDense } from "./dense.ts";
import type { EpochInput, EpochOutput, SparseRowU16, YumaHyperparameters } from "./types.ts";

/** How a {@link SubnetSim} starts. */
export interface SubnetSimOptions {
  /** Number of uids. */
  n: number;
  /** Stake per uid in RAO. */
  stake: readonly bigint[];
  /** Block at which every uid registered (also its first `LastUpdate`). Default 0. */
  registrationBlock?: number;
  /** The current block. Default 1. */
  block?: number;
  /** Stored permits before the first epoch. Default: all false (as `append_neuron` leaves them). */
  validatorPermit?: readonly boolean[];
  /** Hyperparameters; omitted keys take subtensor's defaults. */
  hyperparameters?: Partial<YumaHyperparameters>;
  /** The subnet owner's uid, if any. */
  ownerUid?: number;
  /** Run the dense reference implementation instead of the sparse one. Default false. */
  dense?: boolean;
}

/**
 * Subnet state for epochs: weights, bonds, permits, last updates, and the block.
 *
 * @example
 * ```ts
 * import { SubnetSim } from "./chain_sim.ts";
 * const sim = new SubnetSim({ n: 2, stake: [1n, 0n], validatorPermit: [true, false] });
 * sim.setWeights(0, [[1, 65535]]);
 * const out = sim.epoch(1_000_000_000n);
 * console.assert(out.incentive[1] === 65535);
 * ```
 */
export class SubnetSim {
  /** The current block. */
  block: number;
  /** Stored `Weights` rows. */
  weights: SparseRowU16[];
  /** Stored `Bonds` rows. */
  bonds: SparseRowU16[];
  /** Stored `ValidatorPermit`. */
  validatorPermit: boolean[];
  /** Stored `LastUpdate`. */
  lastUpdate: number[];
  /** `BlockAtRegistration`. */
  blockAtRegistration: number[];
  /** `LastMechansimStepBlock` (0 until an epoch was distributed). */
  lastMechanismStepBlock: number = 0;
  /** Stake per uid in RAO. */
  stake: bigint[];
  readonly #options: SubnetSimOptions;

  /**
   * Creates the state.
   *
   * @param options size, stakes, hyperparameters
   */
  constructor(options: SubnetSimOptions) {
    const reg = options.registrationBlock ?? 0;
    this.#options = options;
    this.block = options.block ?? 1;
    this.weights = Array.from({ length: options.n }, () => []);
    this.bonds = Array.from({ length: options.n }, () => []);
    this.validatorPermit = options.validatorPermit?.slice() ?? new Array<boolean>(options.n).fill(false);
    this.lastUpdate = new Array<number>(options.n).fill(reg);
    this.blockAtRegistration = new Array<number>(options.n).fill(reg);
    this.stake = options.stake.slice();
  }

  /**
   * Stores a weight row as `set_weights` leaves it (values as given) and sets `LastUpdate` to the block.
   *
   * @param uid the validator
   * @param row `(dest, u16)` pairs as stored
   */
  setWeights(uid: number, row: SparseRowU16): void {
    this.weights[uid] = row.map(([j, w]) => [j, w] as const);
    this.lastUpdate[uid] = this.block;
  }

  /**
   * Runs an epoch at the current block and stores its outputs (permits, bonds), as `epoch()` does.
   *
   * @param emission RAO to distribute
   * @param options `recordStep`: also set `LastMechansimStepBlock` to this block (as `distribute_emission` does)
   * @returns the epoch's outputs
   */
  epoch(emission: bigint, options: { recordStep?: boolean } = {}): EpochOutput {
    const input: EpochInput = {
      n: this.#options.n,
      block: this.block,
      stake: this.stake,
      blockAtRegistration: this.blockAtRegistration,
      lastUpdate: this.lastUpdate,
      validatorPermit: this.validatorPermit,
      weights: this.weights,
      bonds: this.bonds,
      ownerUid: this.#options.ownerUid,
      lastMechanismStepBlock: this.lastMechanismStepBlock,
      emission,
      hyperparameters: this.#options.hyperparameters,
    };
    const out = this.#options.dense ? runEpochDense(input) : runEpoch(input);
    this.validatorPermit = out.validatorPermit.slice();
    this.bonds = out.bonds.map((r) => r.slice());
    if (options.recordStep) this.lastMechanismStepBlock = this.block;
    return out;
  }
}
