/**
 * {@link readFork}: reads the subnets' state at one block of any subtensor node (finney, test, a local
 * node, another devnet) into a {@link ForkSnapshot}: storage first, runtime APIs where the node does not
 * serve storage, with a report of which item came from where. It refuses only when the block or the
 * neurons cannot be read; anything else it cannot read it leaves out and reports.
 *
 * @module
 */
import { u8aToHex } from "@polkadot/util";
import { xxhashAsU8a } from "@polkadot/util-crypto";
import { SubnetError } from "../../protocol/errors.ts";
import type { ForkHeader } from "./snapshot.ts";
import { loadRuntimeMetadata, type RuntimeMetadata } from "../metadata.ts";
import { HEAD_ONLY_ITEMS, S } from "../subtensor/items.ts";
import { readSubnetApis } from "./api_reader.ts";
import { GLOBAL_ITEMS, itemOfKey } from "./plan.ts";
import { ForkRpc, type ForkRpcOptions, NodeRpcError } from "./rpc.ts";
import { FORK_FORMAT, type ForkReport, type ForkSnapshot, type ForkSubnetReport } from "./snapshot.ts";
import { ALPHA_KEYS_MAX, readSubnetStorage, type StorageRead, StorageSource, typedView } from "./storage_reader.ts";

/** Progress of a fork read (for the progress line). */
export interface ForkProgress {
  /** Storage keys read so far. */
  keys: number;
  /** Bytes of answers received so far. */
  bytes: number;
  /** Requests answered so far. */
  requests: number;
  /** Seconds since the read began. */
  seconds: number;
}

/** What to fork. */
export interface ForkSourceOptions extends ForkRpcOptions {
  /** `finney`, `test`, `local`, or a `ws://` / `wss://` endpoint. */
  readonly endpoint: string;
  /** The subnets to copy. */
  readonly netuids: readonly number[];
  /** The block: a number, or a `0x` hash (default: the node's finalized head). */
  readonly at?: number | string;
  /** Called as answers arrive (at most every 100 ms) and once at the end. */
  readonly onProgress?: (progress: ForkProgress) => void;
}

const GLOBAL_NAMES = new Set(GLOBAL_ITEMS.map((i) => i.name));
const TIMESTAMP_NOW = u8aToHex(new Uint8Array([...xxhashAsU8a("Timestamp", 128), ...xxhashAsU8a("Now", 128)]));

/** Whether a node's error says the block's state is gone (pruned) or unknown. */
function isPruned(err: unknown): boolean {
  return err instanceof NodeRpcError && /discarded|pruned|unknown ?block|header not found/i.test(err.message);
}

/**
 * Reads the subnets at one block.
 *
 * @throws {SubnetError} `devnet/fork-unreachable` (endpoint down, also mid-way), `devnet/fork-block`
 *   (no such block, or its state pruned), `devnet/fork-netuid` (the subnet does not exist there),
 *   `devnet/fork-neurons` (the neurons cannot be read at all)
 * @example
 * ```ts ignore
 * const snapshot = await readFork({ endpoint: "finney", netuids: [1] });
 * console.log(snapshot.report.subnets[0].neurons);
 * ```
 */
export function readFork(options: ForkSourceOptions): Promise<ForkSnapshot> {
  return readForkWith(options);
}

