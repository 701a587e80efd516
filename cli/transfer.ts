/**
 * `subnet transfer`: Transfer TAO from the coldkey to another account (`transfer_keep_alive`).
 *
 * @module
 */
import { UsageError } from "./args.ts";
import type { CommandContext, CommandSpec } from "./command.ts";
import { keysFromOptions, passwordOptions } from "./keys.ts";
import { jsonOption, subtensorOptions, walletOptions } from "./options.ts";
import { connectFromOptions, formatTao, jsonRao, parseTao } from "./_chain.ts";

async function run({ args, io }: CommandContext): Promise<number> {
  const dest = args.values.dest;
  if (typeof dest !== "string" || dest === "") throw new UsageError(`Option "--dest" is required (an SS58 address)`);
  const amount = args.values.amount;
  if (typeof amount !== "string") throw new UsageError(`Option "--amount" is required (TAO, such as 1.5)`);
  const amountRao = parseTao(amount, "amount");
  const keys = keysFromOptions(args.values, io.env);
  await using chain = await connectFromOptions(args.values);
  const coldkey = await keys.coldkey();
  const result = await chain.transfer(coldkey, { dest, amountRao, keepAlive: !args.values["allow-death"] });
  if (args.values.json) {
    io.print(
      JSON.stringify({ from: coldkey.address, dest, amount_rao: jsonRao(amountRao), block_hash: result.blockHash }),
    );
  } else io.print(`sent ${formatTao(amountRao)} TAO to ${dest} (block ${result.blockHash})`);
  return 0;
}

/** `subnet transfer`. */
export const transferCommand: CommandSpec = {
  name: "transfer",
  summary: "Transfer TAO to another account",
  options: {
    dest: { type: "string", help: "Destination SS58 address", valueName: "<ss58>" },
    amount: { type: "string", help: "TAO to send, such as 1.5", valueName: "<tao>" },
    "allow-death": { type: "boolean", help: "Use transfer_allow_death (may reap the sender)" },
    ...walletOptions,
    ...passwordOptions,
    ...subtensorOptions,
    ...jsonOption,
  },
  examples: ["subnet transfer --dest 5F... --amount 1 --dev //Alice"],
  run,
};
