/**
 * Public-IP discovery for a neuron that was not given `--axon.external_ip`, as Python's
 * `bittensor.utils.networking.get_external_ip`: ask several HTTPS echo services in turn, each with
 * a short timeout, and take the first answer that is an IPv4 address.
 *
 * @module
 */
import { SubnetError } from "../protocol/errors.ts";

/** Services that answer a GET with the caller's address as plain text. */
export const PUBLIC_IP_SERVICES: readonly string[] = [
  "https://checkip.amazonaws.com",
  "https://api.ipify.org",
  "https://ipv4.icanhazip.com",
  "https://ifconfig.me/ip",
];

/** Options of `discoverPublicIp`. */
export interface PublicIpOptions {
  /** The services, tried in order. @default PUBLIC_IP_SERVICES */
  services?: readonly string[];
  /** The fetch to use (tests inject one; no internet needed). @default globalThis.fetch */
  fetch?: (url: string, init: { signal: AbortSignal }) => Promise<Response>;
  /** How long each service may take. @default 3000 */
  timeoutMs?: number;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * The machine's public IPv4 address, from the first service that answers with one.
 *
 * @throws {SubnetError} `axon/no-public-ip` naming `--axon.external_ip` when every service fails
 * @example
 * ```ts
 * import { discoverPublicIp } from "./public_ip.ts";
 * const ip = await discoverPublicIp({ services: ["https://x"], fetch: () => Promise.resolve(new Response("203.0.113.5\n")) });
 * console.assert(ip === "203.0.113.5");
 * ```
 */
export async function discoverPublicIp(options: PublicIpOptions = {}): Promise<string> {
  const services = options.services ?? PUBLIC_IP_SERVICES;
  const get = options.fetch ?? ((url, init) => fetch(url, init));
  const timeoutMs = options.timeoutMs ?? 3000;
  const failures: string[] = [];
  for (const url of services) {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const res = await get(url, { signal });
      const text = (await res.text()).trim();
      if (res.ok && IPV4.test(text)) return text;
      failures.push(`${url}: ${res.ok ? `answered "${text.slice(0, 40)}"` : `status ${res.status}`}`);
    } catch (err) {
      failures.push(`${url}: ${signal.aborted ? `no answer within ${timeoutMs} ms` : (err as Error).message}`);
    }
  }
  throw new SubnetError(
    "axon/no-public-ip",
    `Cannot find this machine's public IP address to announce on chain (${failures.join("; ")}); ` +
      `give it with --axon.external_ip <ip>`,
  );
}
