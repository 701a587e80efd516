/**
 * The whole gate, as `deno task ok` and `.ci/run` run it: formatting, lint, type check, tests,
 * `deno doc --lint`, `deno publish --dry-run`, a smoke test of the offline bundle, the npm build's
 * suites on Node and Bun (`tests/runtimes/`) and a project made by `subnet new`.
 *
 * Test counts come from the runner's own JUnit report (`deno test --junit-path`), never from its
 * console output, so a test that prints a summary-like line cannot change them. A skipped test
 * fails the gate unless it is on {@link SKIP_ALLOWED} (the SOAK-only ones). The last line is plain:
 * `N passed, N failed, N skipped` (test cases and steps, plus gate steps that are not test runs).
 *
 * Adding a step (Node or Bun suites, a scaffold test, a docs harness…) is one line at the bottom:
 *
 * ```ts ignore
 * await step("docs", ["run", "-A", "tests/docs_harness.ts"]);          // deno <args>
 * const j = await junitFile();                                           // a suite: count its cases
 * await step("node", ["--test", "--test-reporter=junit", `--test-reporter-destination=${j}`], { command: "node", junit: j });
 * await step("scaffold", async () => { … throw on failure … });         // a function
 * ```
 *
 * `deno run -A tests/gate.ts <step> …` runs only the named steps.
 *
 * @module
 */
import { type JunitCase, readJunit } from "./junit.ts";

/**
 * Tests that may be skipped: they run only under `SOAK=1` (`deno task soak`). Anything else that
 * reports skipped fails the gate. Names as JUnit reports them (`test > step` for steps).
 */
export const SKIP_ALLOWED: readonly string[] = [
  "decryptKeyfileData() round-trips with the real KDFs and refuses a wrong password (SOAK)",
  "keysFromOptions() with the real argon2i refuses a wrong password and writes nothing (SOAK)",
  "bun suite (bun could not be installed)", // tests/runtimes/run.ts; the reason is in the report
];

/** How a step runs. */
export interface StepOptions {
  /** Executable to run instead of `deno` (e.g. `"node"`, `"npx"`). */
  command?: string;
  /** Extra environment (added to the gate's own). */
  env?: Record<string, string>;
  /** Working directory; the repository root by default. */
  cwd?: string;
  /** A JUnit XML file the command writes: its test cases are counted instead of the step itself. */
  junit?: string;
}

const deno = Deno.execPath();
const root = new URL("..", import.meta.url).pathname;
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures: string[] = [];
const unexpectedSkips: string[] = [];

/**
 * Runs one gate step: a command (`deno <args>` unless `options.command`), or a function that
 * throws on failure. Prints `gate: <name> ok|FAILED (<s>s)`; returns whether it passed.
 */
export async function step(
  name: string,
  run: string[] | (() => Promise<void>),
  options: StepOptions = {},
): Promise<boolean> {
  const started = performance.now();
  let ok: boolean;
  let log = "";
  if (typeof run === "function") {
    try {
      await run();
      ok = true;
    } catch (e) {
      ok = false;
      log = e instanceof Error ? e.stack ?? e.message : String(e);
    }
  } else {
    const out = await new Deno.Command(options.command ?? deno, {
      args: run,
      cwd: options.cwd ?? root,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1", ...options.env },
    }).output();
    ok = out.code === 0;
    log = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
  }
  if (options.junit) ok = await countJunit(name, options.junit, ok) && ok;
  else if (ok) totals.passed++;
  else totals.failed++;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!ok) {
    failures.push(name);
    console.log(log.split("\n").slice(-60).join("\n"));
  }
  console.log(`gate: ${name} ${ok ? "ok" : "FAILED"} (${seconds}s)`);
  return ok;
}

/** A fresh temp file path for a step's JUnit report. */
export async function junitFile(): Promise<string> {
  return await Deno.makeTempFile({ prefix: "subnet-gate-", suffix: ".xml" });
}

