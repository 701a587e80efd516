/**
 * The devnet chain: genesis, the transaction pool (validation in Substrate's order: decode,
 * non-zero sender, mortality, signature over spec/tx versions and genesis, nonce, fee, then the
 * call's own `validate`), block production (timestamp inherent, hooks, extrinsics, `System.Events`),
 * headers hashed as `blake2_256(SCALE(header))`, and per-block state snapshots for `at` queries.
 *
 * Finality is a separate step ({@link Chain.finalize}): the devnet finalizes each block shortly after
 * making it, so clients see `inBlock` before `finalized` as on a real node (`@polkadot/api` drops
 * an `inBlock` result that a `finalized` status overtakes).
 * `stateRoot` and `extrinsicsRoot` are blake2_256 digests of the block's content, not trie roots:
 * no client checks them against storage proofs.
 *
 * @module
 */
import { compactToU8a, hexToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { blake2AsU8a } from "@polkadot/util-crypto";
import { type Logger, silentLogger } from "../protocol/logger.ts";
import {
  type DecodedExtrinsic,
  decodeExtrinsic,
  encodeBareExtrinsic,
  eraBirth,
  signingPayload,
  verifyExtrinsicSignature,
} from "./extrinsic.ts";
import { type GenesisConfig, InvalidTransaction, type Weight } from "./pallet.ts";
import type { DispatchInfo, Phase, Runtime } from "./runtime.ts";
import { ChainStorage, type StorageReader } from "./storage.ts";
import { readAccount, writeAccount } from "./system.ts";
import { createCurrency } from "./balances.ts";
import { DEFAULT_DEVNET_LIMITS } from "./limits.ts";
import { type InclusionFee, inclusionFee, transactionFee } from "./subtensor/fees.ts";

/** A block header in RPC JSON form. */
export interface HeaderJson {
  /** Parent hash, `0x` hex. */
  parentHash: string;
  /** Block number as `0x` hex (as Substrate nodes send it). */
  number: string;
  /** State digest, `0x` hex. */
  stateRoot: string;
  /** Extrinsics digest, `0x` hex. */
  extrinsicsRoot: string;
  /** Digest logs (none on the devnet). */
  digest: { logs: string[] };
}

/** One block the devnet made. */
export interface BlockRecord {
  /** Its number. */
  readonly number: number;
  /** Its hash, `0x` hex. */
  readonly hash: string;
  /** Its header. */
  readonly header: HeaderJson;
  /** Its extrinsics, `0x` hex with length prefix, exactly as submitted. */
  readonly extrinsics: readonly string[];
  /** Its timestamp (ms). */
  readonly timestampMs: number;
  /** State after it, or `null` once discarded (see `stateHistoryMax`). */
  state: StorageReader | null;
  /** Hashes of the signed transactions it included. */
  readonly txHashes: readonly string[];
}

/** A transaction's status, as `author_extrinsicUpdate` reports it. */
export type TxStatus =
  | "ready"
  | "future"
  | { inBlock: string }
  | { finalized: string }
  | "invalid"
  | "dropped"
  | { usurped: string };

/** What the chain tells its listeners. */
export interface ChainListener {
  /** A block was made (it is the new best block). */
  onBlock?(block: BlockRecord): void;
  /** A block was finalized (and every block before it). */
  onFinalized?(block: BlockRecord): void;
  /** A watched transaction changed status. */
  onTxStatus?(hash: string, status: TxStatus): void;
}

/** Options of {@link Chain}. */
export interface ChainOptions {
  /** The runtime. */
  readonly runtime: Runtime;
  /** Genesis configuration. */
  readonly genesis: GenesisConfig;
  /** Clock for block timestamps (ms); default `Date.now`. Timestamps always increase by at least 1. */
  readonly now?: () => number;
  /** Where the chain logs. */
  readonly logger?: Logger;
  /** Blocks whose state is kept for `at` queries (default 1024); older ones answer "state discarded". */
  readonly stateHistoryMax?: number;
  /** Transactions the pool holds at most (default 8192). */
  readonly txPoolMax?: number;
  /** Transactions one sender holds in the pool at most (default 64). */
  readonly txPoolPerSenderMax?: number;
  /** Blocks a future-nonce transaction may wait in the pool before it is dropped (default 600). */
  readonly txFutureLifetimeBlocks?: number;
  /** Extrinsics per block at most, inherent included (default 4096). */
  readonly blockExtrinsicsMax?: number;
  /** Blocks kept at most (default 100,000: about 7 hours of 250 ms blocks); older blocks are forgotten. */
  readonly blocksKeptMax?: number;
}

/** An error a JSON-RPC method answers with (Substrate's codes: 1010 invalid transaction, …). */
export class RpcError extends Error {
  /** JSON-RPC error code. */
  readonly code: number;
  /** Optional `data`. */
  readonly data: string | undefined;

  /**
   * Creates the error.
   *
   * @param code JSON-RPC error code
   * @param message error message
   * @param data optional data
   */
  constructor(code: number, message: string, data?: string) {
    super(message);
    this.name = "RpcError";
    this.code = code;
    this.data = data;
  }
}

interface PoolTx {
  readonly ext: DecodedExtrinsic;
  /** First block at which it stops being valid (mortal), or Infinity. */
  readonly deathBlock: number;
  readonly signer: Uint8Array;
  readonly signerHex: string;
  readonly nonce: number;
  readonly seq: number;
  /** The best block when it entered the pool. */
  readonly pooledAt: number;
}

/** `System.BlockHashCount` on subtensor. */
const BLOCK_HASH_COUNT = 2400;

/**
 * The fee a call pays (RAO), before the tip, for an extrinsic of `length` encoded bytes: subtensor's
 * base + length + weight fee (`devnet/subtensor/fees.ts`); zero for `Pays::No` calls.
 *
 * @example
 * ```ts
 * import { computeFee } from "./chain.ts";
 * const info = { weight: { refTime: 200_000_000n, proofSize: 0n }, class: "Normal" as const, paysFee: true };
 * console.assert(computeFee(info, 100) === 5_774n + 100n + 10_000n);
 * ```
 */
export function computeFee(info: DispatchInfo, length: number): bigint {
  return transactionFee(info, length);
}

/** SCALE of `DispatchInfo { weight { compact ref_time, compact proof_size }, class, pays_fee }`. */
export function encodeDispatchInfo(info: DispatchInfo): Uint8Array {
  const cls = info.class === "Normal" ? 0 : info.class === "Operational" ? 1 : 2;
  return u8aConcat(
    compactToU8a(info.weight.refTime),
    compactToU8a(info.weight.proofSize),
    Uint8Array.of(cls, info.paysFee ? 0 : 1),
  );
}

function encodeHeader(h: HeaderJson): Uint8Array {
  return u8aConcat(
    hexToU8a(h.parentHash),
    compactToU8a(parseInt(h.number, 16)),
    hexToU8a(h.stateRoot),
    hexToU8a(h.extrinsicsRoot),
    compactToU8a(h.digest.logs.length),
    ...h.digest.logs.map((l) => hexToU8a(l)),
  );
}

/**
 * The hash of a header: `blake2_256(SCALE(header))`, as `@polkadot/api` recomputes it.
 *
 * @example
 * ```ts
 * import { headerHash } from "./chain.ts";
 * const z = "0x" + "00".repeat(32);
 * console.assert(headerHash({ parentHash: z, number: "0x0", stateRoot: z, extrinsicsRoot: z, digest: { logs: [] } }).length === 66);
 * ```
 */
export function headerHash(h: HeaderJson): string {
  return u8aToHex(blake2AsU8a(encodeHeader(h), 256));
}

/**
 * The devnet chain. Single-threaded: `submit` and `produceBlock` are synchronous.
 *
 * @example
 * ```ts ignore
 * const chain = new Chain({ runtime, genesis });
 * const hash = chain.submit(signedHex);
 * const block = chain.produceBlock();
 * ```
 */
export class Chain {
  /** The runtime. */
  readonly runtime: Runtime;
  /** The live state (only block production writes it). */
  readonly storage: ChainStorage;
  readonly #genesisHashBytes: Uint8Array;
  readonly #now: () => number;
  readonly #logger: Logger;
  readonly #stateHistoryMax: number;
  readonly #txPoolMax: number;
  readonly #txPoolPerSenderMax: number;
  readonly #txFutureLifetimeBlocks: number;
  readonly #blockExtrinsicsMax: number;
  readonly #blocksKeptMax: number;
  readonly #byNumber = new Map<number, BlockRecord>();
  readonly #byHash = new Map<string, BlockRecord>();
  readonly #pool = new Map<string, PoolTx>();
  readonly #listeners = new Set<ChainListener>();
  #best: BlockRecord;
  #finalized: BlockRecord;
  #seq = 0;
  #stateRoot: Uint8Array = new Uint8Array(32);

  /**
   * Builds genesis (block 0) from `options.genesis` and the runtime's pallets.
   *
   * @param options runtime, genesis, clock and limits
   */
  constructor(options: ChainOptions) {
    this.runtime = options.runtime;
    this.storage = new ChainStorage(options.runtime.metadata);
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger ?? silentLogger;
    this.#stateHistoryMax = options.stateHistoryMax ?? 1024;
    this.#txPoolMax = options.txPoolMax ?? DEFAULT_DEVNET_LIMITS.txPoolMax;
    this.#txPoolPerSenderMax = options.txPoolPerSenderMax ?? DEFAULT_DEVNET_LIMITS.txPoolPerSenderMax;
    this.#txFutureLifetimeBlocks = options.txFutureLifetimeBlocks ?? DEFAULT_DEVNET_LIMITS.txFutureLifetimeBlocks;
    this.#blockExtrinsicsMax = options.blockExtrinsicsMax ?? 4096;
    this.#blocksKeptMax = options.blocksKeptMax ?? 100_000;
    const timestampMs = this.#now();
    const events: Uint8Array[] = [];
    this.runtime.runGenesis(this.storage, { number: 0, timestampMs }, options.genesis, events);
    this.storage.set("Timestamp", "Now", [], BigInt(timestampMs));
    this.#genesisHashBytes = new Uint8Array(32); // placeholder until the header exists
    // The genesis state root digests every entry, so different genesis settings give different chains.
    this.#stateRoot = blake2AsU8a(u8aConcat(...this.storage.entries().flatMap(([k, v]) => [hexToU8a(k), v])), 256);
    const genesis = this.#seal(0, "0x" + "00".repeat(32), [], timestampMs, new Uint8Array(0));
    this.#genesisHashBytes.set(hexToU8a(genesis.hash));
    this.storage.set("System", "BlockHash", [0], genesis.hash);
    genesis.state = this.storage.snapshot();
    this.#best = genesis;
    this.#finalized = genesis;
  }

  /**
   * Rebuilds a chain from saved state: the head block's header, number and timestamp, and every
   * storage entry (`devnet/persist.ts`). Only the head block is known afterwards.
   */
  static restore(
    options: ChainOptions,
    saved: {
      genesisHash: string;
      head: HeaderJson;
      headTimestampMs: number;
      entries: [string, Uint8Array][];
      recent?: { header: HeaderJson; timestampMs: number }[];
    },
  ): Chain {
    const chain = new Chain(options);
    chain.#byHash.clear();
    chain.#byNumber.clear();
    for (const [k] of chain.storage.entries()) chain.storage.removeRaw(k);
    for (const [k, v] of saved.entries) chain.storage.setRaw(k as `0x${string}`, v);
    chain.#genesisHashBytes.set(hexToU8a(saved.genesisHash));
    // Headers of genesis and recent blocks (no bodies, no state): `chain_getBlockHash(0)` and mortal
    // eras signed before the restart keep working.
    for (const r of saved.recent ?? []) {
      chain.#record({
        number: parseInt(r.header.number, 16),
        hash: headerHash(r.header),
        header: r.header,
        extrinsics: [],
        timestampMs: r.timestampMs,
        state: null,
        txHashes: [],
      });
    }
    const head: BlockRecord = {
      number: parseInt(saved.head.number, 16),
      hash: headerHash(saved.head),
      header: saved.head,
      extrinsics: [],
      timestampMs: saved.headTimestampMs,
      state: chain.storage.snapshot(),
      txHashes: [],
    };
    chain.#stateRoot = hexToU8a(saved.head.stateRoot);
    chain.#record(head);
    chain.#best = head;
    chain.#finalized = head;
    return chain;
  }

  /** Headers and timestamps of genesis and the last `count` blocks, oldest first (for persistence). */
  recentHeaders(count: number): { header: HeaderJson; timestampMs: number }[] {
    const out: { header: HeaderJson; timestampMs: number }[] = [];
    const genesis = this.#byNumber.get(0);
    if (genesis) out.push({ header: genesis.header, timestampMs: genesis.timestampMs });
    for (let n = Math.max(1, this.#best.number - count + 1); n <= this.#best.number; n++) {
      const b = this.#byNumber.get(n);
      if (b) out.push({ header: b.header, timestampMs: b.timestampMs });
    }
    return out;
  }

  /** The genesis hash, `0x` hex. */
  get genesisHash(): string {
    return u8aToHex(this.#genesisHashBytes);
  }

  /** The best block. */
  get best(): BlockRecord {
    return this.#best;
  }

  /** The last finalized block. */
  get finalized(): BlockRecord {
    return this.#finalized;
  }

  /**
   * Finalizes the best block (and every block before it): listeners hear `onFinalized`, and
   * watched transactions in the newly final blocks get `{ finalized }`. No-op when already final.
   */
  finalize(): void {
    const target = this.#best;
    const from = this.#finalized.number + 1;
    if (target.number < from) return;
    this.#finalized = target;
    for (const l of this.#listeners) l.onFinalized?.(target);
    for (let n = from; n <= target.number; n++) {
      const b = this.#byNumber.get(n);
      if (b) { for (const h of b.txHashes) this.#emitStatus(h, { finalized: b.hash }); }
    }
  }

  /** The block with this hash, or `undefined`. */
  blockByHash(hash: string): BlockRecord | undefined {
    return this.#byHash.get(hash.toLowerCase());
  }

  /** The block with this number, or `undefined`. */
  blockByNumber(n: number): BlockRecord | undefined {
    return this.#byNumber.get(n);
  }

  /** The pooled transactions, `0x` hex, in arrival order (`author_pendingExtrinsics`). */
  pending(): string[] {
    return [...this.#pool.values()].sort((a, b) => a.seq - b.seq).map((t) => t.ext.hex);
  }

  /** Number of transactions in the pool. */
  get poolSize(): number {
    return this.#pool.size;
  }

  /** Subscribes to blocks and transaction statuses; returns the unsubscribe function. */
  listen(listener: ChainListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * State at `hash` (the best block when absent).
   *
   * @throws {RpcError} when the block is unknown or its state was discarded
   */
  stateAt(hash?: string | null): { block: BlockRecord; state: StorageReader } {
    const block = hash ? this.blockByHash(hash) : this.#best;
    if (!block) throw new RpcError(4003, `Client error: UnknownBlock: header not found for ${hash}`);
    if (!block.state) {
      throw new RpcError(4003, `Client error: State already discarded for ${block.hash} (block ${block.number})`);
    }
    return { block, state: block.state };
  }

  /** The next nonce of `who` counting its transactions in the pool (`system_accountNextIndex`). */
  nextIndex(who: Uint8Array): number {
    let nonce = readAccount(this.storage, who).nonce;
    const mine = [...this.#pool.values()].filter((t) => sameBytes(t.signer, who)).map((t) => t.nonce);
    const held = new Set(mine);
    while (held.has(nonce)) nonce++;
    return nonce;
  }

  /**
   * Validates and pools a signed extrinsic (`author_submitExtrinsic`); returns its hash.
   *
   * @throws {RpcError} 1002 when it does not decode, 1010 when it is invalid, 1011 for unsigned
   *   transactions, 1013 when already pooled, 1014 when a pooled one has the same nonce, 1016 when the pool
   *   is full or the sender holds `txPoolPerSenderMax` transactions
   */
  submit(hex: string): { hash: string; status: "ready" | "future" } {
    let ext: DecodedExtrinsic;
    try {
      ext = decodeExtrinsic(this.runtime, hexToU8a(hex));
    } catch (err) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new RpcError(1002, "Verification Error: Runtime error: Execution failed", detail);
    }
    if (!ext.signed) {
      throw new RpcError(
        1011,
        "Unknown Transaction Validity",
        "Could not find an unsigned validator for the unsigned transaction",
      );
    }
    if (this.#pool.has(ext.hash)) throw new RpcError(1013, "Transaction Already Imported");
    if (this.#pool.size >= this.#txPoolMax) {
      throw new RpcError(1016, "Immediately Dropped", `The transaction pool is full (${this.#txPoolMax} transactions)`);
    }
    let status: "ready" | "future";
    try {
      status = this.#validate(ext);
    } catch (err) {
      if (err instanceof InvalidTransaction) throw new RpcError(1010, "Invalid Transaction", err.rpcData);
      throw err;
    }
    const signer = ext.signed.signer;
    let mine = 0;
    for (const t of this.#pool.values()) {
      if (!sameBytes(t.signer, signer)) continue;
      mine++;
      if (t.nonce === ext.signed.nonce) {
        throw new RpcError(
          1014,
          "Priority is too low: (0 vs 0)",
          "The transaction has too low priority to replace another transaction already in the pool.",
        );
      }
    }
    if (mine >= this.#txPoolPerSenderMax) {
      throw new RpcError(
        1016,
        "Immediately Dropped",
        `The sender holds ${mine} transactions in the pool (txPoolPerSenderMax ${this.#txPoolPerSenderMax})`,
      );
    }
    const era = ext.signed.era;
    const deathBlock = era.immortal ? Infinity : eraBirth(era, this.#best.number + 1) + era.period;
    this.#pool.set(ext.hash, {
      ext,
      deathBlock,
      signer,
      signerHex: u8aToHex(signer),
      nonce: ext.signed.nonce,
      seq: this.#seq++,
      pooledAt: this.#best.number,
    });
    return { hash: ext.hash, status };
  }

  /** Removes a pooled transaction (`dropped`); returns whether it was there. */
  drop(hash: string): boolean {
    const had = this.#pool.delete(hash);
    if (had) this.#emitStatus(hash, "dropped");
    return had;
  }

  /**
   * Checks a signed extrinsic against the best state in Substrate's order. Returns `ready` when its
   * nonce is the account's next, `future` when later.
   */
  #validate(ext: DecodedExtrinsic, current = this.#best.number + 1, deathBlock?: number): "ready" | "future" {
    const s = ext.signed!;
    if (s.signer.every((b) => b === 0)) throw new InvalidTransaction("BadSigner");
    if (deathBlock !== undefined) {
      // Pooled: the signature was checked at submission; only the era's end can pass since.
      if (current >= deathBlock) throw new InvalidTransaction("Stale", undefined, "its era ended");
    } else {
      this.#checkSignature(ext, current);
    }
    return this.#checkAccount(ext, current);
  }

  /** Whether `account`'s free balance pays `fee` and keeps the existential deposit. */
  #canPayInTao(account: { free: bigint; frozen: bigint }, fee: bigint): boolean {
    return fee === 0n || account.free - account.frozen >= fee + this.runtime.metadata.existentialDeposit;
  }

  #checkSignature(ext: DecodedExtrinsic, current: number): void {
    const s = ext.signed!;
    let eraBlockHash = this.#genesisHashBytes;
    if (!s.era.immortal) {
      const birth = eraBirth(s.era, current);
      const block = this.#byNumber.get(birth);
      if (!block || birth > this.#best.number) throw new InvalidTransaction("AncientBirthBlock");
      eraBlockHash = hexToU8a(block.hash);
    }
    const payload = signingPayload(this.runtime.metadata, ext, {
      genesisHash: this.#genesisHashBytes,
      eraBlockHash,
      specVersion: this.runtime.metadata.version.specVersion,
      transactionVersion: this.runtime.metadata.version.transactionVersion,
    });
    if (!verifyExtrinsicSignature(s, payload)) throw new InvalidTransaction("BadProof");
  }

  #checkAccount(ext: DecodedExtrinsic, current: number): "ready" | "future" {
    const s = ext.signed!;
    const account = readAccount(this.storage, s.signer);
    const info = this.runtime.dispatchInfo(ext.call);
    // subtensor's CheckNonce (runtime/src/check_nonce.rs): only a paying call needs an existing account.
    if (info.paysFee && account.providers === 0 && account.sufficients === 0) {
      throw new InvalidTransaction("Payment");
    }
    if (s.nonce < account.nonce) throw new InvalidTransaction("Stale");
    const fee = computeFee(info, ext.bytes.length) + s.tip;
    const env = { number: current, timestampMs: this.#best.timestampMs };
    if (!this.#canPayInTao(account, fee)) {
      const payment = { who: s.signer, fee, dryRun: true };
      if (!this.runtime.payFeeOtherwise(this.storage, env, ext.call, payment)) throw new InvalidTransaction("Payment");
    }
    if (s.nonce > account.nonce) return "future";
    this.runtime.validate(this.storage, env, ext.call, {
      kind: "signed",
      who: s.signer,
    });
    return "ready";
  }

  /**
   * Makes the next block from the pool (ready transactions in arrival order, per-signer in nonce
   * order) and notifies listeners.
   */
  produceBlock(): BlockRecord {
    const parent = this.#best;
    const number = parent.number + 1;
    const timestampMs = Math.max(this.#now(), parent.timestampMs + 1);
    const env = { number, timestampMs };
    const storage = this.storage;
    storage.set("System", "Number", [], number);
    storage.set("System", "ParentHash", [], parent.hash);
    storage.set("System", "BlockHash", [parent.number], parent.hash);
    if (parent.number >= BLOCK_HASH_COUNT) storage.remove("System", "BlockHash", parent.number - BLOCK_HASH_COUNT);
    const events: Uint8Array[] = [];
    this.runtime.runHooks(storage, env, "onInitialize", events);

    const extrinsics: string[] = [];
    const included: string[] = [];
    const timestampCall = this.runtime.encodeCall("Timestamp", "set", [BigInt(timestampMs)]);
    const inherent = encodeBareExtrinsic(timestampCall);
    this.#applyInherent(env, timestampCall, events);
    extrinsics.push(u8aToHex(inherent));

    const dropped: string[] = [];
    const expired: string[] = [];
    let progress = true;
    while (progress && extrinsics.length < this.#blockExtrinsicsMax) {
      progress = false;
      const queue = [...this.#pool.values()].sort((a, b) => a.seq - b.seq);
      for (const tx of queue) {
        if (extrinsics.length >= this.#blockExtrinsicsMax) break;
        let status: "ready" | "future";
        try {
          status = this.#validate(tx.ext, number, tx.deathBlock);
        } catch (err) {
          this.#pool.delete(tx.ext.hash);
          dropped.push(tx.ext.hash);
          this.#logger.debug("devnet.tx_invalid", { hash: tx.ext.hash, reason: String(err) });
          continue;
        }
        if (status === "future") {
          if (number - tx.pooledAt > this.#txFutureLifetimeBlocks && this.#pool.delete(tx.ext.hash)) {
            expired.push(tx.ext.hash);
          }
          continue;
        }
        this.#pool.delete(tx.ext.hash);
        this.#applySigned(env, tx.ext, extrinsics.length, events);
        extrinsics.push(tx.ext.hex);
        included.push(tx.ext.hash);
        progress = true;
      }
    }

    this.runtime.runHooks(storage, env, "onFinalize", events);
    storage.setRaw(storage.key("System", "Events"), u8aConcat(compactToU8a(events.length), ...events));
    storage.set("System", "EventCount", [], events.length);
    storage.set("System", "ExtrinsicCount", [], extrinsics.length);
    const eventsBytes = storage.getRaw(storage.key("System", "Events"))!;
    const block = this.#seal(number, parent.hash, extrinsics, timestampMs, eventsBytes, included);
    block.state = storage.snapshot();
    this.#best = block;
    for (const l of this.#listeners) l.onBlock?.(block);
    for (const h of dropped) this.#emitStatus(h, "invalid");
    for (const h of expired) this.#emitStatus(h, "dropped");
    for (const h of included) this.#emitStatus(h, { inBlock: block.hash });
    return block;
  }

  #applyInherent(env: { number: number; timestampMs: number }, call: Uint8Array, events: Uint8Array[]): void {
    const decoded = this.runtime.decodeCall(call);
    const phase: Phase = { kind: "ApplyExtrinsic", index: 0 };
    const outcome = this.runtime.dispatch(this.storage, env, decoded, { kind: "none" }, phase, events);
    if (!outcome.ok) throw new Error(`Cannot apply the timestamp inherent: ${outcome.error.message}`);
    const info = this.runtime.dispatchInfo(decoded);
    events.push(this.runtime.eventRecord(phase, "System", "ExtrinsicSuccess", encodeDispatchInfo(info)));
  }

  #applySigned(
    env: { number: number; timestampMs: number },
    ext: DecodedExtrinsic,
    index: number,
    events: Uint8Array[],
  ) {
    const s = ext.signed!;
    const phase: Phase = { kind: "ApplyExtrinsic", index };
    const emit = (pallet: string, event: string, fields?: Readonly<Record<string, unknown>> | readonly unknown[]) =>
      events.push(
        this.runtime.eventRecord(phase, pallet, event, this.runtime.encodeEventFields(pallet, event, fields)),
      );
    const account = readAccount(this.storage, s.signer);
    account.nonce += 1;
    writeAccount(this.storage, s.signer, account);
    const info = this.runtime.dispatchInfo(ext.call);
    const fee = computeFee(info, ext.bytes.length) + s.tip;
    if (this.#canPayInTao(account, fee)) {
      if (fee > 0n) createCurrency(this.storage, this.runtime.metadata, emit).withdraw(s.signer, fee, true);
    } else {
      this.runtime.payFeeOtherwise(this.storage, env, ext.call, { who: s.signer, fee, dryRun: false });
    }
    const outcome = this.runtime.dispatch(
      this.storage,
      env,
      ext.call,
      { kind: "signed", who: s.signer },
      phase,
      events,
    );
    if (fee > 0n) emit("TransactionPayment", "TransactionFeePaid", { who: s.signer, actual_fee: fee, tip: s.tip });
    if (outcome.ok) {
      events.push(this.runtime.eventRecord(phase, "System", "ExtrinsicSuccess", encodeDispatchInfo(info)));
    } else {
      const errorType = this.runtime.metadata.event("System", "ExtrinsicFailed").fieldTypes[0];
      const data = u8aConcat(
        this.runtime.metadata.encode(errorType, outcome.error.toValue(this.runtime.metadata)),
        encodeDispatchInfo(info),
      );
      events.push(this.runtime.eventRecord(phase, "System", "ExtrinsicFailed", data));
      this.#logger.debug("devnet.extrinsic_failed", { hash: ext.hash, error: outcome.error.message });
    }
  }

  #seal(
    number: number,
    parentHash: string,
    extrinsics: string[],
    timestampMs: number,
    events: Uint8Array,
    txHashes: string[] = [],
  ): BlockRecord {
    const extrinsicsRoot = blake2AsU8a(u8aConcat(...extrinsics.map((x) => hexToU8a(x))), 256);
    this.#stateRoot = blake2AsU8a(u8aConcat(this.#stateRoot, compactToU8a(number), extrinsicsRoot, events), 256);
    const header: HeaderJson = {
      parentHash,
      number: "0x" + number.toString(16),
      stateRoot: u8aToHex(this.#stateRoot),
      extrinsicsRoot: u8aToHex(extrinsicsRoot),
      digest: { logs: [] },
    };
    const block: BlockRecord = {
      number,
      hash: headerHash(header),
      header,
      extrinsics,
      timestampMs,
      state: null,
      txHashes,
    };
    this.#record(block);
    return block;
  }

  #record(block: BlockRecord): void {
    this.#byNumber.set(block.number, block);
    this.#byHash.set(block.hash, block);
    const stale = this.#byNumber.get(block.number - this.#stateHistoryMax);
    if (stale && stale.number > 0) stale.state = null;
    const old = this.#byNumber.get(block.number - this.#blocksKeptMax);
    if (old && old.number > 0) {
      this.#byNumber.delete(old.number);
      this.#byHash.delete(old.hash);
    }
  }

  #emitStatus(hash: string, status: TxStatus): void {
    for (const l of this.#listeners) l.onTxStatus?.(hash, status);
  }

  /**
   * Dispatch info and fee of an encoded extrinsic (`TransactionPaymentApi_query_info`,
   * `query_fee_details`), as the block would charge it: `length` is the extrinsic's encoded length
   * (default: the bytes given, length prefix included).
   */
  queryInfo(bytes: Uint8Array, length?: number): QueryInfo {
    const ext = decodeExtrinsic(this.runtime, bytes);
    const info = this.runtime.dispatchInfo(ext.call);
    const len = length ?? bytes.length;
    return {
      weight: info.weight,
      class: info.class,
      partialFee: computeFee(info, len),
      inclusionFee: inclusionFee(info, len),
    };
  }
}

/** What {@link Chain.queryInfo} answers. */
export interface QueryInfo {
  /** The call's total weight. */
  readonly weight: Weight;
  /** Its dispatch class. */
  readonly class: DispatchInfo["class"];
  /** The fee before the tip (RAO). */
  readonly partialFee: bigint;
  /** Its parts, or `null` for a `Pays::No` call. */
  readonly inclusionFee: InclusionFee | null;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
