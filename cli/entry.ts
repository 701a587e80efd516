/**
 * A subnet's own command line (`@subnet/subnet/cli`): the `subnet` CLI — `miner`, `validator`,
 * `demo`, `devnet`, `wallet`, … — with the author's subnets built in. Its `main.ts` imports the
 * subnet statically, so `deno compile` and `deno bundle` include it and the binary needs no
 * `--subnet` flag (`subnet new <dir>` writes such a project).
 *
 * The library's `mod.ts` exports no CLI; this is the one small entry into it: a function that runs
 * the command line and returns an exit code.
 *
 * @example A subnet project's whole `main.ts`
 * ```ts ignore
 * import { runSubnetCli } from "@subnet/subnet/cli";
 * import { subnet } from "./subnet.ts";
 *
 * if (import.meta.main) Deno.exit(await runSubnetCli({ subnets: [subnet] }));
 * ```
 *
 * @module
 */
import type { SubnetModule } from "../subnets/subnet.ts";
import { registerSubnetModule, setDefaultSubnetName } from "../subnets/modules.ts";
import { type CliIo, processIo, runCli } from "./mod.ts";
import { dropTaskSeparator } from "./args.ts";

export type { CliIo } from "./mod.ts";

/** Options of {@linkcode runSubnetCli}. */
export interface SubnetCliOptions {
  /** The subnets built in; the first is the default of `--subnet` for `miner`, `validator` and `demo`. */
  subnets: readonly SubnetModule[];
  /** The command line, without the program name. @default {Deno.args} */
  args?: readonly string[];
  /** Output, environment and the stop signal. @default {the process's own} */
  io?: CliIo;
}

/** Commands that run a subnet module (and take `--subnet`). */
const SUBNET_COMMANDS = new Set(["miner", "validator", "demo"]);

/**
 * Runs the `subnet` command line with `options.subnets` built in and returns its exit code (0 ok,
 * 1 an error the user should read, 2 a usage error, 70 a bug). It never exits the process itself.
 *
 * @example
 * ```ts ignore
 * import { runSubnetCli } from "@subnet/subnet/cli";
 * import { subnet } from "./subnet.ts";
 * const code = await runSubnetCli({ subnets: [subnet], args: ["demo", "--json"] });
 * ```
 */
export async function runSubnetCli(options: SubnetCliOptions): Promise<number> {
  const [first] = options.subnets;
  if (!first) throw new TypeError("Cannot run a subnet CLI without a subnet: pass subnets: [yourSubnet]");
  for (const subnet of options.subnets) registerSubnetModule(subnet);
  const args = dropTaskSeparator(options.args ?? Deno.args);
  const named = args.some((a) => a === "--subnet" || a.startsWith("--subnet="));
  if (SUBNET_COMMANDS.has(args[0]) && !named && !args.includes("--help") && !args.includes("-h")) {
    args.splice(1, 0, "--subnet", first.name);
  }
  // `query Sum '{…}'`: a synapse of the default subnet names that subnet.
  if (args[0] === "query" && first.synapses?.some((s) => s.name === args[1])) args.splice(1, 0, first.name);
  const previous = setDefaultSubnetName(first.name);
  try {
    return await runCli(args, options.io ?? processIo(), first.name);
  } finally {
    setDefaultSubnetName(previous);
  }
}
