/**
 * The mutation check (not part of the gate): plants each bug of `mutations.ts` in a copy of the
 * repository, runs the test files that should catch it, and prints which were caught and which
 * survived. A surviving mutation is a security check no test defends: add the test that kills it.
 *
 * ```sh
 * deno task mutate                    # every entry
 * deno task mutate sn21 axon-body     # entries whose id contains one of the words
 * deno task mutate --list             # the entries, without running anything
 * ```
 *
 * The copy lives in a temp folder next to a link to `../shared`, so fixture tests see what they see
 * here; the working tree is never touched. Tests run with `--no-check` (a bug must be caught by a
 * test, not by the type checker) and `--fail-fast`. Before any bug is planted the same test files
 * must pass on the unmutated copy, or the run stops: a red baseline would make every bug look caught.
 * Exit code 0 when every mutation was caught.
 *
 * @module
 */
import { type Mutation, MUTATIONS } from "./mutations.ts";

/** What happened to one mutation. */
export type Outcome = "caught" | "caught (timeout)" | "SURVIVED" | "STALE";

const ROOT = new URL("../../", import.meta.url).pathname;
const SKIP = new Set([".git", "dist", "node_modules", "coverage", ".DS_Store"]);
const TIMEOUT_MS = Number(Deno.env.get("MUTATE_TIMEOUT_S") ?? 300) * 1000;

/** Copies the repository (without VCS and build output) to `to`. */
async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (SKIP.has(entry.name)) continue;
    const [src, dst] = [`${from}/${entry.name}`, `${to}/${entry.name}`];
    if (entry.isDirectory) await copyTree(src, dst);
    else if (entry.isFile) await Deno.copyFile(src, dst);
  }
}

/** Runs `deno test` on `files` in `cwd`; true when they all pass. `log` receives the output's tail. */
async function testsPass(
  cwd: string,
  files: readonly string[],
  log?: string[],
  timeoutMs = TIMEOUT_MS,
): Promise<boolean | "timeout"> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--no-check", "--fail-fast", ...files],
    cwd,
    stdout: log ? "piped" : "null",
    stderr: log ? "piped" : "null",
    env: { NO_COLOR: "1", SOAK: "", REQUIRE_FIXTURES: "" },
  }).spawn();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, timeoutMs);
  const { success, stdout, stderr } = log
    ? await child.output()
    : { ...(await child.status), stdout: null, stderr: null };
  clearTimeout(timer);
  if (log && stdout && stderr) {
    log.push(...(new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr)).split("\n").slice(-40));
  }
  return timedOut ? "timeout" : success;
}

function occurrences(text: string, find: string): number {
  return find === "" ? 0 : text.split(find).length - 1;
}

/** Plants one mutation in the copy at `dir`, runs its tests, and restores the file. */
async function runOne(dir: string, m: Mutation): Promise<Outcome> {
  const path = `${dir}/${m.file}`;
  const original = await Deno.readTextFile(path);
  if (occurrences(original, m.find) !== 1) return "STALE";
  await Deno.writeTextFile(path, original.replace(m.find, () => m.replace));
  try {
    const passed = await testsPass(dir, m.tests);
    return passed === "timeout" ? "caught (timeout)" : passed ? "SURVIVED" : "caught";
  } finally {
    await Deno.writeTextFile(path, original);
  }
}

function table(rows: readonly string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: readonly string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(" | ")} |`;
  return [line(rows[0]), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

/** Runs the chosen mutations; returns the exit code. */
async function main(args: string[]): Promise<number> {
  const words = args.filter((a) => !a.startsWith("--"));
  const chosen = MUTATIONS.filter((m) => words.length === 0 || words.some((w) => m.id.includes(w)));
  if (args.includes("--list")) {
    const rows = await Promise.all(chosen.map(async (m) => {
      const text = await Deno.readTextFile(`${ROOT}${m.file}`).catch(() => "");
      return [m.id, m.check, m.file, occurrences(text, m.find) === 1 ? "ok" : "STALE", m.tests.join(" ")];
    }));
    console.log(table([["id", "check", "file", "find", "tests"], ...rows]));
    return 0;
  }
  if (chosen.length === 0) {
    console.error(`mutate: no entry matches ${words.join(", ")} (see: deno task mutate --list)`);
    return 2;
  }
  const ids = new Set<string>();
  for (const m of MUTATIONS) {
    if (ids.has(m.id)) throw new Error(`mutations.ts: duplicate id ${m.id}`);
    ids.add(m.id);
  }

  const base = await Deno.makeTempDir({ prefix: "subnet-mutate-" });
  const dir = `${base}/repo`;
  try {
    await copyTree(ROOT.replace(/\/$/, ""), dir);
    const shared = new URL("../shared", `file://${ROOT}`).pathname;
    if (await Deno.stat(shared).then(() => true, () => false)) await Deno.symlink(shared, `${base}/shared`);

    const files = [...new Set(chosen.flatMap((m) => m.tests))];
    console.log(`mutate: baseline: ${files.length} test files on the unmutated copy (${dir})`);
    const log: string[] = [];
    const baseline = await testsPass(dir, files, log, TIMEOUT_MS * Math.max(1, files.length / 2));
    if (baseline !== true) {
      console.error(log.join("\n"));
      console.error(
        `mutate: the baseline fails (${baseline === "timeout" ? "timeout" : "a test fails"}): fix it first`,
      );
      return 1;
    }

    const rows = [["mutation", "check", "file", "result", "s"]];
    const tally = new Map<Outcome, number>();
    for (const m of chosen) {
      const started = performance.now();
      const outcome = await runOne(dir, m);
      const seconds = ((performance.now() - started) / 1000).toFixed(0);
      tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
      rows.push([m.id, m.check, m.file, outcome, seconds]);
      console.log(`mutate: ${m.id}: ${outcome} (${seconds}s)`);
    }
    console.log(`\n${table(rows)}\n`);
    const caught = (tally.get("caught") ?? 0) + (tally.get("caught (timeout)") ?? 0);
    const survived = tally.get("SURVIVED") ?? 0;
    const stale = tally.get("STALE") ?? 0;
    console.log(`${caught} caught, ${survived} survived, ${stale} stale (of ${chosen.length})`);
    if (stale) console.log("mutate: a STALE entry's `find` text no longer occurs exactly once: update mutations.ts");
    return survived === 0 && stale === 0 ? 0 : 1;
  } finally {
    await Deno.remove(base, { recursive: true });
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
