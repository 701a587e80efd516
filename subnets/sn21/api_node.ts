/**
 * A Subnet 21 API node (what upstream's `neurons/api.py` runs on validators): answers `StoreUser`
 * by splitting the bytes into chunks and replicating each to several miners (`StoreChunk`), keeps
 * the file's metadata on disk (atomically), and answers `RetrieveUser` by fetching every chunk from
 * one of its holders (`RetrieveChunk`), trying the next holder when one is down or returns bytes that
 * do not hash to the chunk's CID, and checking the whole file's CID before answering.
 *
 * Status codes: invalid base64 or CID 400, unknown or expired CID 404, not enough reachable miners
 * 503. Access is open (upstream's `--api.open_access`): any caller with a valid signature.
 *
 * Differences from upstream on purpose: the `StoreUser` answer does not echo `encrypted_data` back
 * (upstream returns the whole upload, ~1.4 MB per MiB; clients read only `data_hash`); the user's
 * `ttl` is honoured (clamped to `ttlSecondsMax`; upstream ignores it); the reassembled bytes are
 * checked against the CID before they are returned; and the node does not re-encrypt with its own
 * wallet (chunks are content-addressed and verified instead).
 *
 * @module
 */
import { mkdir, readFile } from "node:fs/promises";
import { isNotFound } from "../../runtime/fs.ts";
import type { Axon } from "../../neurons/axon.ts";
import { AxonReject } from "../../neurons/axon.ts";
import type { AxonTarget, Dendrite } from "../../neurons/dendrite.ts";
import type { Logger } from "../../protocol/logger.ts";
import { silentLogger } from "../../protocol/logger.ts";
import type { Synapse } from "../../protocol/synapse.ts";
import { fromBase64, toBase64 } from "./_base64.ts";
import { withNonceRetry } from "./_retry.ts";
import { sweepStaleTempsIn, writeFileAtomic } from "../../runtime/atomic_file.ts";
import { cidDigest, cidFor, matchesCid } from "./cid.ts";
import {
  RetrieveChunk,
  type RetrieveChunkSynapse,
  RetrieveUser,
  StoreChunk,
  type StoreChunkSynapse,
  StoreUser,
} from "./protocol.ts";

/** The largest request body an API node should accept, in bytes (a 16 MiB file is ~22.4 MB as JSON). */
export const SN21_API_BODY_BYTES_MAX = 96 * 1024 * 1024;

/** Options of {@linkcode createApiNode}. */
export interface ApiNodeOptions {
  /** The validator's dendrite (reaches the miners). */
  dendrite: Dendrite;
  /** The current miners' axons. The node's own hotkey is skipped. */
  minerAxons: () => readonly AxonTarget[];
  /** Where file metadata lives (`<dataDir>/sn21-api/<cid>.json`). */
  dataDir: string;
  /** Bytes per chunk. @default 1 MiB */
  chunkBytes?: number;
  /** Miners each chunk is stored on. @default 2 */
  replicas?: number;
  /** Seconds a miner call may take. @default 10 */
  minerTimeout?: number;
  /** Chunks moved at once per request. @default 4 */
  chunkConcurrencyMax?: number;
  /** Largest file accepted, in bytes. @default 64 MiB */
  fileBytesMax?: number;
  /** Longest time to live, in seconds; longer requests are clamped. @default 30 days */
  ttlSecondsMax?: number;
  /** The clock in Unix ms. @default Date.now */
  now?: () => number;
  /** Structured logs (`sn21.stored`, `sn21.chunk_bad`). */
  logger?: Logger;
}

/** What the node keeps about one stored file. */
export interface StoredFile {
  /** The file's CID. */
  cid: string;
  /** Its size in bytes. */
  size: number;
  /** The user's encryption payload, returned on retrieve. */
  encryptionPayload: string;
  /** When it expires, Unix ms. */
  expiresAtMs: number;
  /** Its chunks in order, with the hotkeys of the miners holding each. */
  chunks: { cid: string; size: number; holders: string[] }[];
}

/** An SN21 API node. */
export interface ApiNode {
  /** Attaches `StoreUser` and `RetrieveUser` (open access) to `axon`. */
  attach(axon: Axon): Axon;
  /** Stores bytes and returns the CID. Throws `AxonReject` with the status to answer. */
  store(data: Uint8Array, payload: string, ttlSeconds: number): Promise<string>;
  /** Returns a file's bytes and payload. Throws `AxonReject` with the status to answer. */
  retrieve(cid: string): Promise<{ data: Uint8Array; payload: string }>;
  /** Reads a file's metadata, or `undefined`. */
  metadata(cid: string): Promise<StoredFile | undefined>;
}

const DAY_S = 24 * 3600;

