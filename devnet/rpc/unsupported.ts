/**
 * JSON-RPC families a Substrate node serves but the devnet does not: storage proofs
 * (`state_getReadProof`), child storage (`childstate_*`), and the new JSON-RPC spec (`chainHead_v1_*`,
 * `transaction_v1_*`, `transactionWatch_v1_*`, `chainSpec_v1_*`, `archive_v1_*`). Each is answered with
 * `-32601` and a message that names the method, why, and what the devnet serves instead, rather than a
 * bare "Method not found". They are not listed by `rpc_methods`, so clients that probe for the new
 * spec fall back to the legacy methods.
 *
 * @module
 */
import { RpcError } from "../chain.ts";
import type { RpcMethod } from "./types.ts";

/** What the devnet serves, for the messages. */
export const SERVED_RPC_FAMILIES =
  "system_*, chain_*, state_* (without proofs), author_*, payment_*, engine_* and rpc_methods";

const FAMILIES: ReadonlyArray<readonly [prefix: string, why: string]> = [
  ["state_getReadProof", "the devnet keeps no trie, so it has no storage proofs"],
  ["state_getChildReadProof", "the devnet keeps no trie, so it has no storage proofs"],
  ["childstate_", "the devnet has no child storage (subtensor uses none)"],
  ["chainHead_v1_", "the devnet serves the legacy JSON-RPC API, not the new chainHead_v1 spec"],
  ["transaction_v1_", "the devnet serves the legacy JSON-RPC API, not the new transaction_v1 spec"],
  ["transactionWatch_v1_", "the devnet serves the legacy JSON-RPC API, not the new transactionWatch_v1 spec"],
  ["chainSpec_v1_", "the devnet serves the legacy JSON-RPC API, not the new chainSpec_v1 spec"],
  ["archive_v1_", "the devnet serves the legacy JSON-RPC API, not the new archive_v1 spec"],
];

/**
 * The handler for a method of an unsupported family, or `undefined` when `method` belongs to none.
 *
 * @example
 * ```ts
 * import { unsupportedRpc } from "./unsupported.ts";
 * console.assert(unsupportedRpc("chainHead_v1_follow") !== undefined);
 * console.assert(unsupportedRpc("chain_getHead") === undefined);
 * ```
 */
export function unsupportedRpc(method: string): RpcMethod | undefined {
  const family = FAMILIES.find(([prefix]) => method.startsWith(prefix));
  if (!family) return undefined;
  return () => {
    throw new RpcError(
      -32601,
      `Method not found: ${method} is not served by the devnet: ${family[1]}`,
      `The devnet serves ${SERVED_RPC_FAMILIES}; a full subtensor node serves ${method}`,
    );
  };
}
