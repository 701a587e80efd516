/**
 * Which storage a fork copies, derived from the devnet's own item list (`subtensor/items.ts`), so an
 * item the devnet learns to read is forked with no change here:
 *
 * - every SubtensorModule item whose first key is a netuid (hyperparameters, neurons, weights and bonds,
 *   commits, pool figures, emission state, owner), once per mechanism (`netuid + 4096 · mechid`, the
 *   `NetUidStorageIndex` of subtensor's per-mechanism items);
 * - every item keyed by an account (`Owner`, `OwnedHotkeys`, …) for the subnets' hotkeys and coldkeys;
 * - every item keyed by (account, netuid) for those hotkeys on the subnet and on root (`TotalHotkeyAlpha`
 *   on root is the TAO stake);
 * - `Alpha` (hotkey, coldkey, netuid) shares on the subnet and on root, found per hotkey;
 * - the global values the epoch and emission read, except the few the devnet keeps its own value of.
 *
 * @module
 */
import { accountId, u16 } from "../subtensor/_scale.ts";
import { HEAD_ONLY_ITEMS, S } from "../subtensor/items.ts";
import { hashKeyPart, type StorageItem, toHex } from "../subtensor/storage_item.ts";

/** Any SubtensorModule item. */
// deno-lint-ignore no-explicit-any
export type AnyItem = StorageItem<any[], any>;

/** subtensor's `GLOBAL_MAX_SUBNET_COUNT`: mechanism `m` of subnet `n` is stored under index `n + 4096 · m`. */
export const MECHANISM_STRIDE = 4096;

/**
 * Global values a fork leaves at the devnet's own setting: the network count (the devnet counts its
 * own networks), and the rate limit and admin freeze window that a devnet sets to 0 so sudo works at once.
 */
export const LOCAL_GLOBALS: ReadonlySet<string> = new Set(["TotalNetworks", "NetworkRateLimit", "AdminFreezeWindow"]);

const ALL: AnyItem[] = [...Object.values(S), ...Object.values(HEAD_ONLY_ITEMS)] as AnyItem[];

/** Items whose first key is a netuid. */
export const NETUID_ITEMS: readonly AnyItem[] = ALL.filter((i) => i.keys.length > 0 && i.keys[0][1] === u16);
/** Items keyed by one account. */
export const ACCOUNT_ITEMS: readonly AnyItem[] = ALL.filter((i) => i.keys.length === 1 && i.keys[0][1] === accountId);
/** Items keyed by (account, netuid). */
export const ACCOUNT_NETUID_ITEMS: readonly AnyItem[] = ALL.filter((i) =>
  i.keys.length === 2 && i.keys[0][1] === accountId && i.keys[1][1] === u16
);
/** Global values copied from the source. */
export const GLOBAL_ITEMS: readonly AnyItem[] = ALL.filter((i) => i.keys.length === 0 && !LOCAL_GLOBALS.has(i.name));

/**
 * The key prefix of `item`'s entries whose first key is `index` (a netuid or storage index).
 *
 * @example
 * ```ts
 * import { netuidPrefix } from "./plan.ts";
 * import { S } from "../subtensor/items.ts";
 * console.assert(netuidPrefix(S.Weights, 1).endsWith("0100"));
 * ```
 */
export function netuidPrefix(item: AnyItem, index: number): string {
  const [hasher] = item.keys[0];
  return toHex(item.prefix) + toHex(hashKeyPart(hasher, Uint8Array.of(index & 0xff, index >> 8))).slice(2);
}

/** The key prefix of `Alpha` entries of one hotkey (every coldkey and netuid). */
export function alphaPrefix(hotkey: Uint8Array): string {
  return toHex(S.Alpha.prefix) + toHex(hashKeyPart("Blake2_128Concat", hotkey)).slice(2);
}

/** The netuid at the end of an `Alpha` key (its `Identity` u16). */
export function alphaKeyNetuid(key: string): number {
  const lo = parseInt(key.slice(-4, -2), 16);
  const hi = parseInt(key.slice(-2), 16);
  return lo | (hi << 8);
}

/** The name of the item a full key belongs to, or `null` when it is no item of the plan. */
export function itemOfKey(key: string): string | null {
  const prefix = key.slice(0, 66);
  return BY_PREFIX.get(prefix) ?? null;
}

const BY_PREFIX = new Map<string, string>(ALL.map((i) => [toHex(i.prefix), i.name]));
