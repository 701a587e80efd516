import assert from "node:assert/strict";
import { followMetagraph, loadState, saveState, updateScores } from "./validator_state.ts";
import { isAvailable, randomUids } from "./uids.ts";

Deno.test("updateScores() follows the template's EMA (subnet-template.md §2.4, §3.4)", () => {
  assert.deepEqual(updateScores([0, 0.5], [1], [0], 0.1), [0.1, 0.45]);
  assert.deepEqual(updateScores([0.2], [NaN], [0], 0.1).map((x) => +x.toFixed(6)), [0.18]);
  assert.deepEqual(updateScores([0.3], [], [], 0.1), [0.3]);
  assert.deepEqual(updateScores([1, 0], [7, -2], [0, 1], 0.5), [1, 0]);
  assert.throws(() => updateScores([0], [1, 1], [0], 0.1), /differ in length/);
});

Deno.test("followMetagraph() handles replacement, growth and shrinkage", () => {
  const state = { step: 4, scores: [0.4, 0.5, 0.6], hotkeys: ["a", "b", "c"] };
  assert.deepEqual(followMetagraph(state, ["a", "x", "c", "d"]).scores, [0.4, 0, 0.6, 0]);
  assert.deepEqual(followMetagraph(state, ["a"]), { step: 4, scores: [0.4], hotkeys: ["a"] });
});

Deno.test("saveState() then loadState() round-trips; a missing file is a fresh start", async () => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/nested/state.json`;
  assert.deepEqual(await loadState(path), { step: 0, scores: [], hotkeys: [] });
  const state = { step: 7, scores: [0.25, 0.75], hotkeys: ["h0", "h1"] };
  await saveState(path, state);
  assert.deepEqual(await loadState(path), state);
  assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
  assert.deepEqual([...Deno.readDirSync(`${dir}/nested`)].map((e) => e.name), ["state.json"]);
  await Deno.writeTextFile(path, "{half");
  await assert.rejects(loadState(path), /Cannot load validator state/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("randomUids() samples only available uids, tops up from excluded ones", () => {
  const c = (uid: number, serving = true, validatorPermit = false, stakeTao = 0) => ({
    uid,
    serving,
    validatorPermit,
    stakeTao,
  });
  const candidates = [c(0), c(1, false), c(2, true, true, 5000), c(3), c(4)];
  assert.ok(!isAvailable(candidates[2], 4096));
  const all = randomUids(candidates, 10);
  assert.deepEqual([...all].sort(), [0, 3, 4]);
  const some = randomUids(candidates, 2, { exclude: [0] });
  assert.deepEqual([...some].sort(), [3, 4]);
  assert.deepEqual(randomUids(candidates, 3, { exclude: [0] }).slice(2), [0]);
});

Deno.test("loadState() removes temp files a killed writer left behind", async () => {
  const dir = await Deno.makeTempDir();
  await saveState(`${dir}/state.json`, { step: 2, scores: [], hotkeys: [] });
  await Deno.writeTextFile(`${dir}/state.json.dead-beef.tmp`, "{half");
  assert.equal((await loadState(`${dir}/state.json`)).step, 2);
  assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["state.json"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("loadState() refuses a state file it cannot trust, naming the file", async (t) => {
  const dir = await Deno.makeTempDir();
  const path = `${dir}/state.json`;
  const cases: [string, unknown, RegExp][] = [
    ["a score above 1", { step: 1, scores: [0.5, 1.5], hotkeys: ["a", "b"] }, /score of uid 1 is 1.5/],
    ["a negative score", { step: 1, scores: [-0.1], hotkeys: ["a"] }, /score of uid 0 is -0.1/],
    ["a score that is not a number", { step: 1, scores: ["NaN"], hotkeys: ["a"] }, /score of uid 0/],
    ["scores and hotkeys of different lengths", { step: 1, scores: [0.1], hotkeys: [] }, /1 scores for 0 hotkeys/],
    ["a negative step", { step: -1, scores: [], hotkeys: [] }, /step is not/],
    ["an array", [], /not a JSON object/],
  ];
  for (const [name, content, reason] of cases) {
    await t.step(name, async () => {
      await Deno.writeTextFile(path, JSON.stringify(content));
      const err = await loadState(path).then(() => null, (e: Error) => e);
      assert.ok(err, "loaded");
      assert.ok(err.message.includes(path), err.message);
      assert.match(err.message, reason);
    });
  }
  await Deno.remove(dir, { recursive: true });
});
