/**
 * Installs the npm build (`dist/npm`, built when missing) by name into `dist/runtime-tests/`, as a
 * user would, for the runtime suite and the runtimes bench.
 *
 * @module
 */
import { cp, mkdir, rm, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildNpm } from "../../tools/npm_build.ts";

/** The Bun the suite and the bench run on (the `bun` npm package). */
export const BUN_VERSION = "1.4.5";
/** The repository root. */
export const ROOT: string = fileURLToPath(new URL("../../", import.meta.url));
/** The project folder the package is installed into. */
export const PROJECT: string = `${ROOT}dist/runtime-tests`;

/** Runs a command and returns its exit code and combined output. */
export async function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; out: string }> {
  const child = new Deno.Command(cmd, { args, cwd, env, stdout: "piped", stderr: "piped" }).spawn();
  const { code, stdout, stderr } = await child.output();
  return { code, out: new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr) };
}

/**
 * Builds `dist/npm` if needed, installs it into {@linkcode PROJECT} and copies `files` (next to this
 * module) there. Throws with npm's output when the install fails.
 */
export async function installPackage(files: URL[]): Promise<void> {
  const pkg = `${ROOT}dist/npm`;
  if (!(await stat(`${pkg}/package.json`).then(() => true, () => false))) await buildNpm(pkg);
  await mkdir(PROJECT, { recursive: true });
  await writeFile(`${PROJECT}/package.json`, JSON.stringify({ private: true, type: "module" }) + "\n");
  // npm keeps an installed local package of the same version: remove it so the fresh build is copied.
  await rm(`${PROJECT}/node_modules/@subnet`, { recursive: true, force: true });
  const install = await run("npm", ["install", "--no-audit", "--no-fund", "--install-links", "../npm"], PROJECT);
  if (install.code !== 0) throw new Error(`Cannot install ./dist/npm with npm:\n${install.out}`);
  for (const file of files) await cp(file, `${PROJECT}/${file.pathname.slice(file.pathname.lastIndexOf("/") + 1)}`);
}

/** Whether `npx bun@BUN_VERSION` runs; the reason when it does not. */
export async function bunAvailable(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const probe = await run("npx", ["-y", `bun@${BUN_VERSION}`, "--version"], PROJECT);
  if (probe.code === 0) return { ok: true };
  return { ok: false, reason: `cannot install bun@${BUN_VERSION} from npm: ${probe.out.trim().split("\n").at(-1)}` };
}
