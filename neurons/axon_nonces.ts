/**
 * The axon's nonce store: Python 7.2+'s freshness rules (wire-protocol.md §3.4) with bounded memory.
 *
 * A key is `hotkey:uuid`. The first nonce of a key is fresh when `nonce + 4 s + timeout ≥ now`; later
 * nonces must grow strictly. An entry is kept until no replay of any nonce it covers could pass the
 * freshness rule again, i.e. until `lastNonce + 4 s + timeoutMax < now`: the `timeout` header is not
 * signed, so a replayer could raise it up to the cap. Entries are never evicted inside their window;
 * when the store is full, new keys are refused (the axon answers 503).
 *
 * So that a flood cannot own the store, new entries are budgeted per hotkey, per peer IP and, when
 * the axon follows a metagraph, keys that are not registered share a much smaller pool of their own:
 * registered keys (validators) are never refused because strangers filled the store.
 *
 * @module
 */

/** Python's `ALLOWED_DELTA` (`utils/axon_utils.py`): 4 s in nanoseconds. */
export const NONCE_ALLOWED_DELTA_NS = 4_000_000_000n;

/** Limits of a {@linkcode NonceStore}. */
export interface NonceStoreOptions {
  /** Live `hotkey:uuid` entries kept at most; new keys beyond it are refused. @default 100_000 */
  entriesMax?: number;
  /** Live entries one hotkey may hold, so one signer cannot fill the store. @default 1_024 */
  entriesPerHotkeyMax?: number;
  /** Live entries created from one peer IP, so one host cannot fill the store with many keys. @default 4_096 */
  entriesPerIpMax?: number;
  /**
   * Live entries of keys that are not registered (when the caller says, as an axon following a
   * metagraph does); they count apart from `entriesMax`, which registered keys then have to
   * themselves. @default 10_000
   */
  unregisteredEntriesMax?: number;
  /** The largest request timeout honoured in the freshness window, in ms. @default 3_600_000 */
  timeoutMaxMs?: number;
  /** How far ahead of our clock a nonce may be, in ms (beyond that: clock skew or abuse). @default 3_600_000 */
  futureMaxMs?: number;
}

/** The outcome of a nonce check: `ok`, or the failure and its Python message. */
export type NonceVerdict =
  | { ok: true }
  | { ok: false; reason: "stale" | "replay" | "future" | "full"; message: string };

interface Entry {
  nonce: bigint;
  hotkey: string;
  bucketS: number;
  ip: string | undefined;
  registered: boolean | undefined;
}

/** Where a request came from, for the per-IP and unregistered budgets. */
export interface NonceOrigin {
  /** The observed peer IP. */
  ip?: string;
  /** Whether the key is registered on the subnet; leave out when the axon does not know. */
  registered?: boolean;
}

const NS_PER_S = 1_000_000_000n;
const NS_PER_MS = 1_000_000n;

/**
 * Python's `{x:.2f}` for the "Nonce is too old" message.
 */
function fixed2(x: number): string {
  return x.toFixed(2);
}

/** A span of nanoseconds as seconds with two decimals, or "more than 10^12" for absurd spans. */
function secondsOf(ns: bigint): string {
  return ns > 1_000_000_000_000n * NS_PER_S ? "more than 10^12" : fixed2(Number(ns) / 1e9);
}

/**
 * Per-`hotkey:uuid` nonce memory with Python's rules and hard limits. Expired entries are swept in
 * one-second buckets, so memory stays flat however many distinct uuids arrive.
 *
 * @example
 * ```ts
 * import { NonceStore } from "./axon_nonces.ts";
 * const store = new NonceStore({ entriesMax: 10 });
 * const now = 1_700_000_000_000_000_000n;
 * console.assert(store.commit("5Grw…", "uuid-1", now, 12, now).ok);
 * console.assert(!store.commit("5Grw…", "uuid-1", now, 12, now).ok); // replay
 * ```
 */
