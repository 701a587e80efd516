/**
 * `Subtensor`: the chain client. It joins a provider (a WebSocket endpoint by network name or
 * URL, or an injected `ProviderInterface` for tests and the in-process devnet) to
 * `@polkadot/api` with subtensor's signed extensions (spec/chain.md §1.1), and offers reads
 * (metagraph, storage, runtime APIs; every read has a timeout) and extrinsics (inclusion or
 * finalization waits, a timeout, module errors decoded from the metadata).
 *
 * One process should hold one `Subtensor` and pass it to everything that talks to the chain;
 * the WebSocket reconnects on its own with exponential backoff, and `close()` ends it cleanly.
 *
 * The class is the public face; the work lives by concern: `core.ts` (connection and RPC),
 * `reads.ts` (reads and the metagraph), `set_weights.ts` (weights), `serving.ts` (serving and
 * registration), `staking.ts` (staking and transfers) and `subnets.ts` (subnets as an owner sees them).
 *
 * @module
 */
import type { ApiPromise } from "@polkadot/api";
import type { Keypair } from "../wallet/keypair.ts";
import { ChainCore, type ExtrinsicResult, type SubmitOptions, type SubtensorOptions } from "./core.ts";
import type { Tx } from "./extrinsics.ts";
import type { Metagraph, MetagraphReadOptions, MetagraphSnapshot, NeuronLite } from "./metagraph.ts";
import * as reads from "./reads.ts";
import type { Balance } from "./reads.ts";
import type { ScaleValue } from "./scale.ts";
import * as serving from "./serving.ts";
import * as weights from "./set_weights.ts";
import type { PendingReveal, SetWeightsOptions, SetWeightsResult } from "./set_weights.ts";
import * as staking from "./staking.ts";
import type { StakeEntry } from "./staking.ts";
import * as subnets from "./subnets.ts";
import type { SubnetSummary } from "./subnets.ts";

export {
  type ChainProvider,
  type ExtrinsicResult,
  type SignedExtensionDef,
  type SubmitOptions,
  SUBTENSOR_SIGNED_EXTENSIONS,
  type SubtensorOptions,
} from "./core.ts";
export type { Balance } from "./reads.ts";
export type { StakeEntry } from "./staking.ts";
export { HYPERPARAMETER_SETTERS, type HyperparameterSetter, type SubnetSummary } from "./subnets.ts";
export type { PendingReveal, SetWeightsOptions, SetWeightsResult, TimelockCommitter } from "./set_weights.ts";

/**
 * The chain client.
 *
 * @example
 * ```ts ignore
 * import { Subtensor } from "./client.ts";
 * await using chain = await Subtensor.connect({ network: "local" });
 * const mg = await chain.metagraph(1);
 * console.log(mg.n, mg.block);
 * ```
 */
export class Subtensor implements AsyncDisposable {
  /**
   * The `@polkadot/api` instance (metadata-driven; for anything this class does not cover).
   *
   * @ignore
   */
  readonly api: ApiPromise;
  /** The endpoint (or `"injected"` for an injected provider). */
  readonly endpoint: string;
  #core: ChainCore;

  private constructor(core: ChainCore) {
    this.#core = core;
    this.api = core.api;
    this.endpoint = core.endpoint;
  }

  /**
   * Connects and loads the runtime's metadata.
   *
   * @throws {SubnetError} `chain/unreachable` when nothing answers in time
   * @example
   * ```ts ignore
   * import { Subtensor } from "./client.ts";
   * const chain = await Subtensor.connect({ network: "finney" });
   * await chain.close();
   * ```
   */
  static async connect(options: SubtensorOptions = {}): Promise<Subtensor> {
    return new Subtensor(await ChainCore.connect(options));
  }

  /** Closes the connection and stops reconnecting. */
  close(): Promise<void> {
    return this.#core.close();
  }

