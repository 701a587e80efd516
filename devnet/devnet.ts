/**
 * The devnet engine: {@link startDevnet} with every option (extra pallets, shared metadata) and a
 * {@link Devnet} that exposes the chain, runtime and registry. The public `./devnet` export
 * (`devnet/mod.ts`) is a narrower view of the same thing; the CLI, tests and pallets use this one.
 *
 * @module
 */
import type { TypeRegistry } from "@polkadot/types";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { waitReady as wasmCryptoReady } from "@polkadot/wasm-crypto";
import { silentLogger } from "../protocol/logger.ts";
import { balancesPallet } from "./balances.ts";
import { type BlockRecord, Chain } from "./chain.ts";
import { sudoPallet, timestampPallet, utilityPallet } from "./frame.ts";
import { devGenesisConfig } from "./genesis.ts";
import { loadRuntimeMetadata, type RuntimeMetadata } from "./metadata.ts";
import type { GenesisAccount, Pallet } from "./pallet.ts";
import { resolveDevnetLimits } from "./limits.ts";
import { loadState, savedEntries, saveState } from "./persist.ts";
import { InProcessProvider, type ProviderInterface } from "./provider.ts";
import { RpcHandler } from "./rpc/mod.ts";
import { Runtime } from "./runtime.ts";
import { type RpcServer, serveRpc } from "./server.ts";
import { systemPallet } from "./system.ts";
import type { PublicDevnet, PublicDevnetOptions } from "./options.ts";
import { type SubtensorPalletOptions, subtensorPallets } from "./subtensor/pallet.ts";
import { genesisPreset } from "./subtensor/genesis.ts";
import { withTimelockedWeights } from "./subtensor/timelocked.ts";
import { createDrandPallet } from "./drand/pallet.ts";
import { forkChain } from "./fork/apply.ts";
import { forkSnapshot } from "./fork/source.ts";
import { SubnetError } from "../protocol/errors.ts";

/** Options of {@link startDevnet}: the public ones plus engine-level settings. */
export interface DevnetOptions extends PublicDevnetOptions {
  /**
   * Pallets beyond the framework ones (default: `subtensorPallets(options.subtensor)` with timelocked
   * commits (`withTimelockedWeights`), and `createDrandPallet()`).
   */
  readonly pallets?: readonly Pallet[];
  /** Settings of the default SubtensorModule/AdminUtils pallets (ignored when `pallets` is given). */
  readonly subtensor?: SubtensorPalletOptions;
  /** Accounts funded at genesis instead of `//Alice` … `//Ferdie`. */
  readonly accounts?: readonly GenesisAccount[];
  /** Extra genesis settings for pallets. */
  readonly genesisExtra?: Readonly<Record<string, unknown>>;
  /** Already loaded metadata, to share between devnets in one process (saves ~0.2 s each). */
  readonly metadata?: RuntimeMetadata;
}

/** A running devnet, with its engine exposed. */
export interface Devnet extends PublicDevnet {
  /** The metadata's type registry. */
  readonly registry: TypeRegistry;
  /** The metadata and name lookups. */
  readonly metadata: RuntimeMetadata;
  /** The chain (state, pool, blocks). */
  readonly chain: Chain;
  /** The runtime (pallets and dispatch). */
  readonly runtime: Runtime;
  /** A new in-process provider (one per `ApiPromise`). */
  createProvider(): ProviderInterface;
  /** Makes a block now and returns it. */
  produceBlock(): BlockRecord;
}

/**
 * The pallets every devnet runs, before the ones given in options: `System`, `Timestamp`,
 * `Balances`, `Sudo`, `Utility`.
 *
 * @example
 * ```ts
 * import { frameworkPallets } from "./mod.ts";
 * console.assert(frameworkPallets()[0].name === "System");
 * ```
 */
export function frameworkPallets(): Pallet[] {
  return [systemPallet(), timestampPallet(), balancesPallet(), sudoPallet(), utilityPallet()];
}

/**
 * Starts a devnet: loads the metadata, builds (or reloads) the chain, starts block production and,
 * unless `serve: false`, the JSON-RPC server.
 *
 * @example
 * ```ts ignore
 * await using net = await startDevnet({ port: 0, instant: true });
 * console.log(net.endpoint); // ws://127.0.0.1:PORT
 * ```
 */
