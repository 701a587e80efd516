// The runtime suite under `bun test` (see cases.mjs; run through tests/runtimes/run.ts).
import { test } from "bun:test";
import { cases, fixtureSkip, TIMEOUT_MS } from "./cases.mjs";

for (const { name, fn, fixtures } of cases) {
  const skip = fixtures ? fixtureSkip() : undefined;
  if (skip) test.skip(`${name} (skipped: ${skip})`, fn);
  else test(name, fn, TIMEOUT_MS);
}
