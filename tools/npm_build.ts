/**
 * `deno task npm`: builds `dist/npm/`, the library as an npm package for Node (≥ 20) and Bun (≥ 1.1),
 * without JSR. The TypeScript compiler (`npm:typescript`) emits ES2022 modules and `.d.ts` files
 * from `mod.ts` and everything it imports, rewriting `./x.ts` imports to `./x.js`; bare imports
 * keep the names `deno.json` maps to `npm:` packages, which become the package's dependencies
 * (`^` ranges of the pinned versions). The `./devnet` subpath stays Deno-only and is not built.
 *
 * Usage: `deno task npm [--out dist/npm]`
 *
 * @module
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The entry points built: the library, and the worker `verify_pool.ts` starts by URL. */
const ENTRIES = ["mod.ts", "neurons/_verify_worker.ts"];
const ROOT = fileURLToPath(new URL("..", import.meta.url));

interface DenoJson {
  name: string;
  version: string;
  license?: string;
  imports: Record<string, string>;
}

/** An `npm:` import target as a package name and version (`npm:/@a/b@1.2.3/` and `npm:c@4` alike). */
function npmTarget(target: string): { name: string; version: string } | undefined {
  const m = /^npm:\/?((?:@[^/@]+\/)?[^/@]+)@([^/]+)\/?$/.exec(target);
  return m ? { name: m[1], version: m[2] } : undefined;
}

/** Maps a bare specifier through `deno.json` imports to the npm package and the specifier Node should see. */
function resolveBare(specifier: string, imports: DenoJson["imports"]): { name: string; version: string; bare: string } {
  for (const [key, target] of Object.entries(imports)) {
    const prefix = key.endsWith("/") && specifier.startsWith(key);
    if (specifier !== key && !prefix) continue;
    const npm = npmTarget(target);
    if (!npm) throw new TypeError(`Cannot build for npm: "${key}" maps to "${target}", not to an npm: package`);
    return { ...npm, bare: prefix ? `${npm.name}/${specifier.slice(key.length)}` : npm.name };
  }
  // A subpath tsc wrote into a declaration (`@polkadot/api/types`) of a package deno.json maps by name.
  const name = /^(?:@[^/]+\/)?[^/]+/.exec(specifier)?.[0] ?? specifier;
  const npm = imports[name] ? npmTarget(imports[name]) : undefined;
  if (npm?.name === name) return { ...npm, bare: specifier };
  throw new TypeError(`Cannot build for npm: "${specifier}" is not in deno.json imports`);
}

function compile(outDir: string): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    rewriteRelativeImportExtensions: true,
    declaration: true,
    noCheck: true,
    skipLibCheck: true,
    noResolve: false,
    rootDir: ROOT,
    outDir,
    lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
    types: [],
  };
  const program = ts.createProgram(ENTRIES.map((entry) => join(ROOT, entry)), options);
  const result = program.emit();
  const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length) {
    throw new Error(ts.formatDiagnostics(errors, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => ROOT,
      getNewLine: () => "\n",
    }));
  }
  return program.getSourceFiles().map((f) => f.fileName).filter((f) => f.startsWith(ROOT)).map((f) =>
    relative(ROOT, f)
  );
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

/** The Node specifier for one import of an emitted file, recording the npm packages it needs. */
function nodeSpecifier(path: string, specifier: string, imports: DenoJson["imports"], used: Map<string, string>) {
  if (specifier.startsWith(".") && specifier.endsWith(".ts") && !specifier.endsWith(".d.ts")) {
    // tsc rewrites `.ts` imports in JavaScript but leaves them in declarations.
    if (!path.endsWith(".d.ts")) throw new Error(`Cannot build for npm: ${path} still imports "${specifier}"`);
    return `${specifier.slice(0, -3)}.js`;
  }
  if (specifier.startsWith(".") || specifier.startsWith("node:")) return specifier;
  const { name, version, bare } = resolveBare(specifier, imports);
  used.set(name, version);
  return bare;
}

/** Rewrites the imports of every emitted file (not text in comments) and returns the packages they need. */
async function rewriteImports(dir: string, imports: DenoJson["imports"]): Promise<Map<string, string>> {
  const used = new Map<string, string>();
  for await (const path of walk(dir)) {
    if (!/\.(js|d\.ts)$/.test(path)) continue;
    const text = await readFile(path, "utf8");
    let out = "";
    let at = 0;
    const found = ts.preProcessFile(text, true, true).importedFiles.sort((a, b) => a.pos - b.pos);
    for (const { fileName, pos } of found) {
      const start = text.indexOf(fileName, pos); // `pos` is the opening quote's offset
      out += text.slice(at, start) + nodeSpecifier(path, fileName, imports, used);
      at = start + fileName.length;
    }
    out += text.slice(at);
    if (out !== text) await writeFile(path, out);
  }
  return used;
}

/**
 * Builds the npm package into `outDir` and returns its `package.json`.
 *
 * @example
 * ```ts ignore
 * import { buildNpm } from "./npm_build.ts";
 * const pkg = await buildNpm("dist/npm");
 * console.log(pkg.name, pkg.version);
 * ```
 */
export async function buildNpm(outDir: string): Promise<Record<string, unknown>> {
  const deno = JSON.parse(await readFile(join(ROOT, "deno.json"), "utf8")) as DenoJson;
  await rm(outDir, { recursive: true, force: true });
  const esm = join(outDir, "esm");
  const sources = compile(esm);
  if (sources.some((f) => f.startsWith("cli/") || f.startsWith("devnet/"))) {
    throw new Error("Cannot build for npm: mod.ts reaches cli/ or devnet/ (Deno-only)");
  }
  const used = await rewriteImports(esm, deno.imports);
  const dependencies = Object.fromEntries([...used].sort().map(([name, version]) => [name, `^${version}`]));
  const pkg = {
    name: deno.name,
    version: deno.version,
    description: "A toolkit for Bittensor subnets: wire-compatible synapses, a verifying axon, a concurrent " +
      "dendrite, Python-compatible wallets and a chain client. Runs on Node ≥ 20, Bun ≥ 1.1 and Deno 2.",
    license: deno.license ?? "MIT",
    type: "module",
    main: "./esm/mod.js",
    types: "./esm/mod.d.ts",
    exports: { ".": { types: "./esm/mod.d.ts", import: "./esm/mod.js", default: "./esm/mod.js" } },
    engines: { node: ">=20", bun: ">=1.1" },
    sideEffects: false,
    dependencies,
  };
  await writeFile(join(outDir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  for (const file of ["README.md", "LICENSE"]) await cp(join(ROOT, file), join(outDir, file));
  return pkg;
}

if (import.meta.main) {
  const at = Deno.args.indexOf("--out");
  const outDir = resolve(at >= 0 ? Deno.args[at + 1] : "dist/npm"); // deno task runs in the deno.json folder
  await mkdir(dirname(outDir), { recursive: true });
  const pkg = await buildNpm(outDir);
  const deps = Object.keys(pkg.dependencies as object).length;
  console.log(`npm: wrote ${relative(Deno.cwd(), outDir) || "."} (${pkg.name}@${pkg.version}, ${deps} dependencies)`);
}
