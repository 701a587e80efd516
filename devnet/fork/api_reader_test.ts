import assert from "node:assert/strict";
import { mechagraphInput, taoWeightOf } from "./api_reader.ts";

Deno.test("mechagraphInput() is the request Python's metagraph() sends (netuid, mechid, Vec<u16> of 0..73)", () => {
  const hex = mechagraphInput(1, 0);
  assert.ok(hex.startsWith("0x0100002901000001000200"));
  assert.equal(hex.length, 2 + 2 * (2 + 1 + 2 + 74 * 2));
  assert.equal(mechagraphInput(2, 1, 3), "0x0200010c000001000200");
});

Deno.test("taoWeightOf() solves total = alpha + floor(tao · w / u64::MAX), or says it cannot", () => {
  const max = (1n << 64n) - 1n;
  const w = 3_320_413_933_267_719_290n; // ≈ 0.18
  const alpha = [10n ** 12n, 5n * 10n ** 11n, 0n, 7n];
  const tao = [3n * 10n ** 12n, 0n, 10n ** 13n, 123_456_789n];
  const total = alpha.map((a, i) => a + (tao[i] * w) / max);
  const got = taoWeightOf(alpha, tao, total)!;
  assert.deepEqual(alpha.map((a, i) => a + (tao[i] * got) / max), total);
  assert.equal(taoWeightOf(alpha, tao, total.map((t, i) => (i === 0 ? t + 10n ** 9n : t))), undefined);
  assert.equal(taoWeightOf([1n], [0n], [1n]), undefined); // no TAO stake: nothing to solve
});
