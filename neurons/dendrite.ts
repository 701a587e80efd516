/**
 * The dendrite: signs synapses and sends them to one or many axons at once, merging each answer the
 * way Python's `process_server_response` does (wire-protocol.md §2). A bad axon never makes `query`
 * throw: its result carries a status code and message from Python 7.4+'s client-error table.
 *
 * @module
 */
import { bytesToHex } from "@noble/hashes/utils.js";
import type { Logger } from "../protocol/logger.ts";
import { silentLogger } from "../protocol/logger.ts";
import { PROTOCOL_VERSION } from "../protocol/version.ts";
import type { Keypair } from "../wallet/keypair.ts";
import type { SynapseType } from "./axon.ts";
import { mapClientError, ResponseParseError } from "./dendrite_errors.ts";
import { parseJsonLossless, pyFloat, stringifyJsonLossless, synapseHeaders, TERMINAL_FIELDS } from "./_wire.ts";

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
export interface QueryOptions<T> {
  /** The synapse class. */
  type: SynapseType<T>;
  /** Seconds until a call gives up (408). @default 12 */
  timeout?: number;
  /** Return `type.deserialize(result)` instead of the synapse. @default true */
  deserialize?: boolean;
}

/** Options of {@linkcode createDendrite}. */
export interface DendriteOptions {
  /** The hotkey that signs every request. */
  keypair: Keypair;
  /** The HTTP client. @default globalThis.fetch (keep-alive connection pool) */
  fetch?: typeof fetch;
  /** The clock in Unix ms; nonces are its value in ns, strictly increasing. @default Date.now */
  now?: () => number;
  /** The IP put in `dendrite.ip`. @default "0.0.0.0" */
  externalIp?: string;
  /** Calls in flight at once across all queries; more wait their turn. @default 512 */
  fanOutMax?: number;
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
   * Sends `synapse` to every axon concurrently; results come back in the same order. A single
   * target (not an array) gives a single result.
   */
  query<T>(axons: AxonTarget, synapse: T, options: QueryOptions<T>): Promise<unknown>;
  /**
   * Sends `synapse` to every axon concurrently; results come back in the same order.
   *
   * @param axons the targets
   * @param synapse the request (not mutated)
   * @param options the synapse class, timeout and deserialize flag
   * @returns one result per target
   */
  query<T>(axons: readonly AxonTarget[], synapse: T, options: QueryOptions<T>): Promise<unknown[]>;
  /** Calls one axon and returns the merged synapse (never throws for transport failures). */
  call<T>(axon: AxonTarget, synapse: T, options: QueryOptions<T>): Promise<T>;
}

function terminalOf(value: unknown): Record<string, unknown> {
  const src = value && typeof value === "object" ? value as Record<string, unknown> : {};
  const out: Record<string, unknown> = {};
  for (const f of TERMINAL_FIELDS) out[f] = src[f] ?? null;
  return out;
}

const INT_FIELDS = new Set(["status_code", "port", "version", "nonce"]);

