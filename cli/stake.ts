/**
 * `subnet stake`: Add stake from the coldkey to a hotkey on a subnet.
 *
 * @module
 */
import { intOption, UsageError } from "./args.ts";
import type { CommandContext, CommandSpec } from "./command.ts";
import { keysFromOptions, passwordOptions } from "./keys.ts";
import { jsonOption, netuidOption, subtensorOptions, walletOptions } from "./options.ts";
import { connectFromOptions, formatTao, jsonRao, parseTao } from "./_chain.ts";

async function run({ args, io }: CommandContext): Promise<number> {
  const netuid = intOption(args.values, "netuid");
  if (netuid === undefined || netuid < 0 || netuid > 65535) throw new UsageError(`Option "--netuid" takes 0..65535`);
  const amount = args.values.amount;
  if (typeof amount !== "string") throw new UsageError(`Option "--amount" is required (TAO, such as 1.5)`);
  const amountRao = parseTao(amount, "amount");
  const keys = keysFromOptions(args.values, io.env);
  const hotkey = typeof args.values["hotkey-address"] === "string"
    ? args.values["hotkey-address"]
    : (await keys.hotkey()).address;
  await using chain = await connectFromOptions(args.values);
  const coldkey = await keys.coldkey();
  const result = await chain.addStake(coldkey, { hotkey, netuid, amountRao });
  if (args.values.json) {
    io.print(JSON.stringify({ netuid, hotkey, amount_rao: jsonRao(amountRao), block_hash: result.blockHash }));
  } else io.print(`staked ${formatTao(amountRao)} TAO to ${hotkey} on netuid ${netuid} (block ${result.blockHash})`);
  return 0;
}

/** `subnet stake`. */
export const stakeCommand: CommandSpec = {
  name: "stake",
  summary: "Add stake to a hotkey",
  options: {
    ...netuidOption,
    amount: { type: "string", help: "TAO to stake, such as 1.5", valueName: "<tao>" },
    "hotkey-address": {
      type: "string",
      help: "Stake to this hotkey (SS58) instead of the wallet's own",
      valueName: "<ss58>",
    },
    ...walletOptions,
    ...passwordOptions,
    ...subtensorOptions,
    ...jsonOption,
  },
  examples: ["subnet stake --netuid 1 --amount 10 --dev //Alice"],
  run,
};