/** {@link readFork} with already loaded devnet metadata (to decode runtime-API answers). */
export async function readForkWith(options: ForkSourceOptions, metadata?: RuntimeMetadata): Promise<ForkSnapshot> {
  const started = performance.now();
  const netuids = [...new Set(options.netuids)];
  if (netuids.length === 0) throw new SubnetError("devnet/fork-netuid", "Cannot fork: give at least one netuid");
  for (const n of netuids) {
    if (!Number.isInteger(n) || n < 1 || n > 4095) {
      throw new SubnetError("devnet/fork-netuid", `Cannot fork netuid ${n}: give a subnet from 1 to 4095`);
    }
  }
  await using rpc = await ForkRpc.connect(options.endpoint, options);
  let lastProgress = 0;
  const progress = (force = false) => {
    const now = performance.now();
    if (!options.onProgress || (!force && now - lastProgress < 100)) return;
    lastProgress = now;
    options.onProgress({
      keys: src?.keys ?? 0,
      bytes: rpc.bytes,
      requests: rpc.answered,
      seconds: (now - started) / 1000,
    });
  };

  const { hash, header, parent } = await resolveBlock(rpc, options.at);
  const number = parseInt(header.number, 16);
  const src: StorageSource = new StorageSource(rpc, hash, () => progress());
  const blockText = `block ${number} (${hash})`;
  const pruned = (err: unknown) =>
    new SubnetError(
      "devnet/fork-block",
      `Cannot fork ${blockText} from ${rpc.url}: the node no longer holds that block's state (${
        (err as Error).message
      }); fork a recent block or use an archive node`,
      { cause: err },
    );

  // Block timestamp and global values: optional.
  let timestampMs = Date.now();
  const entries = new Map<string, string>();
  let storageError: string | null = null;
  try {
    const globals = await src.values([TIMESTAMP_NOW, ...GLOBAL_ITEMS.map((i) => i.keyHex())]);
    const ts = globals.get(TIMESTAMP_NOW);
    if (ts) timestampMs = Number(new DataView(hexToBuffer(ts)).getBigUint64(0, true));
    globals.delete(TIMESTAMP_NOW);
    for (const [k, v] of globals) entries.set(k, v);
  } catch (err) {
    if (isPruned(err)) throw pruned(err);
    if (!(err instanceof NodeRpcError)) throw err;
    storageError = `${err.code}: ${err.message}`;
  }

  const subnets: ForkSubnetReport[] = [];
  for (const netuid of netuids) {
    const report: ForkSubnetReport = {
      netuid,
      neurons: 0,
      mechanisms: 1,
      storage: {},
      runtimeApi: {},
      derived: {},
      missing: {},
    };
    let fromStorage = false;
    if (storageError === null) {
      try {
        const read = await subnetFromStorage(src, netuid, `${blockText} on ${rpc.url}`);
        for (const [k, v] of read.entries) entries.set(k, v);
        report.storage = read.counts;
        report.neurons = read.neurons;
        report.mechanisms = read.mechanisms;
        if (read.crowded) {
          report.derived.Alpha = `${read.crowded} hotkey(s) with ${ALPHA_KEYS_MAX}+ share entries across subnets: ` +
            "the whole pool held by the owner coldkey";
        }
        fromStorage = true;
      } catch (err) {
        if (isPruned(err)) throw pruned(err);
        if (!(err instanceof NodeRpcError)) throw err;
        storageError = `${err.code}: ${err.message}`;
      }
    }
    if (!fromStorage) {
      metadata ??= loadRuntimeMetadata();
      let read;
      try {
        read = await readSubnetApis(src, metadata, netuid);
      } catch (err) {
        if (isPruned(err)) throw pruned(err);
        if (err instanceof SubnetError) throw err;
        if (!(err instanceof NodeRpcError)) {
          throw new SubnetError(
            "devnet/fork-bad-answer",
            `Cannot build subnet ${netuid} from the runtime APIs of ${rpc.url}: ${(err as Error).message}`,
            { cause: err },
          );
        }
        throw new SubnetError(
          "devnet/fork-neurons",
          `Cannot fork subnet ${netuid} at ${blockText} from ${rpc.url}: its neurons cannot be read (storage: ${storageError}; NeuronInfoRuntimeApi_get_neurons_lite: ${err.message})`,
          { cause: err },
        );
      }
      if (read.neurons === 0 && !read.byApi["SubnetInfoRuntimeApi_get_selective_mechagraph"]) {
        throw new SubnetError(
          "devnet/fork-netuid",
          `Cannot fork: subnet ${netuid} does not exist at ${blockText} on ${rpc.url}`,
        );
      }
      for (const [k, v] of read.entries) entries.set(k, v);
      report.runtimeApi = read.byApi;
      report.derived = read.derived;
      report.missing = { "storage reads": storageError ?? "", ...read.missing };
      report.neurons = read.neurons;
    }
    deriveEpochPosition(entries, netuid, number, report);
    subnets.push(report);
  }
  progress(true);
  const forkReport: ForkReport = {
    endpoint: rpc.url,
    block: number,
    hash,
    subnets,
    globals: storageError === null
      ? [...entries.keys()].map(itemOfKey).filter((n): n is string => n !== null && GLOBAL_NAMES.has(n))
      : [],
    keys: src.keys,
    bytes: rpc.bytes,
    seconds: (performance.now() - started) / 1000,
  };
  return {
    format: FORK_FORMAT,
    header,
    timestampMs,
    parent,
    netuids,
    entries: [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)),
    report: forkReport,
  };
}

