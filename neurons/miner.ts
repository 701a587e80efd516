/**
 * The miner runner: what the template's `BaseMinerNeuron` does, with its bugs fixed. It checks
 * registration, starts a verifying axon with the subnet's synapses, announces it on chain
 * (`serve_axon`), resyncs the metagraph every epoch, blacklists unregistered callers and (by
 * default) callers without a validator permit — never throwing on unknown hotkeys — and
 * prioritises callers by stake.
 *
 * @module
 */
import type { Subtensor } from "../chain/client.ts";
import type { Metagraph } from "../chain/metagraph.ts";
import { SubnetError } from "../protocol/errors.ts";
import { type Logger, silentLogger } from "../protocol/logger.ts";
import type { SynapseBase } from "../protocol/synapse.ts";
import type { MinerKind, SubnetModule } from "./subnet_module.ts";
import type { Keypair } from "../wallet/keypair.ts";
import { type Axon, type BlacklistFn, createAxon } from "./axon.ts";
import { serve, type Server } from "./serve.ts";

/** Options of `startMiner`. */
export interface MinerOptions {
  /** The chain client. */
  chain: Subtensor;
  /** The miner's hotkey. */
  keypair: Keypair;
  /** The subnet to mine on. */
  netuid: number;
  /** The subnet's synapses and handlers. */
  subnet: SubnetModule;
  /** How to behave (the demo runs slow and wrong miners). @default "honest" */
  kind?: MinerKind;
  /** Port the axon listens on; 0 picks a free one. @default 8091 */
  port?: number;
  /** Address the axon binds. @default "0.0.0.0" */
  hostname?: string;
  /** Address announced on chain. @default hostname, or 127.0.0.1 when binding 0.0.0.0 */
  externalIp?: string;
  /** Port announced on chain. @default the bound port */
  externalPort?: number;
  /** Requests forwarded at once. @default 10 */
  maxConcurrency?: number;
  /** Refuse callers without a validator permit. @default true */
  forceValidatorPermit?: boolean;
  /** Accept callers that are not registered on the subnet. @default false */
  allowNonRegistered?: boolean;
  /** Blocks between metagraph resyncs. @default the subnet's tempo */
  epochLength?: number;
  /** How often to look at the chain's block number, in ms. @default 1000 */
  pollMs?: number;
  /** Folder for the subnet's data. */
  dataDir: string;
  /** Structured logs. */
  logger?: Logger;
  /** Aborting it stops the miner (the axon drains, then closes). */
  signal?: AbortSignal;
}

/** A running miner. */
export interface RunningMiner extends AsyncDisposable {
  /** Its uid on the subnet. */
  readonly uid: number;
  /** The axon. */
  readonly axon: Axon;
  /** The address the axon listens on. */
  readonly addr: { hostname: string; port: number };
  /** The metagraph as last synced. */
  readonly metagraph: Metagraph;
  /** Requests answered with status 200 so far. */
  served(): number;
  /** Stops the miner: the axon drains and closes, the resync loop ends. */
  stop(): Promise<void>;
  /** Resolves when the miner has stopped. */
  readonly finished: Promise<void>;
}

/**
 * The template's blacklist with its upstream bug fixed (unknown hotkeys are refused, never thrown on).
 *
 * @example
 * ```ts
 * import { minerBlacklist } from "./miner.ts";
 * const deny = minerBlacklist(() => undefined, { forceValidatorPermit: true, allowNonRegistered: false });
 * ```
 */
export function minerBlacklist(
  metagraph: () => Pick<Metagraph, "uidOf" | "validator_permit"> | undefined,
  rules: { forceValidatorPermit: boolean; allowNonRegistered: boolean },
): BlacklistFn {
  return (head) => {
    const hotkey = head.dendrite.hotkey;
    if (!hotkey) return [true, "Missing dendrite or hotkey"];
    const mg = metagraph();
    const uid = mg?.uidOf(hotkey);
    if (uid === undefined) {
      return rules.allowNonRegistered ? [false, "Allowing un-registered hotkey"] : [true, "Unrecognized hotkey"];
    }
    if (rules.forceValidatorPermit && !mg!.validator_permit[uid]) return [true, "Non-validator hotkey"];
    return [false, "Hotkey recognized!"];
  };
}

function announcedIp(options: MinerOptions): string {
  if (options.externalIp) return options.externalIp;
  const host = options.hostname ?? "0.0.0.0";
  return host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
}

function servedCount(metrics: string): number {
  let total = 0;
  for (const m of metrics.matchAll(/^axon_requests_total\{synapse="([^"]+)",status="200"\} (\d+)$/gm)) {
    if (m[1] !== "Synapse") total += Number(m[2]);
  }
  return total;
}

