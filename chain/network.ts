/**
 * Network names and their endpoints (bittensor `core/settings.py`, spec/chain.md §1).
 *
 * @module
 */

/** The endpoint of each named network. `local` is where `subnet devnet` listens by default. */
export const NETWORKS: Readonly<Record<string, string>> = Object.freeze({
  finney: "wss://entrypoint-finney.opentensor.ai:443",
  test: "wss://test.finney.opentensor.ai:443",
  archive: "wss://archive.chain.opentensor.ai:443",
  local: "ws://127.0.0.1:9944",
});

/** The network used when none is given. */
export const DEFAULT_NETWORK = "local";

/**
 * The endpoint URL for a network name or URL; `chainEndpoint` wins when given (as
 * `--subtensor.chain_endpoint` does in Python).
 *
 * @throws {RangeError} when the name is unknown and not a ws:// or wss:// URL
 * @example
 * ```ts
 * import { resolveEndpoint } from "./network.ts";
 * console.assert(resolveEndpoint("local") === "ws://127.0.0.1:9944");
 * console.assert(resolveEndpoint("finney", "ws://127.0.0.1:1") === "ws://127.0.0.1:1");
 * ```
 */
export function resolveEndpoint(network: string = DEFAULT_NETWORK, chainEndpoint?: string): string {
  const pick = chainEndpoint?.trim() || network.trim();
  const named = NETWORKS[pick.toLowerCase()];
  if (named) return named;
  if (/^wss?:\/\/[^\s]+$/i.test(pick)) return pick;
  if (/^https?:\/\//i.test(pick)) {
    throw new RangeError(
      `Cannot use endpoint "${pick}": the client speaks WebSocket; use ${pick.replace(/^http/i, "ws")} instead`,
    );
  }
  throw new RangeError(
    `Cannot use network "${pick}": expected ${Object.keys(NETWORKS).join(", ")} or a ws:// or wss:// URL`,
  );
}

/**
 * The network name of an endpoint, or the endpoint itself when it is not a named one.
 *
 * @example
 * ```ts
 * import { networkName } from "./network.ts";
 * console.assert(networkName("ws://127.0.0.1:9944") === "local");
 * ```
 */
export function networkName(endpoint: string): string {
  for (const [name, url] of Object.entries(NETWORKS)) if (url === endpoint) return name;
  return endpoint;
}
