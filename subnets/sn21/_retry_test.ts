import assert from "node:assert/strict";
import { BaseSynapse, type Synapse } from "../../protocol/synapse.ts";
import { isNonceRace, withNonceRetry } from "./_retry.ts";

function answer(code: number, message: string): Synapse {
  const s = BaseSynapse.create({});
  return { ...s, dendrite: { ...s.dendrite, status_code: code, status_message: message } };
}

Deno.test("withNonceRetry() calls again once after a nonce race, and only then", async () => {
  const race = answer(401, "Not Verified with error: Nonce is too old, a newer one was last processed");
  assert.ok(isNonceRace(race));
  assert.ok(!isNonceRace(answer(401, "Not Verified with error: Signature mismatch")));
  let calls = 0;
  const ok = await withNonceRetry(() => Promise.resolve(++calls === 1 ? race : answer(200, "Success")));
  assert.equal(ok.dendrite.status_code, 200);
  assert.equal(calls, 2);
  calls = 0;
  const still = await withNonceRetry(() => Promise.resolve((calls++, race)));
  assert.equal(still.dendrite.status_code, 401);
  assert.equal(calls, 2, "one retry at most");
  calls = 0;
  await withNonceRetry(() => Promise.resolve((calls++, answer(403, "Forbidden"))));
  assert.equal(calls, 1);
});
