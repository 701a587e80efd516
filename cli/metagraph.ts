/**
 * `subnet metagraph`: Show a subnet's metagraph (one `get_neurons_lite` call plus the block).
 *
 * `--json` prints `{netuid, block, n, neurons: [{uid, hotkey, coldkey, stake_rao, validator_permit,
 * active, incentive, dividends, consensus, validator_trust, emission, last_update, axon: {ip, port,
 * version}}]}`. Proportions are floats in [0, 1] (u16 / 65535); `stake_rao` (the sum of the
 * neuron's `get_neurons_lite` stake entries) and `emission` are integers in RAO, printed as JSON
 * numbers when ≤ 2⁵³ − 1 and as decimal strings above that. When the chain offers
 * `get_subnet_state`, each neuron also has `total_stake_rao` (Python's `S`).
 *
 * @module
 */
import type { CommandContext, CommandSpec } from "./command.ts";
import { jsonOption, netuidOption, subtensorOptions } from "./options.ts";
import { connectFromOptions, formatTao, jsonRao, requireSubnet } from "./_chain.ts";
import { netuidValue } from "./_input.ts";
import type { Metagraph } from "../chain/metagraph.ts";

/**
 * The `--json` document of a metagraph.
 *
 * @example
 * ```ts
 * import { metagraphJson } from "./metagraph.ts";
 * import { Metagraph } from "../chain/metagraph.ts";
 * const doc = metagraphJson(new Metagraph({ netuid: 1, block: 5, blockHash: "0x00", neurons: [] }));
 * console.assert(doc.n === 0);
 * ```
 */
export function metagraphJson(mg: Metagraph): {
  netuid: number;
  block: number;
  n: number;
  neurons: Record<string, unknown>[];
} {
  return {
    netuid: mg.netuid,
    block: mg.block,
    n: mg.n,
    neurons: mg.neurons.map((x, i) => ({
      uid: x.uid,
      hotkey: x.hotkey,
      coldkey: x.coldkey,
      stake_rao: jsonRao(x.stake_rao),
      ...(mg.total_stake_rao ? { total_stake_rao: jsonRao(mg.total_stake_rao[i]) } : {}),
      validator_permit: x.validator_permit,
      active: x.active,
      incentive: mg.I[i],
      dividends: mg.D[i],
      consensus: mg.C[i],
      validator_trust: mg.Tv[i],
      emission: jsonRao(x.emission),
      last_update: x.last_update,
      axon: { ip: x.axon_info.ip, port: x.axon_info.port, version: x.axon_info.version },
    })),
  };
}

function table(mg: Metagraph): string[] {
  const head = [
    "UID",
    "STAKE",
    "INCENTIVE",
    "DIVIDENDS",
    "CONSENSUS",
    "VTRUST",
    "EMISSION",
    "VPERMIT",
    "ACTIVE",
    "UPDATED",
    "AXON",
    "HOTKEY",
  ];
  const rows = mg.neurons.map((x, i) => [
    String(x.uid),
    formatTao(x.stake_rao),
    mg.I[i].toFixed(5),
    mg.D[i].toFixed(5),
    mg.C[i].toFixed(5),
    mg.Tv[i].toFixed(5),
    formatTao(x.emission),
    x.validator_permit ? "*" : "",
    x.active ? "*" : "",
    String(x.last_update),
    x.axon_info.port ? `${x.axon_info.ip}:${x.axon_info.port}` : "-",
    x.hotkey,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]))).join("  ");
  return [
    `netuid ${mg.netuid}  block ${mg.block}  n ${mg.n}`,
    line(head),
    ...rows.map(line),
  ];
}

async function run({ args, io }: CommandContext): Promise<number> {
  const netuid = netuidValue(args.values);
  await using chain = await connectFromOptions(args.values);
  await requireSubnet(chain, netuid);
  const mg = await chain.metagraph(netuid);
  if (args.values.json) io.print(JSON.stringify(metagraphJson(mg)));
  else for (const l of table(mg)) io.print(l);
  return 0;
}

/** `subnet metagraph`. */
export const metagraphCommand: CommandSpec = {
  name: "metagraph",
  summary: "Show a subnet's metagraph",
  description: "Reads NeuronInfoRuntimeApi.get_neurons_lite at the best block. With --json, RAO amounts are JSON " +
    "numbers up to 2^53-1 and decimal strings above; proportions are u16/65535 floats.",
  options: { ...netuidOption, ...subtensorOptions, ...jsonOption },
  examples: ["subnet metagraph --netuid 1 --subtensor.network finney --json"],
  run,
};
