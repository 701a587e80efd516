/**
 * The fork's first choice: subnet state read from storage at the block (`state_getKeysPaged` page by
 * page, then `state_queryStorageAt` in batches, many requests in flight), following {@link plan.ts}.
 *
 * @module
 */
import { hexToU8a } from "@polkadot/util";
import { SubnetError } from "../../protocol/errors.ts";
import { S } from "../subtensor/items.ts";
import { MapStorage, TypedStore } from "../subtensor/store.ts";
import { toHex } from "../subtensor/storage_item.ts";
import {
  ACCOUNT_ITEMS,
  ACCOUNT_NETUID_ITEMS,
  alphaKeyNetuid,
  alphaPrefix,
  type AnyItem,
  itemOfKey,
  MECHANISM_STRIDE,
  NETUID_ITEMS,
  netuidPrefix,
} from "./plan.ts";
import type { ForkRpc } from "./rpc.ts";

/** Keys per `state_getKeysPaged` page (Substrate's maximum). */
export const KEYS_PAGE = 1000;
/** Keys per `state_queryStorageAt` call. */
export const VALUES_BATCH = 1000;
/** Requests in flight at once. */
export const IN_FLIGHT = 16;

/**
 * Runs `fn` over `xs` with at most `limit` calls pending; results in input order.
 *
 * @example
 * ```ts
 * import { mapLimit } from "./storage_reader.ts";
 * console.assert((await mapLimit([1, 2, 3], 2, (x) => Promise.resolve(x * 2)))[2] === 6);
 * ```
 */
export async function mapLimit<T, R>(xs: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(xs.length);
  let next = 0;
  const worker = async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await fn(xs[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, xs.length) }, worker));
  return out;
}

const HEX = /^0x([0-9a-fA-F]{2})*$/;

/** The error for an answer that is not what the method returns. */
export function badAnswer(url: string, method: string, expected: string): SubnetError {
  return new SubnetError("devnet/fork-bad-answer", `Cannot read ${method} from ${url}: the answer is not ${expected}`);
}

/** Storage at one block of one node, with a count of the keys read. */
export class StorageSource {
  /** The connection. */
  readonly rpc: ForkRpc;
  /** The block hash read at. */
  readonly at: string;
  /** Keys whose values were read. */
  keys = 0;
  readonly #onRead: () => void;

  /**
   * Reads at `at` through `rpc`.
   *
   * @param rpc the connection
   * @param at the block hash
   * @param onRead called after each answer (for the progress line)
   */
  constructor(rpc: ForkRpc, at: string, onRead: () => void = () => {}) {
    this.rpc = rpc;
    this.at = at;
    this.#onRead = onRead;
  }

  /** Every key under `prefix`, page by page (stopping once `max` keys are listed). */
  async keysWithPrefix(prefix: string, max: number = Infinity): Promise<string[]> {
    const out: string[] = [];
    let start: string | null = null;
    for (;;) {
      const page: unknown = await this.rpc.call<unknown>("state_getKeysPaged", [prefix, KEYS_PAGE, start, this.at]);
      this.#onRead();
      if (!Array.isArray(page) || !page.every((k) => typeof k === "string" && HEX.test(k) && k.startsWith(prefix))) {
        throw badAnswer(this.rpc.url, "state_getKeysPaged", `keys under ${prefix}`);
      }
      out.push(...page);
      if (page.length < KEYS_PAGE || out.length >= max) return out;
      const last = page[page.length - 1];
      if (start !== null && last <= start) {
        throw badAnswer(this.rpc.url, "state_getKeysPaged", "keys after the start key");
      }
      start = last;
    }
  }

  /** The values of `keys` (absent keys are left out), in batches. */
  async values(keys: readonly string[]): Promise<Map<string, string>> {
    const batches: string[][] = [];
    for (let i = 0; i < keys.length; i += VALUES_BATCH) batches.push(keys.slice(i, i + VALUES_BATCH));
    const found = new Map<string, string>();
    await mapLimit(batches, IN_FLIGHT, async (batch) => {
      const sets = await this.rpc.call<unknown>("state_queryStorageAt", [batch, this.at]);
      if (!Array.isArray(sets)) throw badAnswer(this.rpc.url, "state_queryStorageAt", "change sets");
      for (const set of sets as { changes?: unknown }[]) {
        if (!Array.isArray(set?.changes)) throw badAnswer(this.rpc.url, "state_queryStorageAt", "change sets");
        for (const change of set.changes) {
          const [k, v] = Array.isArray(change) ? change : [];
          if (typeof k !== "string" || !HEX.test(k) || (v !== null && (typeof v !== "string" || !HEX.test(v)))) {
            throw badAnswer(this.rpc.url, "state_queryStorageAt", "[key, value] hex pairs");
          }
          if (v !== null) found.set(k.toLowerCase(), v);
        }
      }
      this.keys += batch.length;
      this.#onRead();
    });
    return found;
  }
}

/** The (hotkey, root) items a subnet's epoch and unstaking read: the TAO stake and its shares. */
const ROOT_STAKE_ITEMS: readonly AnyItem[] = [S.TotalHotkeyAlpha, S.TotalHotkeyShares];

