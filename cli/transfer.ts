/**
 * `subnet transfer`: Transfer TAO from the coldkey to another account (`transfer_keep_alive`).
 * Shows the amount, the fee and the balance after, and asks on a terminal (`-y` skips).
 *
 * `--json` prints `{"from", "dest", "amount_rao", "fee_rao", "balance_rao", "balance_after_rao", "block_hash"}`.
 *
 * @module
 */
import { UsageError } from "./args.ts";
import type { CommandContext, CommandSpec } from "./command.ts";
import { keysFromOptions, passwordOptions } from "./keys.ts";
import { jsonOption, subtensorOptions, walletOptions } from "./options.ts";
import { connectFromOptions, formatTao, jsonRao, parseTao } from "./_chain.ts";
import { ss58Option } from "./_input.ts";
import { confirmSpend, explainFunding, promptOptions, quoteJson, skipPrompt } from "./_spend.ts";
import { transferTx } from "../chain/extrinsics.ts";

async function run({ args, io }: CommandContext): Promise<number> {
  const v = args.values;
  const dest = ss58Option(v, "dest");
  if (dest === undefined) throw new UsageError(`Option "--dest" is required (an SS58 address)`);
  if (typeof v.amount !== "string") throw new UsageError(`Option "--amount" is required (TAO, such as 1.5)`);
  const amountRao = parseTao(v.amount, "amount");
  const keys = keysFromOptions(v, io.env);
  const from = await keys.coldkeypub();
  await using chain = await connectFromOptions(v);
  const tx = transferTx(chain.api, dest, amountRao, !v["allow-death"]);
  const action = `send ${formatTao(amountRao)} τ to ${dest}`;
  const quote = await confirmSpend(io, chain, { action, coldkey: from, tx, spendRao: amountRao }, {
    yes: skipPrompt(v),
    json: v.json === true,
  });
  const coldkey = await keys.coldkey();
  const result = await chain.submit(tx, coldkey, action).catch((err) => {
    throw explainFunding(err, from, chain.endpoint);
  });
  if (v.json) {
    io.print(JSON.stringify({
      from,
      dest,
      amount_rao: jsonRao(amountRao),
      ...quoteJson(quote),
      block_hash: result.blockHash,
    }));
  } else io.print(`sent ${formatTao(amountRao)} τ to ${dest} (block ${result.blockHash})`);
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
    ...promptOptions,
    ...jsonOption,
  },
  examples: ["subnet transfer --dest 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty --amount 1 --dev //Alice -y"],
  run,
};
