/**
 * File-system helpers shared by every runtime. Library code uses `node:fs/promises` and
 * `node:path` (Deno, Node and Bun all provide them); this module adds what those lack.
 *
 * @module
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Whether `error` says that a path does not exist (`ENOENT`, as `node:fs` reports it on every runtime).
 *
 * @example
 * ```ts
 * import { readFile } from "node:fs/promises";
 * import { isNotFound } from "./fs.ts";
 * const missing = await readFile("/does/not/exist").then(() => false, isNotFound);
 * console.assert(missing);
 * ```
 */
export function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "ENOENT";
}

/**
 * Creates a new folder under the system's temporary folder and returns its path.
 *
 * @example
 * ```ts
 * import { rm } from "node:fs/promises";
 * import { makeTempDir } from "./fs.ts";
 * const dir = await makeTempDir("example-");
 * await rm(dir, { recursive: true });
 * ```
 */
export async function makeTempDir(prefix = "subnet-"): Promise<string> {
  return await mkdtemp(join(tmpdir(), prefix));
}
