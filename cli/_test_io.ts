/**
 * A `CliIo` for tests: collects what a command prints.
 *
 * @module
 */
import type { CliIo } from "./command.ts";

/** A capturing `CliIo`: `out` holds standard output lines, `err` standard error lines. */
export type CapturedIo = CliIo & { out: string[]; err: string[] };

/**
 * Makes a capturing `CliIo` with the given environment and signal.
 *
 * @example
 * ```ts
 * import { captureIo } from "./_test_io.ts";
 * const io = captureIo();
 * io.print("hi");
 * console.assert(io.out[0] === "hi");
 * ```
 */
export function captureIo(
  env: Record<string, string> = {},
  signal: AbortSignal = new AbortController().signal,
): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    print: (line) => void out.push(line),
    error: (line) => void err.push(line),
    writeStdout: () => Promise.resolve(),
    env,
    signal,
  };
}
