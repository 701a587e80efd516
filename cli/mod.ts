/**
 * The `subnet` command line: `runCli(args, io)` returns an exit code and never exits itself.
 *
 * Exit codes: 0 success, 1 a `SubnetError` (one line), 2 a usage error (the message and where help is), 70 a
 * bug (stack). With `--json`, an error is one line on stderr: `{"error":{"code":"<kebab-case>","message":"…"}}`.
 *
 * @module
 */
import { type CliIo, type CommandSpec, printError, runCommand, wantsJson } from "./command.ts";
import { dropTaskSeparator } from "./args.ts";
import { consoleLogger } from "./log.ts";
import { routeLibraryConsole } from "./library_console.ts";
import type { Logger } from "../protocol/logger.ts";
import { SubnetError } from "../protocol/errors.ts";
import { PACKAGE_VERSION } from "../protocol/version.ts";
export type { CliIo } from "./command.ts";

/** A subcommand as `subnet --help` lists it; its module loads only when it runs. */
export interface CommandEntry {
  /** The word after `subnet`. */
  name: string;
  /** One line for the command list (equal to the loaded spec's summary; a test checks). */
  summary: string;
  /** Loads the command's module (heavy dependencies load only for the command that runs). */
  load(): Promise<CommandSpec>;
}

/** Every subcommand, in the order `subnet --help` lists them. */
export const commands: readonly CommandEntry[] = [
  {
    name: "demo",
    summary: "Run a validator and miners on an in-process devnet and print what happened",
    load: async () => (await import("./demo.ts")).demoCommand,
  },
  {
    name: "devnet",
    summary: "Run the embedded local chain",
    load: async () => (await import("./devnet.ts")).devnetCommand,
  },
  {
    name: "miner",
    summary: "Serve an axon and answer synapses for one subnet",
    load: async () => (await import("./miner.ts")).minerCommand,
  },
  {
    name: "validator",
    summary: "Query miners, score them and set weights",
    load: async () => (await import("./validator.ts")).validatorCommand,
  },
  {
    name: "query",
    summary: "Call a subnet by name or netuid (SubnetsAPI)",
    load: async () => (await import("./query.ts")).queryCommand,
  },
  {
    name: "metagraph",
    summary: "Show a subnet's metagraph",
    load: async () => (await import("./metagraph.ts")).metagraphCommand,
  },
  {
    name: "wallet",
    summary: "Create, regenerate, list, show and overview wallets",
    load: async () => (await import("./wallet.ts")).walletCommand,
  },
  {
    name: "register",
    summary: "Register a hotkey on a subnet (burned registration)",
    load: async () => (await import("./register.ts")).registerCommand,
  },
  {
    name: "stake",
    summary: "Add, remove and list stake",
    load: async () => (await import("./stake.ts")).stakeCommand,
  },
  {
    name: "subnets",
    summary: "List, create and start subnets; show and set hyperparameters",
    load: async () => (await import("./subnets.ts")).subnetsCommand,
  },
  {
    name: "balance",
    summary: "Show an account's free, reserved and staked balance",
    load: async () => (await import("./balance.ts")).balanceCommand,
  },
  {
    name: "transfer",
    summary: "Transfer TAO to another account",
    load: async () => (await import("./transfer.ts")).transferCommand,
  },
  {
    name: "weights",
    summary: "Inspect weights: decrypt timelocked commits, show commit status",
    load: async () => (await import("./weights.ts")).weightsCommand,
  },
  {
    name: "new",
    summary: "Create a subnet project: protocol, subnet module, its own CLI, tests",
    load: async () => (await import("./new.ts")).newCommand,
  },
  {
    name: "simulate",
    summary: "Run Yuma Consensus on a scenario file and print per-epoch results",
    load: async () => (await import("./simulate.ts")).simulateCommand,
  },
];

const lazy = (entry: CommandEntry): CommandSpec => ({ name: entry.name, summary: entry.summary, options: {} });

