/**
 * `subnet subnets list|create|start|hyperparameters|set`: subnets as an owner works with them
 * (btcli's `subnets` and `sudo set`).
 *
 * `--json` shapes: `list` → `{"subnets": [{"netuid", "name", "n", "max_n", "tempo", "owner",
 * "emission_rao", "price"}]}`; `create` → `{"netuid", "owner", "hotkey", "lock_cost_rao", "fee_rao",
 * "balance_rao", "balance_after_rao", "block_hash"}`; `start` → `{"netuid", "block_hash"}`;
 * `hyperparameters` → `{"netuid", "hyperparameters": {"tempo": …, …}}` (subtensor's snake_case
 * names); `set` → `{"netuid", "param", "value", "call", "sudo", "block_hash"}`.
 *
 * @module
 */
import { UsageError } from "./args.ts";
import { closest, type CommandContext, type CommandSpec } from "./command.ts";
import { keysFromOptions, passwordOptions } from "./keys.ts";
import { jsonOption, netuidOption, subtensorOptions, walletOptions } from "./options.ts";
import { connectFromOptions, formatTao, jsonRao, requireSubnet } from "./_chain.ts";
import { netuidValue } from "./_input.ts";
import { confirmSpend, explainFunding, promptOptions, quoteJson, skipPrompt } from "./_spend.ts";
import { adminSetTx, registerNetworkTx, startCallTx } from "../chain/extrinsics.ts";
import { HYPERPARAMETER_SETTERS, type HyperparameterSetter } from "../chain/subnets.ts";
import type { ScaleValue } from "../chain/scale.ts";
import { SubnetError } from "../protocol/errors.ts";
import { encodeAddress } from "@polkadot/util-crypto";

async function runList({ args, io }: CommandContext): Promise<number> {
  await using chain = await connectFromOptions(args.values);
  const list = await chain.subnets();
  if (args.values.json) {
    io.print(JSON.stringify({
      subnets: list.map((s) => ({
        netuid: s.netuid,
        name: s.name,
        n: s.n,
        max_n: s.maxN,
        tempo: s.tempo,
        owner: s.owner,
        emission_rao: jsonRao(s.emissionRao),
        ...(s.price !== undefined ? { price: s.price } : {}),
      })),
    }));
    return 0;
  }
  const head = ["NETUID", "NAME", "N", "TEMPO", "EMISSION", "PRICE", "OWNER"];
  const rows = list.map((s) => [
    String(s.netuid),
    s.name || "-",
    `${s.n}/${s.maxN}`,
    String(s.tempo),
    `${formatTao(s.emissionRao)} τ`,
    s.price === undefined ? "-" : `${s.price.toFixed(4)} τ/α`,
    s.owner,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  for (const r of [head, ...rows]) io.print(r.map((v, c) => c === r.length - 1 ? v : v.padEnd(widths[c])).join("  "));
  return 0;
}

async function runCreate({ args, io }: CommandContext): Promise<number> {
  const v = args.values;
  const keys = keysFromOptions(v, io.env);
  const hotkey = (await keys.hotkey()).address;
  const owner = await keys.coldkeypub();
  await using chain = await connectFromOptions(v);
  const [lock, before] = await Promise.all([chain.networkLockCost(), chain.subnets()]);
  const tx = registerNetworkTx(chain.api, hotkey);
  const action = `create a subnet owned by ${owner}`;
  const quote = await confirmSpend(io, chain, {
    action,
    coldkey: owner,
    tx,
    spendRao: lock,
    details: [["lock cost", `${formatTao(lock)} τ (locked into the subnet's pool)`], ["hotkey", hotkey]],
  }, { yes: skipPrompt(v), json: v.json === true });
  const coldkey = await keys.coldkey();
  const result = await chain.submit(tx, coldkey, action).catch((err) => {
    throw explainFunding(err, owner, chain.endpoint);
  });
  const known = new Set(before.map((s) => s.netuid));
  const created = (await chain.subnets()).find((s) => !known.has(s.netuid) && s.owner === owner);
  if (!created) throw new SubnetError("chain/not-found", `Cannot find the new subnet of ${owner} after ${action}`);
  if (v.json) {
    io.print(JSON.stringify({
      netuid: created.netuid,
      owner,
      hotkey,
      lock_cost_rao: jsonRao(lock),
      ...quoteJson(quote),
      block_hash: result.blockHash,
    }));
  } else {
    io.print(
      `created subnet ${created.netuid} (owner ${owner}); start its emissions with: ` +
        `subnet subnets start --netuid ${created.netuid}`,
    );
  }
  return 0;
}

async function runStart({ args, io }: CommandContext): Promise<number> {
  const v = args.values;
  const netuid = netuidValue(v, 1);
  const keys = keysFromOptions(v, io.env);
  await using chain = await connectFromOptions(v);
  await requireSubnet(chain, netuid);
  const owner = await keys.coldkeypub();
  const coldkey = await keys.coldkey();
  const result = await chain.submit(startCallTx(chain.api, netuid), coldkey, `start subnet ${netuid}`).catch(
    (err) => {
      throw explainFunding(err, owner, chain.endpoint);
    },
  );
  if (v.json) io.print(JSON.stringify({ netuid, block_hash: result.blockHash }));
  else io.print(`started subnet ${netuid}: emissions begin at its next epoch (block ${result.blockHash})`);
  return 0;
}

function jsonValue(value: ScaleValue): unknown {
  if (typeof value === "bigint") return jsonRao(value);
  if (value instanceof Uint8Array) return `0x${Array.from(value, (b) => b.toString(16).padStart(2, "0")).join("")}`;
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value && typeof value === "object") {
    if ("bits" in value) return Number((value as { bits: bigint }).bits) / 2 ** 32;
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, jsonValue(x as ScaleValue)]));
  }
  return value;
}

