/**
 * `subnet wallet`: Create, regenerate, list and show wallets.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { notBuilt } from "./not_built.ts";
import { walletOptions } from "./options.ts";

/** `subnet wallet`. */
export const walletCommand: CommandSpec = {
  name: "wallet",
  summary: "Create, regenerate, list and show wallets",
  options: { ...walletOptions },
  run: notBuilt("wallet"),
};
