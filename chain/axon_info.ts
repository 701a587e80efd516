/**
 * An axon's address as the chain stores it, and the text forms of its `u128` IP (IPv4 below 2³²,
 * else IPv6, as Python's `netaddr` prints them).
 *
 * @module
 */

/** An axon's address as the chain stores it (Python's `AxonInfo` from a neuron). */
export interface ChainAxonInfo {
  /** Block the axon was last served at. */
  block: number;
  /** Version the miner announced (`version_as_int`). */
  version: number;
  /** The address as text: IPv4 dotted when the integer is below 2³², else IPv6 (as Python's `netaddr`). */
  ip: string;
  /** The address as the chain stores it (`u128`). */
  ipInt: bigint;
  /** TCP port (0 when never served). */
  port: number;
  /** 4 or 6 as announced (0 when never served). */
  ip_type: number;
  /** Protocol field (Python sends 4). */
  protocol: number;
  /** The neuron's hotkey (SS58). */
  hotkey: string;
  /** The neuron's coldkey (SS58). */
  coldkey: string;
}

const U128_END = 1n << 128n;
const IPV4_END = 1n << 32n;

/**
 * The text form of an axon address: IPv4 dotted quad below 2³², else RFC 5952 IPv6.
 *
 * @example
 * ```ts
 * import { ipToString } from "./axon_info.ts";
 * console.assert(ipToString(3232235777n) === "192.168.1.1");
 * ```
 */
export function ipToString(ip: bigint): string {
  if (ip < 0n || ip >= U128_END) throw new RangeError(`Cannot format IP ${ip}: not a u128`);
  if (ip < IPV4_END) {
    const v = Number(ip);
    return `${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
  }
  if (ip >> 32n === 0xffffn) return `::ffff:${ipToString(ip & 0xffffffffn)}`; // IPv4-mapped, as netaddr prints it
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`;
}

/**
 * Parses an IPv4 or IPv6 address into the chain's `u128` and `ip_type`.
 *
 * @throws {RangeError} when the text is not an IP address
 * @example
 * ```ts
 * import { ipToInt } from "./axon_info.ts";
 * console.assert(ipToInt("192.168.1.1").ip === 3232235777n);
 * ```
 */
export function ipToInt(text: string): { ip: bigint; ipType: 4 | 6 } {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) throw new RangeError(`Cannot parse IP "${text}": an octet exceeds 255`);
    return { ip: BigInt(((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3]), ipType: 4 };
  }
  if (!/^[0-9a-fA-F:]+$/.test(text) || text.split("::").length > 2) {
    throw new RangeError(`Cannot parse IP "${text}": not IPv4 or IPv6`);
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array(fill).fill("0"), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) {
    throw new RangeError(`Cannot parse IP "${text}": not 8 groups of IPv6`);
  }
  let ip = 0n;
  for (const g of groups) ip = (ip << 16n) | BigInt(parseInt(g, 16));
  return { ip, ipType: 6 };
}
