/**
 * `author_*` (submit, submit-and-watch with `ready` → `{inBlock}` → `{finalized}` statuses on
 * `author_extrinsicUpdate`, unwatch, pending), `payment_*` (fee queries) and `engine_*` (manual
 * sealing, as `node-subtensor --sealing manual` offers).
 *
 * @module
 */
import { hexToU8a } from "@polkadot/util";
import { RpcError } from "../chain.ts";
import { hexParam } from "./params.ts";
import type { RpcTable } from "./types.ts";

/**
 * The `author_*`, `payment_*` and `engine_*` table.
 *
 * @example
 * ```ts
 * import { authorRpc } from "./author.ts";
 * console.assert("author_submitAndWatchExtrinsic" in authorRpc);
 * ```
 */
export const authorRpc: RpcTable = {
  author_submitExtrinsic: (ctx, params) => {
    const { hash } = ctx.chain.submit(hexParam(params, 0, "extrinsic"));
    ctx.onSubmitted();
    return hash;
  },
  author_submitAndWatchExtrinsic: (ctx, params) => {
    const { hash, status } = ctx.chain.submit(hexParam(params, 0, "extrinsic"));
    const id = ctx.hub.add(ctx.session, "extrinsic", { txHash: hash, txStatus: status });
    ctx.onSubmitted();
    return id;
  },
  author_unwatchExtrinsic: (ctx, params) => ctx.hub.remove(ctx.session, String(params[0])),
  author_pendingExtrinsics: (ctx) => ctx.chain.pending(),
  author_removeExtrinsic: () => [],
  payment_queryInfo: (ctx, params) => {
    let info;
    try {
      info = ctx.chain.queryInfo(hexToU8a(hexParam(params, 0, "extrinsic")));
    } catch (err) {
      throw new RpcError(1002, "Verification Error: Runtime error: Could not decode the extrinsic", String(err));
    }
    return {
      weight: { refTime: Number(info.weight.refTime), proofSize: Number(info.weight.proofSize) },
      class: info.class.toLowerCase(),
      partialFee: info.partialFee.toString(),
    };
  },
  payment_queryFeeDetails: (ctx, params) => {
    const fee = ctx.chain.queryInfo(hexToU8a(hexParam(params, 0, "extrinsic"))).inclusionFee;
    const hex = (n: bigint) => "0x" + n.toString(16);
    return {
      inclusionFee: fee
        ? { baseFee: hex(fee.baseFee), lenFee: hex(fee.lenFee), adjustedWeightFee: hex(fee.adjustedWeightFee) }
        : null,
    };
  },
  engine_createBlock: (ctx) => {
    ctx.seal();
    return { hash: ctx.chain.best.hash, aux: { header_only: false } };
  },
  engine_finalizeBlock: () => true,
};
