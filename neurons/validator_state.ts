/**
 * The validator's persistent state: step, moving-average scores and the hotkeys they belong to.
 * Loaded before anything else and saved atomically after each step (upstream overwrites it with
 * zeros at start; we do not). Follows the metagraph as it grows, shrinks and replaces hotkeys.
 *
 * @module
 */
import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { SubnetError } from "../protocol/errors.ts";
import { isNotFound } from "../runtime/fs.ts";

/** What the validator keeps across restarts. */
export interface ValidatorState {
  /** Steps completed so far. */
  step: number;
  /** Moving-average score per uid, in [0, 1]. */
  scores: number[];
  /** The hotkey each score belongs to (the metagraph's hotkeys when last synced). */
  hotkeys: string[];
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
  await removeStaleTemps(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if (isNotFound(err)) return emptyState();
    throw err;
  }
  try {
    const raw = JSON.parse(text);
    const ok = Number.isInteger(raw.step) && raw.step >= 0 && Array.isArray(raw.scores) &&
      Array.isArray(raw.hotkeys) && raw.scores.length === raw.hotkeys.length &&
      raw.scores.every((s: unknown) => typeof s === "number" && Number.isFinite(s)) &&
      raw.hotkeys.every((h: unknown) => typeof h === "string");
    if (!ok) throw new TypeError("fields step, scores and hotkeys are missing or malformed");
    return { step: raw.step, scores: raw.scores, hotkeys: raw.hotkeys };
  } catch (err) {
    throw new SubnetError(
      "subnet/state-corrupt",
      `Cannot load validator state from ${path}: ${(err as Error).message} (move the file away to start afresh)`,
      { cause: err },
    );
  }
}

/** Removes temp files a killed process left behind (`<path>.<uuid>.tmp`). */
async function removeStaleTemps(path: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash >= 0 ? path.slice(0, slash) || "/" : ".";
  const base = path.slice(slash + 1);
  try {
    for (const name of await readdir(dir)) {
      if (name.startsWith(`${base}.`) && name.endsWith(".tmp")) {
        await rm(`${dir}/${name}`, { force: true }).catch(() => {});
      }
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

/**
 * Writes the state atomically: a temporary file in the same folder, fsynced, then renamed over the
 * old one, so a crash at any point leaves either the old or the new state, never half of one.
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
  const dir = path.slice(0, Math.max(0, path.lastIndexOf("/"))) || ".";
  await mkdir(dir, { recursive: true });
  const temp = `${path}.${crypto.randomUUID()}.tmp`;
  const file = await open(temp, "wx", 0o600);
  try {
    await file.writeFile(JSON.stringify(state));
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => {});
    throw err;
  }
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
  const scores = hotkeys.map((hotkey, uid) => state.hotkeys[uid] === hotkey ? state.scores[uid] ?? 0 : 0);
  return { step: state.step, scores, hotkeys: [...hotkeys] };
}

/**
 * The template's exponential moving average: queried uids move toward their reward, every other
 * uid decays by `1 - alpha`. NaN rewards count as 0; empty input changes nothing.
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
    if (uid >= 0 && uid < scores.length) scattered[uid] = Number.isFinite(rewards[i]) ? rewards[i] : 0;
  });
  return scores.map((s, uid) => alpha * scattered[uid] + (1 - alpha) * s);
}
