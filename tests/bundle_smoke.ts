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

// wallet create in a temp dir: Python's layout, no password (non-interactive).
const home = await Deno.makeTempDir({ prefix: "subnet-smoke-" });
const created = await run([
  "wallet",
  "create",
  "--wallet.path",
  `${home}/wallets`,
  "--wallet.name",
  "smoke",
  "--no-password",
  "--json",
], { HOME: home });
assert.equal(created.code, 0, created.stderr);
for (const file of ["coldkey", "coldkeypub.txt", "hotkeys/default"]) {
  const info = await Deno.stat(`${home}/wallets/smoke/${file}`);
  assert.ok(info.isFile, file);
}
const shown = await run(["wallet", "show", "--wallet.path", `${home}/wallets`, "--wallet.name", "smoke", "--json"], {
  HOME: home,
});
assert.equal(shown.code, 0, shown.stderr);
assert.match(shown.stdout, /5[1-9A-HJ-NP-Za-km-z]{47}/);

// devnet start and stop: it prints its endpoint, answers JSON-RPC over HTTP, and stops on SIGTERM.
const devnet = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", bundle, "devnet", "--port", "0"],
  env: { NO_COLOR: "1", HOME: home },
  stdout: "piped",
  stderr: "null",
}).spawn();
const reader = devnet.stdout.pipeThrough(new TextDecoderStream()).getReader();
let printed = "";
const deadline = Date.now() + 30_000;
while (!/ws:\/\/127\.0\.0\.1:\d+/.test(printed) && Date.now() < deadline) {
  const { value, done } = await reader.read();
  if (done) break;
  printed += value;
}
const endpoint = /ws:\/\/127\.0\.0\.1:(\d+)/.exec(printed);
assert.ok(endpoint, `devnet printed no endpoint: ${printed}`);
const rpc = await fetch(`http://127.0.0.1:${endpoint[1]}`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "system_chain", params: [] }),
});
const answer = await rpc.json();
assert.equal(typeof answer.result, "string");
devnet.kill("SIGTERM");
const status = await devnet.status;
assert.equal(status.code, 0);
reader.releaseLock();
await devnet.stdout.cancel().catch(() => {});
await Deno.remove(home, { recursive: true });
console.log("bundle smoke: ok");
