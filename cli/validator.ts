/**
 * `subnet validator`: Query miners, score them and set weights.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { axonOptions, loggingOptions, netuidOption, subtensorOptions, walletOptions } from "./options.ts";

/** `subnet validator`. */
export const validatorCommand: CommandSpec = {
  name: "validator",
  summary: "Query miners, score them and set weights",
  options: { ...netuidOption, ...walletOptions, ...subtensorOptions, ...axonOptions, ...loggingOptions },
  run: notBuilt("validator"),
};
