/**
 * The whole gate, as `deno task ok` and `.ci/run` run it: formatting, lint, type check, tests,
 * `deno doc --lint`, `deno publish --dry-run`, a smoke test of the offline bundle, and the npm build's
 * suites on Node and Bun (`tests/runtimes/`). Prints a
 * plain `N passed, N failed` line (test cases plus gate steps) and exits non-zero on any failure.
 *
 * @module
 */

const deno = Deno.execPath();
const root = new URL("..", import.meta.url).pathname;
let passed = 0;
let failed = 0;
const failures: string[] = [];

async function step(name: string, args: string[], options: { count?: boolean; env?: Record<string, string> } = {}) {
  const started = performance.now();
  const child = new Deno.Command(deno, {
    args,
    cwd: root,
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1", ...options.env },
  }).spawn();
  const { code, stdout, stderr } = await child.output();
  const out = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (options.count) {
    const m = /(?:^|\n)(?:ok|FAILED) \| (\d+) passed[^|]*\| (\d+) failed/.exec(out);
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
    }
    if (!m || code !== 0) {
      if (!m) failed++;
      console.log(out.split("\n").filter((l) => /FAILED|ERRORS|error|=>/.test(l)).slice(-80).join("\n"));
    }
  }
  if (code === 0) {
    if (!options.count) passed++;
    console.log(`gate: ${name} ok (${seconds}s)`);
  } else {
    if (!options.count) failed++;
    failures.push(name);
    if (!options.count) console.log(out.split("\n").slice(-60).join("\n"));
    console.log(`gate: ${name} FAILED (${seconds}s)`);
  }
  return code === 0;
}

const only = Deno.args;
const want = (name: string) => only.length === 0 || only.includes(name);

if (want("fmt")) await step("fmt", ["fmt", "--check"]);
if (want("lint")) await step("lint", ["lint"]);
const present = (path: string) => {
  try {
    return [...Deno.readDirSync(`${root}${path}`)].some((e) => e.name.endsWith(".ts"));
  } catch {
    return false;
  }
};
const checked = ["main.ts", "mod.ts", ...["examples/", "bench/"].filter(present)];
if (want("check")) await step("check", ["check", ...checked]);
if (want("test")) await step("test", ["test", "-A", "--parallel"], { count: true });
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
// The npm package (`deno task npm`) under Node and Bun: tests/runtimes/run.ts.
if (want("npm")) await step("npm", ["task", "npm"]);
if (want("node")) await step("node", ["run", "-A", "tests/runtimes/run.ts", "node"]);
if (want("bun")) await step("bun", ["run", "-A", "tests/runtimes/run.ts", "bun"]);

if (failures.length) console.log(`gate: failed steps: ${failures.join(", ")}`);
console.log(`${passed} passed, ${failed} failed`);
Deno.exit(failed === 0 && failures.length === 0 ? 0 : 1);
