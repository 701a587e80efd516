/**
 * What every spending command (`register`, `transfer`, `stake add|remove`, `subnets create`) does
 * before it signs: say what will happen (amount, fee from `payment_queryInfo`, burn or lock cost,
 * source coldkey, balance after), refuse when the coldkey cannot pay (naming the address and how to
 * fund it), and ask on a terminal. `-y` / `--no-prompt` skip the question; without a terminal the
 * command never asks and goes ahead.
 *
 * @module
 */
import type { OptionSpecs } from "./args.ts";
import type { CliIo } from "./command.ts";
import { formatTao, jsonRao } from "./_chain.ts";
import type { Subtensor } from "../chain/client.ts";
import type { Tx } from "../chain/extrinsics.ts";
import { SubnetError } from "../protocol/errors.ts";

/** `-y` / `--no-prompt`. */
export const promptOptions: OptionSpecs = {
  yes: { type: "boolean", short: "y", help: "Do not ask before spending (same as --no-prompt)" },
  "no-prompt": { type: "boolean", help: "Do not ask before spending" },
};

/** What a spending command is about to do. */
export interface SpendPlan {
  /** Such as `stake 1 TAO to 5F… on netuid 1`. */
  action: string;
  /** The paying coldkey's SS58 address. */
  coldkey: string;
  /** The signed-for call, for its fee. */
  tx: Tx;
  /** TAO leaving the free balance besides the fee (transfer amount, stake, burn, lock), in RAO. */
  spendRao: bigint;
  /** TAO coming back to the free balance (stake remove), in RAO. */
  receiveRao?: bigint;
  /** Extra lines such as `["burn", "0.1 τ"]`. */
  details?: [string, string][];
}

/** The figures shown before a spend, also returned for `--json`. */
export interface SpendQuote {
  /** The fee `payment_queryInfo` reports (`partialFee`), in RAO. */
  feeRao: bigint;
  /** The coldkey's free balance now, in RAO. */
  balanceRao: bigint;
  /** The free balance after the call, in RAO. */
  balanceAfterRao: bigint;
}

/**
 * `{fee_rao, balance_rao, balance_after_rao}` for `--json` output.
 *
 * @example
 * ```ts
 * import { quoteJson } from "./_spend.ts";
 * console.assert(quoteJson({ feeRao: 1n, balanceRao: 5n, balanceAfterRao: 4n }).fee_rao === 1);
 * ```
 */
export function quoteJson(q: SpendQuote): Record<string, number | string> {
  return {
    fee_rao: jsonRao(q.feeRao),
    balance_rao: jsonRao(q.balanceRao),
    balance_after_rao: jsonRao(q.balanceAfterRao),
  };
}

/**
 * How to put TAO on `address`: on a local devnet, the `transfer` line from //Alice.
 *
 * @example
 * ```ts
 * import { fundingHint } from "./_spend.ts";
 * console.assert(fundingHint("5F…", "ws://127.0.0.1:9944").includes("--dev //Alice"));
 * ```
 */
export function fundingHint(address: string, endpoint: string): string {
  const local = /^wss?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/.test(endpoint) || endpoint === "injected";
  return local
    ? `fund it on the devnet with: subnet transfer --dest ${address} --amount 100 --dev //Alice -y --subtensor.chain_endpoint ${endpoint}`
    : `send TAO to ${address} from another wallet or an exchange, then retry`;
}

/**
 * Turns a fee or balance failure from the node into a message naming the coldkey and how to fund it.
 *
 * @example
 * ```ts
 * import { explainFunding } from "./_spend.ts";
 * import { SubnetError } from "../protocol/errors.ts";
 * const e = explainFunding(new SubnetError("chain/rejected", "1010: Inability to pay some fees"), "5F…", "ws://127.0.0.1:1");
 * console.assert(e.message.includes("5F…"));
 * ```
 */
export function explainFunding(err: unknown, coldkey: string, endpoint: string): unknown {
  if (!(err instanceof SubnetError)) return err;
  if (
    !/Inability to pay|InsufficientBalance|BalanceTooLow|NotEnoughBalance|Payment|FundsUnavailable/i.test(err.message)
  ) {
    return err;
  }
  return new SubnetError(
    "chain/insufficient-funds",
    `${err.message}: coldkey ${coldkey} cannot pay (${fundingHint(coldkey, endpoint)})`,
    { cause: err },
  );
}

/**
 * Quotes `plan` (fee and balances), refuses when the coldkey cannot pay, prints what will happen
 * (unless `json`), and asks on a terminal unless `yes`. Resolves when the command may go ahead.
 *
 * @throws {SubnetError} `chain/insufficient-funds`, or `cli/cancelled` when the answer is no
 * @example
 * ```ts ignore
 * import { confirmSpend } from "./_spend.ts";
 * const quote = await confirmSpend(io, chain, plan, { yes: false, json: false });
 * ```
 */
export async function confirmSpend(
  io: CliIo,
  chain: Subtensor,
  plan: SpendPlan,
  options: { yes: boolean; json: boolean },
): Promise<SpendQuote> {
  const [info, balance] = await Promise.all([plan.tx.paymentInfo(plan.coldkey), chain.balance(plan.coldkey)]);
  const feeRao = info.partialFee.toBigInt();
  const balanceRao = balance.free;
  const balanceAfterRao = balanceRao - plan.spendRao - feeRao + (plan.receiveRao ?? 0n);
  if (balanceRao < plan.spendRao + feeRao) {
    throw new SubnetError(
      "chain/insufficient-funds",
      `Cannot ${plan.action}: coldkey ${plan.coldkey} has ${formatTao(balanceRao)} τ free and needs ${
        formatTao(plan.spendRao + feeRao)
      } τ (${fundingHint(plan.coldkey, chain.endpoint)})`,
    );
  }
  if (!options.json) {
    const rows: [string, string][] = [
      ["action", plan.action],
      ["coldkey", plan.coldkey],
      ...(plan.details ?? []),
      ["fee", `${formatTao(feeRao)} τ`],
      ["balance", `${formatTao(balanceRao)} τ → ${formatTao(balanceAfterRao)} τ`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) io.error(`  ${k.padEnd(width)}  ${v}`);
  }
  if (!options.yes && io.ask) {
    const answer = (await io.ask("Proceed? [y/N] ")) ?? "";
    if (!/^y(es)?$/i.test(answer.trim())) {
      throw new SubnetError("cli/cancelled", `Cancelled: did not ${plan.action} (nothing was sent)`);
    }
  }
  return { feeRao, balanceRao, balanceAfterRao };
}

/**
 * Whether `-y` or `--no-prompt` was given.
 *
 * @example
 * ```ts
 * import { skipPrompt } from "./_spend.ts";
 * console.assert(skipPrompt({ yes: true }));
 * ```
 */
export function skipPrompt(values: Readonly<Record<string, string | boolean | undefined>>): boolean {
  return values.yes === true || values["no-prompt"] === true;
}
