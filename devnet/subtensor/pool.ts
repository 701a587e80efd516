/**
 * A subnet's TAO/alpha pool as the devnet trades it: stable subnets (`SubnetMechanism` 0) swap 1:1 with no
 * fee; dynamic ones (1) are a constant-product pool over `SubnetTAO` and `SubnetAlphaIn` with subtensor's
 * swap fee (`pallets/swap` `FeeRate` default, 33/65535 of the input). Finney's pools are Uniswap-V3 style;
 * with only the protocol's full-range liquidity, as on a fresh subnet, that is the same constant product.
 * The fee stays in the pool (its input reserve grows by the whole amount). Prices are RAO of TAO per alpha.
 *
 * @module
 */

/** `FeeRate`: the swap fee as a u16 proportion (33 / 65535 ≈ 0.05 %). */
export const SWAP_FEE_RATE = 33n;
const U16_MAX = 65535n;
/** One TAO (or alpha) in RAO: the price scale. */
export const RAO_PER_TAO = 1_000_000_000n;
const U64_MAX = (1n << 64n) - 1n;

/** The reserves of one pool. */
export interface PoolReserves {
  /** `SubnetTAO`. */
  tao: bigint;
  /** `SubnetAlphaIn`. */
  alpha: bigint;
  /** Whether it is dynamic (constant product with a fee) rather than stable (1:1, no fee). */
  dynamic: boolean;
}

/** One swap's outcome: what goes in (fee included), what comes out, and the fee (in the input token). */
export interface SwapQuote {
  /** Input amount, fee included. */
  paidIn: bigint;
  /** Output amount. */
  paidOut: bigint;
  /** Fee, in the input token. */
  fee: bigint;
}

/**
 * The fee on an input amount: `amount · 33 / 65535`, floored.
 *
 * @example
 * ```ts
 * import { swapFee } from "./pool.ts";
 * console.assert(swapFee(1_000_000_000n) === 503_547n);
 * ```
 */
export function swapFee(amount: bigint): bigint {
  return (amount * SWAP_FEE_RATE) / U16_MAX;
}

/**
 * Quotes a swap of `amount` of TAO into alpha (`taoIn`) or alpha into TAO on the pool, without changing it.
 *
 * @example
 * ```ts
 * import { quoteSwap } from "./pool.ts";
 * const q = quoteSwap({ tao: 1000n, alpha: 1000n, dynamic: false }, 5n, true);
 * console.assert(q.paidOut === 5n && q.fee === 0n);
 * ```
 */
export function quoteSwap(pool: PoolReserves, amount: bigint, taoIn: boolean): SwapQuote {
  if (!pool.dynamic) {
    const out = taoIn ? amount : (amount < pool.tao ? amount : pool.tao);
    return { paidIn: amount, paidOut: out, fee: 0n };
  }
  const fee = swapFee(amount);
  const net = amount - fee;
  const [inReserve, outReserve] = taoIn ? [pool.tao, pool.alpha] : [pool.alpha, pool.tao];
  const out = inReserve + net === 0n ? 0n : (outReserve * net) / (inReserve + net);
  return { paidIn: amount, paidOut: out, fee };
}

/** The pool's price in RAO per alpha (1 TAO for a stable pool or an empty one). */
export function poolPrice(pool: PoolReserves): bigint {
  if (!pool.dynamic || pool.alpha === 0n) return RAO_PER_TAO;
  return (pool.tao * RAO_PER_TAO) / pool.alpha;
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  while (x * x > n) x--;
  while ((x + 1n) * (x + 1n) <= n) x++;
  return x;
}

/** Grosses a net (after-fee) amount up to the input that leaves it after the fee. */
function withFee(net: bigint): bigint {
  return (net * U16_MAX) / (U16_MAX - SWAP_FEE_RATE);
}

/**
 * `get_max_amount_add`: the most TAO that can be staked before the price passes `limitPrice` (RAO per
 * alpha); `u64::MAX` on a stable pool when the limit is at least 1 TAO; 0 when nothing can be bought.
 *
 * @example
 * ```ts
 * import { maxAmountAdd } from "./pool.ts";
 * console.assert(maxAmountAdd({ tao: 10n ** 12n, alpha: 10n ** 12n, dynamic: true }, 10n ** 9n) === 0n);
 * ```
 */
export function maxAmountAdd(pool: PoolReserves, limitPrice: bigint): bigint {
  if (!pool.dynamic) return limitPrice >= RAO_PER_TAO ? U64_MAX : 0n;
  if (pool.alpha === 0n || limitPrice <= poolPrice(pool)) return 0n;
  // After n TAO (net) in: price = (tao + n)² / (tao · alpha).
  const net = isqrt((limitPrice * pool.tao * pool.alpha) / RAO_PER_TAO) - pool.tao;
  return net > 0n ? withFee(net) : 0n;
}

/**
 * `get_max_amount_remove`: the most alpha that can be sold before the price falls below `limitPrice`;
 * `u64::MAX` with no limit (0) or on a stable pool when the limit is at most 1 TAO; 0 otherwise.
 *
 * @example
 * ```ts
 * import { maxAmountRemove } from "./pool.ts";
 * console.assert(maxAmountRemove({ tao: 10n ** 12n, alpha: 10n ** 12n, dynamic: true }, 0n) === (1n << 64n) - 1n);
 * ```
 */
export function maxAmountRemove(pool: PoolReserves, limitPrice: bigint): bigint {
  if (limitPrice === 0n) return U64_MAX;
  if (!pool.dynamic) return limitPrice <= RAO_PER_TAO ? U64_MAX : 0n;
  if (limitPrice >= poolPrice(pool)) return 0n;
  // After m alpha (net) in: price = tao · alpha / (alpha + m)².
  const net = isqrt((pool.tao * pool.alpha * RAO_PER_TAO) / limitPrice) - pool.alpha;
  return net > 0n ? withFee(net) : 0n;
}
