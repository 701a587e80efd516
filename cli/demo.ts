/**
 * `subnet demo`: Run a validator and miners on an in-process devnet and print what happened.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { jsonOption, loggingOptions } from "./options.ts";

/** `subnet demo`. */
export const demoCommand: CommandSpec = {
  name: "demo",
  summary: "Run a validator and miners on an in-process devnet and print what happened",
  options: { ...jsonOption, ...loggingOptions },
  run: notBuilt("demo"),
};
