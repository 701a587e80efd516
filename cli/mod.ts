/**
 * The `subnet` command line: `runCli(args, io)` returns an exit code and never exits itself.
 *
 * Exit codes: 0 success, 1 a `SubnetError` (one line), 2 a usage error (with help), 70 a bug (stack).
 *
 * @module
 */
import { type CliIo, type CommandSpec, runCommand } from "./command.ts";
import { SubnetError } from "../protocol/errors.ts";
import { PACKAGE_VERSION } from "../protocol/version.ts";
import { balanceCommand } from "./balance.ts";
import { demoCommand } from "./demo.ts";
import { devnetCommand } from "./devnet.ts";
import { metagraphCommand } from "./metagraph.ts";
import { minerCommand } from "./miner.ts";
import { queryCommand } from "./query.ts";
import { registerCommand } from "./register.ts";
import { simulateCommand } from "./simulate.ts";
import { stakeCommand } from "./stake.ts";
import { transferCommand } from "./transfer.ts";
import { validatorCommand } from "./validator.ts";
import { walletCommand } from "./wallet.ts";
import { weightsCommand } from "./weights.ts";

export type { CliIo } from "./command.ts";

/** Every subcommand, in the order `subnet --help` lists them. */
export const commands: readonly CommandSpec[] = [
  demoCommand,
  devnetCommand,
  minerCommand,
  validatorCommand,
  queryCommand,
  metagraphCommand,
  walletCommand,
  registerCommand,
  stakeCommand,
  balanceCommand,
  transferCommand,
  weightsCommand,
  simulateCommand,
];

const root: CommandSpec = {
  name: "subnet",
  summary: "run Bittensor subnets: miners, validators, a local chain, and subnet clients",
  description: `Version ${PACKAGE_VERSION}. Start with "subnet demo" (no setup needed).`,
  options: {},
  subcommands: [...commands],
};

/**
 * Runs the CLI on `args` (without the program name).
 *
 * @example
 * ```ts
 * import { runCli } from "./mod.ts";
 * // Deno.exit(await runCli(Deno.args, io));
 * ```
 */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  if (args[0] === "--version" || args[0] === "-V") {
    io.print(`subnet ${PACKAGE_VERSION}`);
    return 0;
  }
  try {
    return await runCommand(root, args, io, "subnet");
  } catch (err) {
    if (err instanceof SubnetError) {
      io.error(`error: ${err.message}`);
      return 1;
    }
    io.error(`bug: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return 70;
  }
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
    env: Deno.env.toObject(),
    signal: controller.signal,
  };
}
