/**
 * `subnet balance`: Show an account's free balance (the wallet's coldkey, or `--address`).
 *
 * @module
 */
import type { CommandContext, CommandSpec } from "./command.ts";
import { keysFromOptions } from "./keys.ts";
import { jsonOption, subtensorOptions, walletOptions } from "./options.ts";
import { connectFromOptions, formatTao, jsonRao } from "./_chain.ts";

async function run({ args, io }: CommandContext): Promise<number> {
  const address = typeof args.values.address === "string"
    ? args.values.address
    : await keysFromOptions(args.values, io.env).coldkeypub();
  await using chain = await connectFromOptions(args.values);
  const b = await chain.balance(address);
  if (args.values.json) {
    io.print(JSON.stringify({
      address,
      free_rao: jsonRao(b.free),
      reserved_rao: jsonRao(b.reserved),
      frozen_rao: jsonRao(b.frozen),
    }));
  } else io.print(`${address}: ${formatTao(b.free)} TAO free, ${formatTao(b.reserved)} TAO reserved`);
  return 0;
}

/** `subnet balance`. */
export const balanceCommand: CommandSpec = {
  name: "balance",
  summary: "Show an account's free balance",
  options: {
    address: { type: "string", help: "Any SS58 address (default: the wallet's coldkey)", valueName: "<ss58>" },
    ...walletOptions,
    ...subtensorOptions,
    ...jsonOption,
  },
  examples: ["subnet balance --dev //Alice", "subnet balance --address 5F... --subtensor.network finney"],
  run,
};
