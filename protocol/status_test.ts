import assert from "node:assert/strict";
import { AXON_STATUS, axonStatus, dendriteStatus, verifyReason } from "./status.ts";

Deno.test("axonStatus builds Python's messages (wire-protocol.md §3.3–3.6 repo goldens)", () => {
  assert.deepEqual(axonStatus.notFound("no_such_path", ["Synapse"]), {
    code: 404,
    message: "Synapse name 'no_such_path' not found. Available synapses ['Synapse']",
  });
  assert.deepEqual(axonStatus.notVerified(verifyReason.noAddress), {
    code: 401,
    message: "Not Verified with error: No SS58 formatted address or public key provided.",
  });
  assert.equal(
    axonStatus.blacklisted("Unrecognized hotkey").message,
    "Forbidden. Key is blacklisted: Unrecognized hotkey.",
  );
  assert.deepEqual(axonStatus.priorityTimeout(12), { code: 408, message: "Response timeout after: 12.0s" });
  assert.deepEqual(axonStatus.success(), { code: 200, message: "Success" });
  // clarifications.md: a client fault is never a 500
  assert.equal(axonStatus.badHeaders("{}", "Dummy").code, 400);
  assert.equal(axonStatus.hashMismatch("a", "b").code, 401);
  assert.equal(axonStatus.internal("x").message, "Internal Server Error #x");
  assert.equal(AXON_STATUS.tooManyRequests, 429);
  assert.equal(axonStatus.tooLarge(10).code, 413);
  assert.equal(axonStatus.rateLimited("1.2.3.4").message, "Too many requests from 1.2.3.4: retry later");
  assert.equal(axonStatus.unavailable("the axon is shutting down").code, 503);
});

Deno.test("dendriteStatus matches test_dendrite.py vectors (wire-protocol.md §2.6)", () => {
  assert.deepEqual(dendriteStatus.unavailable("127.0.0.1", 8080, "test_request"), {
    code: 503,
    message: "Service unavailable at 127.0.0.1:8080/test_request",
  });
  assert.equal(dendriteStatus.timeout(5).code, 408);
  assert.equal(dendriteStatus.timeout(5).message, "Request timeout after 5.0 seconds");
  assert.equal(dendriteStatus.timeout("5").message, "Request timeout after 5 seconds");
  assert.deepEqual(dendriteStatus.responseError(404, "404, message=''"), {
    code: 404,
    message: "Client response error: 404, message=''",
  });
  assert.deepEqual(dendriteStatus.parse("Unknown error"), {
    code: 422,
    message: "Failed to parse response: Unknown error",
  });
});
