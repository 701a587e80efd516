/**
 * `subnet register`: Register a hotkey on a subnet (burned registration, paid by the coldkey).
 * Shows the burn, the fee and the balance after, and asks on a terminal (`-y` skips).
 *
 * `--json` prints `{"netuid", "hotkey", "uid", "registered", "burn_rao", "fee_rao", "balance_rao",
 * "balance_after_rao", "block_hash"}` (`registered: false` with the uid when it already was).
 *
 * @module
 */
import type { CommandContext, CommandSpec } from "./command.ts";
import { keysFromOptions, passwordOptions } from "./keys.ts";
import { jsonOption, netuidOption, subtensorOptions, walletOptions } from "./options.ts";
import { connectFromOptions, formatTao, jsonRao, requireSubnet } from "./_chain.ts";
import { netuidValue } from "./_input.ts";
import { confirmSpend, explainFunding, promptOptions, quoteJson, skipPrompt } from "./_spend.ts";
import { burnedRegisterTx } from "../chain/extrinsics.ts";

async function run({ args, io }: CommandContext): Promise<number> {
  const v = args.values;
  const netuid = netuidValue(v, 1);
  const keys = keysFromOptions(v, io.env);
  const hotkey = await keys.hotkey();
  await using chain = await connectFromOptions(v);
  await requireSubnet(chain, netuid);
  const existing = await chain.uidForHotkey(netuid, hotkey.publicKey);
  if (existing !== null) {
    if (v.json) {
      io.print(JSON.stringify({ netuid, hotkey: hotkey.address, uid: existing, registered: false }));
    } else io.print(`${hotkey.address} is already registered on netuid ${netuid} as uid ${existing}`);
    return 0;
  }
  const coldkeyAddress = await keys.coldkeypub();
  const burn = BigInt(await chain.hyperparameter(netuid, "Burn") as bigint);
  const tx = burnedRegisterTx(chain.api, netuid, hotkey.address);
  const action = `register ${hotkey.address} on netuid ${netuid}`;
  const quote = await confirmSpend(io, chain, {
    action,
    coldkey: coldkeyAddress,
    tx,
    spendRao: burn,
    details: [["burn", `${formatTao(burn)} τ (recycled)`]],
  }, { yes: skipPrompt(v), json: v.json === true });
  const coldkey = await keys.coldkey();
  const result = await chain.submit(tx, coldkey, action).catch((err) => {
    throw explainFunding(err, coldkeyAddress, chain.endpoint);
  });
  const uid = await chain.uidForHotkey(netuid, hotkey.publicKey);
  if (v.json) {
    io.print(JSON.stringify({
      netuid,
      hotkey: hotkey.address,
      uid,
      registered: true,
      burn_rao: jsonRao(burn),
      ...quoteJson(quote),
      block_hash: result.blockHash,
    }));
  } else io.print(`registered ${hotkey.address} on netuid ${netuid} as uid ${uid} (block ${result.blockHash})`);
  return 0;
}

/** `subnet register`. */
export const registerCommand: CommandSpec = {
  name: "register",
  summary: "Register a hotkey on a subnet (burned registration)",
  options: {
    ...netuidOption,
    ...walletOptions,
    ...passwordOptions,
    ...subtensorOptions,
    ...promptOptions,
    ...jsonOption,
  },
  examples: ["subnet register --netuid 1 --dev //Alice -y", "subnet register --netuid 1 --wallet.name miner"],
  run,
};
