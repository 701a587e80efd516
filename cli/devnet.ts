/**
 * `subnet devnet`: Run the embedded local chain.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { loggingOptions } from "./options.ts";

/** `subnet devnet`. */
export const devnetCommand: CommandSpec = {
  name: "devnet",
  summary: "Run the embedded local chain",
  options: { ...loggingOptions },
  run: notBuilt("devnet"),
};