async function runHyperparameters({ args, io }: CommandContext): Promise<number> {
  const netuid = netuidValue(args.values);
  await using chain = await connectFromOptions(args.values);
  await requireSubnet(chain, netuid);
  const params = await chain.hyperparameters(netuid);
  const doc = Object.fromEntries(Object.entries(params).map(([k, x]) => [k, jsonValue(x)]));
  if (args.values.json) {
    io.print(JSON.stringify({ netuid, hyperparameters: doc }));
    return 0;
  }
  const width = Math.max(...Object.keys(doc).map((k) => k.length));
  io.print(`hyperparameters of subnet ${netuid}`);
  for (const [k, x] of Object.entries(doc)) {
    const settable = HYPERPARAMETER_SETTERS[k] ? "" : "  (not settable here)";
    io.print(`  ${k.padEnd(width)}  ${typeof x === "object" ? JSON.stringify(x) : String(x)}${settable}`);
  }
  return 0;
}

function parseValue(setter: HyperparameterSetter, raw: string): unknown {
  const text = raw.trim();
  if (setter.kind === "bool") {
    if (/^(true|1|yes|on)$/i.test(text)) return true;
    if (/^(false|0|no|off)$/i.test(text)) return false;
    throw new UsageError(`Option "--value" takes true or false for this parameter, not "${raw}"`);
  }
  if (setter.kind === "int") {
    if (!/^\d+$/.test(text)) throw new UsageError(`Option "--value" takes a whole number ≥ 0, not "${raw}"`);
    return BigInt(text);
  }
  const parts = text.split(",").map((p) => Number(p.trim()));
  if (parts.length === 0 || parts.some((p) => !Number.isFinite(p) || p < 0)) {
    throw new UsageError(`Option "--value" takes comma-separated proportions such as 0.5,0.5, not "${raw}"`);
  }
  const sum = parts.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) throw new UsageError(`Option "--value" proportions must add up to more than 0`);
  const u16 = parts.map((p) => Math.floor((p / sum) * 65535));
  u16[u16.length - 1] += 65535 - u16.reduce((a, b) => a + b, 0);
  return u16;
}

