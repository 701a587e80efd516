/**
 * The gate's scaffold step (issue 21): `subnet new` into a temp folder OUTSIDE the repository, then,
 * there, as an author would: fmt, lint and type check the generated code, run its tests, run
 * `deno task demo -- --json` and check that the honest miner earns and the wrong one does not,
 * build the bundle and run the bundled `miner --help`, `validator --help` and `demo --json`.
 *
 * Usage: `deno run -A tests/scaffold_check.ts` (exit 0 when everything holds).
 *
 * @module
 */
import assert from "node:assert/strict";

const root = new URL("..", import.meta.url).pathname;
const deno = Deno.execPath();

async function sh(cwd: string, args: string[]): Promise<string> {
  const started = performance.now();
  const out = await new Deno.Command(deno, { args, cwd, stdout: "piped", stderr: "piped", env: { NO_COLOR: "1" } })
    .output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`scaffold: deno ${args.join(" ")} → ${out.code} (${seconds}s)`);
  assert.equal(out.code, 0, `deno ${args.join(" ")} failed in ${cwd}:\n${stdout}\n${stderr}`.slice(-4000));
  return stdout;
}

/** The last stdout line of a demo run, checked: the honest miner earns, the wrong one does not. */
function checkDemo(stdout: string, what: string): void {
  const { summary } = JSON.parse(stdout.trim().split("\n").at(-1)!);
  const byKind = Object.fromEntries(summary.neurons.map((n: { kind: string }) => [n.kind, n]));
  assert.ok(byKind.honest.incentive > 0, `${what}: honest incentive ${byKind.honest.incentive}`);
  assert.equal(byKind.wrong.incentive, 0, `${what}: the wrong miner earns nothing`);
  console.log(`scaffold: ${what}: honest incentive ${byKind.honest.incentive}, wrong ${byKind.wrong.incentive}`);
}

const base = await Deno.makeTempDir({ prefix: "subnet-scaffold-" });
assert.ok(!base.startsWith(root), "the project is made outside the repository");
try {
  await sh(base, ["run", "-A", `${root}main.ts`, "new", "my-subnet"]);
  const project = `${base}/my-subnet`;
  await sh(project, ["fmt", "--check"]);
  await sh(project, ["lint"]);
  await sh(project, ["check", "main.ts", "subnet_test.ts", "e2e_test.ts"]);
  await sh(project, ["test", "-A", "--no-check"]);
  const blocks = ["--block-time-ms", "400"]; // queries time out after 2 blocks: room for a busy machine
  // `--` as an npm habit: Deno 2 hands it through and the CLI ignores it right after the command.
  checkDemo(await sh(project, ["task", "demo", "--", "--json", ...blocks]), "deno task demo -- --json");
  await sh(project, ["task", "bundle"]);
  const bundle = `${project}/dist/my-subnet.js`;
  for (const command of ["miner", "validator"]) {
    assert.match(await sh(project, ["run", "-A", bundle, command, "--help"]), new RegExp(`subnet ${command}`));
  }
  checkDemo(await sh(base, ["run", "-A", bundle, "demo", "--json", "--miners", "honest,wrong", ...blocks]), "bundle");
} finally {
  await Deno.remove(base, { recursive: true });
}
