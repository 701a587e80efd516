/**
 * `subnet simulate`: Run Yuma Consensus on a scenario file and print per-epoch results.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { jsonOption } from "./options.ts";

/** `subnet simulate`. */
export const simulateCommand: CommandSpec = {
  name: "simulate",
  summary: "Run Yuma Consensus on a scenario file and print per-epoch results",
  options: { ...jsonOption },
  run: notBuilt("simulate"),
};
