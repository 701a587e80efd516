/**
 * `SubtensorModule.set_identity` (spec 343 `utils/identity.rs`): a coldkey's on-chain identity in
 * `IdentitiesV2`, allowed once one of its hotkeys is registered on some subnet.
 *
 * @module
 */
import { u8aToHex } from "@polkadot/util";
import type { ChainStorage } from "../storage.ts";
import { subtensorError } from "./dispatch_error.ts";
import { S } from "./items.ts";
import { addedNetuids, uidOf } from "./neurons.ts";
import type { TypedStore } from "./store.ts";

/** `ChainIdentityOfV2`: every field UTF-8 bytes. */
export interface ChainIdentityV2 {
  /** Display name (≤ 256 bytes). */
  name: Uint8Array;
  /** Web site (≤ 256). */
  url: Uint8Array;
  /** GitHub repository (≤ 256). */
  githubRepo: Uint8Array;
  /** Image URL (≤ 1024). */
  image: Uint8Array;
  /** Discord (≤ 256). */
  discord: Uint8Array;
  /** Description (≤ 1024). */
  description: Uint8Array;
  /** Anything else (≤ 1024). */
  additional: Uint8Array;
}

const LIMITS: Readonly<Record<keyof ChainIdentityV2, number>> = {
  name: 256,
  url: 256,
  githubRepo: 256,
  image: 1024,
  discord: 256,
  description: 1024,
  additional: 1024,
};

/**
 * Stores `identity` for `coldkey` after subtensor's checks (`HotKeyNotRegisteredInNetwork`,
 * `InvalidIdentity`); the caller emits `ChainIdentitySet`.
 *
 * @example
 * ```ts ignore
 * setIdentity(st, ctx.storage, coldkey, identity);
 * ```
 */
export function setIdentity(
  st: TypedStore,
  storage: ChainStorage,
  coldkey: Uint8Array,
  identity: ChainIdentityV2,
): void {
  const nets = addedNetuids(st);
  const registered = st.get(S.OwnedHotkeys, coldkey).some((h) => nets.some((n) => uidOf(st, n, h) !== undefined));
  if (!registered) {
    throw subtensorError("HotKeyNotRegisteredInNetwork", "none of the coldkey's hotkeys is registered on a subnet");
  }
  for (const [field, max] of Object.entries(LIMITS) as [keyof ChainIdentityV2, number][]) {
    if (identity[field].length > max) {
      throw subtensorError("InvalidIdentity", `${field} is ${identity[field].length} bytes, at most ${max}`);
    }
  }
  const hex = Object.fromEntries(Object.entries(identity).map(([k, v]) => [k, u8aToHex(v)]));
  storage.set("SubtensorModule", "IdentitiesV2", [coldkey], hex);
}
