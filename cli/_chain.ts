/**
 * Shared by the chain commands (`metagraph`, `register`, `stake`, `balance`, `transfer`):
 * connecting from `--subtensor.*` options, amounts in TAO, and JSON-safe integers.
 *
 * @module
 */
import { UsageError } from "./args.ts";
import { Subtensor } from "../chain/client.ts";
import type { Logger } from "../protocol/logger.ts";
import { SubnetError } from "../protocol/errors.ts";

/** Parsed option values. */
type Values = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Connects to the chain the `--subtensor.network` / `--subtensor.chain_endpoint` options name.
 *
 * @example
 * ```ts ignore
 * import { connectFromOptions } from "./_chain.ts";
 * await using chain = await connectFromOptions({ "subtensor.network": "local" });
 * ```
 */
export async function connectFromOptions(values: Values, logger?: Logger): Promise<Subtensor> {
  const network = typeof values["subtensor.network"] === "string" ? values["subtensor.network"] : "local";
  const endpoint = typeof values["subtensor.chain_endpoint"] === "string"
    ? values["subtensor.chain_endpoint"]
    : undefined;
  try {
    return await Subtensor.connect({ network, chainEndpoint: endpoint, logger });
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * A RAO amount as JSON: a number when exactly representable (≤ 2⁵³ − 1), else a decimal string.
 *
 * @example
 * ```ts
 * import { jsonRao } from "./_chain.ts";
 * console.assert(jsonRao(5n) === 5 && jsonRao(2n ** 60n) === "1152921504606846976");
 * ```
 */
export function jsonRao(rao: bigint): number | string {
  return rao <= BigInt(Number.MAX_SAFE_INTEGER) && rao >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(rao) : String(rao);
}

/**
 * Formats RAO as TAO with 9 decimals, trailing zeros trimmed.
 *
 * @example
 * ```ts
 * import { formatTao } from "./_chain.ts";
 * console.assert(formatTao(1_500_000_000n) === "1.5");
 * ```
 */
export function formatTao(rao: bigint): string {
  const neg = rao < 0n;
  const abs = neg ? -rao : rao;
  const whole = abs / 1_000_000_000n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/**
 * Parses a TAO amount (such as `1.5`) into RAO, exactly.
 *
 * @throws {UsageError} when it is not a positive decimal with at most 9 decimals
 * @example
 * ```ts
 * import { parseTao } from "./_chain.ts";
 * console.assert(parseTao("1.5", "amount") === 1_500_000_000n);
 * ```
 */
export function parseTao(text: string, option: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,9}))?$/.exec(text.trim());
  if (!m) throw new UsageError(`Option "--${option}" takes an amount of TAO such as 1.5, not "${text}"`);
  const rao = BigInt(m[1]) * 1_000_000_000n + BigInt((m[2] ?? "").padEnd(9, "0") || "0");
  if (rao <= 0n) throw new UsageError(`Option "--${option}" must be more than 0`);
  return rao;
}

/**
 * Fails with "subnet N does not exist" (exit 1) unless the chain has `netuid` (`NetworksAdded`).
 * When the node answers that read with an error, the check is skipped and the command goes on.
 *
 * @throws {SubnetError} `chain/no-subnet`
 * @example
 * ```ts ignore
 * import { requireSubnet } from "./_chain.ts";
 * await requireSubnet(chain, 21);
 * ```
 */
export async function requireSubnet(chain: Subtensor, netuid: number): Promise<void> {
  let added: boolean;
  try {
    added = await chain.subnetExists(netuid);
  } catch (err) {
    // A node (or a recording) that cannot answer this read: the command's own reads decide.
    if (err instanceof SubnetError && err.code === "chain/rpc") return;
    throw err;
  }
  if (added === true) return;
  throw new SubnetError(
    "chain/no-subnet",
    `subnet ${netuid} does not exist on ${chain.endpoint} (list them with: subnet subnets list; create one with: subnet subnets create)`,
  );
}
