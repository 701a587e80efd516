import assert from "node:assert/strict";
import { parseWeightsFile } from "./_simulate_fork.ts";

Deno.test("parseWeightsFile() reads the three shapes and refuses anything else", () => {
  const want = [[3, 1], [4, 2]];
  assert.deepEqual(parseWeightsFile('{"uids": [3, 4], "weights": [1, 2]}'), want);
  assert.deepEqual(parseWeightsFile('{"uids": [3, 4], "values": [1, 2]}'), want);
  assert.deepEqual(parseWeightsFile('{"3": 1, "4": 2}'), want);
  assert.deepEqual(parseWeightsFile("[[3, 1], [4, 2]]"), want);
  assert.throws(() => parseWeightsFile("{"), /Cannot read weights.json/);
  assert.throws(() => parseWeightsFile('{"uids": [1], "weights": [1, 2]}'), /differ in length/);
  assert.throws(() => parseWeightsFile('{"x": 1}'), /is not a uid and a non-negative weight/);
  assert.throws(() => parseWeightsFile("[[1, -1]]"), /non-negative/);
  assert.throws(() => parseWeightsFile("7"), /give \{"uids"/);
});
