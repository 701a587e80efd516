/**
 * `subnet stake`: Add stake to a hotkey.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { netuidOption, subtensorOptions, walletOptions } from "./options.ts";

/** `subnet stake`. */
export const stakeCommand: CommandSpec = {
  name: "stake",
  summary: "Add stake to a hotkey",
  options: { ...netuidOption, ...walletOptions, ...subtensorOptions },
  run: notBuilt("stake"),
};