export class NonceStore {
  readonly #entries = new Map<string, Entry>();
  readonly #buckets = new Map<number, Set<string>>();
  readonly #perHotkey = new Map<string, number>();
  readonly #perIp = new Map<string, number>();
  #unregistered = 0;
  #known = 0;
  readonly #entriesMax: number;
  readonly #perHotkeyMax: number;
  readonly #perIpMax: number;
  readonly #unregisteredMax: number;
  readonly #timeoutMaxS: number;
  readonly #retainNs: bigint;
  readonly #futureMaxNs: bigint;
  #sweptS = -1;

  /**
   * Creates an empty store.
   *
   * @param options limits; see {@linkcode NonceStoreOptions}
   */
  constructor(options: NonceStoreOptions = {}) {
    this.#entriesMax = options.entriesMax ?? 100_000;
    this.#perHotkeyMax = options.entriesPerHotkeyMax ?? 1_024;
    this.#perIpMax = options.entriesPerIpMax ?? 4_096;
    this.#unregisteredMax = options.unregisteredEntriesMax ?? 10_000;
    const timeoutMaxMs = options.timeoutMaxMs ?? 3_600_000;
    this.#timeoutMaxS = timeoutMaxMs / 1000;
    this.#retainNs = NONCE_ALLOWED_DELTA_NS + BigInt(Math.ceil(timeoutMaxMs)) * NS_PER_MS;
    this.#futureMaxNs = BigInt(Math.ceil(options.futureMaxMs ?? 3_600_000)) * NS_PER_MS;
    if (!(this.#entriesMax >= 1 && this.#perHotkeyMax >= 1 && timeoutMaxMs >= 0)) {
      throw new RangeError(
        `Cannot create a nonce store with entriesMax ${this.#entriesMax}, entriesPerHotkeyMax ${this.#perHotkeyMax}, timeoutMaxMs ${timeoutMaxMs}: all must be positive`,
      );
    }
  }

  /** The number of live entries. */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * Checks a nonce without recording it (the cheap pre-check before signature work).
   *
   * @param hotkey the claimed ss58 hotkey
   * @param uuid the dendrite's uuid
   * @param nonce the request nonce (Unix ns)
   * @param timeoutS the request's timeout in seconds (capped at `timeoutMaxMs`)
   * @param nowNs the current time in Unix ns
   * @param origin the peer IP and whether the key is registered (for their budgets)
   * @returns the verdict
   */
  check(
    hotkey: string,
    uuid: string,
    nonce: bigint,
    timeoutS: number,
    nowNs: bigint,
    origin: NonceOrigin = {},
  ): NonceVerdict {
    this.#sweep(nowNs);
    const entry = this.#entries.get(`${hotkey}:${uuid}`);
    if (entry) {
      if (nonce <= entry.nonce) {
        return { ok: false, reason: "replay", message: "Nonce is too old, a newer one was last processed" };
      }
    } else {
      const t = Number.isFinite(timeoutS) ? Math.min(Math.max(timeoutS, 0), this.#timeoutMaxS) : this.#timeoutMaxS;
      const windowNs = NONCE_ALLOWED_DELTA_NS + BigInt(Math.round(t * 1e9));
      if (nonce + windowNs < nowNs) {
        return {
          ok: false,
          reason: "stale",
          message: `Nonce is too old: acceptable delta is ${secondsOf(windowNs)} seconds but request was ${
            secondsOf(nowNs - nonce)
          } seconds old`,
        };
      }
      const full = this.#fullFor(hotkey, origin);
      if (full) return { ok: false, reason: "full", message: `Nonce store is full: ${full}` };
    }
    if (nonce > nowNs + this.#futureMaxNs) {
      return {
        ok: false,
        reason: "future",
        message: `Nonce is too far in the future: it is ${secondsOf(nonce - nowNs)} seconds ahead of the axon's clock`,
      };
    }
    return { ok: true };
  }

  /**
   * Checks a nonce and, when it passes, records it. Call only after the signature verified, so
   * unauthenticated traffic cannot fill the store.
   *
   * @param hotkey the verified ss58 hotkey
   * @param uuid the dendrite's uuid
   * @param nonce the request nonce (Unix ns)
   * @param timeoutS the request's timeout in seconds
   * @param nowNs the current time in Unix ns
   * @param origin the peer IP and whether the key is registered (for their budgets)
   * @returns the verdict
   */
  commit(
    hotkey: string,
    uuid: string,
    nonce: bigint,
    timeoutS: number,
    nowNs: bigint,
    origin: NonceOrigin = {},
  ): NonceVerdict {
    const verdict = this.check(hotkey, uuid, nonce, timeoutS, nowNs, origin);
    if (!verdict.ok) return verdict;
    const key = `${hotkey}:${uuid}`;
    const bucketS = Math.max(Number((nonce + this.#retainNs) / NS_PER_S) + 1, this.#sweptS + 1);
    const old = this.#entries.get(key);
    if (old) {
      this.#buckets.get(old.bucketS)?.delete(key);
      old.nonce = nonce;
      old.bucketS = bucketS;
    } else {
      const { ip, registered } = origin;
      this.#entries.set(key, { nonce, hotkey, bucketS, ip, registered });
      this.#perHotkey.set(hotkey, (this.#perHotkey.get(hotkey) ?? 0) + 1);
      if (ip !== undefined) this.#perIp.set(ip, (this.#perIp.get(ip) ?? 0) + 1);
      if (registered === false) this.#unregistered++;
      else this.#known++;
    }
    let bucket = this.#buckets.get(bucketS);
    if (!bucket) this.#buckets.set(bucketS, bucket = new Set());
    bucket.add(key);
    return verdict;
  }

  /** Why a new entry for `hotkey` from `origin` does not fit, or `""` when it does. */
  #fullFor(hotkey: string, origin: NonceOrigin): string {
    if ((this.#perHotkey.get(hotkey) ?? 0) >= this.#perHotkeyMax) {
      return `this hotkey holds ${this.#perHotkeyMax} live uuids (entriesPerHotkeyMax): reuse your dendrite's uuid`;
    }
    if (origin.ip !== undefined && (this.#perIp.get(origin.ip) ?? 0) >= this.#perIpMax) {
      return `your IP holds ${this.#perIpMax} live entries (entriesPerIpMax): retry later`;
    }
    if (origin.registered === false) {
      return this.#unregistered >= this.#unregisteredMax
        ? `unregistered keys hold ${this.#unregisteredMax} live entries (unregisteredEntriesMax): retry later`
        : "";
    }
    return this.#known >= this.#entriesMax ? `${this.#entriesMax} live entries (entriesMax): retry later` : "";
  }

  /** Drops entries whose window closed before `nowNs`. */
  #sweep(nowNs: bigint): void {
    const nowS = Number(nowNs / NS_PER_S);
    if (nowS <= this.#sweptS) return;
    const from = this.#sweptS < 0 ? nowS : this.#sweptS + 1;
    this.#sweptS = nowS;
    if (this.#buckets.size === 0) return;
    if (nowS - from + 1 > this.#buckets.size) {
      for (const [s, keys] of this.#buckets) if (s <= nowS) this.#drop(s, keys);
    } else {
      for (let s = from; s <= nowS; s++) {
        const keys = this.#buckets.get(s);
        if (keys) this.#drop(s, keys);
      }
    }
  }

  #drop(bucketS: number, keys: Set<string>): void {
    for (const key of keys) {
      const entry = this.#entries.get(key);
      if (!entry || entry.bucketS !== bucketS) continue;
      this.#entries.delete(key);
      decrement(this.#perHotkey, entry.hotkey);
      if (entry.ip !== undefined) decrement(this.#perIp, entry.ip);
      if (entry.registered === false) this.#unregistered--;
      else this.#known--;
    }
    this.#buckets.delete(bucketS);
  }
}

function decrement(counts: Map<string, number>, key: string): void {
  const left = (counts.get(key) ?? 1) - 1;
  if (left > 0) counts.set(key, left);
  else counts.delete(key);
}
