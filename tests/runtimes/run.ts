/**
 * Runs the runtime suite (`cases.mjs`) against the built npm package on Node (`node --test`) or
 * Bun (`bun test`, from the `bun` npm package; skipped with the reason when it cannot be
 * installed). Builds `dist/npm` when it is missing (`deno task npm` rebuilds it), installs it by
 * name into `dist/runtime-tests/` as a user would (`npm install ./dist/npm`), and starts the Deno
 * peers the cases talk to with this Deno.
 *
 * Usage: `deno run -A tests/runtimes/run.ts node|bun`
 *
 * @module
 */
import { cp, mkdir, rm, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildNpm } from "../../tools/npm_build.ts";

/** The Bun the suite runs on (the `bun` npm package). */
export const BUN_VERSION = "1.4.5";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PACKAGE = `${ROOT}dist/npm`;
const PROJECT = `${ROOT}dist/runtime-tests`;

async function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const child = new Deno.Command(cmd, { args, cwd, env, stdout: "piped", stderr: "piped" }).spawn();
  const { code, stdout, stderr } = await child.output();
  return { code, out: new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr) };
}

async function exists(path: string): Promise<boolean> {
  return await stat(path).then(() => true, () => false);
}

const runtime = Deno.args[0];
if (runtime !== "node" && runtime !== "bun") {
  console.error("usage: run.ts node|bun");
  Deno.exit(2);
}
if (!(await exists(`${PACKAGE}/package.json`))) await buildNpm(PACKAGE);
await mkdir(PROJECT, { recursive: true });
await writeFile(`${PROJECT}/package.json`, JSON.stringify({ private: true, type: "module" }) + "\n");
// npm keeps an installed local package of the same version: remove it so the fresh build is copied.
await rm(`${PROJECT}/node_modules/@subnet`, { recursive: true, force: true });
const install = await run("npm", ["install", "--no-audit", "--no-fund", "--install-links", "../npm"], PROJECT);
if (install.code !== 0) {
  console.log(install.out);
  console.log(`${runtime}: FAILED (npm install ./dist/npm)`);
  Deno.exit(1);
}
for (const file of ["cases.mjs", "node.test.mjs", "bun.test.mjs"]) {
  await cp(new URL(file, import.meta.url), `${PROJECT}/${file}`);
}
const env = {
  DENO_EXEC: Deno.execPath(),
  SUBNET_ROOT: ROOT,
  SUBNET_SHARED: fileURLToPath(new URL("../../../shared", import.meta.url)),
  NO_COLOR: "1",
};
let result;
if (runtime === "node") {
  result = await run("node", ["--test", "--test-reporter=spec", "node.test.mjs"], PROJECT, env);
} else {
  const probe = await run("npx", ["-y", `bun@${BUN_VERSION}`, "--version"], PROJECT);
  if (probe.code !== 0) {
    console.log(`bun: skipped (cannot install bun@${BUN_VERSION} from npm: ${probe.out.trim().split("\n").at(-1)})`);
    Deno.exit(0);
  }
  result = await run("npx", ["-y", `bun@${BUN_VERSION}`, "test", "--timeout", "60000", "./bun.test.mjs"], PROJECT, env);
}
console.log(result.out.trimEnd());
console.log(`${runtime}: ${result.code === 0 ? "ok" : "FAILED"}`);
Deno.exit(result.code === 0 ? 0 : 1);
