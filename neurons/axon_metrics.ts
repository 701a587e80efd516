/**
 * Prometheus counters for the axon: requests by synapse and status, a latency histogram per
 * synapse, and gauges the axon reads when `/metrics` is scraped.
 *
 * @module
 */

/** Upper bounds of the latency histogram buckets, in seconds. */
export const LATENCY_BUCKETS_S: readonly number[] = [
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

function label(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

/**
 * Request counters and latency histograms. Label values are synapse names the axon serves (plus
 * `"unknown"`), so the number of series is bounded by the routes attached.
 *
 * @example
 * ```ts
 * import { AxonMetrics } from "./axon_metrics.ts";
 * const m = new AxonMetrics();
 * m.observe("Dummy", 200, 0.002);
 * console.assert(m.render({ axon_queue_depth: 0 }).includes('axon_requests_total{synapse="Dummy",status="200"} 1'));
 * ```
 */
export class AxonMetrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, Histogram>();
  readonly #dialects = new Map<string, number>();

  /**
   * Counts one finished request.
   *
   * @param synapse the route's synapse name (or `"unknown"`)
   * @param status the HTTP status sent
   * @param seconds time from arrival to response
   * @param dialect the signed-request dialect it was recognised as (`"synapse"`, `"btauth"`,
   *   `"epistula"`), if any; counted in `axon_dialect_requests_total`
   */
  observe(synapse: string, status: number, seconds: number, dialect?: string): void {
    const key = `${synapse}\u0000${status}`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    if (dialect !== undefined) {
      const dk = `${dialect}\u0000${status}`;
      this.#dialects.set(dk, (this.#dialects.get(dk) ?? 0) + 1);
    }
    let h = this.#latency.get(synapse);
    if (!h) this.#latency.set(synapse, h = { counts: LATENCY_BUCKETS_S.map(() => 0), sum: 0, count: 0 });
    let i = 0;
    while (i < LATENCY_BUCKETS_S.length && seconds > LATENCY_BUCKETS_S[i]) i++;
    if (i < h.counts.length) h.counts[i]++;
    h.sum += seconds;
    h.count++;
  }

  /**
   * The number of requests counted for a synapse and status.
   *
   * @param synapse the synapse name
   * @param status the HTTP status
   * @returns the count
   */
  count(synapse: string, status: number): number {
    return this.#requests.get(`${synapse}\u0000${status}`) ?? 0;
  }

  /**
   * Renders the Prometheus text exposition (version 0.0.4).
   *
   * @param gauges extra gauges, by metric name
   * @returns the text body for `/metrics`
   */
  render(gauges: Readonly<Record<string, number>>): string {
    const out: string[] = [];
    out.push("# HELP axon_requests_total Requests answered, by synapse and HTTP status.");
    out.push("# TYPE axon_requests_total counter");
    for (const [key, n] of this.#requests) {
      const [synapse, status] = key.split("\u0000");
      out.push(`axon_requests_total{synapse="${label(synapse)}",status="${status}"} ${n}`);
    }
    out.push("# HELP axon_dialect_requests_total Requests answered, by signed-request dialect and HTTP status.");
    out.push("# TYPE axon_dialect_requests_total counter");
    for (const [key, n] of this.#dialects) {
      const [dialect, status] = key.split("\u0000");
      out.push(`axon_dialect_requests_total{dialect="${label(dialect)}",status="${status}"} ${n}`);
    }
    out.push("# HELP axon_request_duration_seconds Time from arrival to response.");
    out.push("# TYPE axon_request_duration_seconds histogram");
    for (const [synapse, h] of this.#latency) {
      const s = label(synapse);
      let cumulative = 0;
      LATENCY_BUCKETS_S.forEach((le, i) => {
        cumulative += h.counts[i];
        out.push(`axon_request_duration_seconds_bucket{synapse="${s}",le="${le}"} ${cumulative}`);
      });
      out.push(`axon_request_duration_seconds_bucket{synapse="${s}",le="+Inf"} ${h.count}`);
      out.push(`axon_request_duration_seconds_sum{synapse="${s}"} ${h.sum}`);
      out.push(`axon_request_duration_seconds_count{synapse="${s}"} ${h.count}`);
    }
    for (const [name, value] of Object.entries(gauges)) {
      out.push(`# TYPE ${name} gauge`);
      out.push(`${name} ${value}`);
    }
    return out.join("\n") + "\n";
  }
}
