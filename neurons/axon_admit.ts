/**
 * The axon's admission stage (private to `neurons/`): a verified request waits for a concurrency
 * slot in priority order (408 when its synapse's time runs out first, 503 when the queue is full),
 * then runs under a deadline that also fires when the axon closes.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import { axonStatus } from "../protocol/status.ts";
import type { RequestHead } from "./axon_head.ts";
import type { PriorityGate } from "./axon_priority.ts";
import { AxonReject } from "./axon_reject.ts";

/** A held slot: its deadline signal, and `done()` to give it back (exactly once, when finished). */
export interface Slot {
  /** Aborted at the request's deadline or when the axon closes. */
  signal: AbortSignal;
  /** Gives the slot back. */
  done: () => void;
}

/** What admission needs from the axon. */
export interface AdmissionOptions {
  /** The priority queue and concurrency cap. */
  gate: PriorityGate;
  /** Aborted when the axon closes. */
  closing: AbortSignal;
  /** Where `axon.priority_error` goes. */
  logger: Logger;
  /** The longest request timeout honoured, in seconds. */
  timeoutMaxS: number;
}

/** The admission stage: `acquireSlot` for streams, `runGated` for a forward. */
export interface Admission {
  /** Waits for a slot (see the module doc). */
  acquireSlot(head: RequestHead, startedMs: number, priority: () => number | Promise<number>): Promise<Slot>;
  /** Runs `work` in a slot under its deadline; a late or closed axon rejects with the right refusal. */
  runGated<R>(
    head: RequestHead,
    startedMs: number,
    priority: () => number | Promise<number>,
    work: (signal: AbortSignal) => R | Promise<R>,
  ): Promise<R>;
}

/** Creates the admission stage of one axon. */
export function createAdmission({ gate, closing, logger, timeoutMaxS }: AdmissionOptions): Admission {
  const reject = (status: { code: number; message: string }) => new AxonReject(status.code, status.message);
  /**
   * Waits for a concurrency slot in priority order (408 when the synapse's budget runs out first, 503
   * when the queue is full), then arms the forward deadline. Call `done()` exactly when finished.
   */
  async function acquireSlot(
    head: RequestHead,
    startedMs: number,
    priority: () => number | Promise<number>,
  ): Promise<Slot> {
    const budgetMs = Math.min(head.timeout, timeoutMaxS) * 1000 - (performance.now() - startedMs);
    const late = () => reject(axonStatus.priorityTimeout(head.timeout));
    if (budgetMs <= 0) throw late();
    let p = 0;
    try {
      p = await priority();
    } catch (error) {
      logger.warn("axon.priority_error", { error: String(error) });
    }
    const ticket = await gate.acquire(p, budgetMs);
    if (!ticket.ok) {
      if (ticket.reason === "timeout") throw late();
      throw new AxonReject(503, `Service unavailable: the priority queue is full (${gate.queued} waiting)`);
    }
    if (closing.aborted) {
      ticket.release(); // the axon closed while this request waited
      throw new AxonReject(503, "Service unavailable: the axon is shutting down");
    }
    const controller = new AbortController();
    const onClose = () => controller.abort(new AxonReject(503, "Service unavailable: the axon is shutting down"));
    closing.addEventListener("abort", onClose, { once: true });
    const remaining = budgetMs - (performance.now() - startedMs);
    const timer = setTimeout(() => controller.abort(late()), Math.max(0, remaining));
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      closing.removeEventListener("abort", onClose);
      ticket.release();
    };
    return { signal: controller.signal, done };
  }

  async function runGated<R>(
    head: RequestHead,
    startedMs: number,
    priority: () => number | Promise<number>,
    work: (signal: AbortSignal) => R | Promise<R>,
  ): Promise<R> {
    const slot = await acquireSlot(head, startedMs, priority);
    try {
      const aborted = new Promise<never>((_, rejectLate) => {
        slot.signal.addEventListener("abort", () => rejectLate(slot.signal.reason), { once: true });
      });
      return await Promise.race([Promise.resolve().then(() => work(slot.signal)), aborted]);
    } finally {
      slot.done();
    }
  }

  return { acquireSlot, runGated };
}
