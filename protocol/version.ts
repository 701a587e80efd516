/**
 * Version numbers: the Python protocol version we behave like on the wire, and our own release.
 *
 * @module
 */

/**
 * The Python bittensor version we behave like (10.2.0), as `major*1e6 + minor*1e3 + patch`. Sent as
 * `bt_header_dendrite_version` / `bt_header_axon_version` and `AxonInfo.version`. Python axons skip
 * nonce freshness checks below 7002000, so we must send at least that.
 *
 * @example
 * ```ts
 * import { PROTOCOL_VERSION } from "./version.ts";
 * console.assert(PROTOCOL_VERSION === 10002000);
 * ```
 */
export const PROTOCOL_VERSION: number = 10_002_000;

/**
 * Our own release version (reported by `subnet --version`); kept equal to `deno.json`'s `version`.
 *
 * @example
 * ```ts
 * import { PACKAGE_VERSION } from "./version.ts";
 * console.assert(/^\d+\.\d+\.\d+$/.test(PACKAGE_VERSION));
 * ```
 */
export const PACKAGE_VERSION: string = "0.1.0";

/**
 * Turns `"10.2.0"` into `10002000` (`major*1e6 + minor*1e3 + patch`).
 *
 * @example
 * ```ts
 * import { versionAsInt } from "./version.ts";
 * console.assert(versionAsInt("7.2.0") === 7002000);
 * ```
 */
export function versionAsInt(version: string): number {
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!m) throw new RangeError(`Cannot parse version "${version}": expected major.minor.patch`);
  return Number(m[1]) * 1_000_000 + Number(m[2]) * 1_000 + Number(m[3]);
}
