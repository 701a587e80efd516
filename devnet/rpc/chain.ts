/**
 * `chain_*`: block hashes (by number, or several), headers, blocks with extrinsics exactly as
 * submitted, the finalized head, and head subscriptions with Substrate's aliases
 * (`chain_subscribeNewHead`, `chain_subscribeFinalisedHeads`, …; client-rpc.md §6).
 *
 * @module
 */
import type { BlockRecord } from "../chain.ts";
import { blockNumberParam, optHash } from "./params.ts";
import type { RpcContext, RpcMethod, RpcTable } from "./types.ts";
import type { SubscriptionKind } from "./hub.ts";

function hashOf(ctx: RpcContext, v: unknown): string | null {
  if (v === undefined || v === null) return ctx.chain.best.hash;
  return ctx.chain.blockByNumber(blockNumberParam(v))?.hash ?? null;
}

function blockOf(ctx: RpcContext, params: unknown[]): BlockRecord | undefined {
  const hash = optHash(params, 0);
  return hash ? ctx.chain.blockByHash(hash) : ctx.chain.best;
}

const getBlockHash: RpcMethod = (ctx, params) =>
  Array.isArray(params[0]) ? params[0].map((n) => hashOf(ctx, n)) : hashOf(ctx, params[0]);
const getHeader: RpcMethod = (ctx, params) => blockOf(ctx, params)?.header ?? null;
const getFinalizedHead: RpcMethod = (ctx) => ctx.chain.finalized.hash;
const subscribe = (kind: SubscriptionKind): RpcMethod => (ctx) => ctx.hub.add(ctx.session, kind);
const unsubscribe: RpcMethod = (ctx, params) => ctx.hub.remove(ctx.session, String(params[0]));

/**
 * The `chain_*` table.
 *
 * @example
 * ```ts
 * import { chainRpc } from "./chain.ts";
 * console.assert("chain_subscribeNewHead" in chainRpc);
 * ```
 */
export const chainRpc: RpcTable = {
  chain_getBlockHash: getBlockHash,
  chain_getHead: getBlockHash,
  chain_getHeader: getHeader,
  chain_getBlock: (ctx, params) => {
    const b = blockOf(ctx, params);
    return b ? { block: { header: b.header, extrinsics: b.extrinsics }, justifications: null } : null;
  },
  chain_getFinalizedHead: getFinalizedHead,
  chain_getFinalisedHead: getFinalizedHead,
  chain_subscribeNewHeads: subscribe("newHead"),
  chain_subscribeNewHead: subscribe("newHead"),
  subscribe_newHead: subscribe("newHead"),
  chain_unsubscribeNewHeads: unsubscribe,
  chain_unsubscribeNewHead: unsubscribe,
  unsubscribe_newHead: unsubscribe,
  chain_subscribeFinalizedHeads: subscribe("finalizedHead"),
  chain_subscribeFinalisedHeads: subscribe("finalizedHead"),
  chain_unsubscribeFinalizedHeads: unsubscribe,
  chain_unsubscribeFinalisedHeads: unsubscribe,
  chain_subscribeAllHeads: subscribe("allHead"),
  chain_unsubscribeAllHeads: unsubscribe,
  chain_getRuntimeVersion: (ctx, params) => {
    const hash = optHash(params, 0);
    ctx.chain.stateAt(hash);
    return ctx.chain.runtime.metadata.version;
  },
  chain_subscribeRuntimeVersion: subscribe("runtimeVersion"),
  chain_unsubscribeRuntimeVersion: unsubscribe,
};
