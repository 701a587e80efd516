/**
 * `subnet query`: Call a subnet by name or netuid (SubnetsAPI).
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { subtensorOptions, walletOptions } from "./options.ts";

/** `subnet query`. */
export const queryCommand: CommandSpec = {
  name: "query",
  summary: "Call a subnet by name or netuid (SubnetsAPI)",
  options: { ...walletOptions, ...subtensorOptions },
  run: notBuilt("query"),
};
