/**
 * The fork's report and progress as text lines (what `subnet devnet --fork` writes to stderr).
 *
 * @module
 */
import type { ForkProgress } from "./read.ts";
import type { ForkReport } from "./snapshot.ts";

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(2)} MiB`;
}

/**
 * One progress line: keys and bytes read, and the rate.
 *
 * @example
 * ```ts
 * import { formatForkProgress } from "./format.ts";
 * console.assert(formatForkProgress({ keys: 10, bytes: 0, requests: 2, seconds: 1 }).includes("10 keys"));
 * ```
 */
export function formatForkProgress(p: ForkProgress): string {
  const rate = p.seconds > 0 ? Math.round(p.keys / p.seconds) : 0;
  return `fork: ${p.keys.toLocaleString("en-US")} keys, ${mib(p.bytes)}, ${p.requests} requests, ` +
    `${rate.toLocaleString("en-US")} keys/s, ${p.seconds.toFixed(1)} s`;
}

/**
 * The report: the block, then per subnet which items came from storage, from which runtime API,
 * which were derived, and which could not be read.
 *
 * @example
 * ```ts ignore
 * for (const line of formatForkReport(net.fork!)) console.error(line);
 * ```
 */
export function formatForkReport(r: ForkReport): string[] {
  const lines = [
    `fork: ${r.endpoint} at block ${r.block} (${r.hash}): ${r.keys.toLocaleString("en-US")} storage keys, ` +
    `${mib(r.bytes)} in ${r.seconds.toFixed(2)} s`,
  ];
  if (r.globals.length) lines.push(`  globals from storage: ${r.globals.join(", ")}`);
  for (const s of r.subnets) {
    lines.push(`  netuid ${s.netuid}: ${s.neurons} neurons, ${s.mechanisms} mechanism(s)`);
    const stored = Object.entries(s.storage);
    if (stored.length) {
      lines.push(`    from storage (${stored.length} items): ${stored.map(([k, n]) => `${k} ${n}`).join(", ")}`);
    }
    for (const [api, items] of Object.entries(s.runtimeApi)) lines.push(`    from ${api}: ${items.join(", ")}`);
    for (const [item, how] of Object.entries(s.derived)) lines.push(`    derived ${item}: ${how}`);
    for (const [item, why] of Object.entries(s.missing)) lines.push(`    not read ${item}: ${why}`);
  }
  return lines;
}
