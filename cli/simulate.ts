/**
 * `subnet simulate`: Run Yuma Consensus on a scenario file and print per-epoch results.
 *
 * @module
 */
import { UsageError } from "./args.ts";
import type { CommandContext, CommandSpec } from "./command.ts";
import { jsonOption } from "./options.ts";
import { parseScenario, simulate, type SimulatedEpoch } from "../devnet/yuma/scenario.ts";
import { runSimulateFork } from "./_simulate_fork.ts";
import { formatTao } from "./_chain.ts";

/** `subnet simulate`. */
export const simulateCommand: CommandSpec = {
  name: "simulate",
  summary: "Run Yuma Consensus on a scenario file and print per-epoch results",
  usage:
    "<scenario.json> [--json] [--plot out.svg] | --fork <endpoint> --netuid N --weights weights.json [--hotkey <validator>]",
  description: "Runs subtensor's epoch (exact fixed point) over the scenario's epochs, without a chain.\n" +
    'Scenario: {"n", "stakes" (RAO), "hyperparameters"?, "validator_permits"?, "epochs": [{"weights": {...}}]}.',
  options: {
    ...jsonOption,
    plot: {
      type: "string",
      help: "Write an SVG line chart of dividends and incentive over epochs",
      valueName: "<file>",
    },
    fork: {
      type: "string",
      help: "Run the next epoch of a live subnet read from this node (finney, test, local, ws://…)",
      valueName: "<endpoint>",
    },
    netuid: { type: "string", help: "With --fork: the subnet", valueName: "<n>" },
    at: { type: "string", help: "With --fork: the block (number or 0x hash)", valueName: "<block>" },
    mechid: { type: "string", help: "With --fork: the mechanism whose weights change (default 0)", valueName: "<n>" },
    weights: {
      type: "string",
      help: 'With --fork: the validator\'s new weights ({"uids": [...], "weights": [...]} or {"uid": w})',
      valueName: "<file>",
    },
    hotkey: {
      type: "string",
      help: "With --fork: the validator (SS58 hotkey or uid; default the permitted uid with the most stake)",
      valueName: "<ss58|uid>",
    },
  },
  positionals: 1,
  examples: [
    "subnet simulate scenario.json",
    "subnet simulate scenario.json --json --plot out.svg",
    "subnet simulate --fork finney --netuid 1 --weights weights.json --hotkey 5F…",
  ],
  run: runSimulate,
};

async function runSimulate(ctx: CommandContext): Promise<number> {
  if (typeof ctx.args.values.fork === "string") return await runSimulateFork(ctx);
  const { args, io } = ctx;
  const [file, ...rest] = args.positionals;
  if (!file || rest.length > 0) throw new UsageError("subnet simulate takes exactly one scenario file");
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (err) {
    throw new UsageError(`Cannot read scenario "${file}": ${(err as Error).message}`);
  }
  let epochs: SimulatedEpoch[];
  let n: number;
  try {
    const scenario = parseScenario(JSON.parse(text));
    n = scenario.n;
    epochs = simulate(scenario);
  } catch (err) {
    if (err instanceof SyntaxError || err instanceof RangeError) {
      throw new UsageError(`Cannot simulate "${file}": ${err.message}`);
    }
    throw err;
  }
  if (typeof args.values.plot === "string") {
    await Deno.writeTextFile(args.values.plot, plotSvg(epochs, n));
    io.error(`wrote ${args.values.plot} (an SVG of dividends and incentive per epoch; open it in a browser)`);
  }
  if (args.values.json) {
    io.print(JSON.stringify({ epochs }));
    return 0;
  }
  for (const line of formatTable(epochs, n)) io.print(line);
  return 0;
}

function formatTable(epochs: SimulatedEpoch[], n: number): string[] {
  const f = (x: number) => x.toFixed(6);
  const lines: string[] = [];
  epochs.forEach((e, k) => {
    lines.push(`epoch ${k}`);
    lines.push(
      `  ${"uid".padStart(4)}  ${"incentive".padStart(9)}  ${"dividends".padStart(9)}  ${"consensus".padStart(9)}  ${
        "vtrust".padStart(9)
      }  ${"emission".padStart(14)}`,
    );
    for (let i = 0; i < n; i++) {
      lines.push(
        `  ${String(i).padStart(4)}  ${f(e.incentive[i]).padStart(9)}  ${f(e.dividends[i]).padStart(9)}  ${
          f(e.consensus[i]).padStart(9)
        }  ${f(e.validator_trust[i]).padStart(9)}  ${`${formatTao(BigInt(e.emission[i]))} τ`.padStart(14)}`,
      );
    }
    const bonded = e.bonds.map((row, i) => [i, row] as const).filter(([, row]) => row.some((b) => b > 0));
    if (bonded.length) {
      lines.push("  bonds (row: validator, stored u16 / 65535)");
      for (const [i, row] of bonded) {
        const cells = row.map((b, j) => [j, b] as const).filter(([, b]) => b > 0).map(([j, b]) => `${j}:${f(b)}`);
        lines.push(`  ${String(i).padStart(4)}  ${cells.join(" ")}`);
      }
    }
  });
  return lines;
}

const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"];

/** A small SVG line chart: dividends (solid) and incentive (dashed) per uid over epochs. */
export function plotSvg(epochs: SimulatedEpoch[], n: number): string {
  const width = 640, height = 360, left = 50, right = 150, top = 20, bottom = 40;
  const plotW = width - left - right, plotH = height - top - bottom;
  const x = (k: number) => left + (epochs.length > 1 ? (k * plotW) / (epochs.length - 1) : plotW / 2);
  const y = (v: number) => top + plotH - v * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<line x1="${left}" y1="${top + plotH}" x2="${left + plotW}" y2="${top + plotH}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="black"/>`,
    `<text x="${left + plotW / 2}" y="${height - 8}" font-size="12" text-anchor="middle">epoch</text>`,
  ];
  for (const t of [0, 0.5, 1]) {
    parts.push(`<text x="${left - 6}" y="${y(t) + 4}" font-size="10" text-anchor="end">${t}</text>`);
  }
  const every = Math.max(1, Math.ceil(epochs.length / 10));
  for (let k = 0; k < epochs.length; k += every) {
    parts.push(`<text x="${x(k).toFixed(1)}" y="${top + plotH + 14}" font-size="10" text-anchor="middle">${k}</text>`);
  }
  parts.push(
    `<text x="${left}" y="${top - 6}" font-size="11">dividends (solid) and incentive (dashed) per uid</text>`,
  );
  let legend = 0;
  for (let uid = 0; uid < n; uid++) {
    const color = PALETTE[uid % PALETTE.length];
    for (const [key, dash] of [["dividends", ""], ["incentive", ' stroke-dasharray="4 3"']] as const) {
      const values = epochs.map((e) => e[key][uid]);
      if (!values.some((v) => v > 0)) continue;
      const points = values.map((v, k) => `${x(k).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${points}"/>`);
      const ly = top + 14 * legend++;
      parts.push(
        `<line x1="${left + plotW + 10}" y1="${ly}" x2="${
          left + plotW + 30
        }" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`,
        `<text x="${left + plotW + 34}" y="${ly + 4}" font-size="10">uid ${uid} ${key}</text>`,
      );
    }
  }
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
