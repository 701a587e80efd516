/**
 * `subnet simulate --fork <endpoint> --netuid N --weights weights.json [--hotkey <validator>]`: the next
 * epoch of a live subnet if that validator set those weights, beside the chain's current values.
 *
 * @module
 */
import { decodeAddress } from "@polkadot/util-crypto";
import { formatForkReport } from "../devnet/fork/format.ts";
import { forkSnapshot } from "../devnet/fork/source.ts";
import { type ForkEpochResult, simulateForkEpoch } from "../devnet/fork/simulate.ts";
import { UsageError } from "./args.ts";
import type { CommandContext } from "./command.ts";
import { parseNetuids } from "./devnet.ts";
import { formatTao } from "./_chain.ts";

/**
 * Reads a weights file: `{"uids": [...], "weights": [...]}` (or `"values"`), `{"<uid>": weight, …}`,
 * or `[[uid, weight], …]`.
 *
 * @throws {UsageError} when it is none of those
 * @example
 * ```ts
 * import { parseWeightsFile } from "./_simulate_fork.ts";
 * console.assert(parseWeightsFile('{"3": 1, "4": 2}')[1][1] === 2);
 * ```
 */
export function parseWeightsFile(text: string, name = "weights.json"): [number, number][] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Cannot read ${name}: ${(err as Error).message}`);
  }
  const bad = () =>
    new UsageError(
      `Cannot read ${name}: give {"uids": [...], "weights": [...]}, {"<uid>": weight, ...} or [[uid, weight], ...]`,
    );
  let pairs: [number, number][];
  if (Array.isArray(json)) {
    if (!json.every((p) => Array.isArray(p) && p.length === 2)) throw bad();
    pairs = json.map(([u, w]) => [Number(u), Number(w)]);
  } else if (json && typeof json === "object") {
    const o = json as Record<string, unknown>;
    const ws = o.weights ?? o.values;
    if (Array.isArray(o.uids) && Array.isArray(ws)) {
      if (o.uids.length !== ws.length) throw new UsageError(`Cannot read ${name}: uids and weights differ in length`);
      pairs = o.uids.map((u, i) => [Number(u), Number(ws[i])]);
    } else pairs = Object.entries(o).map(([u, w]) => [Number(u), Number(w)]);
  } else throw bad();
  for (const [u, w] of pairs) {
    if (!Number.isInteger(u) || u < 0 || !(w >= 0) || !Number.isFinite(w)) {
      throw new UsageError(`Cannot read ${name}: uid ${u} weight ${w} is not a uid and a non-negative weight`);
    }
  }
  return pairs;
}

function validatorOf(text: string | undefined): number | Uint8Array | undefined {
  if (text === undefined) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  try {
    return decodeAddress(text);
  } catch {
    throw new UsageError(`Cannot use --hotkey "${text}": give an SS58 hotkey or a uid`);
  }
}

/** Runs `simulate --fork`. */
export async function runSimulateFork({ args, io }: CommandContext): Promise<number> {
  const v = args.values;
  if (args.positionals.length) throw new UsageError("subnet simulate --fork takes no scenario file");
  if (v.netuid === undefined) throw new UsageError("subnet simulate --fork needs --netuid");
  if (typeof v.weights !== "string") throw new UsageError("subnet simulate --fork needs --weights <file>");
  const netuids = parseNetuids(String(v.netuid));
  if (netuids.length !== 1) throw new UsageError("subnet simulate --fork takes one --netuid");
  let text: string;
  try {
    text = await Deno.readTextFile(v.weights);
  } catch (err) {
    throw new UsageError(`Cannot read --weights "${v.weights}": ${(err as Error).message}`);
  }
  const weights = parseWeightsFile(text, v.weights);
  const validator = validatorOf(typeof v.hotkey === "string" ? v.hotkey : undefined);
  const at = typeof v.at === "string" ? (/^\d+$/.test(v.at) ? Number(v.at) : v.at) : undefined;
  const snapshot = await forkSnapshot({ endpoint: String(v.fork), netuids, at });
  for (const line of formatForkReport(snapshot.report)) io.error(line);
  const mechid = v.mechid === undefined ? 0 : Number(v.mechid);
  if (!Number.isInteger(mechid) || mechid < 0) throw new UsageError(`Cannot use --mechid "${v.mechid}": give 0, 1, …`);
  const result = simulateForkEpoch(snapshot, { netuid: netuids[0], validator, weights, mechid });
  if (typeof v.plot === "string") await Deno.writeTextFile(v.plot, plotForkSvg(result));
  if (v.json === true) {
    io.print(JSON.stringify(result));
    return 0;
  }
  for (const line of formatForkEpoch(result)) io.print(line);
  return 0;
}

/** The result as a table: per uid, chain → simulated (difference) for each figure. */
export function formatForkEpoch(r: ForkEpochResult): string[] {
  const f = (x: number) => x.toFixed(6);
  const d = (x: number) => (x >= 0 ? "+" : "") + x.toFixed(6);
  const tao = (rao: number) => `${formatTao(BigInt(Math.round(rao)))} τ`;
  const lines = [
    `netuid ${r.netuid}${
      r.mechid ? ` mechanism ${r.mechid}` : ""
    } forked at block ${r.block}; next epoch at block ${r.epochBlock}; ` +
    `validator uid ${r.validator} sets ${r.weights.map(([u, w]) => `${u}:${w}`).join(" ")}; the epoch pays ${
      formatTao(BigInt(r.emission))
    } τ`,
    `${"uid".padStart(5)}  ${"incentive chain → sim (diff)".padEnd(36)}  ${
      "dividends chain → sim (diff)".padEnd(36)
    }  ${"vtrust chain → sim (diff)".padEnd(36)}  emission chain → sim (diff)`,
  ];
  for (const u of r.uids) {
    const cell = (c: { chain: number; simulated: number; diff: number }) =>
      `${f(c.chain)} → ${f(c.simulated)} (${d(c.diff)})`.padEnd(36);
    lines.push(
      `${String(u.uid).padStart(5)}  ${cell(u.incentive)}  ${cell(u.dividends)}  ${cell(u.vtrust)}  ${
        tao(u.emission.chain)
      } → ${tao(u.emission.simulated)} (${u.emission.diff >= 0 ? "+" : ""}${tao(u.emission.diff)})`,
    );
  }
  for (const [item, why] of Object.entries(r.missing)) lines.push(`not read ${item}: ${why}`);
  return lines;
}

/** A bar chart: incentive per uid on chain (grey) and simulated (blue). */
export function plotForkSvg(r: ForkEpochResult): string {
  const width = 640, height = 320, left = 40, top = 20, bottom = 40;
  const plotW = width - left - 20, plotH = height - top - bottom;
  const n = Math.max(1, r.uids.length);
  const bw = plotW / n;
  const max = Math.max(1e-9, ...r.uids.flatMap((u) => [u.incentive.chain, u.incentive.simulated]));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${left}" y="14" font-size="11">incentive per uid: chain (grey) and simulated (blue)</text>`,
  ];
  r.uids.forEach((u, i) => {
    const x = left + i * bw;
    for (const [k, v, color] of [[0, u.incentive.chain, "#999"], [1, u.incentive.simulated, "#1f77b4"]] as const) {
      const h = (v / max) * plotH;
      parts.push(
        `<rect x="${(x + k * bw / 2).toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${
          (bw / 2 - 1).toFixed(1)
        }" height="${h.toFixed(1)}" fill="${color}"/>`,
      );
    }
    if (n <= 64) {
      parts.push(
        `<text x="${(x + bw / 2).toFixed(1)}" y="${
          top + plotH + 14
        }" font-size="9" text-anchor="middle">${u.uid}</text>`,
      );
    }
  });
  parts.push("</svg>");
  return parts.join("\n") + "\n";
}
