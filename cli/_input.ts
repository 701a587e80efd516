/**
 * Checks on command-line input, run before any work: SS58 addresses (with their checksum), ports,
 * netuids and files. Each failure is a `UsageError` naming the flag and what to give instead.
 *
 * @module
 */
import { decodeAddress } from "@polkadot/util-crypto";
import { intOption, UsageError } from "./args.ts";

/** Parsed option values. */
type Values = Readonly<Record<string, string | boolean | undefined>>;

/**
 * Checks that `text` is an SS58 address (base58, known length, valid checksum) and returns it.
 *
 * @param text the address
 * @param flag the option it came from, for the message (such as `--dest`)
 * @throws {UsageError} when it is not an address
 * @example
 * ```ts
 * import { checkSs58 } from "./_input.ts";
 * console.assert(checkSs58("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "--dest").startsWith("5Grw"));
 * ```
 */
export function checkSs58(text: string, flag: string): string {
  const value = text.trim();
  let why = "";
  if (value === "") why = "it is empty";
  else if (/^0x[0-9a-f]*$/i.test(value)) why = "it is hex; give the SS58 form (subnet wallet show prints it)";
  else {
    try {
      if (decodeAddress(value).length === 32) return value;
      why = "it is not a 32-byte account";
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      why = /checksum/i.test(message) ? "its checksum does not match (a typo?)" : "it is not valid base58 SS58";
    }
  }
  throw new UsageError(`Option "${flag}" takes an SS58 address such as 5GrwvaEF…utQY, not "${text}": ${why}`);
}

/**
 * Reads an SS58 option, checked; `undefined` when absent.
 *
 * @example
 * ```ts
 * import { ss58Option } from "./_input.ts";
 * console.assert(ss58Option({}, "dest") === undefined);
 * ```
 */
export function ss58Option(values: Values, name: string): string | undefined {
  const raw = values[name];
  if (raw === undefined || raw === false) return undefined;
  return checkSs58(String(raw), `--${name}`);
}

/**
 * Reads a TCP port option (1..65535); `undefined` when absent.
 *
 * @throws {UsageError} when it is not a port
 * @example
 * ```ts
 * import { portOption } from "./_input.ts";
 * console.assert(portOption({ "axon.port": "8091" }, "axon.port") === 8091);
 * ```
 */
export function portOption(values: Values, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined || raw === false) return undefined;
  const text = String(raw).trim();
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new UsageError(`Option "--${name}" takes a port from 1 to 65535, not "${raw}"`);
  }
  return port;
}

/**
 * Reads `--netuid` (0..65535, or `min`..65535).
 *
 * @throws {UsageError} when it is absent or out of range
 * @example
 * ```ts
 * import { netuidValue } from "./_input.ts";
 * console.assert(netuidValue({ netuid: "3" }) === 3);
 * ```
 */
export function netuidValue(values: Values, min = 0): number {
  const netuid = intOption(values, "netuid");
  if (netuid === undefined) throw new UsageError(`Option "--netuid" is required (a subnet id such as 1)`);
  if (netuid < min || netuid > 65535) {
    throw new UsageError(`Option "--netuid" takes a subnet id from ${min} to 65535, not ${netuid}`);
  }
  return netuid;
}

/**
 * Reads a whole-number option within `min..max`; `undefined` when absent.
 *
 * @example
 * ```ts
 * import { boundedInt } from "./_input.ts";
 * console.assert(boundedInt({ n: "4" }, "n", 1, 10) === 4);
 * ```
 */
export function boundedInt(values: Values, name: string, min: number, max: number): number | undefined {
  const n = intOption(values, name);
  if (n !== undefined && (n < min || n > max)) {
    throw new UsageError(`Option "--${name}" takes a whole number from ${min} to ${max}, not ${n}`);
  }
  return n;
}

/**
 * Checks that a file can be read before any work starts.
 *
 * @throws {UsageError} naming the file and why
 * @example
 * ```ts ignore
 * import { checkReadableFile } from "./_input.ts";
 * await checkReadableFile("notes.txt", "the file to store");
 * ```
 */
export async function checkReadableFile(path: string, what: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound ? "it does not exist" : (err as Error).name;
    throw new UsageError(`Cannot read ${what} "${path}": ${why} (check the path)`);
  }
  if (!info.isFile) throw new UsageError(`Cannot read ${what} "${path}": it is not a file`);
}
