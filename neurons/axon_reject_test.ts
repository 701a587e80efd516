import assert from "node:assert/strict";
import { axonStatus } from "../protocol/status.ts";
import { AxonReject, nonceRefusal, notVerified, refusal } from "./axon_reject.ts";

Deno.test("refusal(), notVerified() and nonceRefusal() build AxonRejects with Python's status and message", () => {
  const blacklisted = refusal(axonStatus.blacklisted("no"));
  assert.ok(blacklisted instanceof AxonReject);
  assert.equal(blacklisted.status, 403);
  assert.equal(blacklisted.message, "Forbidden. Key is blacklisted: no.");
  assert.equal(notVerified("Missing Nonce").status, 401);
  assert.equal(notVerified("Missing Nonce").message, "Not Verified with error: Missing Nonce");
  assert.equal(nonceRefusal({ reason: "full", message: "the nonce store is full" }).status, 503);
  assert.equal(nonceRefusal({ reason: "full", message: "the nonce store is full" }).message, "the nonce store is full");
  for (const reason of ["stale", "replay", "future"]) {
    const r = nonceRefusal({ reason, message: "Nonce is too old" });
    assert.equal(r.status, 401);
    assert.equal(r.message, "Not Verified with error: Nonce is too old");
  }
});
