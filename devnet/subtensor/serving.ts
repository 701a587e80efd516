/**
 * `serve_axon` and `serve_prometheus` (spec `chain.md` §4.3; subtensor `subnets/serving.rs`), with
 * subtensor's checks in order. subtensor rejects `127.0.0.1` and `::1` on every network, localnet
 * included; the devnet does too unless `allowLocalIp` is set.
 *
 * @module
 */
import type { PalletContext, SubtensorConfig } from "./context.ts";
import { subtensorError } from "./dispatch_error.ts";
import { type AxonInfo, type PrometheusInfo, S } from "./items.ts";
import { uidOf } from "./neurons.ts";
import type { TypedStore } from "./store.ts";

/** The arguments of `serve_axon`. */
export interface ServeAxonArgs {
  /** Subnet. */
  netuid: number;
  /** Software version as an integer. */
  version: number;
  /** Address: IPv4 as a big-endian integer, or IPv6. */
  ip: bigint;
  /** Port (not 0). */
  port: number;
  /** 4 or 6. */
  ipType: number;
  /** Protocol tag. */
  protocol: number;
  /** Reserved. */
  placeholder1: number;
  /** Reserved. */
  placeholder2: number;
}

const U32_MAX = 0xffff_ffffn;
const U128_MAX = (1n << 128n) - 1n;
const LOCALHOST_V4 = 0x7f00_0001n;

/**
 * subtensor's `is_valid_ip_address`: v4 below `2^32 − 1` and not 127.0.0.1; v6 not all-ones and not ::1;
 * zero only when `allowZero`. `allowLocal` lifts the localhost rule (devnet option).
 *
 * @example
 * ```ts
 * import { isValidIpAddress } from "./serving.ts";
 * console.assert(!isValidIpAddress(4, 0x7f000001n, true, false));
 * console.assert(isValidIpAddress(4, 3232235777n, true, false)); // 192.168.1.1
 * ```
 */
export function isValidIpAddress(ipType: number, ip: bigint, allowZero: boolean, allowLocal: boolean): boolean {
  if (!allowZero && ip === 0n) return false;
  if (ipType === 4) {
    if (ip >= U32_MAX) return false;
    if (ip === LOCALHOST_V4 && !allowLocal) return false;
  }
  if (ipType === 6) {
    if (ip === U128_MAX) return false;
    if (ip === 1n && !allowLocal) return false;
  }
  return true;
}

/** The stored axon of `hotkey`, or the all-zero one. */
export function axonOf(st: TypedStore, netuid: number, hotkey: Uint8Array): AxonInfo {
  return st.get(S.Axons, netuid, hotkey) ?? {
    block: 0n,
    version: 0,
    ip: 0n,
    port: 0,
    ipType: 0,
    protocol: 0,
    placeholder1: 0,
    placeholder2: 0,
  };
}

/** The stored prometheus endpoint of `hotkey`, or the all-zero one. */
export function prometheusOf(st: TypedStore, netuid: number, hotkey: Uint8Array): PrometheusInfo {
  return st.get(S.Prometheus, netuid, hotkey) ?? { block: 0n, version: 0, ip: 0n, port: 0, ipType: 0 };
}

function passesServingRateLimit(st: TypedStore, netuid: number, last: bigint, block: number): boolean {
  const limit = st.get(S.ServingRateLimit, netuid);
  return limit === 0n || last === 0n || BigInt(block) - last >= limit;
}

/**
 * `validate_serve_axon`: `HotKeyNotRegisteredInNetwork`, `InvalidIpType`, `InvalidIpAddress`,
 * `ServingRateLimitExceeded`, `InvalidPort`, in that order. Also the pool-level check.
 */
