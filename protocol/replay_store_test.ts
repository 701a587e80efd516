import assert from "node:assert/strict";
import { createReplayStore } from "./replay_store.ts";

Deno.test("createReplayStore() remembers keys for the retention, never evicting a live one", () => {
  const store = createReplayStore({ retentionMs: 100, entriesMax: 2 });
  assert.equal(store.checkAndStore("a", 0), "fresh");
  assert.equal(store.checkAndStore("a", 50), "replayed");
  assert.equal(store.checkAndStore("b", 60), "fresh");
  assert.equal(store.checkAndStore("c", 70), "full", "full: refuse rather than evict a live key");
  assert.equal(store.checkAndStore("c", 100), "fresh", "a expired at 100");
  assert.equal(store.checkAndStore("a", 100), "full");
  assert.equal(store.checkAndStore("a", 160), "fresh");
});

Deno.test("createReplayStore() keeps retention when the clock steps back", () => {
  const store = createReplayStore({ retentionMs: 100 });
  store.checkAndStore("a", 1000);
  assert.equal(store.checkAndStore("a", 10), "replayed");
  assert.equal(store.checkAndStore("a", 1099), "replayed");
  assert.equal(store.checkAndStore("a", 1100), "fresh");
  assert.throws(() => createReplayStore({ retentionMs: 0 }), RangeError);
});
