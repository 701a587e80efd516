/**
 * `subnet register`: Register a hotkey on a subnet (burned registration, paid by the coldkey).
 *
 * @module
 */
import { intOption, UsageError } from "./args.ts";
import type { CommandContext, CommandSpec } from "./command.ts";
import { keysFromOptions, passwordOptions } from "./keys.ts";
import { jsonOption, netuidOption, subtensorOptions, walletOptions } from "./options.ts";
import { connectFromOptions } from "./_chain.ts";

async function run({ args, io }: CommandContext): Promise<number> {
  const netuid = intOption(args.values, "netuid");
  if (netuid === undefined || netuid < 1 || netuid > 65535) throw new UsageError(`Option "--netuid" takes 1..65535`);
  const keys = keysFromOptions(args.values, io.env);
  const hotkey = await keys.hotkey();
  await using chain = await connectFromOptions(args.values);
  const existing = await chain.uidForHotkey(netuid, hotkey.publicKey);
  if (existing !== null) {
    if (args.values.json) {
      io.print(JSON.stringify({ netuid, hotkey: hotkey.address, uid: existing, registered: false }));
    } else io.print(`${hotkey.address} is already registered on netuid ${netuid} as uid ${existing}`);
    return 0;
  }
  const coldkey = await keys.coldkey();
  const result = await chain.burnedRegister(coldkey, { netuid, hotkey: hotkey.address });
  const uid = await chain.uidForHotkey(netuid, hotkey.publicKey);
  if (args.values.json) {
    io.print(JSON.stringify({ netuid, hotkey: hotkey.address, uid, registered: true, block_hash: result.blockHash }));
  } else io.print(`registered ${hotkey.address} on netuid ${netuid} as uid ${uid} (block ${result.blockHash})`);
  return 0;
}

/** `subnet register`. */
export const registerCommand: CommandSpec = {
  name: "register",
  summary: "Register a hotkey on a subnet (burned registration)",
  options: { ...netuidOption, ...walletOptions, ...passwordOptions, ...subtensorOptions, ...jsonOption },
  examples: ["subnet register --netuid 1 --dev //Alice", "subnet register --netuid 1 --wallet.name miner"],
  run,
};
