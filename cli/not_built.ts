/**
 * The answer of a subcommand whose implementation has not landed yet.
 *
 * @module
 */
import type { CommandContext } from "./command.ts";

/**
 * Returns a `run` that says the command is not built yet and exits 1.
 *
 * @example
 * ```ts
 * import { notBuilt } from "./not_built.ts";
 * const run = notBuilt("miner");
 * ```
 */
export function notBuilt(name: string): (ctx: CommandContext) => Promise<number> {
  return ({ io }) => {
    io.error(`error: "subnet ${name}" is not built yet in this version`);
    return Promise.resolve(1);
  };
}
