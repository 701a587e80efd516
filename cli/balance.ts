/**
 * `subnet balance`: Show an account's balance: free, reserved and staked (the wallet's coldkey, or
 * `--address`).
 *
 * `--json` prints `{"address", "free_rao", "reserved_rao", "frozen_rao", "staked_rao", "stakes":
 * [{"hotkey", "netuid", "stake_rao"}]}` (staked is alpha, summed over subnets).
 *
 * @module
 */
import type { CommandContext, CommandSpec } from "./command.ts";
import { keysFromOptions } from "./keys.ts";
import { jsonOption, subtensorOptions, walletOptions } from "./options.ts";
import { connectFromOptions, formatTao, jsonRao } from "./_chain.ts";
import { ss58Option } from "./_input.ts";

async function run({ args, io }: CommandContext): Promise<number> {
  const address = ss58Option(args.values, "address") ?? await keysFromOptions(args.values, io.env).coldkeypub();
  await using chain = await connectFromOptions(args.values);
  const [b, stakes] = await Promise.all([chain.balance(address), chain.coldkeyStakes(address)]);
  const staked = stakes.reduce((sum, s) => sum + s.stakeRao, 0n);
  if (args.values.json) {
    io.print(JSON.stringify({
      address,
      free_rao: jsonRao(b.free),
      reserved_rao: jsonRao(b.reserved),
      frozen_rao: jsonRao(b.frozen),
      staked_rao: jsonRao(staked),
      stakes: stakes.map((s) => ({ hotkey: s.hotkey, netuid: s.netuid, stake_rao: jsonRao(s.stakeRao) })),
    }));
  } else {
    io.print(
      `${address}: ${formatTao(b.free)} τ free, ${formatTao(b.reserved)} τ reserved, ${formatTao(staked)} α staked` +
        (stakes.length ? ` on ${new Set(stakes.map((s) => s.netuid)).size} subnet(s)` : ""),
    );
  }
  return 0;
}

/** `subnet balance`. */
export const balanceCommand: CommandSpec = {
  name: "balance",
  summary: "Show an account's free, reserved and staked balance",
  options: {
    address: { type: "string", help: "Any SS58 address (default: the wallet's coldkey)", valueName: "<ss58>" },
    ...walletOptions,
    ...subtensorOptions,
    ...jsonOption,
  },
  examples: ["subnet balance --dev //Alice", "subnet balance --address 5F... --subtensor.network finney"],
  run,
};
