/**
 * The logger interface library code takes. Library code never calls `console.*`; the CLI installs
 * a console logger, and everything is silent by default.
 *
 * @module
 */

/** Structured fields of one log event. Never put secrets here. */
export type LogFields = Record<string, unknown>;

/**
 * A structured logger: one event name (`axon.reject`, `weights.set`) and fields per line.
 *
 * @example
 * ```ts
 * import { silentLogger, type Logger } from "./logger.ts";
 * const log: Logger = silentLogger;
 * log.info("axon.start", { port: 8091 });
 * ```
 */
export interface Logger {
  /** Detail for developers (`--logging.debug`). */
  debug(event: string, fields?: LogFields): void;
  /** Normal operation. */
  info(event: string, fields?: LogFields): void;
  /** Something an operator should look at. */
  warn(event: string, fields?: LogFields): void;
  /** A failure. */
  error(event: string, fields?: LogFields): void;
}

function ignore(_event: string, _fields?: LogFields): void {}

/**
 * A logger that drops everything: the default of every library object.
 *
 * @example
 * ```ts
 * import { silentLogger } from "./logger.ts";
 * silentLogger.warn("nothing.printed");
 * ```
 */
export const silentLogger: Logger = Object.freeze({ debug: ignore, info: ignore, warn: ignore, error: ignore });
