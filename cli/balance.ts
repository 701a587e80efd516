/**
 * `subnet balance`: Show an account's free balance.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { jsonOption, subtensorOptions, walletOptions } from "./options.ts";

/** `subnet balance`. */
export const balanceCommand: CommandSpec = {
  name: "balance",
  summary: "Show an account's free balance",
  options: { ...walletOptions, ...subtensorOptions, ...jsonOption },
  run: notBuilt("balance"),
};
