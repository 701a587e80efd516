/**
 * `subnet miner`: Serve an axon and answer synapses for one subnet.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { axonOptions, loggingOptions, netuidOption, subtensorOptions, walletOptions } from "./options.ts";

/** `subnet miner`. */
export const minerCommand: CommandSpec = {
  name: "miner",
  summary: "Serve an axon and answer synapses for one subnet",
  options: { ...netuidOption, ...walletOptions, ...subtensorOptions, ...axonOptions, ...loggingOptions },
  run: notBuilt("miner"),
};
