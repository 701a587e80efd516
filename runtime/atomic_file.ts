/**
 * The one way this project writes a state file: atomically and durably. A write goes to a
 * uniquely named temp file in the same folder (`.<name>.<random>.tmp`), which is fsynced, renamed
 * over the target, and then the folder is fsynced, so after a crash or `kill -9` at any point the
 * file holds either the old content or the new, never part of one, and a finished write survives a
 * power cut. Two writers of one file never share a temp name. {@link sweepStaleTemps} removes the
 * temps a killed writer left behind; call it at start, before the first write.
 *
 * Built on `node:fs/promises` and `node:path` only, so it runs unchanged on Deno, Node and Bun.
 *
 * @module
 */
import { chmod, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * Permission bits of the file (set exactly, whatever the umask).
   * @default {0o600} owner read/write, as key and state files need
   */
  readonly mode?: number;
}

const TEMP_SUFFIX = ".tmp";

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The temp name of one write of `path`: hidden, unique, in the same folder. */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomHex(8)}${TEMP_SUFFIX}`);
}

/** Whether `name` is a temp of the file named `base`: ours, or one of the layouts older code used. */
function isTempOf(name: string, base: string): boolean {
  if (name.startsWith(`${base}.tmp-`)) return true; // devnet --state before this helper
  if (!name.endsWith(TEMP_SUFFIX)) return false;
  return name.startsWith(`.${base}.`) || name.startsWith(`${base}.`);
}

async function fsyncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, "r");
  } catch (err) {
    // Windows cannot open a folder; its rename is already durable (MoveFileEx with write-through).
    if (isCode(err, "EISDIR", "EPERM", "EACCES")) return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!isCode(err, "EINVAL", "EBADF", "EPERM")) throw err; // file systems that cannot sync folders
  } finally {
    await handle.close();
  }
}

function isCode(err: unknown, ...codes: string[]): boolean {
  return typeof err === "object" && err !== null && codes.includes((err as { code?: string }).code ?? "");
}

/**
 * Writes `data` to `path` atomically and durably: a unique temp file in the same folder, write,
 * fsync, rename, fsync the folder. The folder must exist.
 *
 * @param path the file to replace (or create)
 * @param data bytes, or text written as UTF-8
 * @param options `mode` (default 0o600)
 * @example
 * ```ts
 * import { readFile, mkdtemp } from "node:fs/promises";
 * import { writeFileAtomic } from "./atomic_file.ts";
 * const dir = await mkdtemp("/tmp/atomic-");
 * await writeFileAtomic(`${dir}/state.json`, '{"step":1}');
 * console.assert((await readFile(`${dir}/state.json`, "utf8")) === '{"step":1}');
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const mode = options.mode ?? 0o600;
  const temp = tempPath(path);
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  try {
    const handle = await open(temp, "wx", mode);
    try {
      let written = 0;
      while (written < bytes.length) {
        written += (await handle.write(bytes, written, bytes.length - written)).bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(temp, mode);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => {});
    throw err;
  }
  await fsyncFolder(dirname(path));
}

/**
 * Removes the temp files that writers of `path` killed mid-write left in its folder; returns the
 * names removed. Call it at start, before writing `path`, never while another process writes it.
 *
 * @example
 * ```ts
 * import { mkdtemp, writeFile } from "node:fs/promises";
 * import { sweepStaleTemps } from "./atomic_file.ts";
 * const dir = await mkdtemp("/tmp/atomic-");
 * await writeFile(`${dir}/.state.json.0123456789abcdef.tmp`, "half");
 * console.assert((await sweepStaleTemps(`${dir}/state.json`)).length === 1);
 * ```
 */
export async function sweepStaleTemps(path: string): Promise<string[]> {
  return await sweepFolder(dirname(path), (name) => isTempOf(name, basename(path)));
}

/**
 * Removes every temp file {@link writeFileAtomic} may have left in `dir` (for stores that keep many
 * files in one folder); returns the names removed. A missing folder has none.
 *
 * @example
 * ```ts
 * import { mkdtemp } from "node:fs/promises";
 * import { sweepStaleTempsIn } from "./atomic_file.ts";
 * console.assert((await sweepStaleTempsIn(await mkdtemp("/tmp/atomic-"))).length === 0);
 * ```
 */
export async function sweepStaleTempsIn(dir: string): Promise<string[]> {
  return await sweepFolder(dir, (name) => name.endsWith(TEMP_SUFFIX) && /\.[0-9a-f-]{16,36}\.tmp$/.test(name));
}

async function sweepFolder(dir: string, stale: (name: string) => boolean): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (isCode(err, "ENOENT")) return [];
    throw err;
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!stale(name)) continue;
    await rm(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Reads a state file written by {@linkcode writeFileAtomic}, after sweeping the temps a killed
 * writer left beside it; `null` when the file does not exist.
 *
 * @example
 * ```ts
 * import { readFileIfPresent } from "./atomic_file.ts";
 * console.assert((await readFileIfPresent("/nonexistent/state.json")) === null);
 * ```
 */
export async function readFileIfPresent(path: string): Promise<string | null> {
  await sweepStaleTemps(path);
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    if ((err as { code?: string }).code === "ENOENT") return null;
    throw err;
  }
}
