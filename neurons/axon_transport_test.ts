// The transport stage on its own: a closed axon, a declared body past the cap, and a peer IP past
// its rate limit are refused before any header is parsed; anything else goes on.
import assert from "node:assert/strict";
import { RateLimiter } from "./axon_rate_limit.ts";
import { AxonReject } from "./axon_reject.ts";
import { checkTransport, discardUnreadBody, type TransportLimits } from "./axon_transport.ts";

const PEER = { hostname: "1.2.3.4" };
const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://x/Dummy", { method: "POST", body, headers });
const limits = (extra: Partial<TransportLimits> = {}): TransportLimits => ({
  closing: new AbortController().signal,
  bodyBytesMax: 8,
  now: () => 0,
  ...extra,
});
const refused = (status: number, pattern: RegExp) => (e: unknown) =>
  e instanceof AxonReject && e.status === status && pattern.test(e.message);

Deno.test("checkTransport() lets a request within its limits through", () => {
  checkTransport(post("12345678", { "content-length": "8" }), PEER, limits());
  checkTransport(post("no length declared"), PEER, limits()); // the body cap applies while reading
});

Deno.test("checkTransport() refuses a closed axon with 503", () => {
  const closing = new AbortController();
  closing.abort();
  assert.throws(() => checkTransport(post("{}"), PEER, limits({ closing: closing.signal })), refused(503, /shutting/));
});

Deno.test("checkTransport() refuses a declared body past bodyBytesMax with 413", () => {
  assert.throws(
    () => checkTransport(post("123456789", { "content-length": "9" }), PEER, limits()),
    refused(413, /9 bytes \(bodyBytesMax 8\)/),
  );
});

Deno.test("checkTransport() spends the peer IP's token and refuses past it with 429", () => {
  const ipLimit = new RateLimiter({ ratePerS: 1, burst: 2 }, 16);
  const l = limits({ ipLimit });
  checkTransport(post("{}"), PEER, l);
  checkTransport(post("{}"), PEER, l);
  assert.throws(() => checkTransport(post("{}"), PEER, l), refused(429, /from 1\.2\.3\.4/));
  checkTransport(post("{}"), { hostname: "5.6.7.8" }, l); // another IP has its own budget
  checkTransport(post("{}"), PEER, limits({ ipLimit, now: () => 1_000 })); // refilled a second later
});

Deno.test("discardUnreadBody() cancels an unread body and leaves a read one alone", async () => {
  const unread = post("unread");
  discardUnreadBody(unread);
  await assert.rejects(unread.text());
  const read = post("read");
  assert.equal(await read.text(), "read");
  discardUnreadBody(read);
});
