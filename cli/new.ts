/**
 * `subnet new <dir> [--name <name>]`: writes a standalone subnet project (cli/new_project.ts) that
 * works at once: `deno task test`, `deno task demo`, `deno task bundle`, `deno task compile`.
 *
 * The project imports the library through its import map: by path from the library this command
 * runs from (a source checkout or install), or, when it runs from a bundle or binary that has no
 * sources next to it, from JSR (`jsr:@subnet/subnet@<version>`, the published route).
 *
 * `--json` prints `{"dir": "<absolute path>", "name": "<name>", "files": ["deno.json", …], "library": "<route>"}`.
 *
 * @module
 */
import { UsageError } from "./args.ts";
import type { CliIo, CommandSpec } from "./command.ts";
import { jsonOption } from "./options.ts";
import { type LibraryRoute, projectFiles } from "./new_project.ts";
import { SubnetError } from "../protocol/errors.ts";
import { PACKAGE_VERSION } from "../protocol/version.ts";
import libraryConfig from "../deno.json" with { type: "json" };

const NAME = /^[a-z][a-z0-9_-]{0,63}$/;

/** The library this command belongs to: by path when its sources are on disk, else JSR. */
function libraryRoute(): LibraryRoute {
  const root = new URL("../", import.meta.url);
  const libraryImports = (libraryConfig as { imports: Record<string, string> }).imports;
  let local = false;
  try {
    local = root.protocol === "file:" && Deno.statSync(new URL("mod.ts", root)).isFile &&
      Deno.statSync(new URL("cli/entry.ts", root)).isFile;
  } catch {
    local = false;
  }
  return { version: PACKAGE_VERSION, localRoot: local ? root.href : undefined, libraryImports };
}

async function run(io: CliIo, values: Record<string, string | boolean | undefined>, positionals: string[]) {
  if (positionals.length !== 1) throw new UsageError("subnet new takes one folder: subnet new <dir>");
  const dir = positionals[0];
  const base = dir.replace(/[/\\]+$/, "").split(/[/\\]/).at(-1) ?? "";
  const name = String(values.name ?? base.toLowerCase());
  if (!NAME.test(name)) {
    throw new UsageError(
      `Cannot name the subnet "${name}": use a lowercase word (letters, digits, - and _), for example --name my-subnet`,
    );
  }
  const target = dir.startsWith("/") ? dir : `${Deno.cwd()}/${dir}`;
  try {
    const entries = [...Deno.readDirSync(target)];
    if (entries.length > 0) {
      throw new SubnetError("cli/exists", `Cannot create a subnet project in ${target}: the folder is not empty`);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const library = libraryRoute();
  const files = projectFiles({ name, library });
  for (const [path, text] of Object.entries(files)) {
    const file = `${target}/${path}`;
    await Deno.mkdir(file.slice(0, file.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(file, text);
  }
  const route = library.localRoot ?? `jsr:@subnet/subnet@${library.version}`;
  if (values.json === true) {
    io.print(JSON.stringify({ dir: target, name, files: Object.keys(files), library: route }));
    return 0;
  }
  io.print(`created subnet "${name}" in ${target} (library ${library.version}: ${route})`);
  for (const path of Object.keys(files)) io.print(`  ${path}`);
  io.print("next:");
  io.print(`  cd ${dir}`);
  io.print("  deno task test     # the reward's unit test and a devnet end-to-end test");
  io.print("  deno task demo     # a devnet, a validator and miners; who earned what");
  io.print("  deno task bundle   # dist/" + name + ".js, one file with this subnet built in");
  return 0;
}

/** `subnet new`. */
export const newCommand: CommandSpec = {
  name: "new",
  summary: "Create a subnet project: protocol, subnet module, its own CLI, tests",
  usage: "[options] <dir>",
  positionals: 1,
  description: "Writes a standalone project into <dir> (created; it must be empty): deno.json (tasks demo, test, " +
    "miner, validator, bundle, compile), protocol.ts, subnet.ts, main.ts (this subnet's own command line), tests and " +
    "a README from local devnet to mainnet. It imports this library by path (or from JSR when run from a binary).",
  options: {
    name: { type: "string", help: "The subnet's name (default: the folder's name)", valueName: "<name>" },
    ...jsonOption,
  },
  examples: ["subnet new my-subnet", "subnet new ./subnets/echo --name echo"],
  run: ({ args, io }) => run(io, args.values, args.positionals),
};
