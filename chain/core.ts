/**
 * The chain client's core: one connection (a WebSocket endpoint by network name or URL, or an
 * injected `ProviderInterface` for tests and the in-process devnet) joined to `@polkadot/api` with
 * subtensor's signed extensions (spec/chain.md §1.1), reconnecting on its own; raw reads (JSON-RPC,
 * runtime APIs, storage; every read has a timeout) and `submit` (inclusion or finalization waits,
 * a timeout, module errors decoded from the metadata). `Subtensor` (client.ts) is its public face;
 * the concern modules (reads, set_weights, serving, staking) build on it.
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
import type { Keypair } from "../wallet/keypair.ts";
import { dispatchFailure, poolRejection } from "./errors.ts";
import type { Tx } from "./extrinsics.ts";
import { resolveEndpoint } from "./network.ts";
import { hexDecode, ScaleCompiler, type ScaleValue } from "./scale.ts";
import { createSs58Encoder, memoizedSs58Encoder, type Ss58Encoder } from "./ss58.ts";

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

const READ_TIMEOUT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 20_000;
const SUBMIT_TIMEOUT_MS = 120_000;
const KEYS_PAGE_SIZE = 100;
const KEYS_PAGES_MAX = 1_000;
/** Encoded runtime-call arguments and storage keys remembered per connection (numeric ones only). */
const ENCODED_MEMO_ENTRIES_MAX = 1_024;

/** A memo key for arguments made of numbers and arrays of numbers, else `undefined` (not memoized). */
function numericKey(values: readonly unknown[]): string | undefined {
  for (const v of values) {
    if (typeof v === "number") continue;
    if (Array.isArray(v) && v.every((x) => typeof x === "number")) continue;
    return undefined;
  }
  return JSON.stringify(values);
}

function camel(name: string): string {
  const c = name.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
  return c[0].toLowerCase() + c.slice(1);
}

/**
 * The public key of an SS58 address (a public key passes through).
 *
 * @param address SS58 address or public key
 * @throws {RangeError} when `address` is not SS58
 */
export function publicKeyOf(address: string | Uint8Array): Uint8Array {
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
 * One connection to a subtensor node and the raw operations everything else is built from.
 *
 * @example
 * ```ts ignore
 * import { ChainCore } from "./core.ts";
 * const core = await ChainCore.connect({ network: "local" });
 * console.log(await core.head());
 * await core.close();
 * ```
 */
export class ChainCore implements AsyncDisposable {
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
  /** Where events go. */
  readonly logger: Logger;
  /** Decodes SCALE with the runtime's metadata types. */
  readonly compiler: ScaleCompiler;
  /** Encodes public keys as SS58 (prefix 42), remembering the addresses it made. */
  readonly ss58: Ss58Encoder;
  #closing = false;
  #reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  #offs: (() => void)[] = [];
  #encoded = new Map<string, string>();
  #encodedFor: unknown = undefined;

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
    this.ss58 = ss58;
    this.#timeoutMs = options.timeoutMs ?? READ_TIMEOUT_MS;
    this.logger = options.logger ?? silentLogger;
    this.compiler = new ScaleCompiler(api.registry);
  }

  /**
   * Connects and loads the runtime's metadata.
   *
   * @throws {SubnetError} `chain/unreachable` when nothing answers in time
   * @example
   * ```ts ignore
   * import { ChainCore } from "./core.ts";
   * const chain = await ChainCore.connect({ network: "finney" });
   * await chain.close();
   * ```
   */
  static async connect(options: SubtensorOptions = {}): Promise<ChainCore> {
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
    const ss58 = memoizedSs58Encoder(await createSs58Encoder(42));
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
    const chain = new ChainCore(api, provider, endpoint, ss58, options);
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
      this.logger.warn("chain.reconnect", { endpoint: this.endpoint, delayMs: delay, attempt });
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
        this.logger.info("chain.connected", { endpoint: this.endpoint });
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
    const { bytes, output } = await this.runtimeCallRaw(apiName, method, args, at);
    return this.compiler.decodeAll(output, bytes);
  }

  /**
   * Calls a runtime API and returns its undecoded answer with the metadata's output type id.
   *
   * @param apiName such as `NeuronInfoRuntimeApi`
   * @param method such as `get_neurons_lite`
   * @param args the arguments, encoded with the metadata's input types
   * @param at a block hash (default: best)
   */
  async runtimeCallRaw(
    apiName: string,
    method: string,
    args: unknown[],
    at?: string,
  ): Promise<{ bytes: Uint8Array; output: number }> {
    const def = this.runtimeMethod(apiName, method);
    if (def.inputs.length !== args.length) {
      throw new RangeError(`Cannot call ${apiName}.${method}: it takes ${def.inputs.length} arguments`);
    }
    const data = this.#memo(`call ${apiName}_${method}`, args, () => {
      const encoded = def.inputs.map((t, i) =>
        this.api.registry.createType(this.api.registry.createLookupType(t), args[i]).toU8a()
      );
      return u8aToHex(encoded.length ? new Uint8Array(encoded.flatMap((e) => [...e])) : new Uint8Array());
    });
    const hex = await this.rpc<string>("state_call", [`${apiName}_${method}`, data, at]);
    return { bytes: hexDecode(hex), output: def.output };
  }

  /**
   * `make()`, remembered under `what` and `values` when the values are numeric (a metagraph re-read
   * encodes the same netuid, mechid and field indexes each time), for the current metadata only.
   */
  #memo(what: string, values: readonly unknown[], make: () => string): string {
    const key = numericKey(values);
    if (key === undefined) return make();
    if (this.#encodedFor !== this.api.registry) {
      this.#encoded.clear();
      this.#encodedFor = this.api.registry;
    }
    const memoKey = `${what} ${key}`;
    let encoded = this.#encoded.get(memoKey);
    if (encoded === undefined) {
      encoded = make();
      if (this.#encoded.size >= ENCODED_MEMO_ENTRIES_MAX) this.#encoded.clear();
      this.#encoded.set(memoKey, encoded);
    }
    return encoded;
  }

  /**
   * A runtime-API method's input and output type ids from the metadata.
   *
   * @param apiName such as `SubnetInfoRuntimeApi`
   * @param method such as `get_selective_mechagraph`
   * @throws {SubnetError} `chain/unsupported` when the runtime lacks it
   */
  runtimeMethod(apiName: string, method: string): { inputs: number[]; output: number } {
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
      this.runtimeMethod(apiName, method);
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
    const key = this.#memo(`storage ${pallet}.${item}`, keys, () => entry.key(...keys));
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
      return this.compiler.decodeAll(type, meta.fallback.toU8a(true));
    }
    return this.compiler.decodeAll(type, hexDecode(raw));
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
