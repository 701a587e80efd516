import assert from "node:assert/strict";
import { NonceStore } from "./axon_nonces.ts";

const S = 1_000_000_000n;
const NOW = 1_712_345_678_901_234_567n; // the nonce of wire-protocol.md §6

Deno.test("NonceStore.check() applies Python's 4 s + timeout window (test_nonce_within_allowed_window)", async (t) => {
  // wire-protocol.md §3.4: timeout 12 → window 16 s; 1, 3, 5, 15 s old pass, 18 and 19 s fail.
  for (const age of [1n, 3n, 5n, 15n, 16n]) {
    await t.step(`${age} s old passes`, () => {
      assert.ok(new NonceStore().check("hk", "u", NOW - age * S, 12, NOW).ok);
    });
  }
  for (const age of [18n, 19n]) {
    await t.step(`${age} s old fails with Python's message`, () => {
      const v = new NonceStore().check("hk", "u", NOW - age * S, 12, NOW);
      assert.deepEqual(v, {
        ok: false,
        reason: "stale",
        message: `Nonce is too old: acceptable delta is 16.00 seconds but request was ${age}.00 seconds old`,
      });
    });
  }
});

Deno.test("NonceStore.commit() refuses replays and non-increasing nonces per hotkey:uuid", () => {
  const store = new NonceStore();
  assert.ok(store.commit("hk", "u", NOW, 12, NOW).ok);
  const replay = store.commit("hk", "u", NOW, 12, NOW);
  assert.equal(replay.ok, false);
  assert.equal(!replay.ok && replay.message, "Nonce is too old, a newer one was last processed");
  assert.equal(store.commit("hk", "u", NOW - 1n, 12, NOW).ok, false);
  assert.ok(store.commit("hk", "u", NOW + 1n, 12, NOW).ok);
  assert.ok(store.commit("hk", "other", NOW, 12, NOW).ok, "another uuid is another key");
  assert.ok(store.commit("hk2", "u", NOW, 12, NOW).ok, "another hotkey is another key");
  assert.equal(store.size, 3);
});

Deno.test("NonceStore.commit() keeps an entry while a replay with a raised timeout could pass", () => {
  const store = new NonceStore({ timeoutMaxMs: 3_600_000 });
  assert.ok(store.commit("hk", "u", NOW, 1, NOW).ok);
  // An hour later a replayer claims timeout 3600: still remembered, still refused.
  const later = NOW + 3_600n * S;
  assert.equal(store.commit("hk", "u", NOW, 3600, later).ok, false);
  assert.equal(store.size, 1);
  // Once nonce + 4 s + 1 h has passed, the entry goes, and the old nonce is stale anyway.
  const gone = NOW + 3_606n * S;
  const v = store.commit("hk", "u", NOW, 1e9, gone);
  assert.equal(v.ok, false);
  assert.equal(!v.ok && v.reason, "stale");
  assert.equal(store.size, 0);
});

Deno.test("NonceStore.commit() refuses new keys when full and never evicts live entries", () => {
  const store = new NonceStore({ entriesMax: 3, entriesPerHotkeyMax: 2 });
  assert.ok(store.commit("a", "1", NOW, 12, NOW).ok);
  assert.ok(store.commit("a", "2", NOW, 12, NOW).ok);
  const perHotkey = store.commit("a", "3", NOW, 12, NOW);
  assert.equal(!perHotkey.ok && perHotkey.reason, "full");
  assert.ok(store.commit("b", "1", NOW, 12, NOW).ok);
  const full = store.commit("c", "1", NOW, 12, NOW);
  assert.equal(!full.ok && full.reason, "full");
  assert.ok(store.commit("a", "1", NOW + 1n, 12, NOW).ok, "known keys still advance");
  assert.equal(store.commit("a", "1", NOW, 12, NOW).ok, false, "the live entry still refuses a replay");
  assert.equal(store.size, 3);
});

Deno.test("NonceStore stays flat under many distinct uuids", () => {
  const n = Deno.env.get("SOAK") ? 1_000_000 : 20_000;
  const store = new NonceStore({ entriesMax: 1_000, entriesPerHotkeyMax: 1_000, timeoutMaxMs: 10_000 });
  let accepted = 0;
  for (let i = 0; i < n; i++) {
    const now = NOW + BigInt(i) * 1_000_000n; // 1 ms apart
    if (store.commit(`hk${i % 7}`, `uuid-${i}`, now, 12, now).ok) accepted++;
    assert.ok(store.size <= 1_000);
  }
  // Entries live 14 s (4 s + 10 s cap); at one new key per ms the store refills after each sweep.
  assert.ok(accepted > n / 20, `accepted ${accepted} of ${n}`);
});

Deno.test("NonceStore.check() refuses nonces far in the future", () => {
  const store = new NonceStore({ futureMaxMs: 60_000 });
  assert.ok(store.check("hk", "u", NOW + 59n * S, 12, NOW).ok);
  const v = store.check("hk", "u", NOW + 61n * S, 12, NOW);
  assert.equal(!v.ok && v.reason, "future");
});

Deno.test("NonceStore keeps room for registered keys however many strangers arrive", () => {
  const now = 1_700_000_000_000_000_000n;
  const store = new NonceStore({ entriesMax: 100, unregisteredEntriesMax: 10, entriesPerHotkeyMax: 1_000 });
  // 98 self-made keys × many uuids, from many IPs: only the unregistered share fills.
  let accepted = 0;
  for (let k = 0; k < 98; k++) {
    for (let u = 0; u < 20; u++) {
      if (store.commit(`stranger${k}`, `u${u}`, now, 12, now, { ip: `10.0.${k}.${u}`, registered: false }).ok) {
        accepted++;
      }
    }
  }
  assert.equal(accepted, 10);
  const refused = store.commit("stranger", "x", now, 12, now, { ip: "10.9.9.9", registered: false });
  assert.ok(!refused.ok && /unregisteredEntriesMax/.test(refused.message));
  for (let v = 0; v < 100; v++) {
    assert.ok(store.commit(`validator${v}`, "uuid", now, 12, now, { ip: "1.2.3.4", registered: true }).ok);
  }
  const full = store.commit("validator-late", "uuid", now, 12, now, { ip: "1.2.3.4", registered: true });
  assert.ok(!full.ok && /entriesMax/.test(full.message), "registered keys are bounded by entriesMax alone");
});

Deno.test("NonceStore caps the new entries one peer IP may create", () => {
  const now = 1_700_000_000_000_000_000n;
  const store = new NonceStore({ entriesPerIpMax: 5 });
  for (let k = 0; k < 5; k++) assert.ok(store.commit(`key${k}`, "u", now, 12, now, { ip: "6.6.6.6" }).ok);
  const refused = store.commit("key5", "u", now, 12, now, { ip: "6.6.6.6" });
  assert.ok(!refused.ok && /entriesPerIpMax/.test(refused.message));
  assert.ok(store.commit("key5", "u", now, 12, now, { ip: "7.7.7.7" }).ok, "another IP is not affected");
});
