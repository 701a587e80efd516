/**
 * The axon's priority gate: at most `concurrencyMax` forwards run at once; waiting requests are
 * served highest priority first (FIFO among equals), and give up after their own deadline.
 *
 * @module
 */

/** What {@linkcode PriorityGate.acquire} resolves to. */
export type GateTicket =
  | { ok: true; release: () => void }
  | { ok: false; reason: "timeout" | "full" };

interface Waiter {
  priority: number;
  seq: number;
  resolve: (ticket: GateTicket) => void;
  timer: ReturnType<typeof setTimeout>;
  index: number;
}

function before(a: Waiter, b: Waiter): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.seq < b.seq);
}

/**
 * A bounded-concurrency gate with a bounded priority queue.
 *
 * @example
 * ```ts
 * import { PriorityGate } from "./axon_priority.ts";
 * const gate = new PriorityGate({ concurrencyMax: 1, queueMax: 10 });
 * const ticket = await gate.acquire(1, 1000);
 * if (ticket.ok) ticket.release();
 * ```
 */
export class PriorityGate {
  readonly #heap: Waiter[] = [];
  readonly #concurrencyMax: number;
  readonly #queueMax: number;
  #running = 0;
  #seq = 0;

  /**
   * Creates a gate.
   *
   * @param options `concurrencyMax` running at once, `queueMax` waiting at most
   */
  constructor(options: { concurrencyMax: number; queueMax: number }) {
    if (!(options.concurrencyMax >= 1 && options.queueMax >= 0)) {
      throw new RangeError(
        `Cannot create a priority gate with concurrencyMax ${options.concurrencyMax} and queueMax ${options.queueMax}: need ≥ 1 and ≥ 0`,
      );
    }
    this.#concurrencyMax = options.concurrencyMax;
    this.#queueMax = options.queueMax;
  }

  /** Requests waiting for a slot. */
  get queued(): number {
    return this.#heap.length;
  }

  /** Requests holding a slot. */
  get running(): number {
    return this.#running;
  }

  /**
   * Waits for a slot. Resolves `{ ok: false, reason: "timeout" }` after `timeoutMs`, or at once with
   * `"full"` when the queue holds `queueMax` waiters. Call `release()` exactly once when done.
   *
   * @param priority higher runs first (non-finite values count as 0)
   * @param timeoutMs how long to wait at most
   * @returns a ticket
   */
  acquire(priority: number, timeoutMs: number): Promise<GateTicket> {
    if (this.#running < this.#concurrencyMax && this.#heap.length === 0) {
      this.#running++;
      return Promise.resolve({ ok: true, release: this.#releaser() });
    }
    if (this.#heap.length >= this.#queueMax) return Promise.resolve({ ok: false, reason: "full" });
    return new Promise((resolve) => {
      const waiter: Waiter = {
        priority: Number.isFinite(priority) ? priority : 0,
        seq: this.#seq++,
        resolve,
        timer: undefined as unknown as ReturnType<typeof setTimeout>,
        index: -1,
      };
      waiter.timer = setTimeout(() => {
        this.#remove(waiter);
        resolve({ ok: false, reason: "timeout" });
      }, Math.max(0, Math.min(timeoutMs, 2_147_483_647)));
      this.#push(waiter);
    });
  }

  #releaser(): () => void {
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#running--;
      const next = this.#pop();
      if (next) {
        clearTimeout(next.timer);
        this.#running++;
        next.resolve({ ok: true, release: this.#releaser() });
      }
    };
  }

  #push(w: Waiter): void {
    w.index = this.#heap.length;
    this.#heap.push(w);
    this.#up(w.index);
  }

  #pop(): Waiter | undefined {
    const heap = this.#heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    this.#removeAt(0);
    return top;
  }

  #remove(w: Waiter): void {
    if (w.index >= 0 && this.#heap[w.index] === w) this.#removeAt(w.index);
  }

  #removeAt(i: number): void {
    const heap = this.#heap;
    const gone = heap[i];
    const last = heap.pop()!;
    gone.index = -1;
    if (i < heap.length) {
      heap[i] = last;
      last.index = i;
      this.#down(i);
      this.#up(i);
    }
  }

  #up(i: number): void {
    const heap = this.#heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i], heap[p])) break;
      this.#swap(i, p);
      i = p;
    }
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) return;
      this.#swap(i, m);
      i = m;
    }
  }

  #swap(i: number, j: number): void {
    const heap = this.#heap;
    [heap[i], heap[j]] = [heap[j], heap[i]];
    heap[i].index = i;
    heap[j].index = j;
  }
}
