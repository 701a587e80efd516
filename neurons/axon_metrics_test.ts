import assert from "node:assert/strict";
import { AxonMetrics } from "./axon_metrics.ts";

Deno.test("AxonMetrics.render() writes Prometheus counters, histograms and gauges", () => {
  const m = new AxonMetrics();
  m.observe("Dummy", 200, 0.002);
  m.observe("Dummy", 200, 0.2);
  m.observe("Dummy", 401, 0.001);
  m.observe("unknown", 404, 99);
  assert.equal(m.count("Dummy", 200), 2);
  const text = m.render({ axon_queue_depth: 3 });
  assert.match(text, /^axon_requests_total\{synapse="Dummy",status="200"\} 2$/m);
  assert.match(text, /^axon_requests_total\{synapse="Dummy",status="401"\} 1$/m);
  assert.match(text, /^axon_request_duration_seconds_bucket\{synapse="Dummy",le="0.0025"\} 2$/m);
  assert.match(text, /^axon_request_duration_seconds_bucket\{synapse="Dummy",le="\+Inf"\} 3$/m);
  assert.match(text, /^axon_request_duration_seconds_bucket\{synapse="unknown",le="30"\} 0$/m);
  assert.match(text, /^axon_request_duration_seconds_count\{synapse="unknown"\} 1$/m);
  assert.match(text, /^axon_queue_depth 3$/m);
});
