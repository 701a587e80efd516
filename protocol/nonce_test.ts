import assert from "node:assert/strict";
import { allowedNonceWindowNs, createNonceSource, nowNs, usesClockNonces, versionFromInt } from "./nonce.ts";
import { PROTOCOL_VERSION, versionAsInt } from "./version.ts";

Deno.test("nowNs() turns the injected millisecond clock into nanoseconds", () => {
  assert.equal(nowNs(() => 1712345678901), 1712345678901000000n);
  assert.equal(nowNs(() => 1712345678901.25), 1712345678901250000n);
  const real = nowNs();
  assert.ok(real > 1_700_000_000_000_000_000n);
});

Deno.test("createNonceSource() gives strictly increasing nonces even when the clock stalls or steps back", () => {
  let ms = 5000;
  const next = createNonceSource({ clockMs: () => ms });
  const a = next();
  const b = next();
  ms = 4000;
  const c = next();
  ms = 6000;
  const d = next();
  assert.deepEqual([a, b, c, d], [5000000000n, 5000000001n, 5000000002n, 6000000000n]);
});

Deno.test("allowedNonceWindowNs() is 4 s plus the timeout (test_nonce_within_allowed_window)", () => {
  // wire-protocol.md §3.4: timeout 12 → window 16 s; 15 s old accepted, 18 s rejected.
  const window = allowedNonceWindowNs(12);
  assert.equal(window, 16_000_000_000n);
  assert.ok(15_000_000_000n < window && 18_000_000_000n > window);
  assert.equal(allowedNonceWindowNs(null), 4_000_000_000n);
});

Deno.test("versionFromInt() reads both version formulas (wire-protocol.md §0)", () => {
  assert.equal(versionFromInt(PROTOCOL_VERSION), "10.2.0");
  assert.equal(versionFromInt(9012002), "9.12.2");
  assert.equal(versionFromInt(7002000), "7.2.0");
  assert.equal(versionFromInt(712), "7.1.2");
  assert.equal(versionAsInt(versionFromInt(9012002)), 9012002);
  assert.ok(usesClockNonces(7002000) && !usesClockNonces(6999999) && !usesClockNonces(null));
});
