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
 * @module
 */
import { config as rxConfig } from "rxjs";
import { ApiPromise, WsProvider } from "@polkadot/api";
import type { ApiOptions } from "@polkadot/api/types";
import { hexToU8a, u8aToHex } from "@polkadot/util";
import { decodeAddress } from "@polkadot/util-crypto";
import { SubnetError } from "../protocol/errors.ts";
import { type Logger, silentLogger } from "../protocol/logger.ts";
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import type { Keypair } from "../wallet/keypair.ts";
import { dispatchFailure, poolRejection } from "./errors.ts";
import {
  addStakeTx,
  burnedRegisterTx,
  commitTimelockedWeightsTx,
  commitWeightsTx,
  hasCall,
  revealBlockFor,
  revealWeightsTx,
  serveAxonTx,
  setWeightsTx,
  transferTx,
  type Tx,
  weightsPath,
} from "./extrinsics.ts";
import {
  decodeNeuronsLite,
  Metagraph,
  type MetagraphReadOptions,
  type MetagraphSnapshot,
  type NeuronLite,
  neuronsFromScale,
} from "./metagraph.ts";
import { resolveEndpoint } from "./network.ts";
import { hexDecode, ScaleCompiler, type ScaleValue } from "./scale.ts";
import { createSs58Encoder, type Ss58Encoder } from "./ss58.ts";
import { convertWeightsAndUidsForEmit, weightCommitHash } from "./weights.ts";

/**
 * `@polkadot/api`'s provider contract (`ProviderInterface`), restated so this module's public types
 * stand alone: a WebSocket provider, or an in-process devnet or replay provider.
 */
export interface ChainProvider {
  /** Whether subscriptions work. */
  readonly hasSubscriptions: boolean;
  /** Whether `clone()` works. */
  readonly isClonable: boolean;
  /** Whether it is connected now. */
  readonly isConnected: boolean;
  /** A copy with its own connection. */
  clone(): ChainProvider;
  /** Connects. */
  connect(): Promise<void>;
  /** Disconnects. */
  disconnect(): Promise<void>;
  /** Listens to `connected`, `disconnected` or `error`; returns the unsubscribe function. */
  on(type: "connected" | "disconnected" | "error", sub: (value?: unknown) => unknown): () => void;
  /** Sends one JSON-RPC call. */
  // deno-lint-ignore no-explicit-any
  send<T = any>(method: string, params: unknown[], isCacheable?: boolean): Promise<T>;
  /** Subscribes; `cb` receives each notification. */
  subscribe(
    type: string,
    method: string,
    params: unknown[],
    // deno-lint-ignore no-explicit-any
    cb: (error: Error | null, result: any) => void,
  ): Promise<number | string>;
  /** Unsubscribes. */
  unsubscribe(type: string, method: string, id: number | string): Promise<boolean>;
}

/** A signed-extension declaration as `@polkadot/api` takes it. */
export interface SignedExtensionDef {
  /** Fields encoded in the extrinsic. */
  extrinsic: Record<string, string>;
  /** Fields added to the signing payload. */
  payload: Record<string, string>;
}

/**
 * Subtensor's custom transaction extensions (spec/chain.md §1.1): the tip wrapper encodes a
 * `Compact<Balance>` tip; the others encode nothing. Declared so extrinsics carry the right bytes
 * on every runtime generation.
 */
export const SUBTENSOR_SIGNED_EXTENSIONS: Readonly<Record<string, SignedExtensionDef>> = {
  ChargeTransactionPaymentWrapper: { extrinsic: { tip: "Compact<Balance>" }, payload: {} },
  SudoTransactionExtension: { extrinsic: {}, payload: {} },
  CheckShieldedTxValidity: { extrinsic: {}, payload: {} },
  SubtensorTransactionExtension: { extrinsic: {}, payload: {} },
  DrandPriority: { extrinsic: {}, payload: {} },
  SubtensorSignedExtension: { extrinsic: {}, payload: {} },
  CommitmentsSignedExtension: { extrinsic: {}, payload: {} },
};

/** How to connect. */
export interface SubtensorOptions {
  /** `finney`, `test`, `archive`, `local` (default) or a URL. */
  network?: string;
  /** An endpoint URL that overrides `network`. */
  chainEndpoint?: string;
  /** An injected provider (tests, in-process devnet); `network` is then only a label. */
  provider?: ChainProvider;
  /** Each read's timeout in ms (default 30 000). */
  timeoutMs?: number;
  /** Time allowed to connect and load metadata, in ms (default 20 000). */
  connectTimeoutMs?: number;
  /** First reconnect delay in ms (default 500); grows 1.5× per failed attempt. */
  reconnectDelayMsMin?: number;
  /** Longest reconnect delay in ms (default 5 000: a node back after an outage is found within 5 s). */
  reconnectDelayMsMax?: number;
  /** Where events go (silent by default). */
  logger?: Logger;
}