const root: CommandSpec = {
  name: "subnet",
  summary: "run Bittensor subnets: miners, validators, a local chain, and subnet clients",
  description: `Version ${PACKAGE_VERSION}. Start with "subnet demo" (no setup needed).`,
  options: {},
  subcommands: commands.map(lazy),
};

/**
 * Runs the CLI on `args` (without the program name); help and `--version` call it `program`
 * (a subnet's own binary passes its name).
 *
 * @example
 * ```ts
 * import { runCli } from "./mod.ts";
 * // Deno.exit(await runCli(Deno.args, io));
 * ```
 */
export async function runCli(argv: string[], io: CliIo, program = "subnet"): Promise<number> {
  const args = dropTaskSeparator(argv);
  if (args[0] === "--version" || args[0] === "-V") {
    io.print(`${program} ${PACKAGE_VERSION}`);
    return 0;
  }
  if (args[0] === "help" && args.length > 1) return await runCli([...args.slice(1), "--help"], io, program);
  const json = wantsJson(args);
  const restoreConsole = routeLibraryConsole(libraryLogger(args, io));
  try {
    const entry = commands.find((c) => c.name === args[0]);
    if (entry) return await runCommand(await entry.load(), args.slice(1), io, `${program} ${entry.name}`);
    const named = program === "subnet" ? root : {
      ...root,
      name: program,
      description: `Version ${PACKAGE_VERSION}. Start with "${program} demo" (no setup needed).`,
    };
    return await runCommand(named, args, io, program);
  } catch (err) {
    if (err instanceof SubnetError) {
      printError(io, json, err.code, err.message);
      return 1;
    }
    const message = err instanceof Error ? err.message : String(err);
    if (json) printError(io, true, "bug", message);
    io.error(`bug: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return 70;
  } finally {
    restoreConsole();
  }
}

/** The logger that third-party console lines go to: debug, shown with `--logging.debug`/`--logging.trace`. */
function libraryLogger(args: readonly string[], io: CliIo): Logger {
  const on = (flag: string, env: string) => args.includes(flag) || /^(1|true|yes)$/i.test(io.env[env] ?? "");
  const debug = on("--logging.debug", "BT_LOGGING_DEBUG") || on("--logging.trace", "BT_LOGGING_TRACE");
  return consoleLogger({ debug, json: args.includes("--logging.json"), write: io.error });
}

/**
 * The process's own `CliIo`: real stdout/stderr, the environment, and a signal aborted on
 * SIGINT/SIGTERM.
 *
 * @example
 * ```ts
 * import { processIo } from "./mod.ts";
 * const io = processIo();
 * ```
 */
export function processIo(): CliIo {
  const controller = new AbortController();
  const encoder = new TextEncoder();
  for (const sig of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(sig, () => {
        if (controller.signal.aborted) Deno.exit(130);
        controller.abort(new Error(sig));
      });
    } catch {
      // Signals are not available on every platform (SIGTERM on Windows).
    }
  }
  const writeAll = (file: { writeSync(p: Uint8Array): number }, bytes: Uint8Array) => {
    let off = 0;
    while (off < bytes.length) off += file.writeSync(bytes.subarray(off));
  };
  return {
    print: (line) => writeAll(Deno.stdout, encoder.encode(line + "\n")),
    error: (line) => writeAll(Deno.stderr, encoder.encode(line + "\n")),
    writeStdout: (bytes) => Promise.resolve(writeAll(Deno.stdout, bytes)),
    writeStderr: (bytes) => writeAll(Deno.stderr, bytes),
    env: Deno.env.toObject(),
    signal: controller.signal,
    ask: Deno.stdin.isTerminal() ? (question) => Promise.resolve(prompt(question)) : undefined,
    isTerminal: Deno.stdout.isTerminal() && Deno.stderr.isTerminal(),
  };
}
