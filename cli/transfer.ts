/**
 * `subnet transfer`: Transfer TAO to another account.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { subtensorOptions, walletOptions } from "./options.ts";

/** `subnet transfer`. */
export const transferCommand: CommandSpec = {
  name: "transfer",
  summary: "Transfer TAO to another account",
  options: { ...walletOptions, ...subtensorOptions },
  run: notBuilt("transfer"),
};
