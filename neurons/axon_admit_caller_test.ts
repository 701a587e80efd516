// Caller admission on its own: the claimed key's rate is peeked without spending, a verified
// caller's nonce is recorded (a replay is then refused) and its token spent.
import assert from "node:assert/strict";
import type { Caller } from "./axon_admit_caller.ts";
import { createCallerAdmission } from "./axon_admit_caller.ts";
import type { RequestHead } from "./axon_head.ts";
import { NonceStore } from "./axon_nonces.ts";
import { RateLimiter } from "./axon_rate_limit.ts";
import { AxonReject } from "./axon_reject.ts";

const NOW_MS = 1_700_000_000_000;
const head: RequestHead = { name: "Dummy", timeout: 12, computedBodyHash: "", dendrite: { ip: "1.2.3.4", port: 1 } };
const caller = (nonce: bigint, key = "aa"): Caller => ({
  hotkey: "5Alice",
  key,
  nonce,
  uuid: "u",
  origin: { ip: "1.2.3.4" },
});
const NONCE = BigInt(NOW_MS) * 1_000_000n;
const refused = (status: number, pattern: RegExp) => (e: unknown) =>
  e instanceof AxonReject && e.status === status && pattern.test(e.message);

Deno.test("createCallerAdmission().commit() records the nonce: a replay or an older nonce is refused with 401", () => {
  const nonces = new NonceStore();
  const admit = createCallerAdmission({ nonces, now: () => NOW_MS });
  admit.commit(head, caller(NONCE));
  assert.equal(nonces.size, 1);
  assert.throws(() => admit.commit(head, caller(NONCE)), refused(401, /^Not Verified with error: Nonce is too old/));
  assert.throws(() => admit.commit(head, caller(NONCE - 1n)), refused(401, /Nonce is too old/));
  admit.commit(head, caller(NONCE + 1n));
  admit.commit(head, caller(NONCE, "bb")); // another key has its own nonces
});

Deno.test("createCallerAdmission().commit() refuses a new key with 503 when the store is full", () => {
  const admit = createCallerAdmission({ nonces: new NonceStore({ entriesMax: 1 }), now: () => NOW_MS });
  admit.commit(head, caller(NONCE, "aa"));
  assert.throws(() => admit.commit(head, caller(NONCE, "bb")), refused(503, /./));
});

Deno.test("createCallerAdmission() peeks the claimed key's rate without spending, and spends it once verified", () => {
  const hotkeyLimit = new RateLimiter({ ratePerS: 0.001, burst: 1 }, 16);
  const admit = createCallerAdmission({ nonces: new NonceStore(), hotkeyLimit, now: () => NOW_MS });
  admit.peek("aa", "5Alice");
  admit.peek("aa", "5Alice"); // peeking spends nothing
  admit.peek(undefined, undefined); // nothing claimed: nothing to limit
  admit.commit(head, caller(NONCE));
  assert.throws(() => admit.peek("aa", "5Alice"), refused(429, /from hotkey 5Alice/));
  assert.throws(() => admit.commit(head, caller(NONCE + 1n)), refused(429, /from hotkey 5Alice/));
  assert.throws(() => admit.spend("aa", "5Alice"), refused(429, /from hotkey 5Alice/));
  admit.spend("bb", "5Bob"); // another key has its own budget
});

Deno.test("createCallerAdmission() limits nothing without a per-hotkey limit", () => {
  const admit = createCallerAdmission({ nonces: new NonceStore(), now: () => NOW_MS });
  for (let i = 0n; i < 100n; i++) admit.commit(head, caller(NONCE + i));
  admit.peek("aa", "5Alice");
  admit.spend("aa", "5Alice");
});
