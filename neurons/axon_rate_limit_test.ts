import assert from "node:assert/strict";
import { RateLimiter } from "./axon_rate_limit.ts";

Deno.test("RateLimiter.take() allows a burst, then the steady rate", () => {
  const limiter = new RateLimiter({ ratePerS: 10, burst: 3 }, 10);
  assert.ok(limiter.take("k", 0));
  assert.ok(limiter.take("k", 0));
  assert.ok(limiter.take("k", 0));
  assert.equal(limiter.take("k", 0), false);
  assert.equal(limiter.take("k", 50), false, "half a token after 50 ms");
  assert.ok(limiter.take("k", 100), "one token after 100 ms");
  assert.ok(limiter.take("other", 100), "keys are independent");
});

Deno.test("RateLimiter.peek() does not spend tokens", () => {
  const limiter = new RateLimiter({ ratePerS: 1, burst: 1 }, 10);
  assert.ok(limiter.peek("k", 0));
  assert.ok(limiter.peek("k", 0));
  assert.ok(limiter.take("k", 0));
  assert.equal(limiter.peek("k", 0), false);
});

Deno.test("RateLimiter keeps at most keysMax keys", () => {
  const limiter = new RateLimiter({ ratePerS: 1, burst: 1 }, 100);
  for (let i = 0; i < 10_000; i++) limiter.take(`ip${i}`, i);
  assert.equal(limiter.size, 100);
  assert.throws(() => new RateLimiter({ ratePerS: 0, burst: 1 }, 1), RangeError);
});
