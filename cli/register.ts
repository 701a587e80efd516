/**
 * `subnet register`: Register a hotkey on a subnet (burned registration).
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { netuidOption, subtensorOptions, walletOptions } from "./options.ts";

/** `subnet register`. */
export const registerCommand: CommandSpec = {
  name: "register",
  summary: "Register a hotkey on a subnet (burned registration)",
  options: { ...netuidOption, ...walletOptions, ...subtensorOptions },
  run: notBuilt("register"),
};