/** What the storage path read for one subnet. */
export interface StorageRead {
  /** Entries `key → value` (hex). */
  entries: Map<string, string>;
  /** Entries per item name. */
  counts: Record<string, number>;
  /** Mechanisms read. */
  mechanisms: number;
  /** Neurons (uids with a hotkey). */
  neurons: number;
  /** Hotkeys with at least {@link ALPHA_KEYS_MAX} share entries, forked as held by their owner. */
  crowded: number;
}

/** Share (`Alpha`) entries listed per hotkey at most; beyond, the pool is forked as held by the owner. */
export const ALPHA_KEYS_MAX = 20_000;

function u128Hex(v: bigint): string {
  let hex = "0x";
  for (let i = 0; i < 16; i++, v >>= 8n) hex += Number(v & 0xffn).toString(16).padStart(2, "0");
  return hex;
}

/** A typed view of hex entries. */
export function typedView(entries: ReadonlyMap<string, string>): TypedStore {
  const raw = new MapStorage();
  for (const [k, v] of entries) raw.set(k, hexToU8a(v));
  return new TypedStore(raw);
}

/**
 * Reads one subnet from storage. `NetworksAdded` must already be known to be set; `mechanisms` is
 * `MechanismCountCurrent`.
 *
 * @example
 * ```ts ignore
 * const read = await readSubnetStorage(source, 1, 1);
 * ```
 */
export async function readSubnetStorage(
  src: StorageSource,
  netuid: number,
  mechanisms: number,
  alphaKeysMax: number = ALPHA_KEYS_MAX,
): Promise<StorageRead> {
  const prefixes: string[] = [];
  for (let m = 0; m < mechanisms; m++) {
    for (const item of NETUID_ITEMS) prefixes.push(netuidPrefix(item, netuid + MECHANISM_STRIDE * m));
  }
  const keyLists = await mapLimit(prefixes, IN_FLIGHT, (p) => src.keysWithPrefix(p));
  const entries = await src.values(keyLists.flat());
  const st = typedView(entries);
  const n = st.get(S.SubnetworkN, netuid);
  const hotkeys: Uint8Array[] = [];
  for (let uid = 0; uid < n; uid++) if (st.has(S.Keys, netuid, uid)) hotkeys.push(st.get(S.Keys, netuid, uid));
  const owners = [st.get(S.SubnetOwner, netuid), st.get(S.SubnetOwnerHotkey, netuid)];

  const exact = (items: readonly AnyItem[], accounts: Uint8Array[], netuids: number[] | null): string[] =>
    items.flatMap((item) =>
      accounts.flatMap((a) => netuids === null ? [item.keyHex(a)] : netuids.map((u) => item.keyHex(a, u)))
    );
  const hotkeyAccounts = unique([...hotkeys, ...owners]);
  const first = await src.values([
    ...exact(ACCOUNT_ITEMS, hotkeyAccounts, null),
    ...exact(ACCOUNT_NETUID_ITEMS, hotkeyAccounts, [netuid]),
    ...exact(ROOT_STAKE_ITEMS, hotkeyAccounts, [0]),
  ]);
  for (const [k, v] of first) entries.set(k, v);
  const owners1 = typedView(first);
  const coldkeys = unique(hotkeys.map((h) => owners1.get(S.Owner, h)));
  const known = new Set(hotkeyAccounts.map(toHex));
  const more = coldkeys.filter((c) => !known.has(toHex(c)));
  for (const [k, v] of await src.values(exact(ACCOUNT_ITEMS, more, null))) entries.set(k, v);
  // Share entries per hotkey span every subnet and delegator: a hotkey with too many is forked as one
  // holder (its owner) of its whole pool, and reported.
  const lists = await mapLimit(hotkeys, IN_FLIGHT, (h) => src.keysWithPrefix(alphaPrefix(h), alphaKeysMax));
  const crowded = hotkeys.filter((_, i) => lists[i].length >= alphaKeysMax);
  const alphaKeys = lists.filter((l) => l.length < alphaKeysMax).flat().filter((k) => {
    const u = alphaKeyNetuid(k);
    return u === netuid || u === 0;
  });
  for (const [k, v] of await src.values(alphaKeys)) entries.set(k, v);
  if (crowded.length) {
    const view = typedView(entries);
    for (const h of crowded) {
      for (const u of [netuid, 0]) {
        const alpha = view.get(S.TotalHotkeyAlpha, h, u);
        if (alpha === 0n) continue;
        entries.set(S.Alpha.keyHex(h, view.get(S.Owner, h), u), u128Hex(alpha << 64n));
        entries.set(S.TotalHotkeyShares.keyHex(h, u), u128Hex(alpha << 64n));
      }
    }
  }

  const counts: Record<string, number> = {};
  for (const k of entries.keys()) {
    const name = itemOfKey(k) ?? "other";
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return { entries, counts, mechanisms, neurons: hotkeys.length, crowded: crowded.length };
}

function unique(accounts: Uint8Array[]): Uint8Array[] {
  const seen = new Map<string, Uint8Array>();
  for (const a of accounts) if (!a.every((b) => b === 0)) seen.set(toHex(a), a);
  return [...seen.values()];
}
