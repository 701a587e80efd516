/**
 * The dendrite: signs synapses and sends them to one or many axons at once, merging each answer the
 * way Python's `process_server_response` does (wire-protocol.md §2). A bad axon never makes `query`
 * throw: its result carries a status code and message from Python 7.4+'s client-error table.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import { silentLogger } from "../protocol/logger.ts";
import { parseJson } from "../protocol/json.ts";
import { createNonceSource } from "../protocol/nonce.ts";
import { type Signer, signHex, synapseSigningMessage } from "../protocol/signing.ts";
import type { Synapse, SynapseType } from "../protocol/synapse.ts";
import {
  castFloat,
  castInt,
  castNonce,
  TERMINAL_INFO_FIELDS,
  type TerminalInfo,
  terminalInfo,
} from "../protocol/terminal_info.ts";
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import { mapClientError, ResponseLimitError, ResponseParseError } from "./dendrite_errors.ts";
import { JsonLimitError, type JsonLimits } from "../protocol/json_limits.ts";
import { readResponseText, RESPONSE_BYTES_MAX_DEFAULT } from "./read_response.ts";

/** Where to send a synapse: an axon's address and hotkey (an `AxonInfo` fits). */
export interface AxonTarget {
  /** IPv4 or IPv6 address. */
  ip: string;
  /** TCP port. */
  port: number;
  /** The axon's ss58 hotkey (the receiver in the signature). */
  hotkey: string;
}

/** Options of {@linkcode Dendrite.query}. */
export interface QueryOptions<F extends object, D> {
  /** The synapse class (`defineSynapse(...)`). */
  type: SynapseType<F, D, never>;
  /** Seconds until a call gives up (408). @default 12 */
  timeout?: number;
  /** Return `type.deserialize(result)` (Python's default) instead of the synapse. @default true */
  deserialize?: boolean;
  /** The largest answer read for this synapse, in bytes (overrides the dendrite's). @default {8_388_608} */
  responseBytesMax?: number;
  /** Called while an answer's body is read: bytes so far and the declared total, if any (per axon). */
  onResponseProgress?(bytesRead: number, bytesTotal: number | undefined): void;
}

/** Options of {@linkcode createDendrite}. */
export interface DendriteOptions {
  /** The hotkey that signs every request: a wallet `Keypair`, or any `{ address, sign }` (a faster signer). */
  keypair: Signer;
  /** The HTTP client. @default globalThis.fetch (keep-alive connection pool) */
  fetch?: typeof fetch;
  /** The clock in Unix ms; nonces are its value in ns, strictly increasing. @default Date.now */
  now?: () => number;
  /** The IP put in `dendrite.ip`. @default "0.0.0.0" */
  externalIp?: string;
  /** Calls in flight at once across all queries; more wait their turn. @default 512 */
  fanOutMax?: number;
  /**
   * The largest answer read, in bytes; enforced while reading (a query's `responseBytesMax` overrides
   * it). A streamed answer counts every chunk. @default {8_388_608} (8 MiB)
   */
  responseBytesMax?: number;
  /**
   * Caps on an answer's JSON (keys, depth, string length, bytes).
   * @default {JSON_LIMITS_DEFAULT, with bytesMax and stringLengthMax following the call's responseBytesMax}
   */
  json?: JsonLimits;
  /** Where `dendrite.call_failed` (debug) goes. */
  logger?: Logger;
}