export function validateServeAxon(
  st: TypedStore,
  config: Readonly<SubtensorConfig>,
  block: number,
  hotkey: Uint8Array,
  a: ServeAxonArgs,
): void {
  if (uidOf(st, a.netuid, hotkey) === undefined) {
    throw subtensorError("HotKeyNotRegisteredInNetwork", `the hotkey is not registered on netuid ${a.netuid}`);
  }
  if (a.ipType !== 4 && a.ipType !== 6) throw subtensorError("InvalidIpType", `ip_type ${a.ipType} is not 4 or 6`);
  if (!isValidIpAddress(a.ipType, a.ip, true, config.allowLocalIp)) {
    throw subtensorError(
      "InvalidIpAddress",
      `ip ${a.ip} (v${a.ipType}) is not servable${
        a.ip === LOCALHOST_V4 ? ": 127.0.0.1 is refused as on subtensor" : ""
      }`,
    );
  }
  const prev = axonOf(st, a.netuid, hotkey);
  if (!passesServingRateLimit(st, a.netuid, prev.block, block)) {
    throw subtensorError("ServingRateLimitExceeded", `served at block ${prev.block}, now ${block}`);
  }
  if (a.port === 0) throw subtensorError("InvalidPort", "port 0");
}

/**
 * `SubtensorModule.serve_axon` (call 4), signed by the hotkey.
 *
 * @example
 * ```ts ignore
 * serveAxon(ctx, hotkey, { netuid: 1, version: 1, ip: 3232235777n, port: 8091, ipType: 4, protocol: 4,
 *   placeholder1: 0, placeholder2: 0 });
 * ```
 */
export function serveAxon(ctx: PalletContext, hotkey: Uint8Array, a: ServeAxonArgs): void {
  validateServeAxon(ctx.store, ctx.config, ctx.block, hotkey, a);
  ctx.store.put(S.Axons, [a.netuid, hotkey], {
    block: BigInt(ctx.block),
    version: a.version,
    ip: a.ip,
    port: a.port,
    ipType: a.ipType,
    protocol: a.protocol,
    placeholder1: a.placeholder1,
    placeholder2: a.placeholder2,
  });
  ctx.emit("SubtensorModule", "AxonServed", [a.netuid, hotkey]);
}

/** The arguments of `serve_prometheus`. */
export interface ServePrometheusArgs {
  /** Subnet. */
  netuid: number;
  /** Version. */
  version: number;
  /** Address. */
  ip: bigint;
  /** Port. */
  port: number;
  /** 4 or 6. */
  ipType: number;
}

/**
 * `SubtensorModule.serve_prometheus` (call 5): `InvalidIpType`, `InvalidIpAddress` (zero refused),
 * `HotKeyNotRegisteredInNetwork`, `ServingRateLimitExceeded`, `InvalidPort`.
 *
 * @example
 * ```ts ignore
 * servePrometheus(ctx, hotkey, { netuid: 1, version: 1, ip: 3232235777n, port: 9090, ipType: 4 });
 * ```
 */
export function servePrometheus(ctx: PalletContext, hotkey: Uint8Array, a: ServePrometheusArgs): void {
  const st = ctx.store;
  if (a.ipType !== 4 && a.ipType !== 6) throw subtensorError("InvalidIpType", `ip_type ${a.ipType} is not 4 or 6`);
  if (!isValidIpAddress(a.ipType, a.ip, false, ctx.config.allowLocalIp)) {
    throw subtensorError("InvalidIpAddress", `ip ${a.ip} (v${a.ipType}) is not servable`);
  }
  if (uidOf(st, a.netuid, hotkey) === undefined) {
    throw subtensorError("HotKeyNotRegisteredInNetwork", `the hotkey is not registered on netuid ${a.netuid}`);
  }
  const prev = prometheusOf(st, a.netuid, hotkey);
  if (!passesServingRateLimit(st, a.netuid, prev.block, ctx.block)) {
    throw subtensorError("ServingRateLimitExceeded", `served at block ${prev.block}, now ${ctx.block}`);
  }
  if (a.port === 0) throw subtensorError("InvalidPort", "port 0");
  st.put(S.Prometheus, [a.netuid, hotkey], {
    block: BigInt(ctx.block),
    version: a.version,
    ip: a.ip,
    port: a.port,
    ipType: a.ipType,
  });
  ctx.emit("SubtensorModule", "PrometheusServed", [a.netuid, hotkey]);
}