  /** Same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * One raw JSON-RPC call, with the read timeout. Trailing `undefined` params are dropped.
   *
   * @param method the JSON-RPC method
   * @param params its params
   */
  rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    return this.#core.rpc<T>(method, params);
  }

  /**
   * The best block's number and hash, read as one consistent pair (hash first).
   */
  head(): Promise<{ number: number; hash: string }> {
    return this.#core.head();
  }

  /** The current block number. */
  blockNumber(): Promise<number> {
    return this.#core.blockNumber();
  }

  /**
   * The hash of block `number` (the best block when omitted).
   *
   * @param number a block number
   * @throws {SubnetError} `chain/not-found` when the node does not know that block
   */
  blockHash(number?: number): Promise<string> {
    return this.#core.blockHash(number);
  }

  /**
   * Calls a runtime API by name and decodes its answer with the metadata's output type.
   *
   * @param apiName such as `NeuronInfoRuntimeApi`
   * @param method such as `get_neurons_lite`
   * @param args the arguments, encoded with the metadata's input types
   * @param at a block hash (default: best)
   * @throws {SubnetError} `chain/unsupported` when the runtime lacks that API method
   */
  runtimeCall(apiName: string, method: string, args: unknown[], at?: string): Promise<ScaleValue> {
    return this.#core.runtimeCall(apiName, method, args, at);
  }

  /**
   * Whether the runtime offers a runtime-API method.
   *
   * @param apiName such as `SubnetInfoRuntimeApi`
   * @param method such as `get_subnet_state`
   */
  hasRuntimeApi(apiName: string, method: string): boolean {
    return this.#core.hasRuntimeApi(apiName, method);
  }

  /**
   * Whether the runtime has a storage item.
   *
   * @param pallet such as `SubtensorModule`
   * @param item such as `CommitRevealWeightsEnabled`
   */
  hasStorage(pallet: string, item: string): boolean {
    return this.#core.hasStorage(pallet, item);
  }

  /**
   * Reads one storage value, decoded with the metadata's type (the default for a missing
   * `ValueQuery` item, `null` for a missing `OptionQuery` item).
   *
   * @param pallet such as `SubtensorModule`
   * @param item such as `SubnetworkN`
   * @param keys the map keys
   * @param at a block hash (default: best)
   */
  storage(pallet: string, item: string, keys: unknown[] = [], at?: string): Promise<ScaleValue> {
    return this.#core.storage(pallet, item, keys, at);
  }

  /**
   * Every `(keys, value)` of a map under a key prefix (`state_getKeysPaged` in pages of 100, then
   * `state_queryStorageAt`), returning raw keys and decoded values.
   *
   * @param pallet such as `SubtensorModule`
   * @param item such as `IsNetworkMember`
   * @param prefixKeys the leading map keys
   * @param at a block hash (default: best)
   */
  storageEntries(
    pallet: string,
    item: string,
    prefixKeys: unknown[],
    at?: string,
  ): Promise<{ key: Uint8Array; value: ScaleValue }[]> {
    return this.#core.storageEntries(pallet, item, prefixKeys, at);
  }

  /**
   * The neurons of a subnet: one `NeuronInfoRuntimeApi_get_neurons_lite` call at `at`.
   *
   * @param netuid the subnet
   * @param at a block hash (default: best)
   */
  neuronsLite(netuid: number, at?: string): Promise<NeuronLite[]> {
    return reads.neuronsLite(this.#core, netuid, at);
  }

  /**
   * Everything a `Metagraph` is built from, read at one block: the head, `get_neurons_lite`, and
   * the optional reads that never fail it: `get_subnet_state`'s total stake (on unless
   * `subnetState: false`) and the hyperparameters (when `hyperparameters: true`).
   *
   * @param netuid the subnet
   * @param options which optional reads to make
   */
  metagraphSnapshot(netuid: number, options: MetagraphReadOptions = {}): Promise<MetagraphSnapshot> {
    return reads.metagraphSnapshot(this.#core, netuid, options);
  }

  /**
   * The metagraph of a subnet (call `sync(chain)` on it to refresh in place), read through
   * `get_selective_mechagraph` with every field as Python v10 does (`get_neurons_lite` on older
   * runtimes); `options.mechid` picks the incentive mechanism.
   *
   * @param netuid the subnet
   * @param options which optional reads to make
   */
  metagraph(netuid: number, options: MetagraphReadOptions = {}): Promise<Metagraph> {
    return reads.metagraph(this.#core, netuid, options);
  }

  /**
   * One neuron by hotkey on a subnet (`Uids` then `NeuronInfoRuntimeApi_get_neuron`), or `null`.
   *
   * @param netuid the subnet
   * @param hotkey SS58 address or public key
   * @param at a block hash (default: best)
   */
  neuronForHotkey(netuid: number, hotkey: string | Uint8Array, at?: string): Promise<NeuronLite | null> {
    return reads.neuronForHotkey(this.#core, netuid, hotkey, at);
  }

  /**
   * The uid of `hotkey` on `netuid`, or `null` when it is not registered there.
   *
   * @param netuid the subnet
   * @param hotkey SS58 address or public key
   * @param at a block hash (default: best)
   */
  uidForHotkey(netuid: number, hotkey: string | Uint8Array, at?: string): Promise<number | null> {
    return reads.uidForHotkey(this.#core, netuid, hotkey, at);
  }

  /**
   * Whether `hotkey` is registered on `netuid`.
   *
   * @param netuid the subnet
   * @param hotkey SS58 address or public key
   */
  isHotkeyRegistered(netuid: number, hotkey: string | Uint8Array): Promise<boolean> {
    return reads.isHotkeyRegistered(this.#core, netuid, hotkey);
  }

  /**
   * The netuids where `hotkey` is registered (`IsNetworkMember` entries that are true).
   *
   * @param hotkey SS58 address or public key
   * @param at a block hash (default: best)
   */
  netuidsForHotkey(hotkey: string | Uint8Array, at?: string): Promise<number[]> {
    return reads.netuidsForHotkey(this.#core, hotkey, at);
  }

  /**
   * Number of neurons on a subnet (`SubnetworkN`).
   *
   * @param netuid the subnet
   */
  subnetworkN(netuid: number): Promise<number> {
    return reads.subnetworkN(this.#core, netuid);
  }

  /**
   * Blocks since `uid` last set weights (current block − `LastUpdate[uid]`).
   *
   * @param netuid the subnet
   * @param uid the neuron
   * @param mechid the incentive mechanism (default 0; `LastUpdate` is kept per mechanism)
   */
  blocksSinceLastUpdate(netuid: number, uid: number, mechid = 0): Promise<number> {
    return reads.blocksSinceLastUpdate(this.#core, netuid, uid, mechid);
  }

  /**
   * An account's balance in RAO (`System.Account`).
   *
   * @param address SS58 address or public key
   * @param at a block hash (default: best)
   */
  balance(address: string | Uint8Array, at?: string): Promise<Balance> {
    return reads.balance(this.#core, address, at);
  }

  /**
   * A subnet hyperparameter from storage (such as `Tempo`, `CommitRevealWeightsEnabled`).
   *
   * @param netuid the subnet
   * @param name the storage item
   * @param at a block hash (default: best)
   */
  hyperparameter(netuid: number, name: string, at?: string): Promise<ScaleValue> {
    return reads.hyperparameter(this.#core, netuid, name, at);
  }

  /**
   * The subnet's hyperparameters, never failing: `SubnetInfoRuntimeApi.get_subnet_hyperparams_v2`
   * (or v1) when the runtime answers it, else plain storage reads of each item the runtime has
   * (keys are then the storage names). Items that cannot be read are left out.
   *
   * @param netuid the subnet
   * @param at a block hash (default: best)
   */
  hyperparameters(netuid: number, at?: string): Promise<Record<string, ScaleValue>> {
    return reads.hyperparameters(this.#core, netuid, at);
  }

  /**
   * What `processWeightsForNetuid` needs: `n`, `MinAllowedWeights`, `MaxWeightsLimit`.
   *
   * @param netuid the subnet
   */
  weightLimits(netuid: number): Promise<{ n: number; minAllowedWeights: number; maxWeightsLimit: number }> {
    return reads.weightLimits(this.#core, netuid);
  }

  /**
   * Signs and sends `tx` (built with `chain/extrinsics.ts`), waiting as asked; a dispatch failure becomes a `SubnetError`
   * (`chain/dispatch`) naming the pallet error.
   *
   * @param tx an unsigned call (see `extrinsics.ts`)
   * @param signer who signs
   * @param action for messages, such as `set weights on netuid 1`
   * @param options how long to wait
   * @ignore
   */
  submit(tx: Tx, signer: Keypair, action: string, options: SubmitOptions = {}): Promise<ExtrinsicResult> {
    return this.#core.submit(tx, signer, action, options);
  }

  /**
   * Sets weights the way the subnet requires: plain `set_weights` when commit–reveal is off;
   * when it is on, a timelocked commit if the runtime has `commit_timelocked_weights` (needs
   * `options.timelock`), else hash commit–reveal v2 (the result says when to reveal). Weights may
   * be floats; they are converted as Python's `convert_weights_and_uids_for_emit` does. With
   * `params.mechid` > 0 the `*_mechanism_*` calls go to that incentive mechanism (hash commits then
   * cover its storage index `mechid × 4096 + netuid`; reveal rounds follow the subnet's epochs).
   *
   * @param hotkey the validator's hotkey
   * @param params subnet, uids and weights
   * @param options version key, commit–reveal choices, waits
   * @throws {SubnetError} `chain/not-registered`, `chain/timelock-required`, `chain/dispatch`, …
   */
  setWeights(
    hotkey: Keypair,
    params: { netuid: number; mechid?: number; uids: readonly number[]; weights: readonly number[] },
    options: SetWeightsOptions = {},
  ): Promise<SetWeightsResult> {
    return weights.setWeights(this.#core, hotkey, params, options);
  }

  /**
   * Reveals a hash commit (`reveal_weights`).
   *
   * @param hotkey the hotkey that committed
   * @param pending what `setWeights` returned
   * @param options waits
   */
  revealWeights(hotkey: Keypair, pending: PendingReveal, options: SubmitOptions = {}): Promise<ExtrinsicResult> {
    return weights.revealWeights(this.#core, hotkey, pending, options);
  }

  /**
   * Waits until the reveal block of a hash commit, then reveals; retries once per block while the
   * chain says `RevealTooEarly` (dynamic-tempo runtimes), up to `attemptsMax` times.
   *
   * @param hotkey the hotkey that committed
   * @param pending what `setWeights` returned
   * @param options `signal` to stop, `pollMs` between block checks (default 1000), `sleep` (injectable)
   */
  revealWhenDue(
    hotkey: Keypair,
    pending: PendingReveal,
    options: SubmitOptions & {
      signal?: AbortSignal;
      pollMs?: number;
      attemptsMax?: number;
      sleep?: (ms: number) => Promise<void>;
    } = {},
  ): Promise<ExtrinsicResult> {
    return weights.revealWhenDue(this.#core, hotkey, pending, options);
  }

  /**
   * Announces the axon (`serve_axon`).
   *
   * @param hotkey the neuron's hotkey
   * @param p subnet, public ip, port, version
   * @param options waits
   */
  serveAxon(
    hotkey: Keypair,
    p: { netuid: number; ip: string; port: number; version?: number; protocol?: number },
    options: SubmitOptions = {},
  ): Promise<ExtrinsicResult> {
    return serving.serveAxon(this.#core, hotkey, p, options);
  }

  /**
   * Registers `hotkey` on `netuid` by burning TAO from `coldkey` (`burned_register`).
   *
   * @param coldkey the paying coldkey
   * @param p subnet and hotkey address
   * @param options waits
   */
  burnedRegister(
    coldkey: Keypair,
    p: { netuid: number; hotkey: string },
    options: SubmitOptions = {},
  ): Promise<ExtrinsicResult> {
    return serving.burnedRegister(this.#core, coldkey, p, options);
  }

  /**
   * Sends TAO (`transfer_keep_alive` unless `keepAlive` is false).
   *
   * @param coldkey the sender
   * @param p destination and amount in RAO
   * @param options waits
   */
  transfer(
    coldkey: Keypair,
    p: { dest: string; amountRao: bigint; keepAlive?: boolean },
    options: SubmitOptions = {},
  ): Promise<ExtrinsicResult> {
    return staking.transfer(this.#core, coldkey, p, options);
  }

  /**
   * Stakes TAO from `coldkey` to `hotkey` on `netuid` (`add_stake`).
   *
   * @param coldkey the staking coldkey
   * @param p hotkey, subnet and amount in RAO
   * @param options waits
   */
  addStake(
    coldkey: Keypair,
    p: { hotkey: string; netuid: number; amountRao: bigint },
    options: SubmitOptions = {},
  ): Promise<ExtrinsicResult> {
    return staking.addStake(this.#core, coldkey, p, options);
  }
  /**
   * Unstakes alpha from `hotkey` on `netuid` back to `coldkey` (`remove_stake`).
   *
   * @param coldkey the staking coldkey
   * @param p hotkey, subnet and alpha amount (RAO units)
   * @param options waits
   */
  removeStake(
    coldkey: Keypair,
    p: { hotkey: string; netuid: number; amountRao: bigint },
    options: SubmitOptions = {},
  ): Promise<ExtrinsicResult> {
    return staking.removeStake(this.#core, coldkey, p, options);
  }

  /**
   * Every non-zero stake of `coldkey` (`StakeInfoRuntimeApi`).
   *
   * @param coldkey SS58 address or public key
   */
  coldkeyStakes(coldkey: string | Uint8Array): Promise<StakeEntry[]> {
    return staking.coldkeyStakes(this.#core, coldkey);
  }

  /**
   * The alpha `coldkey` has staked to `hotkey` on `netuid` (0 when none).
   *
   * @param p coldkey, hotkey and subnet
   */
  stakeOf(p: { coldkey: string | Uint8Array; hotkey: string | Uint8Array; netuid: number }): Promise<bigint> {
    return staking.stakeOf(this.#core, p);
  }

  /** Every subnet: size, tempo, owner, emission and price where the runtime has pools. */
  subnets(): Promise<SubnetSummary[]> {
    return subnets.subnets(this.#core);
  }

  /**
   * Whether `netuid` exists (`NetworksAdded`).
   *
   * @param netuid the subnet
   */
  subnetExists(netuid: number): Promise<boolean> {
    return subnets.subnetExists(this.#core, netuid);
  }

  /** What creating a subnet costs now, in RAO. */
  networkLockCost(): Promise<bigint> {
    return subnets.networkLockCost(this.#core);
  }
}
