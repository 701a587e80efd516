/**
 * Private file helpers: owner-only folders and atomic owner-only writes.
 *
 * @module
 */
import { chmod, lstat, mkdir } from "node:fs/promises";
import { isNotFound } from "../runtime/fs.ts";
import { sweepStaleTemps, writeFileAtomic as writeAtomic } from "../runtime/atomic_file.ts";

/** Mode of key files (owner read/write), as Python writes them. */
export const FILE_MODE = 0o600;
/** Mode of folders we create (owner only). */
export const DIR_MODE = 0o700;

/** Creates `path` and missing parents with mode 0700 (existing folders are left as they are). */
export async function ensureDir(path: string): Promise<void> {
  const missing: string[] = [];
  let p = path;
  while (p && p !== "/" && !(await exists(p))) {
    missing.push(p);
    p = p.slice(0, Math.max(p.lastIndexOf("/"), 0));
  }
  await mkdir(path, { recursive: true, mode: DIR_MODE });
  for (const dir of missing) await chmod(dir, DIR_MODE);
}

/** Whether `path` exists (without following permissions errors into a crash). */
export async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/**
 * Writes `data` to `path` atomically and durably with mode 0600 (`runtime/atomic_file.ts`): a
 * crash leaves either the old file or the new one, never half of one.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  await sweepStaleTemps(path); // what an earlier, killed write of this key left
  await writeAtomic(path, data, { mode: FILE_MODE });
}
