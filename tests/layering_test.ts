// The layers' import directions (clarifications, "Layering"), read from the import graph of the
// source tree: every static and dynamic import and re-export, type-only ones included, followed
// transitively. Test files may reach across layers (an e2e test drives the client against the
// devnet); library modules may not.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = normalize(join(dirname(fileURLToPath(import.meta.url)), ".."));
const SKIP_DIRS = new Set(["dist", "node_modules", ".git"]);
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']/g;

/** Every `.ts` file under the root, as a path relative to it. */
function sourceFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name) && !e.name.startsWith(".")) out.push(...sourceFiles(join(dir, e.name)));
    } else if (e.name.endsWith(".ts")) out.push(relative(ROOT, join(dir, e.name)));
  }
  return out;
}

/** The local files `source` imports (relative specifiers only; packages are not layers). */
export function localImports(file: string, source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(SPECIFIER)) {
    if (m[1].startsWith(".")) out.push(normalize(join(dirname(file), m[1])));
  }
  return out;
}

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

const isTest = (f: string) => f.endsWith("_test.ts") || f.startsWith("tests/") || f.startsWith("bench/");
const graph = new Map<string, string[]>();
for (const f of sourceFiles()) graph.set(f, localImports(f, stripComments(readFileSync(join(ROOT, f), "utf8"))));

/** Library files under `from` whose transitive imports reach a file under `to`, with one path each. */
function crossings(from: string, to: string): string[] {
  const found: string[] = [];
  for (const start of graph.keys()) {
    if (!start.startsWith(from) || isTest(start)) continue;
    const via = new Map<string, string>([[start, ""]]);
    const queue = [start];
    while (queue.length) {
      const f = queue.shift()!;
      if (f.startsWith(to)) {
        const path = [f];
        for (let p = via.get(f)!; p; p = via.get(p)!) path.unshift(p);
        found.push(path.join(" -> "));
        break;
      }
      for (const next of graph.get(f) ?? []) {
        if (!via.has(next)) {
          via.set(next, f);
          queue.push(next);
        }
      }
    }
  }
  return found;
}

Deno.test("localImports() sees static, type-only, re-exported and dynamic imports", () => {
  const src = `import { a } from "./a.ts";\nimport type { B } from "../b/b.ts";\n` +
    `export * from "./c.ts";\nconst d = await import("./d.ts");\nimport "./e.ts";\nimport x from "npm:x";`;
  assert.deepEqual(localImports("chain/x.ts", src), ["chain/a.ts", "b/b.ts", "chain/c.ts", "chain/d.ts", "chain/e.ts"]);
});

Deno.test("the import graph reaches across layers where it should (the scan finds real edges)", () => {
  assert.ok(graph.size > 100, `only ${graph.size} files scanned`);
  assert.notDeepEqual(crossings("neurons/", "chain/"), [], "neurons/ should reach chain/ (the validator sets weights)");
  assert.notDeepEqual(crossings("subnets/", "neurons/"), [], "subnets/ should reach neurons/ (the contract)");
});

Deno.test("layering: devnet/ imports nothing from chain/", () => {
  assert.deepEqual(crossings("devnet/", "chain/"), []);
});

Deno.test("layering: neurons/ imports nothing from subnets/", () => {
  assert.deepEqual(crossings("neurons/", "subnets/"), []);
});

Deno.test("layering: protocol/ imports nothing from the layers above it", () => {
  for (const above of ["chain/", "devnet/", "neurons/", "subnets/", "cli/"]) {
    assert.deepEqual(crossings("protocol/", above), [], `protocol/ reaches ${above}`);
  }
});
