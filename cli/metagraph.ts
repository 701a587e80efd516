/**
 * `subnet metagraph`: Show a subnet's metagraph, read as Python v10 reads it: one
 * `get_selective_mechagraph(netuid, mechid, every field)` call at the best block (older runtimes:
 * `get_neurons_lite`, mechanism 0 only). `--mechid N` picks the incentive mechanism (default 0).
 *
 * `--json` prints `{netuid, mechid, block, n, mechanism_count, emissions_split, …subnet fields,
 * neurons: [{uid, hotkey, coldkey, stake_rao, alpha_stake_rao, tao_stake_rao, total_stake_rao,
 * validator_permit, active, incentive, dividends, consensus, validator_trust, emission,
 * last_update, axon: {ip, port, version}}]}`. Proportions are floats in [0, 1] (u16 / 65535);
 * stakes and `emission` are integers in RAO, printed as JSON numbers when ≤ 2⁵³ − 1 and as decimal
 * strings above that. Through the mechagraph, `stake_rao` equals `alpha_stake_rao` (the hotkey's
 * whole alpha on the subnet, delegations included; `get_neurons_lite` listed only the stake
 * entries it found), `tao_stake_rao` is the root stake as the chain stores it (unweighted) and
 * `total_stake_rao` is Python's `S`. `incentive` and `last_update` are the mechanism's; the other
 * figures are the subnet's, as subtensor reports them. `validator_trust` is `null` where it could
 * not be read.
 *
 * @module
 */
import { intOption, UsageError } from "./args.ts";
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
  [field: string]: unknown;
} {
  const m = mg.mechagraph;
  return {
    netuid: mg.netuid,
    mechid: mg.mechid,
    block: mg.block,
    n: mg.n,
    mechanism_count: mg.mechanism_count,
    emissions_split: mg.emissions_split,
    ...(m
      ? {
        name: m.name,
        symbol: m.symbol,
        owner_hotkey: m.owner_hotkey,
        owner_coldkey: m.owner_coldkey,
        tempo: m.tempo,
        last_step: m.last_step,
        blocks_since_last_step: m.blocks_since_last_step,
        max_uids: m.max_uids,
        price: m.pool.price,
        moving_price: m.pool.moving_price,
        alpha_in_rao: jsonRao(m.pool.alpha_in_rao),
        alpha_out_rao: jsonRao(m.pool.alpha_out_rao),
        tao_in_rao: jsonRao(m.pool.tao_in_rao),
        emissions: Object.fromEntries(Object.entries(m.emissions).map(([k, v]) => [k, jsonRao(v)])),
        hparams: Object.fromEntries(
          Object.entries(m.hparams).map(([k, v]) => [k, typeof v === "bigint" ? jsonRao(v) : v]),
        ),
      }
      : {}),
    neurons: mg.neurons.map((x, i) => ({
      uid: x.uid,
      hotkey: x.hotkey,
      coldkey: x.coldkey,
      stake_rao: jsonRao(x.stake_rao),
      ...(m ? { alpha_stake_rao: jsonRao(m.alpha_stake_rao[i]), tao_stake_rao: jsonRao(m.tao_stake_rao[i]) } : {}),
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
      ...(m ? { trust: mg.trust[i], rank: mg.ranks[i], block_at_registration: m.block_at_registration[i] } : {}),
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
  // Through the mechagraph, stake and emission are the subnet's alpha (root, netuid 0, is TAO), as
  // `subnet stake list` shows them; `get_neurons_lite` on older runtimes reports TAO.
  const unit = mg.mechagraph && mg.netuid !== 0 ? "α" : "τ";
  const rows = mg.neurons.map((x, i) => [
    String(x.uid),
    `${formatTao(x.stake_rao)} ${unit}`,
    mg.I[i].toFixed(5),
    mg.D[i].toFixed(5),
    mg.C[i].toFixed(5),
    Number.isNaN(mg.Tv[i]) ? "-" : mg.Tv[i].toFixed(5),
    `${formatTao(x.emission)} ${unit}`,
    x.validator_permit ? "*" : "",
    x.active ? "*" : "",
    String(x.last_update),
    x.axon_info.port ? `${x.axon_info.ip}:${x.axon_info.port}` : "-",
    x.hotkey,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((v, c) => (c === r.length - 1 ? v : v.padEnd(widths[c]))).join("  ");
  return [
    `netuid ${mg.netuid}${
      mg.name ? ` (${mg.name})` : ""
    }  mechid ${mg.mechid} of ${mg.mechanism_count}  block ${mg.block}  n ${mg.n}`,
    line(head),
    ...rows.map(line),
  ];
}

async function run({ args, io }: CommandContext): Promise<number> {
  const netuid = netuidValue(args.values);
  const mechid = intOption(args.values, "mechid") ?? 0;
  if (mechid < 0 || mechid > 255) throw new UsageError(`Option "--mechid" takes 0..255`);
  await using chain = await connectFromOptions(args.values);
  await requireSubnet(chain, netuid);
  const mg = await chain.metagraph(netuid, { mechid });
  if (args.values.json) io.print(JSON.stringify(metagraphJson(mg)));
  else for (const l of table(mg)) io.print(l);
  return 0;
}

/** `subnet metagraph`. */
export const metagraphCommand: CommandSpec = {
  name: "metagraph",
  summary: "Show a subnet's metagraph",
  description: "Reads SubnetInfoRuntimeApi.get_selective_mechagraph (every field) at the best block, as the " +
    "Python SDK v10 does (get_neurons_lite on older runtimes). With --json, RAO amounts are JSON numbers up to " +
    "2^53-1 and decimal strings above; proportions are u16/65535 floats; stake_rao is the alpha stake.",
  options: {
    ...netuidOption,
    mechid: { type: "string", help: "Incentive mechanism of the subnet", default: "0", valueName: "<n>" },
    ...subtensorOptions,
    ...jsonOption,
  },
  examples: [
    "subnet metagraph --netuid 1 --subtensor.network finney --json",
    "subnet metagraph --netuid 1 --mechid 1",
  ],
  run,
};