export async function startDevnet(options: DevnetOptions = {}): Promise<Devnet> {
  await cryptoWaitReady();
  await wasmCryptoReady();
  const logger = options.logger ?? silentLogger;
  const metadata = options.metadata ?? loadRuntimeMetadata();
  // A genesis preset (`--genesis finney`) under the explicit settings: `tempo`, then `subtensor.genesis`.
  const preset = genesisPreset(options.genesis ?? "devnet");
  const tempo = options.tempo ?? preset.tempo;
  const subtensorOptions = {
    allowLocalIp: options.allowLocalIp,
    ...options.subtensor,
    genesis: { ...preset, ...(tempo === undefined ? {} : { tempo }), ...options.subtensor?.genesis },
  };
  const extra = options.pallets ??
    [...withTimelockedWeights(subtensorPallets(subtensorOptions), { config: subtensorOptions }), createDrandPallet()];
  const runtime = new Runtime(metadata, { pallets: [...frameworkPallets(), ...extra], logger });
  const genesis = devGenesisConfig({
    tempo,
    seed: options.seed,
    accounts: options.accounts,
    extra: options.genesisExtra,
  });
  const limits = resolveDevnetLimits(options.limits);
  const chainOptions = {
    runtime,
    genesis,
    now: options.now,
    logger,
    txPoolMax: limits.txPoolMax,
    txPoolPerSenderMax: limits.txPoolPerSenderMax,
    txFutureLifetimeBlocks: limits.txFutureLifetimeBlocks,
  };
  const saved = options.statePath ? await loadState(options.statePath, metadata.version.specVersion) : null;
  if (saved && options.fork) {
    throw new SubnetError(
      "devnet/fork-state-exists",
      `Cannot fork into ${options.statePath}: it already holds a chain (delete it, or drop the fork to resume it)`,
    );
  }
  const fork = options.fork ? await forkSnapshot(options.fork, metadata) : null;
  const chain = saved
    ? Chain.restore(chainOptions, {
      genesisHash: saved.genesisHash,
      head: saved.head,
      headTimestampMs: saved.headTimestampMs,
      entries: savedEntries(saved),
      recent: saved.recent,
    })
    : fork
    ? forkChain(chainOptions, fork)
    : new Chain(chainOptions);

  let closed = false;
  let sealTimer: ReturnType<typeof setTimeout> | undefined;
  let blockTimer: ReturnType<typeof setInterval> | undefined;
  let saveTimer: ReturnType<typeof setInterval> | undefined;
  let finalityTimer: ReturnType<typeof setTimeout> | undefined;
  let savedAt = -1;
  const produce = (): BlockRecord => {
    const block = chain.produceBlock();
    if (finalityTimer === undefined) {
      finalityTimer = setTimeout(() => {
        finalityTimer = undefined;
        if (!closed) chain.finalize();
      }, options.finalityDelayMs ?? 20);
    }
    logger.debug("devnet.block", { number: block.number, hash: block.hash, extrinsics: block.extrinsics.length });
    return block;
  };
  const onSubmitted = () => {
    if (!options.instant || closed || sealTimer !== undefined) return;
    sealTimer = setTimeout(() => {
      sealTimer = undefined;
      if (!closed) produce();
    }, 0);
  };
  const rpc = new RpcHandler({
    chain,
    node: {
      chain: "Bittensor Devnet",
      name: "subnet-devnet",
      version: "1.0.0",
      properties: { ss58Format: 42, tokenDecimals: 9, tokenSymbol: "TAO" },
    },
    onSubmitted,
    seal: () => void produce(),
    logger,
    limits,
  });
  const server: RpcServer | null = options.serve === false
    ? null
    : await serveRpc(rpc, { port: options.port ?? 9944, hostname: options.hostname, limits, logger });
  if (!options.instant) {
    const every = options.blockTimeMs ?? 250;
    if (!(every > 0)) throw new RangeError(`Cannot start the devnet: block time must be positive, got ${every} ms`);
    blockTimer = setInterval(() => {
      if (!closed) produce();
    }, every);
  }
  // Saves run one after another (a timed save and the shutdown save never overlap), each to its own
  // temp file (runtime/atomic_file.ts); close() waits for the last.
  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    const next = saving.then(async () => {
      if (!options.statePath || chain.best.number === savedAt) return;
      const number = chain.best.number;
      await saveState(chain, options.statePath);
      savedAt = number;
    });
    saving = next.catch(() => {});
    return next;
  };
  if (options.statePath) {
    saveTimer = setInterval(() => {
      save().catch((err) => logger.error("devnet.save_failed", { error: String(err) }));
    }, options.stateSaveIntervalMs ?? 5000);
  }

  let provider: ProviderInterface | undefined;
  const created: InProcessProvider[] = [];
  const close = async () => {
    if (closed) return;
    closed = true;
    clearTimeout(sealTimer);
    clearTimeout(finalityTimer);
    clearInterval(blockTimer);
    clearInterval(saveTimer);
    for (const p of created) await p.disconnect();
    await server?.close();
    rpc.close();
    await save();
  };
  const devnet: Devnet = {
    endpoint: server ? `ws://127.0.0.1:${server.port}` : "",
    port: server?.port ?? 0,
    get provider() {
      return provider ??= devnet.createProvider();
    },
    registry: metadata.registry,
    metadata,
    chain,
    runtime,
    createProvider() {
      const p = new InProcessProvider(rpc);
      created.push(p);
      return p;
    },
    fork: fork?.report,
    produceBlock: produce,
    save,
    close,
    [Symbol.asyncDispose]: close,
  };
  logger.info("devnet.start", {
    endpoint: devnet.endpoint || "in-process",
    genesis: chain.genesisHash,
    best: chain.best.number,
    restored: saved !== null,
    forked: fork ? `${fork.netuids.join(",")}@${fork.report.block}` : undefined,
  });
  if (fork && options.statePath) {
    try {
      await save();
    } catch (err) {
      await close();
      throw err;
    }
  }
  return devnet;
}
