/**
 * The graceful shutdown every adapter shares: stop accepting, wait for in-flight requests up to a
 * deadline, then force the rest closed.
 *
 * @module
 */
import { silentLogger } from "../protocol/logger.ts";
import type { ServeOptions, Server } from "./serve_types.ts";
import { DRAIN_TIMEOUT_MS_DEFAULT } from "./serve_types.ts";

/** What an adapter does at each point of a shutdown. */
export interface ShutdownHooks {
  /** Stops accepting; resolves when no request is in flight. */
  drain(): Promise<void>;
  /** Closes every remaining connection now. */
  force(): void;
  /** Resolves once the listener has closed. */
  finished: Promise<void>;
}

/** Wraps an adapter's hooks into a {@linkcode Server}, wiring `options.signal`. */
export async function withShutdown(
  addr: { hostname: string; port: number },
  hooks: ShutdownHooks,
  options: ServeOptions,
): Promise<Server> {
  const logger = options.logger ?? silentLogger;
  const drainTimeoutMs = options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS_DEFAULT;
  logger.info("axon.listen", { hostname: addr.hostname, port: addr.port });
  let stopping: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    stopping ??= (async () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), drainTimeoutMs));
      const outcome = await Promise.race([hooks.drain().then(() => "drained" as const), late]);
      clearTimeout(timer);
      if (outcome === "late") {
        logger.warn("axon.drain_timeout", { drainTimeoutMs });
        options.onDrainTimeout?.();
      }
      hooks.force();
      await hooks.finished;
      logger.info("axon.stop", { port: addr.port });
    })();
    return stopping;
  };
  if (options.signal) {
    if (options.signal.aborted) await shutdown();
    else options.signal.addEventListener("abort", () => void shutdown(), { once: true });
  }
  return { addr, finished: hooks.finished, shutdown, [Symbol.asyncDispose]: shutdown };
}
