/**
 * `system_*` and `rpc_methods`: node identity (`system_chain`, `system_properties`: ss58 42,
 * 9 decimals, TAO), health, and `system_accountNextIndex`. `@polkadot/api` hangs at start-up if
 * any of its init calls fails (client-rpc.md §5), so all of them answer.
 *
 * @module
 */
import { decodeAddress } from "@polkadot/util-crypto";
import { invalidParams } from "./params.ts";
import type { RpcTable } from "./types.ts";

/**
 * The `system_*` table.
 *
 * @example
 * ```ts
 * import { systemRpc } from "./system.ts";
 * console.assert("system_chain" in systemRpc);
 * ```
 */
export const systemRpc: RpcTable = {
  system_chain: (ctx) => ctx.node.chain,
  system_name: (ctx) => ctx.node.name,
  system_version: (ctx) => ctx.node.version,
  system_properties: (ctx) => ctx.node.properties,
  system_chainType: () => "Development",
  system_health: () => ({ peers: 0, isSyncing: false, shouldHavePeers: false }),
  system_peers: () => [],
  system_nodeRoles: () => ["Authority"],
  system_localPeerId: () => "12D3KooWDevnetDevnetDevnetDevnetDevnetDevnetDevnet",
  system_localListenAddresses: () => [],
  system_syncState: (ctx) => ({
    startingBlock: 0,
    currentBlock: ctx.chain.best.number,
    highestBlock: ctx.chain.best.number,
  }),
  system_accountNextIndex: (ctx, params) => {
    let who: Uint8Array;
    try {
      who = decodeAddress(params[0] as string);
    } catch {
      throw invalidParams(`account must be an SS58 address or 0x public key, got ${JSON.stringify(params[0])}`);
    }
    return ctx.chain.nextIndex(who);
  },
  rpc_methods: (ctx) => ({ version: 1, methods: ctx.methodNames() }),
};
