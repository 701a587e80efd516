/**
 * Runs the runtime suite (`cases.mjs`) against the built npm package on Node (`node --test`) or
 * Bun (`bun test`, from the `bun` npm package; skipped with the reason when it cannot be
 * installed). Installs `dist/npm` by name as a user would (`install.ts`), and hands the cases this
 * Deno for the Deno peers they talk to.
 *
 * Usage: `deno run -A tests/runtimes/run.ts node|bun`
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { BUN_VERSION, bunAvailable, installPackage, PROJECT, ROOT, run } from "./install.ts";

const runtime = Deno.args[0];
if (runtime !== "node" && runtime !== "bun") {
  console.error("usage: run.ts node|bun");
  Deno.exit(2);
}
await installPackage(["cases.mjs", "node.test.mjs", "bun.test.mjs"].map((f) => new URL(f, import.meta.url)));
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
  const bun = await bunAvailable();
  if (!bun.ok) {
    console.log(`bun: skipped (${bun.reason})`);
    Deno.exit(0);
  }
  result = await run("npx", ["-y", `bun@${BUN_VERSION}`, "test", "--timeout", "60000", "./bun.test.mjs"], PROJECT, env);
}
console.log(result.out.trimEnd());
console.log(`${runtime}: ${result.code === 0 ? "ok" : "FAILED"}`);
Deno.exit(result.code === 0 ? 0 : 1);
