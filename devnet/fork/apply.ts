/**
 * Builds a devnet chain from a {@link ForkSnapshot}: the devnet's own genesis (//Alice … //Ferdie
 * funded, Alice sudo, the root network) without its genesis subnet, plus the forked subnets' entries,
 * with the forked block as the head, so the devnet continues at its number + 1.
 *
 * @module
 */
import { hexToU8a, u8aToHex } from "@polkadot/util";
import { xxhashAsU8a } from "@polkadot/util-crypto";
import { Chain, type ChainOptions } from "../chain.ts";
import { S } from "../subtensor/items.ts";
import { MapStorage, TypedStore } from "../subtensor/store.ts";
import type { ForkSnapshot } from "./snapshot.ts";

const SUBTENSOR_PREFIX = u8aToHex(xxhashAsU8a("SubtensorModule", 128));

/**
 * The storage of a forked chain: `genesis` without its SubtensorModule entries, then the root network
 * (owned by `sudo`, as the devnet's genesis has it), then the snapshot's entries.
 *
 * @example
 * ```ts ignore
 * const entries = forkEntries(chain.storage.entries(), snapshot, DEV_ACCOUNTS.Alice);
 * ```
 */
export function forkEntries(
  genesis: readonly [string, Uint8Array][],
  snapshot: ForkSnapshot,
  sudo: Uint8Array,
): [string, Uint8Array][] {
  const out = new Map<string, Uint8Array>();
  for (const [k, v] of genesis) if (!k.startsWith(SUBTENSOR_PREFIX)) out.set(k, v);
  const raw = new MapStorage();
  const st = new TypedStore(raw);
  st.put(S.NetworksAdded, [0], true);
  st.put(S.Tempo, [0], 100);
  st.put(S.SubnetOwner, [0], sudo);
  st.put(S.AdminFreezeWindow, [], 0);
  st.put(S.NetworkRateLimit, [], 0n);
  st.put(S.TotalNetworks, [], 1 + snapshot.netuids.length);
  for (const [k, v] of raw.entries) out.set(k, v);
  for (const [k, v] of snapshot.entries) out.set(k.toLowerCase(), hexToU8a(v));
  return [...out];
}

/**
 * A chain whose head is the snapshot's block and whose state is {@link forkEntries}.
 *
 * @example
 * ```ts ignore
 * const chain = forkChain({ runtime, genesis }, snapshot);
 * console.log(chain.best.number); // the forked block
 * ```
 */
export function forkChain(options: ChainOptions, snapshot: ForkSnapshot): Chain {
  const base = new Chain(options);
  return Chain.restore(options, {
    genesisHash: base.genesisHash,
    head: snapshot.header,
    headTimestampMs: snapshot.timestampMs,
    entries: forkEntries(base.storage.entries(), snapshot, options.genesis.sudo),
    recent: [
      ...base.recentHeaders(0),
      ...(snapshot.parent ? [{ header: snapshot.parent, timestampMs: snapshot.timestampMs - 1 }] : []),
    ],
  });
}