async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function status(r: { dendrite: { status_code: number | null; status_message: string | null } }): string {
  return `${r.dendrite.status_code ?? "?"} ${(r.dendrite.status_message ?? "").slice(0, 120)}`.trim();
}

/**
 * Creates an API node.
 *
 * @example
 * ```ts ignore
 * import { createApiNode } from "./api_node.ts";
 * createApiNode({ dendrite, minerAxons: () => miners, dataDir: "/var/lib/sn21" }).attach(axon);
 * ```
 */
export function createApiNode(options: ApiNodeOptions): ApiNode {
  const { dendrite } = options;
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  const replicas = options.replicas ?? 2;
  const minerTimeout = options.minerTimeout ?? 10;
  const concurrency = options.chunkConcurrencyMax ?? 4;
  const fileBytesMax = options.fileBytesMax ?? 64 * 1024 * 1024;
  const ttlSecondsMax = options.ttlSecondsMax ?? 30 * DAY_S;
  const now = options.now ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const dir = `${options.dataDir}/sn21-api`;
  let ready: Promise<void> | undefined;
  const ensureDir = () =>
    ready ??= mkdir(dir, { recursive: true, mode: 0o700 }).then(async () => {
      const swept = await sweepStaleTempsIn(dir);
      if (swept.length) logger.info("sn21.temps_swept", { dir, removed: swept.length });
    });

  // Python axons refuse a nonce lower than the last one seen from this dendrite, so calls to one
  // miner must arrive in the order they were signed: one call in flight per miner.
  const lanes = new Map<string, Promise<unknown>>();
  function inLane<R>(hotkey: string, work: () => Promise<R>): Promise<R> {
    const previous = lanes.get(hotkey) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(() => {}, () => {});
    lanes.set(hotkey, settled);
    settled.then(() => lanes.get(hotkey) === settled && lanes.delete(hotkey));
    return run;
  }

  /**
   * Calls a miner in its lane, once more after a nonce race (the validator's own steps share this
   * dendrite). A miner that already failed during this request (`failed`) is not called again.
   */
  function callMiner<S extends Synapse<object>>(
    axon: AxonTarget,
    failed: Set<string>,
    call: () => Promise<S>,
  ): Promise<S | undefined> {
    return inLane(axon.hotkey, async () => {
      if (failed.has(axon.hotkey)) return undefined;
      const r = await withNonceRetry(call);
      if (r.dendrite.status_code !== 200) failed.add(axon.hotkey);
      return r;
    });
  }

  function miners(): AxonTarget[] {
    const seen = new Set<string>([dendrite.hotkey]);
    return options.minerAxons().filter((a) => !seen.has(a.hotkey) && seen.add(a.hotkey) && a.port > 0);
  }

  /** A file's metadata; `undefined` when absent. A file that does not parse is an error naming it. */
  async function metadata(cid: string): Promise<StoredFile | undefined> {
    const path = `${dir}/${cid}.json`;
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    try {
      const file = JSON.parse(text) as StoredFile;
      if (typeof file?.expiresAtMs !== "number" || !Array.isArray(file.chunks)) throw new TypeError("fields missing");
      return file;
    } catch (err) {
      logger.error("sn21.metadata_corrupt", { path, error: String(err) });
      throw new AxonReject(500, `Cannot read the metadata of ${cid}: its file on this API node is corrupt`);
    }
  }

  async function placeChunk(chunk: Uint8Array, index: number, ttl: number, all: AxonTarget[], failed: Set<string>) {
    const cid = cidFor(chunk);
    const request = StoreChunk.create({ data: toBase64(chunk), cid, ttl });
    const order = all.map((_, j) => all[(index + j) % all.length]);
    const holders: string[] = [];
    const failures: string[] = [];
    let next = 0;
    while (holders.length < replicas && next < order.length) {
      const batch = order.slice(next, next + replicas - holders.length);
      next += batch.length;
      const results = await Promise.all(
        batch.map((axon) =>
          callMiner(axon, failed, () =>
            dendrite.query(axon, request, {
              type: StoreChunk,
              timeout: minerTimeout,
              deserialize: false,
            }) as Promise<StoreChunkSynapse>)
        ),
      );
      results.forEach((r, j) => {
        if (r?.dendrite.status_code === 200) holders.push(batch[j].hotkey);
        else failures.push(`${batch[j].hotkey.slice(0, 8)}: ${r ? status(r) : "failed earlier in this request"}`);
      });
    }
    if (holders.length < Math.min(replicas, all.length) || holders.length === 0) {
      throw new AxonReject(
        503,
        `Cannot store chunk ${index}: ${holders.length} of ${replicas} miners took it (${failures.join("; ")})`,
      );
    }
    return { cid, size: chunk.length, holders };
  }

  async function store(data: Uint8Array, payload: string, ttlSeconds: number): Promise<string> {
    if (data.length > fileBytesMax) {
      throw new AxonReject(413, `Cannot store ${data.length} bytes: the limit is ${fileBytesMax}`);
    }
    await ensureDir();
    const cid = cidFor(data);
    const known = await metadata(cid);
    if (known && known.expiresAtMs > now()) return cid;
    const all = miners();
    if (all.length === 0) throw new AxonReject(503, "Cannot store: this API node sees no miners to hold the data");
    const ttl = Math.min(Math.max(1, Math.floor(ttlSeconds)), ttlSecondsMax);
    const count = Math.max(1, Math.ceil(data.length / chunkBytes));
    const starts = Array.from({ length: count }, (_, i) => i * chunkBytes);
    const failed = new Set<string>();
    const chunks = await mapLimit(
      starts,
      concurrency,
      (start, i) => placeChunk(data.subarray(start, start + chunkBytes), i, ttl, all, failed),
    );
    const file: StoredFile = {
      cid,
      size: data.length,
      encryptionPayload: payload,
      expiresAtMs: now() + ttl * 1000,
      chunks,
    };
    await writeFileAtomic(`${dir}/${cid}.json`, JSON.stringify(file));
    logger.info("sn21.stored", { cid, bytes: data.length, chunks: count });
    return cid;
  }

  async function fetchChunk(
    chunk: StoredFile["chunks"][number],
    index: number,
    byHotkey: Map<string, AxonTarget>,
    failed: Set<string>,
  ): Promise<Uint8Array> {
    const failures: string[] = [];
    for (let j = 0; j < chunk.holders.length; j++) {
      const hotkey = chunk.holders[(index + j) % chunk.holders.length];
      const axon = byHotkey.get(hotkey);
      if (!axon) {
        failures.push(`${hotkey.slice(0, 8)}: not in the metagraph`);
        continue;
      }
      const r = await callMiner(axon, failed, () =>
        dendrite.query(axon, RetrieveChunk.create({ cid: chunk.cid }), {
          type: RetrieveChunk,
          timeout: minerTimeout,
          deserialize: false,
        }) as Promise<RetrieveChunkSynapse>);
      if (!r) {
        failures.push(`${hotkey.slice(0, 8)}: failed earlier in this request`);
        continue;
      }
      const bytes = r.dendrite.status_code === 200 && r.data !== null ? fromBase64(r.data) : undefined;
      if (bytes && matchesCid(bytes, chunk.cid)) return bytes;
      if (bytes) {
        failed.add(hotkey);
        logger.warn("sn21.chunk_bad", { chunk: chunk.cid, miner: hotkey });
      }
      failures.push(`${hotkey.slice(0, 8)}: ${bytes ? "returned corrupt bytes" : status(r)}`);
    }
    throw new AxonReject(
      503,
      `Cannot retrieve chunk ${index} (${chunk.cid}): no holder returned it (${failures.join("; ")})`,
    );
  }

  async function retrieve(cid: string): Promise<{ data: Uint8Array; payload: string }> {
    try {
      cidDigest(cid);
    } catch (error) {
      throw new AxonReject(400, `Improperly formatted request. ${(error as Error).message}`);
    }
    const file = await metadata(cid);
    if (!file || file.expiresAtMs <= now()) throw new AxonReject(404, `Data ${cid} not found on this API node`);
    const byHotkey = new Map(miners().map((a) => [a.hotkey, a]));
    const failed = new Set<string>();
    const parts = await mapLimit(file.chunks, concurrency, (chunk, i) => fetchChunk(chunk, i, byHotkey, failed));
    const data = new Uint8Array(file.size);
    let at = 0;
    for (const part of parts) {
      data.set(part, at);
      at += part.length;
    }
    if (at !== file.size || !matchesCid(data, cid)) {
      throw new AxonReject(500, `Cannot retrieve ${cid}: the reassembled bytes do not match it`);
    }
    return { data, payload: file.encryptionPayload };
  }

  return {
    store,
    retrieve,
    metadata,
    attach(axon) {
      axon.attach(StoreUser, async (synapse) => {
        const data = fromBase64(synapse.encrypted_data);
        if (!data) {
          throw new AxonReject(400, "Improperly formatted request. StoreUser.encrypted_data is not valid base64");
        }
        const cid = await store(data, synapse.encryption_payload, synapse.ttl ?? 30 * DAY_S);
        return { ...synapse, encrypted_data: "", data_hash: cid };
      });
      axon.attach(RetrieveUser, async (synapse) => {
        const { data, payload } = await retrieve(synapse.data_hash.trim());
        return { ...synapse, encrypted_data: toBase64(data), encryption_payload: payload };
      });
      return axon;
    },
  };
}
