/**
 * Smoke test of the offline bundle (`deno task bundle`): run it as a user would.
 * Usage: `deno run -A tests/bundle_smoke.ts dist/subnet.js`.
 *
 * @module
 */
import assert from "node:assert/strict";

const bundle = Deno.args[0];
assert.ok(bundle, "usage: bundle_smoke.ts <bundle.js>");

async function run(args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", bundle, ...args],
    env: { NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout), stderr: new TextDecoder().decode(out.stderr) };
}

const help = await run(["--help"]);
assert.equal(help.code, 0, help.stderr);
assert.match(help.stdout, /subnet demo/);
const version = await run(["--version"]);
assert.match(version.stdout, /^subnet \d+\.\d+\.\d+/);
console.log("bundle smoke: ok");