async function runSet({ args, io }: CommandContext): Promise<number> {
  const v = args.values;
  const netuid = netuidValue(v, 1);
  const param = typeof v.param === "string" ? v.param : undefined;
  if (!param) throw new UsageError(`Option "--param" is required (a name that subnets hyperparameters prints)`);
  const setter = HYPERPARAMETER_SETTERS[param];
  if (!setter) {
    const guess = closest(param, Object.keys(HYPERPARAMETER_SETTERS));
    throw new UsageError(
      `Cannot set "${param}"${guess ? ` (did you mean "${guess}"?)` : ""}: settable parameters are ${
        Object.keys(HYPERPARAMETER_SETTERS).join(", ")
      }`,
    );
  }
  if (typeof v.value !== "string") throw new UsageError(`Option "--value" is required`);
  const value = parseValue(setter, v.value);
  const keys = keysFromOptions(v, io.env);
  const signerAddress = await keys.coldkeypub();
  await using chain = await connectFromOptions(v);
  await requireSubnet(chain, netuid);
  const owner = encodeAddress(await chain.storage("SubtensorModule", "SubnetOwner", [netuid]) as Uint8Array, 42);
  const sudo = setter.rootOnly || owner !== signerAddress;
  const tx = adminSetTx(chain.api, setter.call, [netuid, value], { sudo });
  const signer = await keys.coldkey();
  const action = `set ${param} of subnet ${netuid} to ${v.value}`;
  const result = await chain.submit(tx, signer, action).catch((err) => {
    if (err instanceof SubnetError && /BadOrigin|NotSubnetOwner|RequireSudo/.test(err.message)) {
      throw new SubnetError(
        "chain/bad-origin",
        `Cannot ${action}: ${signerAddress} is not ${sudo ? "the sudo key" : "the subnet owner"} (${
          setter.rootOnly ? "only root may set it" : `the owner is ${owner}`
        })`,
        { cause: err },
      );
    }
    throw explainFunding(err, signerAddress, chain.endpoint);
  });
  if (v.json) {
    io.print(JSON.stringify({
      netuid,
      param,
      value: jsonValue(value as ScaleValue),
      call: setter.call,
      sudo,
      block_hash: result.blockHash,
    }));
  } else io.print(`set ${param} of subnet ${netuid} to ${v.value} (${sudo ? "sudo " : ""}${setter.call})`);
  return 0;
}

const keyOptions = { ...walletOptions, ...passwordOptions, ...subtensorOptions };

/** `subnet subnets`. */
export const subnetsCommand: CommandSpec = {
  name: "subnets",
  summary: "List, create and start subnets; show and set hyperparameters",
  options: {},
  subcommands: [
    {
      name: "list",
      summary: "List subnets: netuid, name, n / max, tempo, emission, price, owner",
      options: { ...subtensorOptions, ...jsonOption },
      examples: ["subnet subnets list", "subnet subnets list --subtensor.network finney --json"],
      run: runList,
    },
    {
      name: "create",
      summary: "Create a subnet (register_network; pays the lock cost) and print its netuid",
      options: { ...keyOptions, ...promptOptions, ...jsonOption },
      examples: ["subnet subnets create --dev //Alice -y", "subnet subnets create --wallet.name owner"],
      run: runCreate,
    },
    {
      name: "start",
      summary: "Start a subnet's emissions (start_call, by the owner)",
      options: { ...netuidOption, ...keyOptions, ...jsonOption },
      examples: ["subnet subnets start --netuid 2 --dev //Alice"],
      run: runStart,
    },
    {
      name: "hyperparameters",
      summary: "Show a subnet's hyperparameters",
      options: { ...netuidOption, ...subtensorOptions, ...jsonOption },
      examples: ["subnet subnets hyperparameters --netuid 1 --json"],
      run: runHyperparameters,
    },
    {
      name: "set",
      summary: "Set a hyperparameter through AdminUtils (as the owner, or sudo)",
      options: {
        ...netuidOption,
        param: {
          type: "string",
          help: "A name subnets hyperparameters prints (or mechanism_count, …)",
          valueName: "<name>",
        },
        value: {
          type: "string",
          help: "The new value (true/false, a number, or proportions 0.5,0.5)",
          valueName: "<v>",
        },
        ...keyOptions,
        ...jsonOption,
      },
      examples: [
        "subnet subnets set --netuid 1 --param tempo --value 20 --dev //Alice",
        "subnet subnets set --netuid 2 --param commit_reveal_weights_enabled --value false --wallet.name owner",
      ],
      run: runSet,
    },
  ],
};
