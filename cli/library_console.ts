/**
 * Third-party libraries (`@polkadot/api` and its `RPC-CORE:`, `API-WS:`, `API/INIT:` lines) write to
 * the console directly. The CLI routes those lines through its own logger at debug, so a failed
 * extrinsic prints one clear error instead of a `RPC-CORE: submitAndWatchExtrinsic … 1010` line first.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";

type ConsoleMethod = "log" | "info" | "warn" | "error" | "debug";
const METHODS: readonly ConsoleMethod[] = ["log", "info", "warn", "error", "debug"];
const ROUTED = Symbol.for("subnet.cli.routedConsole");

/** `@polkadot/util`'s logger calls `console.x("YYYY-MM-DD HH:MM:SS", "      ORIGIN:", …values)`. */
function polkadotLine(args: readonly unknown[]): { source: string; message: string } | undefined {
  if (args.length < 2 || typeof args[0] !== "string" || typeof args[1] !== "string") return undefined;
  if (!/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(args[0])) return undefined;
  const origin = /^\s*([A-Z0-9][A-Z0-9/_-]*):$/.exec(args[1]);
  if (!origin) return undefined;
  const message = args.slice(2).map((v) => v instanceof Error ? v.message : typeof v === "string" ? v : String(v))
    .join(" ");
  return { source: origin[1], message };
}

/**
 * Sends `@polkadot`-style console lines to `logger.debug("library.log", …)` until the returned
 * function is called; every other console line passes through unchanged.
 *
 * @example
 * ```ts
 * import { routeLibraryConsole } from "./library_console.ts";
 * const seen: string[] = [];
 * const restore = routeLibraryConsole({
 *   debug: (_e, f) => void seen.push(String(f?.source)), info() {}, warn() {}, error() {},
 * });
 * console.error("2026-01-01 00:00:00", "        RPC-CORE:", "1010: Invalid Transaction");
 * restore();
 * console.assert(seen[0] === "RPC-CORE");
 * ```
 */
export function routeLibraryConsole(logger: Logger): () => void {
  // Already routed by an outer run (runCli inside runCli, or two in one test process): keep that one.
  if (ROUTED in console.error) return () => {};
  const saved = new Map<ConsoleMethod, (...args: unknown[]) => void>();
  for (const method of METHODS) {
    const original = console[method];
    saved.set(method, original);
    console[method] = Object.assign((...args: unknown[]) => {
      const line = polkadotLine(args);
      if (line) logger.debug("library.log", line);
      else original.apply(console, args);
    }, { [ROUTED]: true });
  }
  return () => {
    for (const [method, original] of saved) console[method] = original;
  };
}
