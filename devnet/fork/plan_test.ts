import assert from "node:assert/strict";
import { HEAD_ONLY_ITEMS, S } from "../subtensor/items.ts";
import {
  ACCOUNT_ITEMS,
  ACCOUNT_NETUID_ITEMS,
  alphaKeyNetuid,
  alphaPrefix,
  GLOBAL_ITEMS,
  itemOfKey,
  NETUID_ITEMS,
  netuidPrefix,
} from "./plan.ts";

Deno.test("plan: every netuid-keyed item is copied, the devnet's own globals are not", () => {
  const names = new Set(NETUID_ITEMS.map((i) => i.name));
  for (const n of ["Tempo", "Weights", "Bonds", "Keys", "Axons", "WeightCommits", "TimelockedWeightCommits"]) {
    assert.ok(names.has(n), n);
  }
  assert.ok(names.has(HEAD_ONLY_ITEMS.LastEpochBlock.name) && names.has("MechanismCountCurrent"));
  assert.deepEqual(ACCOUNT_ITEMS.map((i) => i.name).sort(), ["Delegates", "OwnedHotkeys", "Owner", "StakingHotkeys"]);
  assert.ok(ACCOUNT_NETUID_ITEMS.some((i) => i.name === "TotalHotkeyAlpha"));
  const globals = GLOBAL_ITEMS.map((i) => i.name);
  assert.ok(
    globals.includes("TaoWeight") && !globals.includes("TotalNetworks") && !globals.includes("AdminFreezeWindow"),
  );
});

Deno.test("netuidPrefix() is the key of a one-key item and a prefix of a two-key item's keys", () => {
  assert.equal(netuidPrefix(S.Tempo, 1), S.Tempo.keyHex(1));
  assert.equal(netuidPrefix(S.RevealPeriodEpochs, 7), S.RevealPeriodEpochs.keyHex(7)); // Twox64Concat
  assert.equal(netuidPrefix(S.LiquidAlphaOn, 7), S.LiquidAlphaOn.keyHex(7)); // Blake2_128Concat
  assert.ok(S.Weights.keyHex(4097, 3).startsWith(netuidPrefix(S.Weights, 4097)));
  assert.ok(!S.Weights.keyHex(1, 3).startsWith(netuidPrefix(S.Weights, 4097)));
  assert.equal(itemOfKey(S.Weights.keyHex(1, 3)), "Weights");
  assert.equal(itemOfKey("0x" + "00".repeat(40)), null);
});

Deno.test("alphaPrefix() and alphaKeyNetuid() find a hotkey's shares per subnet", () => {
  const hk = new Uint8Array(32).fill(7), ck = new Uint8Array(32).fill(9);
  for (const netuid of [0, 1, 300]) {
    const key = S.Alpha.keyHex(hk, ck, netuid);
    assert.ok(key.startsWith(alphaPrefix(hk)));
    assert.equal(alphaKeyNetuid(key), netuid);
  }
});
