// Expected values are worked by hand from bittensor/utils/weight_utils.py v10.2.0 (spec/chain.md §6)
// and numpy's quantile (method "linear").
import assert from "node:assert/strict";
import {
  convertWeightsAndUidsForEmit,
  normalizeMaxWeight,
  processWeightsForNetuid,
  quantile,
  roundHalfEven,
  weightCommitHash,
} from "./weights.ts";

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} !== ${b}`);

Deno.test("roundHalfEven() rounds ties to even as Python's round()", () => {
  for (
    const [x, want] of [[0.5, 0], [1.5, 2], [2.5, 2], [3.5, 4], [32767.5, 32768], [65534.5, 65534], [2.4999, 2], [
      2.5001,
      3,
    ]]
  ) {
    assert.equal(roundHalfEven(x), want, `round(${x})`);
  }
});

Deno.test("quantile() interpolates linearly as numpy", () => {
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5); // position 1.5
  assert.equal(quantile([50, 10, 40, 20, 30], 0.1), 14); // position 0.4 between 10 and 20
  assert.equal(quantile([3, 1, 2], 0), 1);
  assert.equal(quantile([3, 1, 2], 1), 3);
  close(quantile([0.3, 0.4, 0.5, 0.1, 0.2], 0.6), 0.34); // position 2.4 between 0.3 and 0.4
  assert.throws(() => quantile([], 0.5), RangeError);
});

Deno.test("normalizeMaxWeight() follows Python's three branches", async (t) => {
  await t.step("n × limit ≤ 1 gives uniform weights", () => {
    assert.deepEqual(normalizeMaxWeight([1, 2, 3], 0.3), [1 / 3, 1 / 3, 1 / 3]);
  });
  await t.step("all zero gives uniform weights", () => {
    assert.deepEqual(normalizeMaxWeight([0, 0, 0, 0], 0.3), [0.25, 0.25, 0.25, 0.25]);
  });
  await t.step("max ≤ limit just normalizes", () => {
    assert.deepEqual(normalizeMaxWeight([1, 1, 1, 1], 0.3), [0.25, 0.25, 0.25, 0.25]);
  });
  await t.step("clips the largest to the cutoff", () => {
    // est = [.1,.1,.1,.1,.6]; n_values = 4; cutoff = (0.3·0.4 − 1e-7)/(1 − 0.3)·10 = 1.199999/0.7
    const c = 1.199999 / 0.7;
    const y = normalizeMaxWeight([1, 1, 1, 6, 1], 0.3);
    close(y[3], c / (4 + c));
    for (const i of [0, 1, 2, 4]) close(y[i], 1 / (4 + c));
    close(y.reduce((a, b) => a + b), 1);
  });
});

Deno.test("processWeightsForNetuid() follows Python's process_weights", async (t) => {
  await t.step("no non-zero weight gives uniform weights over all uids", () => {
    assert.deepEqual(
      processWeightsForNetuid([0, 1, 2], [0, 0, 0], { n: 4, minAllowedWeights: 1, maxWeightsLimit: 65535 }),
      [
        [0, 1, 2, 3],
        [0.25, 0.25, 0.25, 0.25],
      ],
    );
  });
  await t.step("n below min allowed gives uniform weights", () => {
    const [u, w] = processWeightsForNetuid([0, 1, 2], [1, 2, 3], {
      n: 3,
      minAllowedWeights: 4,
      maxWeightsLimit: 65535,
    });
    assert.deepEqual(u, [0, 1, 2]);
    assert.deepEqual(w, [1 / 3, 1 / 3, 1 / 3]);
  });
  await t.step("too few non-zero weights pads with 1e-5 by position", () => {
    const [u, w] = processWeightsForNetuid([0, 1, 2, 3], [0, 1, 0, 0], {
      n: 4,
      minAllowedWeights: 2,
      maxWeightsLimit: 65535,
    });
    assert.deepEqual(u, [0, 1, 2, 3]);
    const total = 1 + 4e-5;
    close(w[1], (1 + 1e-5) / total);
    close(w[0], 1e-5 / total);
  });
  await t.step("excludes the lowest quantile (interpolated), bounded by min allowed", () => {
    const uids = [0, 1, 2, 3, 4];
    const weights = [0.1, 0.2, 0.3, 0.4, 0.5];
    const limits = { n: 5, minAllowedWeights: 2, maxWeightsLimit: 65535 };
    // q = min(32767.5/65535 = 0.5, (5−2)/5 = 0.6) = 0.5 → position 2 → 0.3 kept
    const [u1, w1] = processWeightsForNetuid(uids, weights, { ...limits, excludeQuantile: 32767.5 });
    assert.deepEqual(u1, [2, 3, 4]);
    const f = [0.3, 0.4, 0.5].map(Math.fround);
    close(w1[0], f[0] / (f[0] + f[1] + f[2]));
    // q = min(1, 0.6) = 0.6 → position 2.4 → 0.34: only 0.4 and 0.5 stay
    const [u2] = processWeightsForNetuid(uids, weights, { ...limits, excludeQuantile: 65535 });
    assert.deepEqual(u2, [3, 4]);
    // q = 0 keeps everything
    assert.deepEqual(processWeightsForNetuid(uids, weights, limits)[0], uids);
  });
  await t.step("applies the max weight limit", () => {
    const [u, w] = processWeightsForNetuid([0, 1, 2, 3, 4], [1, 1, 1, 6, 1], {
      n: 5,
      minAllowedWeights: 1,
      maxWeightsLimit: 19660.5, // 0.3 × 65535
    });
    assert.deepEqual(u, [0, 1, 2, 3, 4]);
    const c = 1.199999 / 0.7;
    close(w[3], c / (4 + c), 1e-9);
  });
  await t.step("rejects a length mismatch", () => {
    assert.throws(
      () => processWeightsForNetuid([0], [1, 2], { n: 2, minAllowedWeights: 1, maxWeightsLimit: 65535 }),
      RangeError,
    );
  });
});

Deno.test("convertWeightsAndUidsForEmit() scales to u16 with half-to-even and drops zeros", () => {
  // 0.5 × 65535 = 32767.5 → 32768 (even)
  assert.deepEqual(convertWeightsAndUidsForEmit([0, 1], [1, 0.5]), [[0, 1], [65535, 32768]]);
  assert.deepEqual(convertWeightsAndUidsForEmit([7, 9], [2, 1]), [[7, 9], [65535, 32768]]);
  // 1/131070 × 65535 = 0.5 → 0 (dropped); 3/131070 × 65535 = 1.5 → 2
  assert.deepEqual(convertWeightsAndUidsForEmit([0, 1, 2], [131070, 1, 3]), [[0, 2], [65535, 2]]);
  // 5/131070 × 65535 = 2.5 → 2
  assert.deepEqual(convertWeightsAndUidsForEmit([0, 1], [131070, 5]), [[0, 1], [65535, 2]]);
  assert.deepEqual(convertWeightsAndUidsForEmit([0, 1], [0, 0]), [[], []]);
  assert.throws(() => convertWeightsAndUidsForEmit([0], [-1]), RangeError);
  assert.throws(() => convertWeightsAndUidsForEmit([0, 1], [1]), RangeError);
});

Deno.test("weightCommitHash() hashes the SCALE tuple of spec/chain.md §4.2", () => {
  const hotkey = new Uint8Array(32).fill(1);
  const h = weightCommitHash({ hotkey, netuid: 1, uids: [0, 1], values: [65535, 2], salt: [7], versionKey: 5n });
  // Same bytes assembled by hand: hotkey ‖ 0100 ‖ 08 0000 0100 ‖ 08 ffff 0200 ‖ 04 0700 ‖ 0500000000000000
  const manual = new Uint8Array([
    ...hotkey,
    1,
    0,
    8,
    0,
    0,
    1,
    0,
    8,
    0xff,
    0xff,
    2,
    0,
    4,
    7,
    0,
    5,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
  ]);
  return import("@polkadot/util-crypto").then(({ blake2AsU8a }) => assert.deepEqual(h, blake2AsU8a(manual, 256)));
});