/** How long to wait for an extrinsic. */
export interface SubmitOptions {
  /** `inclusion` (default), `finalization`, or `none` (return once the node accepted it). */
  waitFor?: "none" | "inclusion" | "finalization";
  /** Give up after this many ms (default 120 000). */
  timeoutMs?: number;
}

/** What happened to a sent extrinsic. */
export interface ExtrinsicResult {
  /** The transaction hash. */
  txHash: string;
  /** The block it was included (or finalized) in; absent with `waitFor: "none"`. */
  blockHash?: string;
  /** Its events as `Section.Method` names, in order. */
  events: string[];
}

/** The timelock branch point: another module turns weights into a drand TLE commit. */
export interface TimelockCommitter {
  /**
   * Encrypts the weights for the reveal round Python would use.
   *
   * @param p the weights and the subnet's timing
   */
  encrypt(p: {
    hotkey: Uint8Array;
    netuid: number;
    uids: number[];
    values: number[];
    versionKey: bigint;
    currentBlock: number;
    tempo: number;
    revealPeriodEpochs: number;
  }): Promise<{ commit: Uint8Array; revealRound: bigint }>;
}

/** Options of `setWeights`. */
export interface SetWeightsOptions extends SubmitOptions {
  /** Version key (default `PROTOCOL_VERSION`, Python's `version_as_int`). */
  versionKey?: bigint | number;
  /** Use hash commit–reveal (v2) even when the runtime has timelocked commits. */
  preferHash?: boolean;
  /** Builds timelocked commits when the subnet needs them (see `chain/timelock*`). */
  timelock?: TimelockCommitter;
  /** Salt for hash commit–reveal (default: 8 random u16). */
  salt?: number[];
}

/** A hash commit waiting for its reveal. */
export interface PendingReveal {
  /** The subnet. */
  netuid: number;
  /** Committed uids. */
  uids: number[];
  /** Committed u16 values. */
  values: number[];
  /** Committed salt. */
  salt: number[];
  /** Committed version key. */
  versionKey: bigint;
  /** Block the commit was sent at. */
  commitBlock: number;
  /** Estimated first block of the reveal epoch. */
  revealBlock: number;
}

/** What `setWeights` did. */
export type SetWeightsResult =
  | { kind: "set"; result: ExtrinsicResult }
  | { kind: "commit-hash"; result: ExtrinsicResult; reveal: PendingReveal }
  | { kind: "commit-timelocked"; result: ExtrinsicResult };

/** A balance in RAO. */
export interface Balance {
  /** Free RAO. */
  free: bigint;
  /** Reserved RAO. */
  reserved: bigint;
  /** Frozen RAO. */
  frozen: bigint;
}

const READ_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 20_000;
const SUBMIT_TIMEOUT_MS = 120_000;
const KEYS_PAGE_SIZE = 100;
/** Storage items read by the `hyperparameters()` fallback. */
const HYPERPARAMETER_ITEMS = [
  "Tempo",
  "Kappa",
  "ImmunityPeriod",
  "MinAllowedWeights",
  "MaxWeightsLimit",
  "WeightsVersionKey",
  "WeightsSetRateLimit",
  "MaxAllowedValidators",
  "MaxAllowedUids",
  "ActivityCutoff",
  "CommitRevealWeightsEnabled",
  "RevealPeriodEpochs",
  "ServingRateLimit",
  "Burn",
  "MinBurn",
  "MaxBurn",
  "BondsMovingAverage",
  "LiquidAlphaOn",
  "Yuma3On",
  "NetworkRegistrationAllowed",
];
const KEYS_PAGES_MAX = 1_000;

function camel(name: string): string {
  const c = name.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
  return c[0].toLowerCase() + c.slice(1);
}

function publicKeyOf(address: string | Uint8Array): Uint8Array {
  if (address instanceof Uint8Array) return address;
  try {
    return decodeAddress(address);
  } catch (err) {
    throw new RangeError(`Cannot use "${address}" as an account: it is not an SS58 address`, { cause: err });
  }
}

