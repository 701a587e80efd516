/**
 * The validator's persistent state: step, moving-average scores and the hotkeys they belong to.
 * Loaded before anything else and saved atomically after each step (upstream overwrites it with
 * zeros at start; we do not). Follows the metagraph as it grows, shrinks and replaces hotkeys.
 *
 * @module
 */
import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { SubnetError } from "../protocol/errors.ts";
import { isNotFound } from "../runtime/fs.ts";
import { sweepStaleTemps, writeFileAtomic } from "../runtime/atomic_file.ts";

/** What the validator keeps across restarts. */
export interface ValidatorState {
  /** Steps completed so far. */
  step: number;
  /** Moving-average score per uid, in [0, 1]. */
  scores: number[];
  /** The hotkey each score belongs to (the metagraph's hotkeys when last synced). */
  hotkeys: string[];
  /** Scores of the other incentive mechanisms a validator scores, by mechid (aligned like `scores`). */
  mechanism_scores?: Record<string, number[]>;
}

/**
 * The state of a validator that has never run.
 *
 * @example
 * ```ts
 * import { emptyState } from "./validator_state.ts";
 * console.assert(emptyState().step === 0);
 * ```
 */
export function emptyState(): ValidatorState {
  return { step: 0, scores: [], hotkeys: [] };
}

/**
 * Reads the state file. A missing file is a fresh start; an unreadable one is an error (never
 * silently zeroed).
 *
 * @example
 * ```ts
 * import { loadState } from "./validator_state.ts";
 * const state = await loadState("/tmp/does-not-exist/state.json");
 * console.assert(state.step === 0);
 * ```
 */
export async function loadState(path: string): Promise<ValidatorState> {
  await sweepStaleTemps(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if (isNotFound(err)) return emptyState();
    throw err;
  }
  try {
    return parseState(JSON.parse(text));
  } catch (err) {
    throw new SubnetError(
      "subnet/state-corrupt",
      `Cannot load validator state from ${path}: ${(err as Error).message} (move the file away to start afresh)`,
      { cause: err },
    );
  }
}

/** Checks a parsed state file: a step count, and one score in [0, 1] per hotkey. */
function parseState(raw: unknown): ValidatorState {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) throw new TypeError("it is not a JSON object");
  const { step, scores, hotkeys } = raw as Record<string, unknown>;
  if (!Number.isSafeInteger(step) || (step as number) < 0) throw new TypeError("step is not a non-negative integer");
  if (!Array.isArray(scores) || !Array.isArray(hotkeys)) throw new TypeError("scores and hotkeys must be arrays");
  if (scores.length !== hotkeys.length) {
    throw new TypeError(`${scores.length} scores for ${hotkeys.length} hotkeys`);
  }
  const bad = scores.findIndex((s) => typeof s !== "number" || !Number.isFinite(s) || s < 0 || s > 1);
  if (bad >= 0) throw new RangeError(`score of uid ${bad} is ${JSON.stringify(scores[bad])}, not a number in [0, 1]`);
  if (!hotkeys.every((h) => typeof h === "string")) throw new TypeError("hotkeys must be strings");
  const state: ValidatorState = { step: step as number, scores: scores as number[], hotkeys: hotkeys as string[] };
  const extra = (raw as Record<string, unknown>).mechanism_scores;
  if (extra === undefined) return state;
  const extraOk = extra !== null && typeof extra === "object" && !Array.isArray(extra) &&
    Object.entries(extra).every(([mechid, xs]) =>
      /^\d+$/.test(mechid) && Array.isArray(xs) && xs.length === hotkeys.length &&
      xs.every((s: unknown) => typeof s === "number" && Number.isFinite(s) && s >= 0 && s <= 1)
    );
  if (!extraOk) throw new TypeError("mechanism_scores must map mechids to one score in [0, 1] per hotkey");
  return { ...state, mechanism_scores: extra as Record<string, number[]> };
}

/**
 * Writes the state atomically and durably (`runtime/atomic_file.ts`): a crash at any point leaves
 * either the old or the new state, never half of one.
 *
 * @example
 * ```ts
 * import { saveState } from "./validator_state.ts";
 * import { makeTempDir } from "../runtime/fs.ts";
 * const dir = await makeTempDir();
 * await saveState(`${dir}/state.json`, { step: 1, scores: [0.1], hotkeys: ["5F…"] });
 * ```
 */
export async function saveState(path: string, state: ValidatorState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, JSON.stringify(state));
}

/**
 * Aligns scores with the current metagraph: a uid whose hotkey changed starts again at 0, new uids
 * start at 0, and uids beyond a shrunken metagraph are dropped (upstream crashes on shrinkage).
 *
 * @example
 * ```ts
 * import { followMetagraph } from "./validator_state.ts";
 * const next = followMetagraph({ step: 3, scores: [0.5, 0.7], hotkeys: ["a", "b"] }, ["a", "c", "d"]);
 * console.assert(next.scores.join() === "0.5,0,0");
 * ```
 */
export function followMetagraph(state: ValidatorState, hotkeys: readonly string[]): ValidatorState {
  const align = (xs: readonly number[]) =>
    hotkeys.map((hotkey, uid) => state.hotkeys[uid] === hotkey ? xs[uid] ?? 0 : 0);
  const next: ValidatorState = { step: state.step, scores: align(state.scores), hotkeys: [...hotkeys] };
  if (state.mechanism_scores) {
    next.mechanism_scores = Object.fromEntries(
      Object.entries(state.mechanism_scores).map(([mechid, xs]) => [mechid, align(xs)]),
    );
  }
  return next;
}

/**
 * The template's exponential moving average: queried uids move toward their reward, every other
 * uid decays by `1 - alpha`. NaN rewards count as 0, others are clamped to [0, 1]; empty input
 * changes nothing.
 *
 * @example
 * ```ts
 * import { updateScores } from "./validator_state.ts";
 * console.assert(updateScores([0, 1], [1], [0], 0.1).join() === "0.1,0.9");
 * ```
 */
export function updateScores(
  scores: readonly number[],
  rewards: readonly number[],
  uids: readonly number[],
  alpha: number,
): number[] {
  if (rewards.length !== uids.length) {
    throw new RangeError(
      `Cannot update scores as rewards and uids differ in length: ${rewards.length} vs ${uids.length}`,
    );
  }
  if (rewards.length === 0) return [...scores];
  const scattered = new Array<number>(scores.length).fill(0);
  uids.forEach((uid, i) => {
    // Scores stay in [0, 1] (the state file refuses others): rewards are clamped, NaN counts as 0.
    if (uid >= 0 && uid < scores.length) scattered[uid] = Number.isFinite(rewards[i]) ? clamp01(rewards[i]) : 0;
  });
  return scores.map((s, uid) => alpha * scattered[uid] + (1 - alpha) * s);
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
