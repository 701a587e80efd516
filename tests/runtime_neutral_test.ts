// The library is runtime-neutral (issue 20): no module `mod.ts` reaches calls `Deno.*`, except the Deno
// serve adapter (`runtime/serve_deno.ts`; Node and Bun take `runtime/serve_node.ts` and `runtime/serve_bun.ts`).
// The graph comes from `deno info --json mod.ts`, so it is the one Deno itself resolves.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const ROOT = new URL("../", import.meta.url);
const DENO_ADAPTERS = new Set(["runtime/serve_deno.ts"]);

/** The repository files `entry` reaches, relative to the root. */
async function reachedFiles(entry: string): Promise<string[]> {
  const { stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", entry],
    cwd: fileURLToPath(ROOT),
    stdout: "piped",
    stderr: "null",
  }).output();
  const graph = JSON.parse(new TextDecoder().decode(stdout)) as { modules: { specifier: string }[] };
  return graph.modules.map((m) => m.specifier).filter((s) => s.startsWith(ROOT.href)).map((s) =>
    s.slice(ROOT.href.length)
  );
}

/** The lines of `source` outside comments that use `Deno.*`. */
export function denoUses(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
  return code.split("\n").filter((line) => /\bDeno\s*\./.test(line)).map((line) => line.trim());
}

Deno.test("denoUses() finds calls and ignores comments", () => {
  assert.deepEqual(denoUses("/** Deno.serve */\n// Deno.env\nconst x = await Deno.readFile(p); // Deno.x"), [
    "const x = await Deno.readFile(p);",
  ]);
  assert.deepEqual(denoUses('const u = "http://x"; // Deno.exit\nDeno .exit(1)'), ["Deno .exit(1)"]);
});

Deno.test("no module mod.ts reaches calls Deno.* outside the serve adapter", async () => {
  const files = await reachedFiles("mod.ts");
  assert.ok(files.length > 100, `only ${files.length} modules reached`);
  assert.ok(files.includes("runtime/serve_node.ts") && files.includes("neurons/serve.ts"));
  const offenders: string[] = [];
  for (const file of files) {
    if (DENO_ADAPTERS.has(file)) continue;
    for (const line of denoUses(await readFile(new URL(file, ROOT), "utf8"))) offenders.push(`${file}: ${line}`);
  }
  assert.deepEqual(offenders, []);
});
