/**
 * A Subnet 21 miner: serves our own `StoreChunk` / `RetrieveChunk` synapses on a content-addressed
 * chunk store. A chunk whose bytes no longer hash to its CID is refused, never served.
 *
 * @module
 */
import type { Axon, BlacklistFn, PriorityFn } from "../../neurons/axon.ts";
import { AxonReject } from "../../neurons/axon.ts";
import type { SynapseBase } from "../../protocol/synapse.ts";
import type { MinerKind } from "../subnet.ts";
import { fromBase64, toBase64 } from "./_base64.ts";
import { matchesCid } from "./cid.ts";
import type { ChunkStore } from "./chunk_store.ts";
import { RetrieveChunk, StoreChunk } from "./protocol.ts";

/** Options of {@linkcode attachChunkMiner}. */
export interface ChunkMinerOptions {
  /** Refuses callers before verification (the runner's: validators only). */
  blacklist?: BlacklistFn;
  /** Orders waiting requests. */
  priority?: PriorityFn<SynapseBase>;
  /** `wrong` returns altered bytes and `slow` answers late (demo miners). @default "honest" */
  kind?: MinerKind;
  /** How much longer than the caller's timeout a `slow` miner takes, in ms. @default 1_000 */
  slowExtraMs?: number;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * Attaches `StoreChunk` and `RetrieveChunk` to a miner's axon, backed by `store`.
 *
 * Status codes: invalid base64 or ttl, or bytes that do not hash to the given CID 400, unknown or expired CID 404, a chunk corrupt on disk 500
 * (the miner's own fault; it is never returned).
 *
 * @example
 * ```ts ignore
 * import { attachChunkMiner } from "./miner.ts";
 * import { openChunkStore } from "./chunk_store.ts";
 * attachChunkMiner(axon, await openChunkStore({ dir: "/var/lib/sn21" }));
 * ```
 */
export function attachChunkMiner(axon: Axon, store: ChunkStore, options: ChunkMinerOptions = {}): Axon {
  const kind = options.kind ?? "honest";
  const slowExtraMs = options.slowExtraMs ?? 1_000;
  const attach = { blacklist: options.blacklist, priority: options.priority };
  axon.attach(StoreChunk, async (synapse, context) => {
    const data = fromBase64(synapse.data);
    if (!data) throw new AxonReject(400, "Improperly formatted request. StoreChunk.data is not valid base64");
    let matches = false;
    try {
      matches = matchesCid(data, synapse.cid);
    } catch {
      throw new AxonReject(400, `Improperly formatted request. StoreChunk.cid is not a CID`);
    }
    if (!matches) throw new AxonReject(400, `Cannot store the chunk: its bytes do not hash to ${synapse.cid}`);
    if (!(synapse.ttl > 0)) {
      throw new AxonReject(400, `Cannot store a chunk with ttl ${synapse.ttl}: it must be positive`);
    }
    if (kind === "slow") await delay(synapse.timeout * 1000 + slowExtraMs, context.signal);
    try {
      await store.put(data, synapse.ttl);
    } catch (error) {
      if (error instanceof RangeError) throw new AxonReject(413, error.message);
      throw error;
    }
    return { ...synapse, data: "" };
  }, attach);
  axon.attach(RetrieveChunk, async (synapse, context) => {
    if (kind === "slow") await delay(synapse.timeout * 1000 + slowExtraMs, context.signal);
    const found = await store.get(synapse.cid);
    if (found.status === "missing") throw new AxonReject(404, `Chunk ${synapse.cid.slice(0, 80)} not found`);
    if (found.status === "corrupt") {
      throw new AxonReject(500, `Chunk ${synapse.cid} is corrupt on this miner's disk; it is not served`);
    }
    const data = kind === "wrong" ? found.data.slice() : found.data;
    if (kind === "wrong" && data.length > 0) data[0] ^= 0xff;
    return { ...synapse, data: toBase64(data) };
  }, attach);
  return axon;
}