function unreachable(endpoint: string, why: string): SubnetError {
  const local = /^wss?:\/\/(127\.0\.0\.1|localhost)(:\d+)?/.test(endpoint);
  const hint = local
    ? `start a local chain with "subnet devnet", or choose another network with --subtensor.network finney|test|<url>`
    : "check the endpoint, or choose another with --subtensor.network / --subtensor.chain_endpoint";
  return new SubnetError("chain/unreachable", `Cannot connect to the chain at ${endpoint}: ${why}; ${hint}`);
}

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
  #provider: ChainProvider;
  #timeoutMs: number;
  #logger: Logger;
  #compiler: ScaleCompiler;
  #ss58: Ss58Encoder;
  #closing = false;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #offs: (() => void)[] = [];

  private constructor(
    api: ApiPromise,
    provider: ChainProvider,
    endpoint: string,
    ss58: Ss58Encoder,
    options: SubtensorOptions,
  ) {
    this.api = api;
    this.#provider = provider;
    this.endpoint = endpoint;
    this.#ss58 = ss58;
    this.#timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
    this.#logger = options.logger ?? silentLogger;
    this.#compiler = new ScaleCompiler(api.registry);
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
    const logger = options.logger ?? silentLogger;
    const endpoint = options.provider ? "injected" : resolveEndpoint(options.network, options.chainEndpoint);
    const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
    let provider = options.provider;
    let owned = false;
    if (!provider) {
      const ws = new WsProvider(endpoint, false, {}, options.timeoutMs ?? READ_TIMEOUT_MS);
      await openWs(ws, endpoint, connectTimeoutMs);
      provider = ws as unknown as ChainProvider;
      owned = true;
    }
    // @polkadot/api re-subscribes on reconnect without an error callback; rxjs then throws the error
    // (say, a timed-out request while the node is away) from a timer, which would crash the process.
    // Route such errors to the log instead: the client recovers on its own.
    rxConfig.onUnhandledError ??= (err: unknown) =>
      logger.warn("chain.background_error", { error: err instanceof Error ? err.message : String(err) });
    const ss58 = await createSs58Encoder(42);
    const api = new ApiPromise({
      provider: provider as unknown as ApiOptions["provider"],
      signedExtensions: SUBTENSOR_SIGNED_EXTENSIONS as ApiOptions["signedExtensions"],
      noInitWarn: true,
      throwOnConnect: true,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        api.isReadyOrError,
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(unreachable(endpoint, `no metadata within ${connectTimeoutMs} ms`)),
            connectTimeoutMs,
          );
        }),
      ]);
    } catch (err) {
      await api.disconnect().catch(() => {});
      if (err instanceof SubnetError) throw err;
      throw unreachable(endpoint, `the handshake failed (${err instanceof Error ? err.message : String(err)})`);
    } finally {
      clearTimeout(timer);
    }
    const chain = new Subtensor(api, provider, endpoint, ss58, options);
    if (owned) chain.#watch(options);
    logger.info("chain.connect", { endpoint, specVersion: api.runtimeVersion.specVersion.toNumber() });
    return chain;
  }

  #watch(options: SubtensorOptions): void {
    const min = options.reconnectDelayMsMin ?? 500;
    const max = options.reconnectDelayMsMax ?? 5_000;
    let attempt = 0;
    const schedule = () => {
      if (this.#closing || this.#reconnectTimer !== undefined) return;
      const delay = Math.round(Math.min(max, min * 1.5 ** attempt++));
      this.#logger.warn("chain.reconnect", { endpoint: this.endpoint, delayMs: delay, attempt });
      this.#reconnectTimer = setTimeout(() => {
        this.#reconnectTimer = undefined;
        if (this.#closing || this.#provider.isConnected) return;
        this.#provider.connect().catch(() => schedule());
      }, delay);
    };
    this.#offs.push(
      this.#provider.on("disconnected", () => schedule()),
      this.#provider.on("connected", () => {
        attempt = 0;
        this.#logger.info("chain.connected", { endpoint: this.endpoint });
      }),
    );
  }

  /** Closes the connection and stops reconnecting. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = undefined;
    for (const off of this.#offs) off();
    await this.api.disconnect().catch(() => {});
  }

  /** Same as `close()`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ---------------------------------------------------------------- reads

  async #read<T>(what: string, work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new SubnetError(
                  "chain/timeout",
                  `Cannot ${what}: no answer from ${this.endpoint} within ${this.#timeoutMs} ms (retry, or choose another --subtensor.network)`,
                ),
              ),
            this.#timeoutMs,
          );
        }),
      ]);
    } catch (err) {
      if (err instanceof SubnetError) throw err;
      throw new SubnetError(
        "chain/rpc",
        `Cannot ${what}: ${this.endpoint} answered with an error: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One raw JSON-RPC call, with the read timeout. Trailing `undefined` params are dropped.
   *
   * @param method the JSON-RPC method
   * @param params its params
   */
  rpc<T = unknown>(method: string, params: unknown[] = []): Promise<T> {
    const list = [...params];
    while (list.length && list[list.length - 1] === undefined) list.pop();
    return this.#read(`call ${method}`, this.#provider.send<T>(method, list));
  }

  /**
   * The best block's number and hash, read as one consistent pair (hash first).
   */
  async head(): Promise<{ number: number; hash: string }> {
    const hash = await this.rpc<string>("chain_getBlockHash", []);
    const header = await this.rpc<{ number: string | number }>("chain_getHeader", [hash]);
    return { number: Number(header.number), hash };
  }

  /** The current block number. */
  async blockNumber(): Promise<number> {
    const header = await this.rpc<{ number: string | number }>("chain_getHeader", []);
    return Number(header.number);
  }

  /**
   * The hash of block `number` (the best block when omitted).
   *
   * @param number a block number
   * @throws {SubnetError} `chain/not-found` when the node does not know that block
   */
  async blockHash(number?: number): Promise<string> {
    const hash = await this.rpc<string | null>("chain_getBlockHash", number === undefined ? [] : [number]);
    if (!hash) throw new SubnetError("chain/not-found", `Cannot find block ${number} on ${this.endpoint}`);
    return hash;
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
  async runtimeCall(apiName: string, method: string, args: unknown[], at?: string): Promise<ScaleValue> {
    const { bytes, output } = await this.#runtimeCallRaw(apiName, method, args, at);
    return this.#compiler.decodeAll(output, bytes);
  }

  async #runtimeCallRaw(
    apiName: string,
    method: string,
    args: unknown[],
    at?: string,
  ): Promise<{ bytes: Uint8Array; output: number }> {
    const def = this.#runtimeMethod(apiName, method);
    if (def.inputs.length !== args.length) {
      throw new RangeError(`Cannot call ${apiName}.${method}: it takes ${def.inputs.length} arguments`);
    }
    const encoded = def.inputs.map((t, i) =>
      this.api.registry.createType(this.api.registry.createLookupType(t), args[i]).toU8a()
    );
    const data = u8aToHex(encoded.length ? new Uint8Array(encoded.flatMap((e) => [...e])) : new Uint8Array());
    const hex = await this.rpc<string>("state_call", [`${apiName}_${method}`, data, at]);
    return { bytes: hexDecode(hex), output: def.output };
  }

  #runtimeMethod(apiName: string, method: string): { inputs: number[]; output: number } {
    const apis = (this.api.registry.metadata as unknown as {
      apis?: {
        name: unknown;
        methods: { name: unknown; inputs: { type: { toNumber(): number } }[]; output: { toNumber(): number } }[];
      }[];
    }).apis ?? [];
    const m = apis.find((a) => String(a.name) === apiName)?.methods.find((x) => String(x.name) === method);
    if (!m) {
      throw new SubnetError(
        "chain/unsupported",
        `Cannot call ${apiName}.${method}: the runtime (spec ${this.api.runtimeVersion.specVersion}) does not offer it`,
      );
    }
    return { inputs: m.inputs.map((i) => i.type.toNumber()), output: m.output.toNumber() };
  }

  /**
   * Whether the runtime offers a runtime-API method.
   *
   * @param apiName such as `SubnetInfoRuntimeApi`
   * @param method such as `get_subnet_state`
   */
  hasRuntimeApi(apiName: string, method: string): boolean {
    try {
      this.#runtimeMethod(apiName, method);
      return true;
    } catch {
      return false;
    }
  }

  #entry(pallet: string, item: string) {
    const entry = this.api.query[camel(pallet)]?.[camel(item)];
    if (!entry) {
      throw new SubnetError("chain/unsupported", `Cannot read ${pallet}.${item}: the runtime has no such storage`);
    }
    return entry;
  }

  /**
   * Whether the runtime has a storage item.
   *
   * @param pallet such as `SubtensorModule`
   * @param item such as `CommitRevealWeightsEnabled`
   */
  hasStorage(pallet: string, item: string): boolean {
    return !!this.api.query[camel(pallet)]?.[camel(item)];
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
  async storage(pallet: string, item: string, keys: unknown[] = [], at?: string): Promise<ScaleValue> {
    const entry = this.#entry(pallet, item);
    const key = entry.key(...keys);
    const raw = await this.rpc<string | null>("state_getStorage", [key, at]);
    return this.#decodeStorage(entry.creator.meta, raw);
  }

  #decodeStorage(
    meta: {
      type: { isPlain: boolean; asPlain: { toNumber(): number }; asMap: { value: { toNumber(): number } } };
      modifier: { isOptional: boolean };
      fallback: { toU8a(bare?: boolean): Uint8Array };
    },
    raw: string | null,
  ): ScaleValue {
    const type = meta.type.isPlain ? meta.type.asPlain.toNumber() : meta.type.asMap.value.toNumber();
    if (raw === null || raw === undefined) {
      if (meta.modifier.isOptional) return null;
      return this.#compiler.decodeAll(type, meta.fallback.toU8a(true));
    }
    return this.#compiler.decodeAll(type, hexDecode(raw));
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
  async storageEntries(
    pallet: string,
    item: string,
    prefixKeys: unknown[],
    at?: string,
  ): Promise<{ key: Uint8Array; value: ScaleValue }[]> {
    const entry = this.#entry(pallet, item);
    const prefix = entry.keyPrefix(...prefixKeys);
    const keys: string[] = [];
    let start = prefix;
    for (let page = 0; page < KEYS_PAGES_MAX; page++) {
      const got = await this.rpc<string[]>("state_getKeysPaged", [prefix, KEYS_PAGE_SIZE, start, at]);
      keys.push(...got);
      if (got.length < KEYS_PAGE_SIZE) break;
      start = got[got.length - 1];
    }
    if (keys.length === 0) return [];
    const sets = await this.rpc<{ changes: [string, string | null][] }[]>("state_queryStorageAt", [keys, at]);
    const values = new Map<string, string | null>();
    for (const set of sets) for (const [k, v] of set.changes) values.set(k, v);
    return keys.map((k) => ({
      key: hexToU8a(k),
      value: this.#decodeStorage(entry.creator.meta, values.get(k) ?? null),
    }));
  }

  // ---------------------------------------------------------------- subtensor reads

  /**
   * The neurons of a subnet: one `NeuronInfoRuntimeApi_get_neurons_lite` call at `at`.
   *
   * @param netuid the subnet
   * @param at a block hash (default: best)
   */
  async neuronsLite(netuid: number, at?: string): Promise<NeuronLite[]> {
    const { bytes, output } = await this.#runtimeCallRaw("NeuronInfoRuntimeApi", "get_neurons_lite", [netuid], at);
    return decodeNeuronsLite(this.#compiler, output, bytes, this.#ss58);
  }

  /**
   * Everything a `Metagraph` is built from, read at one block: the head, `get_neurons_lite`, and
   * the optional reads that never fail it: `get_subnet_state`'s total stake (on unless
   * `subnetState: false`) and the hyperparameters (when `hyperparameters: true`).
   *
   * @param netuid the subnet
   * @param options which optional reads to make
   */
  async metagraphSnapshot(netuid: number, options: MetagraphReadOptions = {}): Promise<MetagraphSnapshot> {
    const head = await this.head();
    const neurons = await this.neuronsLite(netuid, head.hash);
    const snapshot: MetagraphSnapshot = { netuid, block: head.number, blockHash: head.hash, neurons };
    if (options.subnetState !== false && this.hasRuntimeApi("SubnetInfoRuntimeApi", "get_subnet_state")) {
      try {
        const state = await this.runtimeCall("SubnetInfoRuntimeApi", "get_subnet_state", [netuid], head.hash);
        const total = (state as { total_stake?: bigint[] } | null)?.total_stake;
        if (total && total.length === neurons.length) snapshot.totalStakeRao = total.map((x) => BigInt(x));
      } catch (err) {
        this.#logger.debug("chain.subnet_state.skip", { netuid, reason: (err as Error).message });
      }
    }
    if (options.hyperparameters) snapshot.hyperparameters = await this.hyperparameters(netuid, head.hash);
    return snapshot;
  }

  /**
   * The metagraph of a subnet (call `sync(chain)` on it to refresh in place).
   *
   * @param netuid the subnet
   * @param options which optional reads to make
   */
  async metagraph(netuid: number, options: MetagraphReadOptions = {}): Promise<Metagraph> {
    return new Metagraph(await this.metagraphSnapshot(netuid, options), options);
  }

  /**
   * One neuron by hotkey on a subnet (`Uids` then `NeuronInfoRuntimeApi_get_neuron`), or `null`.
   *
   * @param netuid the subnet
   * @param hotkey SS58 address or public key
   * @param at a block hash (default: best)
   */
  async neuronForHotkey(netuid: number, hotkey: string | Uint8Array, at?: string): Promise<NeuronLite | null> {
    const uid = await this.uidForHotkey(netuid, hotkey, at);
    if (uid === null) return null;
    const value = await this.runtimeCall("NeuronInfoRuntimeApi", "get_neuron", [netuid, uid], at);
    if (value === null) return null;
    return neuronsFromScale([value as { [k: string]: ScaleValue }], this.#ss58)[0];
  }

  /**
   * The uid of `hotkey` on `netuid`, or `null` when it is not registered there.
   *
   * @param netuid the subnet
   * @param hotkey SS58 address or public key
   * @param at a block hash (default: best)
   */
  async uidForHotkey(netuid: number, hotkey: string | Uint8Array, at?: string): Promise<number | null> {
    const v = await this.storage("SubtensorModule", "Uids", [netuid, publicKeyOf(hotkey)], at);
    return v === null ? null : Number(v);
  }

  /**
   * Whether `hotkey` is registered on `netuid`.
   *
   * @param netuid the subnet
   * @param hotkey SS58 address or public key
   */
  async isHotkeyRegistered(netuid: number, hotkey: string | Uint8Array): Promise<boolean> {
    return (await this.uidForHotkey(netuid, hotkey)) !== null;
  }

  /**
   * The netuids where `hotkey` is registered (`IsNetworkMember` entries that are true).
   *
   * @param hotkey SS58 address or public key
   * @param at a block hash (default: best)
   */
  async netuidsForHotkey(hotkey: string | Uint8Array, at?: string): Promise<number[]> {
    const entries = await this.storageEntries("SubtensorModule", "IsNetworkMember", [publicKeyOf(hotkey)], at);
    return entries.filter((e) => e.value === true).map((e) => e.key[e.key.length - 2] | (e.key[e.key.length - 1] << 8));
  }

  /**
   * Number of neurons on a subnet (`SubnetworkN`).
   *
   * @param netuid the subnet
   */
  async subnetworkN(netuid: number): Promise<number> {
    return Number(await this.storage("SubtensorModule", "SubnetworkN", [netuid]));
  }

  /**
   * Blocks since `uid` last set weights (current block − `LastUpdate[uid]`).
   *
   * @param netuid the subnet
   * @param uid the neuron
   */
  async blocksSinceLastUpdate(netuid: number, uid: number): Promise<number> {
    const block = await this.blockNumber();
    const hash = await this.blockHash(block);
    const lastUpdate = await this.storage("SubtensorModule", "LastUpdate", [netuid], hash) as bigint[];
    if (uid >= lastUpdate.length) {
      throw new SubnetError(
        "chain/not-found",
        `Cannot read uid ${uid}'s last update: netuid ${netuid} has ${lastUpdate.length} uids`,
      );
    }
    return block - Number(lastUpdate[uid]);
  }

  /**
   * An account's balance in RAO (`System.Account`).
   *
   * @param address SS58 address or public key
   * @param at a block hash (default: best)
   */
  async balance(address: string | Uint8Array, at?: string): Promise<Balance> {
    const info = await this.storage("System", "Account", [publicKeyOf(address)], at) as {
      data: { free: bigint; reserved: bigint; frozen?: bigint; misc_frozen?: bigint };
    };
    return {
      free: info.data.free,
      reserved: info.data.reserved,
      frozen: info.data.frozen ?? info.data.misc_frozen ?? 0n,
    };
  }

  /**
   * A subnet hyperparameter from storage (such as `Tempo`, `CommitRevealWeightsEnabled`).
   *
   * @param netuid the subnet
   * @param name the storage item
   * @param at a block hash (default: best)
   */
  async hyperparameter(netuid: number, name: string, at?: string): Promise<ScaleValue> {
    return await this.storage("SubtensorModule", name, [netuid], at);
  }

  /**
   * The subnet's hyperparameters, never failing: `SubnetInfoRuntimeApi.get_subnet_hyperparams_v2`
   * (or v1) when the runtime answers it, else plain storage reads of each item the runtime has
   * (keys are then the storage names). Items that cannot be read are left out.
   *
   * @param netuid the subnet
   * @param at a block hash (default: best)
   */
  async hyperparameters(netuid: number, at?: string): Promise<Record<string, ScaleValue>> {
    for (const method of ["get_subnet_hyperparams_v2", "get_subnet_hyperparams"]) {
      if (!this.hasRuntimeApi("SubnetInfoRuntimeApi", method)) continue;
      try {
        const v = await this.runtimeCall("SubnetInfoRuntimeApi", method, [netuid], at);
        if (v && typeof v === "object" && !(v instanceof Uint8Array) && !Array.isArray(v)) {
          return v as Record<string, ScaleValue>;
        }
      } catch (err) {
        this.#logger.debug("chain.hyperparams.fallback", { netuid, method, reason: (err as Error).message });
      }
    }
    const out: Record<string, ScaleValue> = {};
    for (const name of HYPERPARAMETER_ITEMS) {
      if (!this.hasStorage("SubtensorModule", name)) continue;
      try {
        out[name] = await this.hyperparameter(netuid, name, at);
      } catch (err) {
        this.#logger.debug("chain.hyperparam.skip", { netuid, name, reason: (err as Error).message });
      }
    }
    return out;
  }

  /**
   * What `processWeightsForNetuid` needs: `n`, `MinAllowedWeights`, `MaxWeightsLimit`.
   *
   * @param netuid the subnet
   */
  async weightLimits(netuid: number): Promise<{ n: number; minAllowedWeights: number; maxWeightsLimit: number }> {
    const [n, min, max] = await Promise.all([
      this.subnetworkN(netuid),
      this.hyperparameter(netuid, "MinAllowedWeights"),
      this.hyperparameter(netuid, "MaxWeightsLimit"),
    ]);
    return { n, minAllowedWeights: Number(min), maxWeightsLimit: Number(max) };
  }

  // ---------------------------------------------------------------- extrinsics

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
  async submit(tx: Tx, signer: Keypair, action: string, options: SubmitOptions = {}): Promise<ExtrinsicResult> {
    const waitFor = options.waitFor ?? "inclusion";
    const timeoutMs = options.timeoutMs ?? SUBMIT_TIMEOUT_MS;
    if (waitFor === "none") {
      try {
        const hash = await this.#read(action, tx.signAndSend(signer.pair));
        return { txHash: hash.toHex(), events: [] };
      } catch (err) {
        throw err instanceof SubnetError && err.code !== "chain/rpc" ? err : poolRejection(err, action);
      }
    }
    let unsub: (() => void) | undefined;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      return await new Promise<ExtrinsicResult>((resolve, reject) => {
        timer = setTimeout(() =>
          reject(
            new SubnetError(
              "chain/timeout",
              `Cannot ${action}: not ${
                waitFor === "inclusion" ? "included" : "finalized"
              } within ${timeoutMs} ms (it may still land; check before retrying)`,
            ),
          ), timeoutMs);
        tx.signAndSend(signer.pair, (result) => {
          const s = result.status;
          if (s.isInvalid || s.isDropped || s.isUsurped) {
            reject(new SubnetError("chain/rejected", `Cannot ${action}: the transaction was ${s.type.toLowerCase()}`));
            return;
          }
          const done = waitFor === "inclusion" ? (s.isInBlock || s.isFinalized) : s.isFinalized;
          if (!done) return;
          if (result.dispatchError) {
            reject(dispatchFailure(this.api.registry, result.dispatchError, action));
            return;
          }
          resolve({
            txHash: tx.hash.toHex(),
            blockHash: (s.isInBlock ? s.asInBlock : s.asFinalized).toHex(),
            events: result.events.map(({ event }) => `${event.section}.${event.method}`),
          });
        }).then((u) => {
          // The watch may settle before its unsubscribe function arrives: end it either way.
          if (settled) u();
          else unsub = u;
        }, (err) => reject(poolRejection(err, action)));
      });
    } finally {
      settled = true;
      clearTimeout(timer);
      unsub?.();
    }
  }

  /**
   * Sets weights the way the subnet requires: plain `set_weights` when commit–reveal is off;
   * when it is on, a timelocked commit if the runtime has `commit_timelocked_weights` (needs
   * `options.timelock`), else hash commit–reveal v2 (the result says when to reveal). Weights may
   * be floats; they are converted as Python's `convert_weights_and_uids_for_emit` does.
   *
   * @param hotkey the validator's hotkey
   * @param params subnet, uids and weights
   * @param options version key, commit–reveal choices, waits
   * @throws {SubnetError} `chain/not-registered`, `chain/timelock-required`, `chain/dispatch`, …
   */
  async setWeights(
    hotkey: Keypair,
    params: { netuid: number; uids: readonly number[]; weights: readonly number[] },
    options: SetWeightsOptions = {},
  ): Promise<SetWeightsResult> {
    const { netuid } = params;
    const action = `set weights on netuid ${netuid}`;
    const uid = await this.uidForHotkey(netuid, hotkey.publicKey);
    if (uid === null) {
      throw new SubnetError(
        "chain/not-registered",
        `Cannot ${action}: hotkey ${hotkey.address} is not registered there (register with: subnet register --netuid ${netuid})`,
      );
    }
    const [uids, values] = convertWeightsAndUidsForEmit(params.uids, params.weights);
    const versionKey = BigInt(options.versionKey ?? PROTOCOL_VERSION);
    const crEnabled = this.hasStorage("SubtensorModule", "CommitRevealWeightsEnabled")
      ? (await this.hyperparameter(netuid, "CommitRevealWeightsEnabled")) === true
      : false;
    const path = weightsPath({
      commitRevealEnabled: crEnabled,
      hasTimelocked: hasCall(this.api, "subtensorModule", "commitTimelockedWeights"),
      preferHash: options.preferHash,
    });
    if (path === "set") {
      const tx = setWeightsTx(this.api, { netuid, uids, values, versionKey });
      return { kind: "set", result: await this.submit(tx, hotkey, action, options) };
    }
    const tempo = Number(await this.hyperparameter(netuid, "Tempo"));
    const period = this.hasStorage("SubtensorModule", "RevealPeriodEpochs")
      ? Number(await this.hyperparameter(netuid, "RevealPeriodEpochs"))
      : 1;
    const currentBlock = await this.blockNumber();
    if (path === "commit-timelocked") {
      // Branch point: the timelock helper (chain/timelock*) supplies `options.timelock`.
      if (!options.timelock) {
        throw new SubnetError(
          "chain/timelock-required",
          `Cannot ${action}: the subnet has commit-reveal on and this runtime takes timelocked (drand) commits; ` +
            `pass a timelock committer (chain/timelock) or, if the runtime still accepts hash commits, preferHash`,
        );
      }
      const { commit, revealRound } = await options.timelock.encrypt({
        hotkey: hotkey.publicKey,
        netuid,
        uids,
        values,
        versionKey,
        currentBlock,
        tempo,
        revealPeriodEpochs: period,
      });
      const commitRevealVersion = this.hasStorage("SubtensorModule", "CommitRevealWeightsVersion")
        ? Number(await this.storage("SubtensorModule", "CommitRevealWeightsVersion"))
        : 4;
      const tx = commitTimelockedWeightsTx(this.api, { netuid, commit, revealRound, commitRevealVersion });
      return { kind: "commit-timelocked", result: await this.submit(tx, hotkey, action, options) };
    }
    const salt = options.salt ?? Array.from(crypto.getRandomValues(new Uint16Array(8)));
    const hash = weightCommitHash({ hotkey: hotkey.publicKey, netuid, uids, values, salt, versionKey });
    const result = await this.submit(
      commitWeightsTx(this.api, netuid, hash),
      hotkey,
      `commit weights on netuid ${netuid}`,
      options,
    );
    const reveal: PendingReveal = {
      netuid,
      uids,
      values,
      salt,
      versionKey,
      commitBlock: currentBlock,
      revealBlock: revealBlockFor({ commitBlock: currentBlock, netuid, tempo, revealPeriodEpochs: period }),
    };
    return { kind: "commit-hash", result, reveal };
  }

  /**
   * Reveals a hash commit (`reveal_weights`).
   *
   * @param hotkey the hotkey that committed
   * @param pending what `setWeights` returned
   * @param options waits
   */
  revealWeights(hotkey: Keypair, pending: PendingReveal, options: SubmitOptions = {}): Promise<ExtrinsicResult> {
    const tx = revealWeightsTx(this.api, pending);
    return this.submit(tx, hotkey, `reveal weights on netuid ${pending.netuid}`, options);
  }

  /**
   * Waits until the reveal block of a hash commit, then reveals; retries once per block while the
   * chain says `RevealTooEarly` (dynamic-tempo runtimes), up to `attemptsMax` times.
   *
   * @param hotkey the hotkey that committed
   * @param pending what `setWeights` returned
   * @param options `signal` to stop, `pollMs` between block checks (default 1000), `sleep` (injectable)
   */
  async revealWhenDue(
    hotkey: Keypair,
    pending: PendingReveal,
    options: SubmitOptions & {
      signal?: AbortSignal;
      pollMs?: number;
      attemptsMax?: number;
      sleep?: (ms: number) => Promise<void>;
    } = {},
  ): Promise<ExtrinsicResult> {
    const pollMs = options.pollMs ?? 1_000;
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const attemptsMax = options.attemptsMax ?? 1_000;
    for (let attempt = 0; attempt < attemptsMax; attempt++) {
      options.signal?.throwIfAborted();
      if ((await this.blockNumber()) >= pending.revealBlock) {
        try {
          return await this.revealWeights(hotkey, pending, options);
        } catch (err) {
          if (!(err instanceof SubnetError && /RevealTooEarly|Custom error: 17/.test(err.message))) throw err;
        }
      }
      await sleep(pollMs);
    }
    throw new SubnetError(
      "chain/timeout",
      `Cannot reveal weights on netuid ${pending.netuid}: still too early after ${attemptsMax} attempts (expected block ${pending.revealBlock})`,
    );
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
    const tx = serveAxonTx(this.api, { ...p, version: p.version ?? PROTOCOL_VERSION });
    return this.submit(tx, hotkey, `serve the axon ${p.ip}:${p.port} on netuid ${p.netuid}`, options);
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
    const tx = burnedRegisterTx(this.api, p.netuid, p.hotkey);
    return this.submit(tx, coldkey, `register ${p.hotkey} on netuid ${p.netuid}`, options);
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
    const tx = transferTx(this.api, p.dest, p.amountRao, p.keepAlive ?? true);
    return this.submit(tx, coldkey, `transfer ${p.amountRao} RAO to ${p.dest}`, options);
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
    const tx = addStakeTx(this.api, p.hotkey, p.netuid, p.amountRao);
    return this.submit(tx, coldkey, `stake ${p.amountRao} RAO to ${p.hotkey} on netuid ${p.netuid}`, options);
  }
}

function openWs(ws: WsProvider, endpoint: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const finish = (err?: SubnetError) => {
      clearTimeout(timer);
      for (const off of offs) off();
      if (err) {
        ws.disconnect().catch(() => {});
        reject(err);
      } else resolve();
    };
    timer = setTimeout(() => finish(unreachable(endpoint, `no answer within ${timeoutMs} ms`)), timeoutMs);
    offs.push(
      ws.on("connected", () => finish()),
      ws.on("error", () => finish(unreachable(endpoint, "nothing answers there"))),
      ws.on("disconnected", () => finish(unreachable(endpoint, "the connection closed"))),
    );
    ws.connect().catch(() => finish(unreachable(endpoint, "the WebSocket could not be opened")));
  });
}
