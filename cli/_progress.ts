/**
 * A transfer's progress line on standard error: bytes done / total and the rate, redrawn in place
 * with `\r`, shown only on a terminal and only once the transfer has taken longer than a second.
 *
 * @module
 */
import type { CliIo } from "./command.ts";

/**
 * Formats a byte count for people: `512 B`, `1.5 KB`, `20.0 MB` (powers of 1000).
 *
 * @example
 * ```ts
 * import { formatBytes } from "./_progress.ts";
 * console.assert(formatBytes(20_000_000) === "20.0 MB");
 * ```
 */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * One progress line: `label 5.0 MB / 20.0 MB (25%)  2.5 MB/s  2.0 s`.
 *
 * @param label what is moving, such as `storing`
 * @param bytesDone bytes done so far
 * @param bytesTotal the bytes in all, when known
 * @param seconds seconds since the transfer began
 * @example
 * ```ts
 * import { formatProgress } from "./_progress.ts";
 * console.assert(formatProgress("retrieving", 5e6, 2e7, 2) === "retrieving 5.0 MB / 20.0 MB (25%)  2.5 MB/s  2.0 s");
 * ```
 */
export function formatProgress(
  label: string,
  bytesDone: number,
  bytesTotal: number | undefined,
  seconds: number,
): string {
  const of = bytesTotal === undefined
    ? ""
    : ` / ${formatBytes(bytesTotal)}${bytesTotal > 0 ? ` (${Math.floor((100 * bytesDone) / bytesTotal)}%)` : ""}`;
  const rate = seconds > 0 ? `${formatBytes(Math.round(bytesDone / seconds))}/s` : "-";
  return `${label} ${formatBytes(bytesDone)}${of}  ${rate}  ${seconds.toFixed(1)} s`;
}

/** A progress line's handle: feed it updates, then end it. */
export interface ProgressLine {
  /** Records bytes done and the total (redrawn at the next tick). */
  update(bytesDone: number, bytesTotal: number | undefined): void;
  /** Stops redrawing and moves past the line, if one was drawn. */
  end(): void;
}

/**
 * Starts a progress line on standard error. It draws nothing unless `io.isTerminal` is set and
 * `io.writeStderr` exists (so never in pipes, tests or `--json`), and nothing before `afterMs`.
 *
 * @param io where to draw
 * @param label what is moving, such as `storing`
 * @param options `afterMs` (default 1000) and `tickMs` (default 250)
 * @example
 * ```ts ignore
 * import { progressLine } from "./_progress.ts";
 * const line = progressLine(io, "retrieving");
 * line.update(5_000_000, 20_000_000);
 * line.end();
 * ```
 */
export function progressLine(
  io: CliIo,
  label: string,
  options: { afterMs?: number; tickMs?: number } = {},
): ProgressLine {
  const write = io.writeStderr;
  if (!io.isTerminal || !write) return { update() {}, end() {} };
  const encoder = new TextEncoder();
  const started = performance.now();
  let done = 0;
  let total: number | undefined;
  let updated = false;
  let drawn = false;
  const draw = () => {
    const elapsed = performance.now() - started;
    if (!updated || elapsed < (options.afterMs ?? 1000)) return;
    drawn = true;
    write(encoder.encode(`\r\x1b[2K${formatProgress(label, done, total, elapsed / 1000)}`));
  };
  const timer = setInterval(draw, options.tickMs ?? 250);
  return {
    update(bytesDone, bytesTotal) {
      done = bytesDone;
      total = bytesTotal;
      updated = true;
    },
    end() {
      clearInterval(timer);
      if (drawn) {
        draw();
        write(encoder.encode("\n"));
      }
    },
  };
}
