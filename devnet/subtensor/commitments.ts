/**
 * The `Commitments` pallet's `set_commitment` (subtensor `pallets/commitments`): a hotkey registered on a
 * subnet publishes up to 3 data fields there (`CommitmentOf`, `LastCommitment`, event `Commitment`).
 * The devnet takes no deposit and applies no rate or space limit; timelocked fields are stored as given,
 * not revealed.
 *
 * @module
 */
import type { Codec } from "@polkadot/types/types";
import { u8aConcat } from "@polkadot/util";
import { DispatchError, type Pallet } from "../pallet.ts";

/** `MaxFields` of `CommitmentInfo`. */
export const MAX_COMMITMENT_FIELDS = 3;

function moduleError(name: string, detail: string): DispatchError {
  return new DispatchError("Commitments", name, detail);
}

/**
 * The `Commitments` pallet for `startDevnet({ pallets })`.
 *
 * @example
 * ```ts
 * import { commitmentsPallet } from "./commitments.ts";
 * console.assert(commitmentsPallet().name === "Commitments");
 * ```
 */
export function commitmentsPallet(): Pallet {
  return {
    name: "Commitments",
    calls: {
      set_commitment: {
        paysFee: false, // `Pays::No` in pallets/commitments
        dispatch(ctx, args) {
          const who = ctx.ensureSigned();
          const netuid = Number(args.netuid.toString());
          if (!ctx.storage.has("SubtensorModule", "Uids", netuid, who)) {
            throw moduleError("AccountNotAllowedCommit", `the signer is not registered on netuid ${netuid}`);
          }
          const info = args.info as unknown as Codec & { fields: { length: number } };
          if (info.fields.length > MAX_COMMITMENT_FIELDS) {
            throw moduleError("TooManyFieldsInCommitmentInfo", `${info.fields.length} fields, at most 3`);
          }
          const block = new Uint8Array(4);
          new DataView(block.buffer).setUint32(0, ctx.blockNumber, true);
          const registration = u8aConcat(new Uint8Array(8), block, info.toU8a());
          ctx.storage.setEncoded("Commitments", "CommitmentOf", [netuid, who], registration);
          ctx.storage.setEncoded("Commitments", "LastCommitment", [netuid, who], block);
          ctx.emit("Commitments", "Commitment", [netuid, who]);
        },
      },
    },
  };
}