/** Adds a report's cases to the totals; false when the report is missing or has failures or unexpected skips. */
async function countJunit(name: string, path: string, exitedOk: boolean): Promise<boolean> {
  let cases: JunitCase[];
  try {
    cases = readJunit(await Deno.readTextFile(path));
  } catch (e) {
    totals.failed++;
    console.log(`gate: ${name}: no readable JUnit report at ${path}: ${(e as Error).message}`);
    return false;
  } finally {
    await Deno.remove(path).catch(() => {});
  }
  let ok = true;
  for (const c of cases) {
    totals[c.status]++;
    if (c.status === "failed") {
      ok = false;
      console.log(`gate: ${name}: FAILED ${c.file} :: ${c.name}\n${c.message}`);
    }
    if (c.status === "skipped" && !SKIP_ALLOWED.includes(c.name)) {
      ok = false;
      unexpectedSkips.push(`${c.file} :: ${c.name}`);
    }
  }
  if (exitedOk || !ok) return ok;
  totals.failed++; // the runner failed though no case did: a module that did not load, a leak…
  return false;
}

if (import.meta.main) {
  const only = Deno.args;
  const want = (name: string) => only.length === 0 || only.includes(name);
  const present = (path: string) => {
    try {
      return [...Deno.readDirSync(`${root}${path}`)].some((e) => e.name.endsWith(".ts"));
    } catch {
      return false;
    }
  };
  // CI must have ../shared: fixture tests throw instead of skipping (tests/_fixtures.ts).
  const ci = Deno.env.get("CI") === "true" || Deno.env.get("REQUIRE_FIXTURES") === "1";
  const testEnv: Record<string, string> = ci ? { REQUIRE_FIXTURES: "1" } : {};

  if (want("fmt")) await step("fmt", ["fmt", "--check"]);
  if (want("lint")) await step("lint", ["lint"]);
  const checked = ["main.ts", "mod.ts", ...["examples/", "bench/", "tests/mutation/"].filter(present)];
  if (want("check")) await step("check", ["check", ...checked]);
  if (want("test")) {
    const j = await junitFile();
    await step("test", ["test", "-A", "--parallel", `--junit-path=${j}`], { junit: j, env: testEnv });
  }
  if (want("doc")) {
    const exported = JSON.parse(await Deno.readTextFile(`${root}deno.json`)).exports as Record<string, string>;
    await step("doc", ["doc", "--lint", ...Object.values(exported)]);
  }
  if (want("publish")) await step("publish", ["publish", "--dry-run", "--allow-dirty"]);
  if (want("bundle")) {
    const dir = await Deno.makeTempDir({ prefix: "subnet-bundle-" });
    const out = `${dir}/subnet.js`;
    if (await step("bundle", ["bundle", "--platform=deno", "-o", out, "main.ts"])) {
      await step("bundle smoke", ["run", "-A", "tests/bundle_smoke.ts", out]);
    }
    await Deno.remove(dir, { recursive: true });
  }

  // A subnet project made by `subnet new` outside the repository: its tests, demo and bundle.
  if (want("scaffold")) await step("scaffold", ["run", "-A", "tests/scaffold_check.ts"]);

  // The npm build (`deno task npm`) installed by name and tested on Node and on Bun (tests/runtimes/).
  if (want("npm")) await step("npm", ["task", "npm"]);
  for (const runtime of ["node", "bun"].filter(want)) {
    const j = await junitFile();
    await step(runtime, ["run", "-A", "tests/runtimes/run.ts", runtime, "--junit", j], { junit: j, env: testEnv });
  }

  if (unexpectedSkips.length) {
    console.log(
      `gate: skipped but not SOAK-only (see SKIP_ALLOWED in tests/gate.ts):\n  ${unexpectedSkips.join("\n  ")}`,
    );
  }
  if (failures.length) console.log(`gate: failed steps: ${failures.join(", ")}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  Deno.exit(failures.length === 0 ? 0 : 1);
}