/** A signing client for axons. */
export interface Dendrite {
  /** This dendrite's uuid (one per instance, as Python's `uuid1()`). */
  readonly uuid: string;
  /** The signer's ss58 hotkey. */
  readonly hotkey: string;
  /**
   * Sends `synapse` to one axon and returns the merged synapse (`deserialize: false`). Never throws
   * for transport failures: they become a status on `result.dendrite`.
   */
  query<F extends object, D>(
    axons: AxonTarget,
    synapse: Synapse<F>,
    options: QueryOptions<F, D> & { deserialize: false },
  ): Promise<Synapse<F>>;
  /** Sends `synapse` to one axon and returns `type.deserialize(result)` (Python's default). */
  query<F extends object, D>(axons: AxonTarget, synapse: Synapse<F>, options: QueryOptions<F, D>): Promise<D>;
  /**
   * Sends `synapse` to every axon concurrently; the merged synapses come back in the same order.
   *
   * @param axons the targets
   * @param synapse the request (not mutated)
   * @param options the synapse class and timeout, with `deserialize: false`
   * @returns one synapse per target
   */
  query<F extends object, D>(
    axons: readonly AxonTarget[],
    synapse: Synapse<F>,
    options: QueryOptions<F, D> & { deserialize: false },
  ): Promise<Synapse<F>[]>;
  /**
   * Sends `synapse` to every axon concurrently; `type.deserialize` of each result comes back in order.
   *
   * @param axons the targets
   * @param synapse the request (not mutated)
   * @param options the synapse class and timeout
   * @returns one deserialized value per target
   */
  query<F extends object, D>(
    axons: readonly AxonTarget[],
    synapse: Synapse<F>,
    options: QueryOptions<F, D>,
  ): Promise<D[]>;
  /**
   * Calls a streaming synapse (`axon.attachStream`, or any Python `StreamingSynapse`): yields the
   * response body's chunks as they arrive, then the merged synapse last, as Python's `call_stream`.
   * Failures (and non-streaming answers) yield only the synapse, with its status set.
   */
  stream<F extends object, D>(
    axon: AxonTarget,
    synapse: Synapse<F>,
    options: QueryOptions<F, D>,
  ): AsyncGenerator<Uint8Array | Synapse<F>, void, undefined>;
  /** Calls one axon and returns the merged synapse (never throws for transport failures). */
  call<F extends object, D>(axon: AxonTarget, synapse: Synapse<F>, options: QueryOptions<F, D>): Promise<Synapse<F>>;
}

/** Requests signed before the fan-out yields to let them go out. */
const SIGN_BATCH = 8;

function urlOf(axon: AxonTarget, name: string): string {
  const host = axon.ip.includes(":") ? `[${axon.ip}]` : axon.ip;
  return `http://${host}:${axon.port}/${name}`;
}

/**
 * Creates a dendrite.
 *
 * @example
 * ```ts
 * import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
 * import { createDendrite } from "./dendrite.ts";
 * await cryptoReady();
 * const dendrite = createDendrite({ keypair: keypairFromUri("//Alice") });
 * console.assert(dendrite.hotkey === "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
 * ```
 */