/**
 * Starts a miner: checks registration, serves the axon, announces it on chain, keeps the metagraph
 * fresh. Throws `SubnetError` `chain/not-registered` (with the command that fixes it) when the
 * hotkey is not registered.
 *
 * @example
 * ```ts ignore
 * import { startMiner } from "./miner.ts";
 * const miner = await startMiner({ chain, keypair, netuid: 1, subnet: templateSubnet, dataDir: "/tmp/m" });
 * await miner.finished;
 * ```
 */
export async function startMiner(options: MinerOptions): Promise<RunningMiner> {
  const { chain, keypair, netuid, subnet } = options;
  const logger = options.logger ?? silentLogger;
  let metagraph = await chain.metagraph(netuid);
  const uid = metagraph.uidOf(keypair.address);
  if (uid === undefined) {
    throw new SubnetError(
      "chain/not-registered",
      `Cannot start the miner: hotkey ${keypair.address} is not registered on netuid ${netuid} ` +
        `(register it with: subnet register --netuid ${netuid} and the same wallet flags)`,
    );
  }

  const controller = new AbortController();
  const stopOn = () => controller.abort();
  options.signal?.addEventListener("abort", stopOn, { once: true });
  const axon = createAxon({
    keypair,
    maxConcurrency: options.maxConcurrency ?? 10,
    bodyBytesMax: subnet.axonBodyBytesMax,
    logger,
  });
  const blacklist = minerBlacklist(() => metagraph, {
    forceValidatorPermit: options.forceValidatorPermit ?? true,
    allowNonRegistered: options.allowNonRegistered ?? false,
  });
  const priority = (synapse: SynapseBase) => {
    const caller = synapse.dendrite.hotkey;
    const callerUid = caller ? metagraph.uidOf(caller) : undefined;
    return callerUid === undefined ? 0 : metagraph.S[callerUid];
  };
  await Deno.mkdir(options.dataDir, { recursive: true });
  await subnet.setupMiner({
    axon,
    blacklist,
    priority,
    dataDir: options.dataDir,
    kind: options.kind ?? "honest",
    logger,
    signal: controller.signal,
  });
  const server: Server = await serve(axon.fetch, {
    port: options.port ?? 8091,
    hostname: options.hostname ?? "0.0.0.0",
    signal: controller.signal,
    onDrainTimeout: () => axon.close(),
    logger,
  });
  const ip = announcedIp(options);
  const port = options.externalPort ?? server.addr.port;
  try {
    await chain.serveAxon(keypair, { netuid, ip, port });
  } catch (err) {
    controller.abort();
    await server.finished;
    if (err instanceof SubnetError && /InvalidIpAddress/.test(err.message)) {
      throw new SubnetError(
        "chain/invalid-ip",
        `Cannot announce the axon at ${ip}:${port}: the chain refuses that address (subtensor refuses 127.0.0.1; ` +
          `set --axon.external_ip to your public address, or start a local devnet with --allow-local-ip)`,
        { cause: err },
      );
    }
    throw err;
  }
  logger.info("miner.serving", { netuid, uid, ip, port, subnet: subnet.name });

  const epochLength = options.epochLength ?? Number(await chain.hyperparameter(netuid, "Tempo").catch(() => 100));
  const resync = async () => {
    let lastSync = metagraph.block;
    while (!controller.signal.aborted) {
      await sleep(options.pollMs ?? 1000, controller.signal);
      if (controller.signal.aborted) break;
      try {
        const block = await chain.blockNumber();
        if (block - lastSync < epochLength) continue;
        metagraph = await chain.metagraph(netuid);
        lastSync = block;
        logger.debug("miner.resync", { block, n: metagraph.n });
        if (metagraph.uidOf(keypair.address) === undefined) {
          logger.warn("miner.deregistered", { hotkey: keypair.address, netuid });
        }
      } catch (err) {
        logger.warn("miner.resync_failed", { error: (err as Error).message });
      }
    }
  };
  const finished = Promise.all([resync(), server.finished]).then(() => {
    options.signal?.removeEventListener("abort", stopOn);
    logger.info("miner.stopped", { uid });
  });
  const stop = async () => {
    controller.abort();
    await finished;
  };
  return {
    uid,
    axon,
    addr: server.addr,
    get metagraph() {
      return metagraph;
    },
    served: () => servedCount(axon.metrics()),
    stop,
    finished,
    [Symbol.asyncDispose]: stop,
  };
}

/**
 * Resolves after `ms`, or at once when `signal` aborts.
 *
 * @example
 * ```ts
 * import { sleep } from "./miner.ts";
 * await sleep(1, new AbortController().signal);
 * ```
 */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
