/**
 * The subnets the miner and validator runners know by name (`--subnet template`), and loading a
 * third-party one from a module path (`--subnet ./my_subnet.ts`, exporting `subnet` or a default
 * `SubnetModule`).
 *
 * @module
 */
import { stat } from "node:fs/promises";
import { SubnetError } from "../protocol/errors.ts";
import type { SubnetModule } from "./subnet.ts";
import { sn21Subnet } from "./sn21/mod.ts";
import { templateSubnet } from "./template/mod.ts";

/**
 * Built-in subnet modules by name. Others add theirs with `registerSubnetModule`.
 *
 * @example
 * ```ts
 * import { builtinSubnetModules } from "./modules.ts";
 * console.assert(builtinSubnetModules().some((m) => m.name === "template"));
 * ```
 */
export function builtinSubnetModules(): SubnetModule[] {
  return [templateSubnet, sn21Subnet, ...extra.values()];
}

const extra = new Map<string, SubnetModule>();
let defaultName = "template";

/**
 * The name `--subnet` defaults to: `template`, or the subnet a subnet's own binary
 * (`runSubnetCli`) set with {@linkcode setDefaultSubnetName} while it runs.
 *
 * @example
 * ```ts
 * import { defaultSubnetName } from "./modules.ts";
 * console.assert(defaultSubnetName() === "template");
 * ```
 */
export function defaultSubnetName(): string {
  return defaultName;
}

/**
 * Sets the name `--subnet` defaults to and returns the previous one (to restore it).
 *
 * @example
 * ```ts
 * import { setDefaultSubnetName } from "./modules.ts";
 * setDefaultSubnetName(setDefaultSubnetName("mine"));
 * ```
 */
export function setDefaultSubnetName(name: string): string {
  const previous = defaultName;
  defaultName = name;
  return previous;
}

/**
 * Adds a subnet module to the built-in list (by its name).
 *
 * @example
 * ```ts
 * import { registerSubnetModule } from "./modules.ts";
 * registerSubnetModule({ name: "noop", summary: "", setupMiner() {}, validatorStep: (s) => Promise.resolve(s.uids.map(() => 0)) });
 * ```
 */
export function registerSubnetModule(module: SubnetModule): void {
  extra.set(module.name, module);
}

/**
 * Whether this code runs from a `deno compile` binary, which can import only the modules it was
 * built with (its sources live under a `deno-compile-` folder of a virtual file system).
 */
const COMPILED = import.meta.url.includes("/deno-compile-");

function compiledHint(path: string): string {
  return `Cannot load subnet module ${path} into this binary: a compiled binary runs only the subnets it was ` +
    `built with. Build your subnet's own binary: subnet new <dir>, then deno task compile in it`;
}

async function exists(url: URL): Promise<boolean> {
  try {
    await stat(url);
    return true;
  } catch {
    return false;
  }
}

function isSubnetModule(value: unknown): value is SubnetModule {
  const m = value as SubnetModule;
  return !!m && typeof m.name === "string" && typeof m.setupMiner === "function" &&
    typeof m.validatorStep === "function";
}

/**
 * Resolves `--subnet <name|path>`: a built-in name, or a module path (relative to `cwd`) exporting
 * `subnet` or a default `SubnetModule`.
 *
 * @example
 * ```ts
 * import { resolveSubnetModule } from "./modules.ts";
 * const m = await resolveSubnetModule("template");
 * console.assert(m.name === "template");
 * ```
 */
export async function resolveSubnetModule(nameOrPath: string, cwd = "."): Promise<SubnetModule> {
  const builtin = builtinSubnetModules().find((m) => m.name === nameOrPath);
  if (builtin) return builtin;
  if (!/[/\\]|\.[cm]?[jt]s$/.test(nameOrPath)) {
    const known = builtinSubnetModules().map((m) => m.name).join(", ");
    throw new SubnetError(
      "subnet/unknown",
      `Cannot use subnet "${nameOrPath}": no subnet has that name (known: ${known}; or give a module path)`,
    );
  }
  const url = new URL(nameOrPath, `file://${cwd.endsWith("/") ? cwd : `${cwd}/`}`);
  let loaded: Record<string, unknown>;
  try {
    loaded = await import(url.href);
  } catch (err) {
    const first = String((err as Error)?.message ?? err).split("\n")[0];
    let message = `Cannot load subnet module ${url.pathname}: ${first}`;
    if (!(await exists(url))) message = `Cannot load subnet module ${url.pathname}: no such file`;
    else if (COMPILED || (/module not found/i.test(first) && first.includes(url.href))) {
      message = compiledHint(url.pathname); // the file is there, but this binary cannot import it
    } else if (/not a dependency/i.test(first)) message += ` (a subnet belongs in its own project: subnet new <dir>)`;
    throw new SubnetError(
      "subnet/unknown",
      message,
      { cause: err },
    );
  }
  const candidate = loaded.subnet ?? loaded.default;
  if (!isSubnetModule(candidate)) {
    throw new SubnetError(
      "subnet/unknown",
      `Cannot use ${url.pathname} as a subnet: it must export "subnet" (or a default) with name, setupMiner and validatorStep`,
    );
  }
  return candidate;
}