export function createDendrite(options: DendriteOptions): Dendrite {
  const { keypair } = options;
  const doFetch = options.fetch ?? globalThis.fetch;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const externalIp = options.externalIp ?? "0.0.0.0";
  const fanOutMax = options.fanOutMax ?? 512;
  const jsonLimits = options.json;
  const bytesMaxOf = (opts: { responseBytesMax?: number }) =>
    opts.responseBytesMax ?? options.responseBytesMax ?? RESPONSE_BYTES_MAX_DEFAULT;
  /** JSON bytes and string length follow the call's byte cap unless set. */
  const jsonLimitsFor = (bytesMax: number): JsonLimits => ({
    bytesMax,
    stringLengthMax: bytesMax,
    ...jsonLimits,
  });
  const uuid = crypto.randomUUID();
  const nextNonce = createNonceSource({ clockMs: now });
  let inFlight = 0;
  const waiting: (() => void)[] = [];

  async function slot(): Promise<() => void> {
    if (inFlight >= fanOutMax) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    return () => {
      inFlight--;
      waiting.shift()?.();
    };
  }

  /** Python's `preprocess_synapse_for_request`: timeout, both TerminalInfos, the signature. */
  function prepare<F extends object, D>(
    type: SynapseType<F, D, never>,
    synapse: Synapse<F>,
    axon: AxonTarget,
    timeout: number,
    knownHash?: string,
  ): {
    local: Synapse<F>;
    hash: string;
  } {
    const local: Synapse<F> = {
      ...synapse,
      timeout,
      dendrite: terminalInfo({
        ip: externalIp,
        version: PROTOCOL_VERSION,
        nonce: nextNonce(),
        uuid,
        hotkey: keypair.address,
      }),
      axon: terminalInfo({ ip: axon.ip, port: axon.port, hotkey: axon.hotkey }),
    };
    // The hash covers the synapse as sent (timeout included, should a subnet hash it).
    const hash = knownHash ?? hashOf(type, local);
    local.dendrite.signature = signHex(keypair, synapseSigningMessage(local, hash));
    return { local, hash };
  }

  async function call<F extends object, D>(
    axon: AxonTarget,
    synapse: Synapse<F>,
    opts: QueryOptions<F, D>,
    knownHash?: string,
  ): Promise<Synapse<F>> {
    const { type } = opts;
    const timeout = opts.timeout ?? 12;
    const { local, hash } = prepare(type, synapse, axon, timeout, knownHash);
    const release = await slot();
    const started = performance.now();
    // One deadline over connect, headers, body and parse.
    const deadline = AbortSignal.timeout(Math.max(0, timeout * 1000));
    try {
      const response = await send(type, local, hash, axon, deadline);
      const text = await readResponseText(response, {
        bytesMax: bytesMaxOf(opts),
        signal: deadline,
        contentType: "json",
        onProgress: opts.onResponseProgress,
      });
      const merged = merge(type, local, response, text, jsonLimitsFor(bytesMaxOf(opts)));
      if (deadline.aborted) throw deadline.reason;
      merged.dendrite.process_time = (performance.now() - started) / 1000;
      return merged;
    } catch (error) {
      const failure = mapClientError(error, { ip: axon.ip, port: axon.port, name: type.name, timeout });
      logger.debug("dendrite.call_failed", { target: `${axon.ip}:${axon.port}`, status: failure.code });
      return { ...local, dendrite: { ...local.dendrite, status_code: failure.code, status_message: failure.message } };
    } finally {
      release();
    }
  }

  function send<F extends object, D>(
    type: SynapseType<F, D, never>,
    local: Synapse<F>,
    hash: string,
    axon: AxonTarget,
    signal: AbortSignal,
  ): Promise<Response> {
    const headers = type.toHeaders(local, { bodyHash: hash });
    if (!headers.some(([k]) => k === "computed_body_hash")) headers.push(["computed_body_hash", hash]);
    headers.push(["content-type", "application/json"]);
    return doFetch(urlOf(axon, type.name), {
      method: "POST",
      headers,
      body: type.toJson(local, { style: "python" }),
      signal,
    });
  }

  async function* stream<F extends object, D>(
    axon: AxonTarget,
    synapse: Synapse<F>,
    opts: QueryOptions<F, D>,
  ): AsyncGenerator<Uint8Array | Synapse<F>, void, undefined> {
    const { type } = opts;
    const timeout = opts.timeout ?? 12;
    const { local, hash } = prepare(type, synapse, axon, timeout);
    const release = await slot();
    const started = performance.now();
    let final: Synapse<F>;
    const deadline = AbortSignal.timeout(Math.max(0, timeout * 1000));
    const bytesMax = bytesMaxOf(opts);
    try {
      const response = await send(type, local, hash, axon, deadline);
      const mime = response.headers.get("content-type") ?? "";
      if (response.status === 200 && mime.includes("text/event-stream") && response.body) {
        let size = 0;
        for await (const chunk of response.body) {
          size += chunk.length;
          if (size > bytesMax) {
            throw new ResponseLimitError(`the stream is larger than ${bytesMax} bytes (responseBytesMax)`, bytesMax);
          }
          yield chunk;
        }
        final = merge(type, local, response, null, undefined);
      } else {
        const text = await readResponseText(response, { bytesMax, signal: deadline, contentType: "json" });
        final = merge(type, local, response, text, jsonLimitsFor(bytesMax));
      }
      final.dendrite.process_time = (performance.now() - started) / 1000;
    } catch (error) {
      const failure = mapClientError(error, { ip: axon.ip, port: axon.port, name: type.name, timeout });
      final = { ...local, dendrite: { ...local.dendrite, status_code: failure.code, status_message: failure.message } };
    } finally {
      release();
    }
    yield final;
  }

  async function query<F extends object, D>(
    axons: AxonTarget | readonly AxonTarget[],
    synapse: Synapse<F>,
    opts: QueryOptions<F, D>,
  ): Promise<unknown> {
    const deserialize = opts.deserialize ?? true;
    // Hash once per query when the hashed fields are the same for every target (the usual case).
    const timeout = opts.timeout ?? 12;
    const perTarget = opts.type.requiredHashFields.some((f) => PER_TARGET_FIELDS.has(f));
    const sharedHash = Array.isArray(axons) && !perTarget ? hashOf(opts.type, { ...synapse, timeout }) : undefined;
    const one = async (axon: AxonTarget) => {
      const result = await call(axon, synapse, opts, sharedHash);
      return deserialize ? opts.type.deserialize(result) : result;
    };
    if (!Array.isArray(axons)) return one(axons as AxonTarget);
    // Sign and dispatch in small batches, yielding to the event loop between them, so requests are on
    // the wire (and being verified by the axons) while the rest are still being signed.
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < axons.length; i++) {
      calls.push(one(axons[i]));
      if (i % SIGN_BATCH === SIGN_BATCH - 1 && i + 1 < axons.length) await new Promise((r) => setTimeout(r, 0));
    }
    return await Promise.all(calls);
  }

  return {
    uuid,
    hotkey: keypair.address,
    query: query as Dendrite["query"],
    call: (axon, synapse, opts) => call(axon, synapse, opts),
    stream,
  };
}

