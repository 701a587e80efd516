/**
 * How a subnet plugs into the miner and validator runners: its synapses and miner handlers, its
 * validator's query plan and reward, and (optionally) handlers served on the validator's own axon,
 * such as Subnet 21's API node. The template subnet (`subnets/template/`) is the smallest example.
 *
 * The contract lives with the runners that take it, below `subnets/` (which implements it):
 * `neurons/` imports nothing from `subnets/`.
 *
 * @module
 */
import type { Subtensor } from "../chain/client.ts";
import type { Axon, BlacklistFn, PriorityFn } from "./axon.ts";
import type { AxonTarget, Dendrite } from "./dendrite.ts";
import type { Logger } from "../protocol/logger.ts";
import type { SynapseBase, SynapseType } from "../protocol/synapse.ts";

/** How a demo miner behaves; real miners are `honest`. */
export type MinerKind = "honest" | "slow" | "wrong";

/** What a subnet's miner setup receives. */
export interface MinerSetup {
  /** The miner's axon: attach the subnet's synapses to it. */
  axon: Axon;
  /**
   * The runner's blacklist (unregistered callers, callers without a validator permit unless
   * allowed); pass it to `attach`. Never throws on unknown hotkeys.
   */
  blacklist: BlacklistFn;
  /** The runner's priority: the caller's stake in TAO (0 for unknown callers). */
  priority: PriorityFn<SynapseBase>;
  /** A folder this neuron may keep data in. */
  dataDir: string;
  /** How to behave (the demo runs slow and wrong miners too). @default "honest" */
  kind: MinerKind;
  /** Structured logs. */
  logger: Logger;
  /** Aborted when the miner stops. */
  signal: AbortSignal;
}

/** What one validator step receives. */
export interface ValidatorStep {
  /** The validator's dendrite (signs with its hotkey). */
  dendrite: Dendrite;
  /** The sampled uids, and their axons in the same order. */
  uids: readonly number[];
  /** The axons of `uids`. */
  axons: readonly AxonTarget[];
  /** The step number (the template sends it as `dummy_input`). */
  step: number;
  /** The incentive mechanism these rewards are for (the runner always sets it; absent means 0). */
  mechid?: number;
  /** The query timeout in seconds. */
  timeout: number;
  /** A folder this neuron may keep data in. */
  dataDir: string;
  /** Structured logs. */
  logger: Logger;
  /** Aborted when the validator stops. */
  signal: AbortSignal;
}

/** What a subnet's validator-side axon setup receives (for API nodes such as Subnet 21's). */
export interface ValidatorAxonSetup {
  /** The validator's axon. */
  axon: Axon;
  /** The validator's dendrite, to reach miners. */
  dendrite: Dendrite;
  /** The current miners' axons (refreshed with the metagraph). */
  minerAxons: () => readonly AxonTarget[];
  /** A folder this neuron may keep data in. */
  dataDir: string;
  /** Structured logs. */
  logger: Logger;
  /** Aborted when the validator stops. */
  signal: AbortSignal;
}

/**
 * A subnet as the runners see it.
 *
 * @example
 * ```ts
 * import type { SubnetModule } from "./subnet_module.ts";
 * const noop: SubnetModule = {
 *   name: "noop",
 *   summary: "answers nothing",
 *   setupMiner: () => {},
 *   validatorStep: (step) => Promise.resolve(step.uids.map(() => 0)),
 * };
 * ```
 */
export interface SubnetModule {
  /** The name `--subnet` and the registry know it by, such as `template`. */
  name: string;
  /** One line for help and the registry listing. */
  summary: string;
  /** The netuid it usually runs on, if it has one (Subnet 21: 21). */
  defaultNetuid?: number;
  /**
   * The synapses clients may send: `subnet query <name> <Synapse> '<json fields>'` sends one to the
   * subnet's axons and prints each answer (the CLI builds the client from these). @default none
   */
  synapses?: readonly SynapseType<object, unknown, object>[];
  /** The largest request body its axons accept, in bytes (Subnet 21 uploads files). @default 8 MiB */
  axonBodyBytesMax?: number;
  /** Attaches the miner's synapses to its axon. */
  setupMiner(setup: MinerSetup): void | Promise<void>;
  /** Queries the sampled miners and returns one reward in [0, 1] per uid, in order. */
  validatorStep(step: ValidatorStep): Promise<number[]>;
  /**
   * The incentive mechanisms its validator scores. With several, each step calls `validatorStep` once
   * per mechanism (same sampled uids, `step.mechid` set) and the validator keeps one score vector per
   * mechanism and sets one weight vector per mechanism per epoch. @default the validator's `--neuron.mechid`
   */
  mechanisms?: readonly number[];
  /** Attaches handlers the validator itself serves (API nodes). The runner then starts its axon. */
  setupValidatorAxon?(setup: ValidatorAxonSetup): void | Promise<void>;
  /**
   * Whether clients can use the subnet yet (Subnet 21: its default axon selection finds an API node).
   * `subnet demo` prints its ready line only once this holds. @default always ready
   */
  isReady?(check: ReadyCheck): Promise<boolean>;
}

/** What `isReady` receives. */
export interface ReadyCheck {
  /** The chain client. */
  chain: Subtensor;
  /** The subnet. */
  netuid: number;
  /** A dendrite to ping axons with. */
  dendrite: Dendrite;
}
