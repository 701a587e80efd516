// The respond stage on its own: answers as Python's axon writes them, streams, and refusals in
// each dialect's shape, with no internal error text sent.
import assert from "node:assert/strict";
import type { Logger } from "../protocol/logger.ts";
import { silentLogger } from "../protocol/logger.ts";
import { BaseSynapse } from "../protocol/synapse.ts";
import { parseJson } from "../protocol/json.ts";
import { AxonReject } from "./axon_reject.ts";
import {
  compactJson,
  refusalOf,
  refusalResponse,
  routeResponse,
  streamResponse,
  synapseResponse,
} from "./axon_respond.ts";

const by = { uuid: "axon-uuid", hotkey: "5Bob" };

Deno.test("compactJson() writes compact JSON with big integers exact", () => {
  assert.equal(
    compactJson({ a: 1, n: 1712345678901234567n, s: "é", f: 0.5 }),
    '{"a":1,"n":1712345678901234567,"s":"é","f":0.5}',
  );
  assert.equal(compactJson({ n: -5n, inf: Infinity }), '{"n":-5,"inf":null}');
});

Deno.test("synapseResponse() answers with the forward's status, the synapse and Python's headers", async () => {
  const ok = synapseResponse(BaseSynapse, BaseSynapse.create({ timeout: 12 }), performance.now());
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get("bt_header_axon_status_code"), "200");
  assert.equal(ok.headers.get("bt_header_axon_status_message"), "Success");
  assert.equal(ok.headers.get("timeout"), "12.0");
  const body = parseJson(await ok.text());
  assert.equal(body.axon.status_code, 200);
  assert.equal(typeof body.axon.process_time, "number");
  const teapot = { ...BaseSynapse.create({}), axon: { status_code: 418, status_message: "short" } };
  const res = synapseResponse(BaseSynapse, teapot as ReturnType<typeof BaseSynapse.create>, performance.now());
  assert.equal(res.status, 418);
  assert.equal(res.headers.get("bt_header_axon_status_message"), "short");
  await res.body?.cancel();
  const odd = { ...BaseSynapse.create({}), axon: { status_code: 1000 } } as ReturnType<typeof BaseSynapse.create>;
  const clamped = synapseResponse(BaseSynapse, odd, performance.now());
  assert.equal(clamped.status, 200, "an out-of-range status stays in the body only");
  assert.equal(clamped.headers.get("bt_header_axon_status_code"), "1000");
  await clamped.body?.cancel();
});

Deno.test("streamResponse() streams the chunks as event-stream and gives the slot back once", async () => {
  async function* chunks() {
    yield "a";
    yield new TextEncoder().encode("b");
  }
  let done = 0;
  const slot = { signal: new AbortController().signal, done: () => void done++ };
  const res = streamResponse(BaseSynapse, BaseSynapse.create({}), chunks(), slot, {
    startedMs: performance.now(),
    logger: silentLogger,
  });
  assert.equal(res.headers.get("content-type"), "text/event-stream");
  assert.equal(res.headers.get("bt_header_axon_status_code"), "200");
  assert.equal(await res.text(), "ab");
  assert.equal(done, 1);
});

Deno.test("streamResponse() ends the body at the slot's deadline", async () => {
  const deadline = new AbortController();
  let done = 0;
  async function* forever() {
    yield "first";
    await new Promise(() => {});
  }
  const res = streamResponse(BaseSynapse, BaseSynapse.create({}), forever(), {
    signal: deadline.signal,
    done: () => void done++,
  }, { startedMs: performance.now(), logger: silentLogger });
  const reader = res.body!.getReader();
  assert.equal(new TextDecoder().decode((await reader.read()).value), "first");
  const next = reader.read();
  deadline.abort();
  assert.equal((await next).done, true);
  assert.ok(done >= 1);
});

Deno.test("routeResponse() sends a Response as is and anything else as JSON", async () => {
  const own = new Response("raw", { status: 201 });
  assert.equal(routeResponse(own), own);
  const json = routeResponse({ n: 12345678901234567890n });
  assert.equal(json.headers.get("content-type"), "application/json");
  assert.equal(await json.text(), '{"n":12345678901234567890}');
  assert.equal(await routeResponse(undefined).text(), "null");
});

Deno.test("refusalResponse() answers Python's JSON error, or {detail} for btauth and Epistula", async () => {
  const res = refusalResponse({ name: "Dummy", status: 403, message: "Forbidden\nnow" }, by);
  assert.equal(res.status, 403);
  assert.deepEqual(await res.json(), { message: "Forbidden\nnow" });
  assert.equal(res.headers.get("name"), "Dummy");
  assert.equal(res.headers.get("bt_header_axon_status_code"), "403");
  assert.equal(res.headers.get("bt_header_axon_status_message"), "Forbidden now", "header-safe");
  assert.equal(res.headers.get("bt_header_axon_version"), "10002000");
  assert.equal(res.headers.get("bt_header_axon_uuid"), "axon-uuid");
  assert.equal(res.headers.get("bt_header_axon_hotkey"), "5Bob");
  for (const dialect of ["btauth", "epistula"]) {
    const fastapi = refusalResponse({ name: "echo", status: 401, message: "stale", dialect }, by);
    assert.deepEqual(await fastapi.json(), { detail: "stale" });
    assert.equal(fastapi.headers.get("bt_header_axon_status_code"), null);
  }
});

Deno.test("refusalOf() answers an AxonReject with its status, anything else with a 500 that sends no detail", async () => {
  const events: [string, Record<string, unknown>][] = [];
  const record = (level: string) => (event: string, fields?: Record<string, unknown>) =>
    void events.push([`${level} ${event}`, fields ?? {}]);
  const logger: Logger = { debug: record("debug"), info: record("info"), warn: record("warn"), error: record("error") };
  const context = { name: "Dummy", label: "Dummy", peer: "1.2.3.4" };
  const refused = refusalOf(new AxonReject(429, "slow down"), context, { by, logger });
  assert.equal(refused.status, 429);
  assert.deepEqual(await refused.json(), { message: "slow down" });
  const bug = refusalOf(new TypeError("x is undefined at /srv/miner.ts:12"), context, { by, logger });
  assert.equal(bug.status, 500);
  const { message } = await bug.json();
  assert.doesNotMatch(message, /miner\.ts/);
  assert.equal(events[0][0], "debug axon.reject");
  assert.equal(events[1][0], "error axon.internal_error");
  assert.equal(message, `Internal Server Error #${events[1][1].id}`);
  assert.match(String(events[1][1].error), /miner\.ts/);
});
