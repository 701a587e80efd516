/**
 * `subnet stake add|remove|list`: stake TAO from the coldkey to a hotkey on a subnet, unstake it,
 * and list the coldkey's stakes. Bare `subnet stake` is a usage error.
 *
 * `stake list --json` prints `{"coldkey": ss58, "stakes": [{"hotkey", "netuid", "stake_rao"}]}`;
 * `stake add|remove --json` prints `{"netuid", "hotkey", "amount_rao", "fee_rao", "balance_rao",
 * "balance_after_rao", "stake_before_rao", "stake_after_rao", "block_hash"}`.
 *
 * @module
 */
import { UsageError } from "./args.ts";
import type { CommandContext, CommandSpec } from "./command.ts";
import { keysFromOptions, passwordOptions } from "./keys.ts";
import { jsonOption, netuidOption, subtensorOptions, walletOptions } from "./options.ts";
import { connectFromOptions, formatTao, jsonRao, parseTao, requireSubnet } from "./_chain.ts";
import { netuidValue, ss58Option } from "./_input.ts";
import { confirmSpend, explainFunding, promptOptions, quoteJson, skipPrompt } from "./_spend.ts";
import { addStakeTx, removeStakeTx } from "../chain/extrinsics.ts";
import { SubnetError } from "../protocol/errors.ts";

async function runMove({ args, io }: CommandContext, direction: "add" | "remove"): Promise<number> {
  const v = args.values;
  const netuid = netuidValue(v);
  if (typeof v.amount !== "string") {
    throw new UsageError(`Option "--amount" is required (${direction === "add" ? "TAO" : "alpha"}, such as 1.5)`);
  }
  const amountRao = parseTao(v.amount, "amount");
  const hotkeyAddress = ss58Option(v, "hotkey-address");
  const keys = keysFromOptions(v, io.env);
  const hotkey = hotkeyAddress ?? (await keys.hotkey()).address;
  const coldkeyAddress = await keys.coldkeypub();
  await using chain = await connectFromOptions(v);
  await requireSubnet(chain, netuid);
  const before = await chain.stakeOf({ coldkey: coldkeyAddress, hotkey, netuid });
  if (direction === "remove" && before < amountRao) {
    throw new SubnetError(
      "chain/insufficient-stake",
      `Cannot unstake ${formatTao(amountRao)} α from ${hotkey} on netuid ${netuid}: coldkey ${coldkeyAddress} has ${
        formatTao(before)
      } α staked there (see: subnet stake list)`,
    );
  }
  const tx = direction === "add"
    ? addStakeTx(chain.api, hotkey, netuid, amountRao)
    : removeStakeTx(chain.api, hotkey, netuid, amountRao);
  const action = direction === "add"
    ? `stake ${formatTao(amountRao)} τ to ${hotkey} on netuid ${netuid}`
    : `unstake ${formatTao(amountRao)} α from ${hotkey} on netuid ${netuid}`;
  const quote = await confirmSpend(io, chain, {
    action,
    coldkey: coldkeyAddress,
    tx,
    spendRao: direction === "add" ? amountRao : 0n,
    details: [["stake", `${formatTao(before)} α on netuid ${netuid}`]],
  }, { yes: skipPrompt(v), json: v.json === true });
  const coldkey = await keys.coldkey();
  const result = await chain.submit(tx, coldkey, action).catch((err) => {
    throw explainFunding(err, coldkeyAddress, chain.endpoint);
  });
  const after = await chain.stakeOf({ coldkey: coldkeyAddress, hotkey, netuid });
  if (v.json) {
    io.print(JSON.stringify({
      netuid,
      hotkey,
      coldkey: coldkeyAddress,
      amount_rao: jsonRao(amountRao),
      ...quoteJson(quote),
      stake_before_rao: jsonRao(before),
      stake_after_rao: jsonRao(after),
      block_hash: result.blockHash,
    }));
  } else {
    io.print(
      `${direction === "add" ? "staked" : "unstaked"}: ${hotkey} on netuid ${netuid} now has ${
        formatTao(after)
      } α from ${coldkeyAddress} (was ${formatTao(before)} α; block ${result.blockHash})`,
    );
  }
  return 0;
}

async function runList({ args, io }: CommandContext): Promise<number> {
  const v = args.values;
  const coldkey = ss58Option(v, "address") ?? await keysFromOptions(v, io.env).coldkeypub();
  await using chain = await connectFromOptions(v);
  const stakes = await chain.coldkeyStakes(coldkey);
  if (v.json) {
    io.print(JSON.stringify({
      coldkey,
      stakes: stakes.map((s) => ({ hotkey: s.hotkey, netuid: s.netuid, stake_rao: jsonRao(s.stakeRao) })),
    }));
    return 0;
  }
  if (stakes.length === 0) {
    io.print(`${coldkey} has no stake (add some with: subnet stake add --netuid N --amount TAO)`);
    return 0;
  }
  io.print(`stakes of ${coldkey}`);
  io.print(`${"NETUID".padEnd(7)} ${"STAKE".padStart(16)}  HOTKEY`);
  for (const s of stakes) {
    io.print(`${String(s.netuid).padEnd(7)} ${`${formatTao(s.stakeRao)} α`.padStart(16)}  ${s.hotkey}`);
  }
  return 0;
}

const moveOptions = (what: string) => ({
  ...netuidOption,
  amount: { type: "string" as const, help: what, valueName: "<amount>" },
  "hotkey-address": {
    type: "string" as const,
    help: "The hotkey (SS58) instead of the wallet's own",
    valueName: "<ss58>",
  },
  ...walletOptions,
  ...passwordOptions,
  ...subtensorOptions,
  ...promptOptions,
  ...jsonOption,
});

/** `subnet stake`. */
export const stakeCommand: CommandSpec = {
  name: "stake",
  summary: "Add, remove and list stake",
  options: {},
  subcommands: [
    {
      name: "add",
      summary: "Stake TAO from the coldkey to a hotkey on a subnet (add_stake)",
      options: moveOptions("TAO to stake, such as 1.5"),
      examples: ["subnet stake add --netuid 1 --amount 10 --dev //Alice -y"],
      run: (ctx) => runMove(ctx, "add"),
    },
    {
      name: "remove",
      summary: "Unstake alpha from a hotkey on a subnet back to the coldkey (remove_stake)",
      options: moveOptions("Alpha to unstake, such as 1.5"),
      examples: ["subnet stake remove --netuid 1 --amount 1 --dev //Alice -y"],
      run: (ctx) => runMove(ctx, "remove"),
    },
    {
      name: "list",
      summary: "List a coldkey's stakes per hotkey and subnet",
      options: {
        address: { type: "string", help: "Any coldkey (SS58; default: the wallet's)", valueName: "<ss58>" },
        ...walletOptions,
        ...subtensorOptions,
        ...jsonOption,
      },
      examples: ["subnet stake list --dev //Alice", "subnet stake list --wallet.name validator --json"],
      run: runList,
    },
  ],
};