/** One subnet from storage; refuses when the subnet does not exist there. */
async function subnetFromStorage(src: StorageSource, netuid: number, where: string): Promise<StorageRead> {
  const head = await src.values([S.NetworksAdded.keyHex(netuid), S.MechanismCountCurrent.keyHex(netuid)]);
  const st = typedView(head);
  if (!st.get(S.NetworksAdded, netuid)) {
    throw new SubnetError("devnet/fork-netuid", `Cannot fork: subnet ${netuid} does not exist at ${where}`);
  }
  return await readSubnetStorage(src, netuid, st.get(S.MechanismCountCurrent, netuid));
}

async function resolveBlock(
  rpc: ForkRpc,
  at: number | string | undefined,
): Promise<{ hash: string; header: ForkHeader; parent?: ForkHeader }> {
  let hash: string | null;
  if (at === undefined) {
    try {
      hash = await rpc.call<string>("chain_getFinalizedHead", []);
    } catch (err) {
      if (!(err instanceof NodeRpcError)) throw err;
      hash = await rpc.call<string>("chain_getBlockHash", []);
    }
  } else if (typeof at === "number") {
    hash = await rpc.call<string | null>("chain_getBlockHash", [at]);
    if (!hash) {
      throw new SubnetError("devnet/fork-block", `Cannot fork at block ${at}: ${rpc.url} has no such block`);
    }
  } else {
    hash = at.toLowerCase();
  }
  let header: ForkHeader | null;
  try {
    header = await rpc.call<ForkHeader | null>("chain_getHeader", [hash]);
  } catch (err) {
    if (!(err instanceof NodeRpcError)) throw err;
    header = null;
  }
  if (!header) throw new SubnetError("devnet/fork-block", `Cannot fork at block ${hash}: ${rpc.url} does not know it`);
  const h32 = /^0x[0-9a-fA-F]{64}$/;
  if (
    typeof hash !== "string" || !h32.test(hash) || typeof header !== "object" ||
    typeof header.number !== "string" || !/^0x[0-9a-fA-F]{1,8}$/.test(header.number) ||
    ![header.parentHash, header.stateRoot, header.extrinsicsRoot].every((x) => typeof x === "string" && h32.test(x)) ||
    !(header.digest === undefined || Array.isArray(header.digest?.logs))
  ) {
    throw new SubnetError(
      "devnet/fork-bad-answer",
      `Cannot read block ${hash} from ${rpc.url}: the answer is not a block header`,
    );
  }
  let parent: ForkHeader | undefined;
  try {
    const p = await rpc.call<ForkHeader | null>("chain_getHeader", [header.parentHash]);
    if (p && typeof p.number === "string" && parseInt(p.number, 16) === parseInt(header.number, 16) - 1) {
      parent = { ...p, digest: { logs: p.digest?.logs ?? [] } };
    }
  } catch (err) {
    if (!(err instanceof NodeRpcError)) throw err;
  }
  return { hash: hash!, header: { ...header, digest: { logs: header.digest?.logs ?? [] } }, parent };
}

/**
 * Sets `LastEpochBlock` and `SubnetEpochIndex` when the source does not hold them (finney's runtime
 * runs epochs when `(block + netuid + 1) % (tempo + 1) == 0`): the forked devnet then runs the next
 * epoch on the same block the source would, and counts commit–reveal epochs as the source did.
 */
function deriveEpochPosition(entries: Map<string, string>, netuid: number, block: number, report: ForkSubnetReport) {
  const st = typedView(entries);
  const put = (key: string, v: bigint) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, v, true);
    entries.set(key, u8aToHex(b));
  };
  const tempo = st.get(S.Tempo, netuid);
  if (!st.has(HEAD_ONLY_ITEMS.LastEpochBlock, netuid)) {
    const period = tempo + 1;
    const next = block + (period - ((block + netuid + 1) % period)) % period;
    put(HEAD_ONLY_ITEMS.LastEpochBlock.keyHex(netuid), BigInt(Math.max(0, next - tempo)));
    report.derived.LastEpochBlock = `next epoch at block ${next}, as (block + netuid + 1) % (tempo + 1) == 0`;
  }
  if (!st.has(HEAD_ONLY_ITEMS.SubnetEpochIndex, netuid)) {
    put(HEAD_ONLY_ITEMS.SubnetEpochIndex.keyHex(netuid), BigInt(Math.floor((block + netuid + 1) / (tempo + 1))));
    report.derived.SubnetEpochIndex = "(block + netuid + 1) / (tempo + 1)";
  }
}

function hexToBuffer(hex: string): ArrayBuffer {
  const h = hex.slice(2);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out.buffer;
}
