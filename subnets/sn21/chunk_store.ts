/**
 * A content-addressed store on disk with expiry: what a Subnet 21 miner keeps. Each blob lives at
 * `<dir>/<cid>` and its expiry beside it in `<dir>/<cid>.meta`; writes are atomic and durable
 * (`runtime/atomic_file.ts`, temps of a killed writer are swept on open), and a blob is only ever
 * returned after its bytes hash to its CID, so a corrupted file (blob or expiry) is reported as
 * `corrupt`, never served and never read as missing.
 *
 * @module
 */
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { isNotFound } from "../../runtime/fs.ts";
import { sweepStaleTempsIn, writeFileAtomic as writeAtomic } from "../../runtime/atomic_file.ts";
import { cidFor, matchesCid } from "./cid.ts";

/** Options of a chunk store. */
export interface ChunkStoreOptions {
  /** The folder blobs live in (created when missing). */
  dir: string;
  /** The clock, in ms (default `Date.now`). */
  now?: () => number;
  /** Largest blob accepted, in bytes (default 64 MiB). */
  blobBytesMax?: number;
  /** Longest time to live accepted, in seconds (default 30 days). */
  ttlSecondsMax?: number;
}

/** What `get` finds. */
export type ChunkLookup =
  | { status: "found"; data: Uint8Array }
  | { status: "missing" }
  | { status: "corrupt" };

/** A content-addressed blob store on disk with per-blob time to live. */
export interface ChunkStore {
  /** Stores `data` for `ttlSeconds` and returns its CID; storing the same bytes again extends the expiry. */
  put(data: Uint8Array, ttlSeconds: number): Promise<string>;
  /** Looks a blob up by CID; expired blobs are missing, and a blob whose bytes no longer match is corrupt. */
  get(cid: string): Promise<ChunkLookup>;
  /** Removes expired blobs; returns how many. */
  sweep(): Promise<number>;
}

const CID_SHAPE = /^b[a-z2-7]{58}$/;

/** Why an expiry could not be read. */
const CORRUPT = Symbol("corrupt");

/**
 * Opens (or creates) a chunk store.
 *
 * @example
 * ```ts
 * import { openChunkStore } from "./chunk_store.ts";
 * import { makeTempDir } from "../../runtime/fs.ts";
 * const store = await openChunkStore({ dir: await makeTempDir() });
 * const cid = await store.put(new TextEncoder().encode("hi"), 60);
 * console.assert((await store.get(cid)).status === "found");
 * ```
 */
export async function openChunkStore(options: ChunkStoreOptions): Promise<ChunkStore> {
  const now = options.now ?? Date.now;
  const blobBytesMax = options.blobBytesMax ?? 64 * 1024 * 1024;
  const ttlSecondsMax = options.ttlSecondsMax ?? 30 * 24 * 3600;
  const dir = options.dir;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await sweepStaleTempsIn(dir);

  /** The expiry of `cid`: `undefined` when it has none, {@link CORRUPT} when its file does not parse. */
  async function expiry(cid: string): Promise<number | undefined | typeof CORRUPT> {
    let text: string;
    try {
      text = await readFile(`${dir}/${cid}.meta`, "utf8");
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    try {
      const expiresAtMs = JSON.parse(text).expiresAtMs;
      return typeof expiresAtMs === "number" && Number.isFinite(expiresAtMs) ? expiresAtMs : CORRUPT;
    } catch {
      return CORRUPT;
    }
  }

  async function remove(cid: string): Promise<void> {
    await rm(`${dir}/${cid}`, { force: true }).catch(() => {});
    await rm(`${dir}/${cid}.meta`, { force: true }).catch(() => {});
  }

  return {
    async put(data, ttlSeconds) {
      if (data.length > blobBytesMax) {
        throw new RangeError(`Cannot store ${data.length} bytes: the limit is ${blobBytesMax}`);
      }
      if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
        throw new RangeError(`Cannot store with ttl ${ttlSeconds}: it must be a positive number of seconds`);
      }
      const cid = cidFor(data);
      const expiresAtMs = now() + Math.min(ttlSeconds, ttlSecondsMax) * 1000;
      const current = await expiry(cid);
      // A corrupt entry is rewritten whole: the bytes at hand hash to its CID.
      if (current === undefined || current === CORRUPT) await writeAtomic(`${dir}/${cid}`, data);
      if (current === undefined || current === CORRUPT || current < expiresAtMs) {
        await writeAtomic(`${dir}/${cid}.meta`, JSON.stringify({ expiresAtMs }));
      }
      return cid;
    },
    async get(cid) {
      if (!CID_SHAPE.test(cid)) return { status: "missing" };
      const expiresAtMs = await expiry(cid);
      if (expiresAtMs === CORRUPT) return { status: "corrupt" };
      if (expiresAtMs === undefined || expiresAtMs <= now()) return { status: "missing" };
      let data: Uint8Array;
      try {
        data = new Uint8Array(await readFile(`${dir}/${cid}`));
      } catch {
        return { status: "missing" };
      }
      return matchesCid(data, cid) ? { status: "found", data } : { status: "corrupt" };
    },
    async sweep() {
      let removed = 0;
      for (const name of await readdir(dir)) {
        if (!name.endsWith(".meta")) continue;
        const cid = name.slice(0, -5);
        const expiresAtMs = await expiry(cid);
        // A corrupt expiry cannot be honoured: the entry goes, as an expired one does.
        if (expiresAtMs === undefined || expiresAtMs === CORRUPT || expiresAtMs <= now()) {
          await remove(cid);
          removed++;
        }
      }
      return removed;
    },
  };
}
