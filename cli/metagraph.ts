/**
 * `subnet metagraph`: Show a subnet's metagraph.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { jsonOption, netuidOption, subtensorOptions } from "./options.ts";

/** `subnet metagraph`. */
export const metagraphCommand: CommandSpec = {
  name: "metagraph",
  summary: "Show a subnet's metagraph",
  options: { ...netuidOption, ...subtensorOptions, ...jsonOption },
  run: notBuilt("metagraph"),
};
