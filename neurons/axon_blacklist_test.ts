// The blacklist stage on its own: `[true, reason]` refuses with Python's 403, and it fails closed
// (a throwing blacklist refuses, and its text stays in the log).
import assert from "node:assert/strict";
import type { Logger } from "../protocol/logger.ts";
import { silentLogger } from "../protocol/logger.ts";
import { checkBlacklist } from "./axon_blacklist.ts";
import { AxonReject } from "./axon_reject.ts";

Deno.test("checkBlacklist() refuses a blacklisted subject with Python's 403 and lets others through", async () => {
  const seen: string[] = [];
  const blacklist = (hotkey: string): [boolean, string] => (seen.push(hotkey), [hotkey === "5Eve", "Unknown"]);
  await checkBlacklist(blacklist, "5Alice", silentLogger);
  await assert.rejects(
    checkBlacklist(blacklist, "5Eve", silentLogger),
    (e) => e instanceof AxonReject && e.status === 403 && e.message === "Forbidden. Key is blacklisted: Unknown.",
  );
  await assert.rejects(checkBlacklist((h: string) => Promise.resolve([h === "5Eve", "later"]), "5Eve", silentLogger));
  assert.deepEqual(seen, ["5Alice", "5Eve"]);
  await checkBlacklist(undefined, "5Eve", silentLogger); // no blacklist: nobody is refused
});

Deno.test("checkBlacklist() refuses when the blacklist throws, logging its text under an id it does not send", async () => {
  const warnings: Record<string, unknown>[] = [];
  const logger: Logger = { ...silentLogger, warn: (_event, fields) => void warnings.push(fields ?? {}) };
  const error = await checkBlacklist(
    () => {
      throw new Error("db password is hunter2");
    },
    "5Alice",
    logger,
  ).then(() => undefined, (e) => e);
  assert.ok(error instanceof AxonReject && error.status === 403);
  assert.doesNotMatch(error.message, /hunter2/);
  assert.equal(warnings.length, 1);
  assert.match(String(warnings[0].error), /hunter2/);
  assert.ok(error.message.includes(`#${warnings[0].id}`), "the caller gets the id to quote");
});
