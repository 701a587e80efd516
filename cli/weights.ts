/**
 * `subnet weights`: Inspect weights: decrypt timelocked commits, show commit status.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { subtensorOptions, walletOptions } from "./options.ts";

/** `subnet weights`. */
export const weightsCommand: CommandSpec = {
  name: "weights",
  summary: "Inspect weights: decrypt timelocked commits, show commit status",
  options: { ...walletOptions, ...subtensorOptions },
  run: notBuilt("weights"),
};
