// The forward stage on its own: the subnet sees the verified caller, never the body's claim; its
// verify refuses with 401; a forward's throw answers 500 with an id and its text stays in the log.
import assert from "node:assert/strict";
import type { Logger } from "../protocol/logger.ts";
import { silentLogger } from "../protocol/logger.ts";
import { BaseSynapse } from "../protocol/synapse.ts";
import type { Caller } from "./axon_admit_caller.ts";
import { callForward, forwardContext, runVerify, withVerifiedCaller } from "./axon_forward.ts";
import type { RequestHead } from "./axon_head.ts";
import { AxonReject } from "./axon_reject.ts";

const caller: Caller = { hotkey: "5Verified", key: "aa", nonce: 42n, uuid: "u-1", origin: { ip: "1.2.3.4" } };
const head: RequestHead = {
  name: "Synapse",
  timeout: 12,
  computedBodyHash: "",
  dendrite: { hotkey: "5Verified", uuid: "u-1", signature: "0xsig", ip: "1.2.3.4", port: 40000 },
};
const context = forwardContext(caller, new AbortController().signal);

Deno.test("withVerifiedCaller() replaces the body's unsigned dendrite claims with the verified caller", () => {
  const claimed = {
    ...BaseSynapse.create({}),
    dendrite: { hotkey: "5Whale", nonce: 1n, uuid: "other", signature: "0xforged", ip: "9.9.9.9", port: 1, version: 7 },
  } as ReturnType<typeof BaseSynapse.create>;
  const synapse = withVerifiedCaller(claimed, head, caller);
  assert.equal(synapse.dendrite.hotkey, "5Verified");
  assert.equal(synapse.dendrite.nonce, 42n);
  assert.equal(synapse.dendrite.uuid, "u-1");
  assert.equal(synapse.dendrite.signature, "0xsig");
  assert.equal(synapse.dendrite.ip, "1.2.3.4");
  assert.equal(synapse.dendrite.port, 40000);
  assert.equal(synapse.dendrite.version, 7, "unsigned fields that carry no identity stay");
  assert.equal(claimed.dendrite.hotkey, "5Whale", "the parsed synapse is not changed");
});

Deno.test("runVerify() refuses with 401 when the subnet's verify throws", async () => {
  await runVerify(undefined, {});
  await runVerify(() => {}, {});
  await assert.rejects(
    runVerify(() => Promise.reject(new Error("model too old")), {}),
    (e) => e instanceof AxonReject && e.status === 401 && e.message === "Not Verified with error: model too old",
  );
});

Deno.test("callForward() gives the forward its context and returns its answer", async () => {
  const seen: unknown[] = [];
  const answer = await callForward((s: { n: number }, c) => (seen.push(c), { n: s.n + 1 }), { n: 1 }, context, {
    logger: silentLogger,
    name: "Dummy",
  });
  assert.deepEqual(answer, { n: 2 });
  assert.deepEqual(seen, [{ hotkey: "5Verified", nonce: 42n, uuid: "u-1", signal: context.signal }]);
});

Deno.test("callForward() answers a throw with 500 and an id, its text in the log only; an AxonReject passes", async () => {
  const errors: Record<string, unknown>[] = [];
  const logger: Logger = { ...silentLogger, error: (_event, fields) => void errors.push(fields ?? {}) };
  const options = { logger, name: "Dummy" };
  const error = await callForward(
    () => {
      throw new Error("secret path /home/miner");
    },
    {},
    context,
    options,
  ).then(() => undefined, (e) => e);
  assert.ok(error instanceof AxonReject && error.status === 500);
  assert.equal(error.message, `Internal Server Error #${errors[0].id}`);
  assert.match(String(errors[0].error), /secret path/);
  await assert.rejects(
    callForward(() => Promise.reject(new AxonReject(408, "late")), {}, context, options),
    (e) => e instanceof AxonReject && e.status === 408 && e.message === "late",
  );
});
