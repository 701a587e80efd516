/**
 * Runs the runtime suite (`cases.mjs`) against the built npm package on Node (`node --test`) or
 * Bun (`bun test`, from the `bun` npm package; skipped with the reason when it cannot be
 * installed). Installs `dist/npm` by name as a user would (`install.ts`), and hands the cases this
 * Deno for the Deno peers they talk to.
 *
 * Usage: `deno run -A tests/runtimes/run.ts node|bun [--junit <report.xml>]` (the gate counts the
 * report's cases; a Bun that cannot be installed is one skipped case carrying the reason).
 *
 * @module
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { BUN_VERSION, bunAvailable, installPackage, PROJECT, ROOT, run } from "./install.ts";

const { positionals: [runtime], values } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: { junit: { type: "string" } },
});
if (runtime !== "node" && runtime !== "bun") {
  console.error("usage: run.ts node|bun [--junit <report.xml>]");
  Deno.exit(2);
}
const junit = values.junit;
await installPackage(["cases.mjs", "node.test.mjs", "bun.test.mjs"].map((f) => new URL(f, import.meta.url)));
const env = {
  DENO_EXEC: Deno.execPath(),
  SUBNET_ROOT: ROOT,
  SUBNET_SHARED: fileURLToPath(new URL("../../../shared", import.meta.url)),
  NO_COLOR: "1",
};
let result;
if (runtime === "node") {
  const report = junit ? ["--test-reporter=junit", `--test-reporter-destination=${junit}`] : [];
  const args = ["--test", "--test-reporter=spec", "--test-reporter-destination=stdout", ...report, "node.test.mjs"];
  result = await run("node", args, PROJECT, env);
} else {
  const bun = await bunAvailable();
  if (!bun.ok) {
    console.log(`bun: skipped (${bun.reason})`);
    const reason = bun.reason.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const xml =
      `<testsuites><testcase name="bun suite (bun could not be installed)" classname="tests/runtimes/run.ts">` +
      `<skipped message="${reason}"/></testcase></testsuites>\n`;
    if (junit) await writeFile(junit, xml);
    Deno.exit(0);
  }
  const report = junit ? ["--reporter=junit", `--reporter-outfile=${junit}`] : [];
  const args = ["-y", `bun@${BUN_VERSION}`, "test", "--timeout", "60000", ...report, "./bun.test.mjs"];
  result = await run("npx", args, PROJECT, env);
}
console.log(result.out.trimEnd());
console.log(`${runtime}: ${result.code === 0 ? "ok" : "FAILED"}`);
Deno.exit(result.code === 0 ? 0 : 1);
