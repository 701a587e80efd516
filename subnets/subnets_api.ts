/**
 * `SubnetsAPI` (wire-protocol.md §5; bittensor's `bittensor.SubnetsAPI`): the base class of a subnet
 * client. A subclass says how to build the request synapse from call arguments
 * (`prepareSynapse`) and how to turn the axons' answers into a result (`processResponses`); `query`
 * sends it with a dendrite signed by the caller's hotkey. Python's defaults are kept: the responses
 * are synapses (`deserialize` false) and the timeout is 12 s.
 *
 * @module
 */
import { createDendrite, type Dendrite } from "../neurons/dendrite.ts";
import type { AxonTarget } from "../neurons/dendrite.ts";
import type { Logger } from "../protocol/logger.ts";
import { silentLogger } from "../protocol/logger.ts";
import type { Synapse, SynapseType } from "../protocol/synapse.ts";
import type { Keypair } from "../wallet/keypair.ts";

/** Options of {@linkcode SubnetsAPI}'s constructor. */
export interface SubnetsApiOptions {
  /** A dendrite to reuse (it must sign with the same hotkey). @default a new one for `hotkey` */
  dendrite?: Dendrite;
  /** Structured logs (`subnets_api.query` at debug). */
  logger?: Logger;
}

/** Where and how {@linkcode SubnetsAPI.query} sends. */
export interface SubnetsApiQueryOptions {
  /** The API nodes to ask. */
  axons: readonly AxonTarget[];
  /** Seconds each call may take. @default 12 */
  timeout?: number;
  /** Hand `type.deserialize(response)` to `processResponses` instead of the synapse. @default false */
  deserialize?: boolean;
}

/**
 * A subnet client. Subclasses set `type` and implement `prepareSynapse` and `processResponses`.
 *
 * @typeParam F the synapse's own fields
 * @typeParam A the call's arguments (what `prepareSynapse` takes)
 * @typeParam R what `processResponses` returns
 * @typeParam D what `type.deserialize` returns
 *
 * @example A client of the template subnet
 * ```ts
 * import { SubnetsAPI } from "./subnets_api.ts";
 * import { Dummy, type DummyFields } from "./template/synapse.ts";
 * import type { Synapse } from "../protocol/synapse.ts";
 *
 * class DummyAPI extends SubnetsAPI<DummyFields, [number], number[]> {
 *   readonly type = Dummy;
 *   prepareSynapse(input: number) {
 *     return Dummy.create({ dummy_input: input });
 *   }
 *   processResponses(responses: readonly Synapse<DummyFields>[]) {
 *     return responses.filter((r) => r.dendrite.status_code === 200).map((r) => r.dummy_output!);
 *   }
 * }
 * ```
 */
export abstract class SubnetsAPI<F extends object, A extends unknown[], R, D = unknown> {
  /** The dendrite every query goes out on (signed by the caller's hotkey). */
  readonly dendrite: Dendrite;
  /** The signing hotkey (Python keeps the whole wallet; the hotkey is all a query needs). */
  readonly hotkey: Keypair;
  /** Where debug events go. */
  protected readonly logger: Logger;
  /** The synapse class this API sends. */
  abstract readonly type: SynapseType<F, D, never>;

  /**
   * Creates the client and its dendrite.
   *
   * @param hotkey the key that signs requests
   * @param options an existing dendrite and a logger
   */
  constructor(hotkey: Keypair, options: SubnetsApiOptions = {}) {
    this.hotkey = hotkey;
    this.logger = options.logger ?? silentLogger;
    this.dendrite = options.dendrite ?? createDendrite({ keypair: hotkey, logger: options.logger });
  }

  /**
   * Builds the request synapse from the call's arguments.
   *
   * @param args what the caller passed to `query` after the options
   */
  abstract prepareSynapse(...args: A): Synapse<F> | Promise<Synapse<F>>;

  /**
   * Turns the answers (one per axon, in order) into the result.
   *
   * @param responses merged synapses, or `type.deserialize` of them when `deserialize` is set
   */
  abstract processResponses(responses: readonly Synapse<F>[] | readonly D[]): R | Promise<R>;

  /**
   * Python's `query_api` (and `__call__`): prepare, send to every axon, process.
   *
   * @param options the axons, the timeout and the deserialize flag
   * @param args the arguments of `prepareSynapse`
   * @returns what `processResponses` returns
   */
  async query(options: SubnetsApiQueryOptions, ...args: A): Promise<R> {
    const synapse = await this.prepareSynapse(...args);
    this.logger.debug("subnets_api.query", { synapse: this.type.name, axons: options.axons.length });
    const responses = await this.dendrite.query(options.axons, synapse, {
      type: this.type,
      timeout: options.timeout ?? 12,
      deserialize: options.deserialize ?? false,
    });
    return await this.processResponses(responses as Synapse<F>[] | D[]);
  }
}