/** Python's `Synapse.from_headers(response.headers)` for the two TerminalInfos (non-null fields only). */
function terminalsFromHeaders(headers: Headers): { axon: Record<string, unknown>; dendrite: Record<string, unknown> } {
  const out = { axon: {} as Record<string, unknown>, dendrite: {} as Record<string, unknown> };
  for (const [key, value] of headers) {
    const side = key.startsWith("bt_header_axon_") ? "axon" : key.startsWith("bt_header_dendrite_") ? "dendrite" : "";
    if (!side) continue;
    const field = key.slice(side === "axon" ? 15 : 19);
    if (!TERMINAL_FIELDS.includes(field)) continue;
    if (INT_FIELDS.has(field)) {
      if (!/^-?\d+$/.test(value.trim())) {
        throw new ResponseParseError(`header ${key} is not an integer: ${JSON.stringify(value.slice(0, 64))}`);
      }
      const big = BigInt(value.trim());
      out[side][field] = field === "nonce" && (big > 9007199254740991n || big < -9007199254740991n) ? big : Number(big);
    } else if (field === "process_time") {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new ResponseParseError(`header ${key} is not a number: ${JSON.stringify(value)}`);
      out[side][field] = n;
    } else {
      out[side][field] = value;
    }
  }
  return out;
}

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
  const uuid = crypto.randomUUID();
  const enc = new TextEncoder();
  let lastNonce = 0n;
  let inFlight = 0;
  const waiting: (() => void)[] = [];

  const nextNonce = (): bigint => {
    const ns = BigInt(Math.floor(now() * 1000)) * 1000n;
    lastNonce = ns > lastNonce ? ns : lastNonce + 1n;
    return lastNonce;
  };

  async function slot(): Promise<() => void> {
    if (inFlight >= fanOutMax) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    return () => {
      inFlight--;
      waiting.shift()?.();
    };
  }

  async function call<T>(axon: AxonTarget, synapse: T, opts: QueryOptions<T>): Promise<T> {
    const { type } = opts;
    const timeout = opts.timeout ?? 12;
    const local = { ...type.dump(synapse) };
    const hash = type.bodyHash(synapse);
    const nonce = nextNonce();
    const message = `${nonce}.${keypair.address}.${axon.hotkey}.${uuid}.${hash}`;
    local.timeout = timeout;
    local.dendrite = {
      ...terminalOf(null),
      ip: externalIp,
      version: PROTOCOL_VERSION,
      nonce,
      uuid,
      hotkey: keypair.address,
      signature: "0x" + bytesToHex(keypair.sign(enc.encode(message))),
    };
    local.axon = { ...terminalOf(null), ip: axon.ip, port: axon.port, hotkey: axon.hotkey };
    const release = await slot();
    const started = performance.now();
    try {
      const response = await doFetch(urlOf(axon, type.name), {
        method: "POST",
        headers: synapseHeaders(local, hash, type.placeholders),
        body: stringifyJsonLossless(local),
        signal: AbortSignal.timeout(Math.max(0, timeout * 1000)),
      });
      const text = await response.text();
      const mime = response.headers.get("content-type") ?? "";
      if (!mime.includes("json")) {
        throw new ResponseParseError(`Attempt to decode JSON with unexpected mimetype: ${mime}`);
      }
      let json: Record<string, unknown>;
      try {
        json = parseJsonLossless(text);
      } catch (error) {
        throw new ResponseParseError((error as Error).message);
      }
      if (!json || typeof json !== "object" || Array.isArray(json)) {
        throw new ResponseParseError("body is not an object");
      }
      const merged = response.status === 200 ? mergeSuccess(type, local, json) : local;
      if (response.status !== 200) {
        merged.axon = {
          ...terminalOf(merged.axon),
          status_code: response.status,
          status_message: json.message ?? null,
        };
      }
      const fromHeaders = terminalsFromHeaders(response.headers);
      for (const side of ["dendrite", "axon"] as const) {
        const t = terminalOf(merged[side]);
        for (const [k, v] of Object.entries(fromHeaders[side])) t[k] = v;
        merged[side] = t;
      }
      const axonT = merged.axon as Record<string, unknown>;
      const dendriteT = merged.dendrite as Record<string, unknown>;
      dendriteT.status_code = axonT.status_code;
      dendriteT.status_message = axonT.status_message;
      dendriteT.process_time = (performance.now() - started) / 1000;
      return type.fromBody(merged);
    } catch (error) {
      const failure = mapClientError(error, {
        ip: axon.ip,
        port: axon.port,
        name: type.name,
        timeoutText: pyFloat(timeout),
      });
      logger.debug("dendrite.call_failed", { target: `${axon.ip}:${axon.port}`, status: failure.statusCode });
      local.dendrite = {
        ...(local.dendrite as Record<string, unknown>),
        status_code: failure.statusCode,
        status_message: failure.statusMessage,
      };
      return type.fromBody(local);
    } finally {
      release();
    }
  }

  async function query<T>(
    axons: AxonTarget | readonly AxonTarget[],
    synapse: T,
    opts: QueryOptions<T>,
  ): Promise<unknown> {
    const deserialize = opts.deserialize ?? true;
    const one = async (axon: AxonTarget) => {
      const result = await call(axon, synapse, opts);
      return deserialize && opts.type.deserialize ? opts.type.deserialize(result) : result;
    };
    if (!Array.isArray(axons)) return one(axons as AxonTarget);
    return await Promise.all((axons as readonly AxonTarget[]).map(one));
  }

  return { uuid, hotkey: keypair.address, query: query as Dendrite["query"], call };
}

/** Python: `server = Cls(**json)`; every key of the local dump takes the server's value. */
function mergeSuccess<T>(
  type: SynapseType<T>,
  local: Record<string, unknown>,
  json: Record<string, unknown>,
): Record<string, unknown> {
  let server: Record<string, unknown>;
  try {
    server = type.dump(type.fromBody(json));
  } catch (error) {
    throw new ResponseParseError((error as Error).message);
  }
  const merged: Record<string, unknown> = {};
  for (const key of Object.keys(local)) {
    merged[key] = key === "computed_body_hash" ? local[key] : server[key];
  }
  return merged;
}
