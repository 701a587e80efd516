import assert from "node:assert/strict";
import { mapClientError, ResponseParseError } from "./dendrite_errors.ts";

const call = { ip: "127.0.0.1", port: 8080, name: "test_request", timeout: 5 };

Deno.test("mapClientError() matches Python 7.4+'s table (test_dendrite.py vectors, wire-protocol.md §2.6)", async (t) => {
  await t.step("connection refused → 503", async () => {
    const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
    const port = listener.addr.port;
    listener.close();
    const error = await fetch(`http://127.0.0.1:${port}/test_request`, { method: "POST", body: "{}" }).then(
      () => undefined,
      (e) => e,
    );
    assert.deepEqual(mapClientError(error, { ...call, port }), {
      code: 503,
      message: `Service unavailable at 127.0.0.1:${port}/test_request`,
    });
  });
  await t.step("timeout → 408", () => {
    const error = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    assert.deepEqual(mapClientError(error, call), {
      code: 408,
      message: "Request timeout after 5.0 seconds",
    });
  });
  await t.step("unparseable response → 422", () => {
    assert.deepEqual(mapClientError(new ResponseParseError("Unknown error"), call), {
      code: 422,
      message: "Failed to parse response: Unknown error",
    });
    assert.equal(
      mapClientError(new Error("Unknown error"), call).message,
      "Failed to parse response: Unknown error",
    );
  });
  await t.step("truncated body → 400", () => {
    assert.equal(mapClientError(new TypeError("error reading a body from connection"), call).code, 400);
  });
});