/** Fields the dendrite sets per target; a hash over them cannot be shared across targets. */
const PER_TARGET_FIELDS: ReadonlySet<string> = new Set(["dendrite", "axon"]);

function hashOf<F extends object, D>(type: SynapseType<F, D, never>, synapse: Synapse<F>): string {
  return type.requiredHashFields.length === 0 ? EMPTY_BODY_HASH : type.bodyHash(synapse);
}

/**
 * Python's `process_server_response` (wire-protocol.md §2.5): on 200 every field takes the server's
 * value (a streamed answer, `text` null, has no JSON body: the request's values stay); otherwise `axon.status_code`/`status_message` come from the HTTP status and `{"message"}`. Then
 * the non-null `bt_header_axon_*`/`bt_header_dendrite_*` response headers are copied in, and
 * `dendrite.status_*` mirror `axon.status_*`.
 */
function merge<F extends object, D>(
  type: SynapseType<F, D, never>,
  local: Synapse<F>,
  response: Response,
  text: string | null,
  limits: JsonLimits | undefined,
): Synapse<F> {
  let merged: Synapse<F>;
  try {
    if (text === null) {
      merged = { ...local };
    } else if (response.status === 200) {
      const server = type.fromJson(text, limits);
      merged = { ...server, computed_body_hash: local.computed_body_hash };
    } else {
      const json = parseJson(text, "the error body", { limits, keyOrder: false });
      const message = json && typeof json === "object" && typeof json.message === "string" ? json.message : null;
      merged = { ...local, axon: { ...local.axon, status_code: response.status, status_message: message } };
    }
    merged = {
      ...merged,
      dendrite: { ...merged.dendrite, ...terminalFromHeaders(response.headers, "bt_header_dendrite_") },
      axon: { ...merged.axon, ...terminalFromHeaders(response.headers, "bt_header_axon_") },
    };
  } catch (error) {
    if (error instanceof JsonLimitError) throw new ResponseLimitError(error.message, error.max, { cause: error });
    throw new ResponseParseError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  merged.dendrite.status_code = merged.axon.status_code;
  merged.dendrite.status_message = merged.axon.status_message;
  return merged;
}

/** sha3_256("") (wire-protocol.md §1.3): the body hash of every synapse without hash fields. */
const EMPTY_BODY_HASH = "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";

/**
 * The non-null `TerminalInfo` fields one side's response headers carry, cast as Python's
 * `Synapse.from_headers` casts them (a bad integer throws). Reads the ten known names directly
 * rather than walking every header.
 */
function terminalFromHeaders(headers: Headers, prefix: string): Partial<TerminalInfo> {
  const out: Partial<TerminalInfo> = {};
  for (const field of TERMINAL_INFO_FIELDS) {
    const value = headers.get(prefix + field);
    if (value === null) continue;
    const name = prefix + field;
    if (field === "nonce") out.nonce = castNonce(value, name);
    else if (field === "status_code" || field === "port" || field === "version") out[field] = castInt(value, name);
    else if (field === "process_time") out.process_time = castFloat(value, name);
    else out[field] = value;
  }
  return out;
}
