/**
 * The axon's blacklist stage (private to `neurons/`): the subnet's blacklist runs on the claimed
 * hotkey before any signature work, and `[true, reason]` answers 403 with Python's message. It
 * fails closed: a blacklist that throws refuses the caller, and its error text (which may hold
 * anything) goes to the log under an id, never to the caller.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import { axonStatus } from "../protocol/status.ts";
import { refusal } from "./axon_reject.ts";

/** A blacklist verdict: `[true, reason]` refuses. */
export type BlacklistVerdict = [boolean, string];

/**
 * Runs `blacklist(subject)` when there is one; returns when the caller may go on, throws 403 otherwise.
 *
 * @example
 * ```ts
 * import { silentLogger } from "../protocol/logger.ts";
 * import { checkBlacklist } from "./axon_blacklist.ts";
 * await checkBlacklist((hotkey: string) => [false, hotkey], "5Grw…", silentLogger);
 * await checkBlacklist((_: string) => [true, "unknown key"], "5Grw…", silentLogger)
 *   .catch((error) => console.assert(error.status === 403));
 * ```
 */
export async function checkBlacklist<S>(
  blacklist: ((subject: S) => BlacklistVerdict | Promise<BlacklistVerdict>) | undefined,
  subject: S,
  logger: Logger,
): Promise<void> {
  if (!blacklist) return;
  let verdict: BlacklistVerdict;
  try {
    verdict = await blacklist(subject);
  } catch (error) {
    const id = crypto.randomUUID();
    logger.warn("axon.blacklist_error", { id, error: String(error) });
    verdict = [true, `blacklist check failed (error #${id} in the axon's log)`];
  }
  if (verdict[0]) throw refusal(axonStatus.blacklisted(verdict[1]));
}
