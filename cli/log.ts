/**
 * The console logger the CLI installs: `level event key=value …` lines on standard error, or
 * one JSON object per line with `--logging.json`. Library code only sees the `Logger` interface.
 *
 * @module
 */
import type { LogFields, Logger } from "../protocol/logger.ts";

/** How the console logger writes. */
export interface ConsoleLoggerOptions {
  /** Print debug events. */
  debug?: boolean;
  /** One JSON object per line. */
  json?: boolean;
  /** Where lines go (default: standard error). */
  write?: (line: string) => void;
  /** The clock (default `Date.now`). */
  now?: () => number;
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return /[\s="]/.test(value) || value === "" ? JSON.stringify(value) : value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return JSON.stringify(value.message);
  return JSON.stringify(value) ?? String(value);
}

/**
 * Creates the CLI's logger.
 *
 * @example
 * ```ts
 * import { consoleLogger } from "./log.ts";
 * const lines: string[] = [];
 * consoleLogger({ write: (l) => lines.push(l), now: () => 0 }).info("axon.start", { port: 1 });
 * console.assert(lines[0].includes("axon.start port=1"));
 * ```
 */
export function consoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => console.error(line));
  const now = options.now ?? Date.now;
  const emit = (level: string) => (event: string, fields: LogFields = {}) => {
    const time = new Date(now()).toISOString();
    if (options.json) {
      write(JSON.stringify({ time, level, event, ...fields }, (_k, v) => typeof v === "bigint" ? v.toString() : v));
    } else {
      const kv = Object.entries(fields).map(([k, v]) => `${k}=${formatValue(v)}`).join(" ");
      write(`${time} ${level.padEnd(5)} ${event}${kv ? ` ${kv}` : ""}`);
    }
  };
  const ignore = () => {};
  return {
    debug: options.debug ? emit("debug") : ignore,
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
  };
}
