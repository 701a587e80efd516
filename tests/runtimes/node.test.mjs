// The runtime suite under `node --test` (see cases.mjs; run through tests/runtimes/run.ts).
import { test } from "node:test";
import { cases, fixtureSkip, TIMEOUT_MS } from "./cases.mjs";

for (const { name, fn, fixtures } of cases) {
  const skip = fixtures ? fixtureSkip() : undefined;
  test(name, { skip, timeout: TIMEOUT_MS }, fn);
}
