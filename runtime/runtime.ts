/**
 * Which JavaScript runtime the library runs on, and the few facts about the host it needs, without
 * touching `Deno.*`, `Bun.*` or `process` outside this folder.
 *
 * @module
 */
import { availableParallelism } from "node:os";

/** The runtimes the library supports. */
export type RuntimeName = "deno" | "bun" | "node";

/**
 * The runtime this code runs on: Deno and Bun announce themselves with a global; anything else is
 * taken for Node.
 *
 * @example
 * ```ts
 * import { runtimeName } from "./runtime.ts";
 * console.assert(runtimeName() === "deno");
 * ```
 */
export function runtimeName(): RuntimeName {
  if ("Deno" in globalThis) return "deno";
  if ("Bun" in globalThis) return "bun";
  return "node";
}

/**
 * The number of CPU cores this process may use (`navigator.hardwareConcurrency` is missing on Node 20).
 *
 * @example
 * ```ts
 * import { cpuCount } from "./runtime.ts";
 * console.assert(cpuCount() >= 1);
 * ```
 */
export function cpuCount(): number {
  return Math.max(1, availableParallelism());
}
