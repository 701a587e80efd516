/**
 * The miner runner: what the template's `BaseMinerNeuron` does, with its bugs fixed. It checks
 * registration, starts a verifying axon with the subnet's synapses, announces it on chain
 * (`serve_axon`), resyncs the metagraph every epoch, blacklists unregistered callers and (by
 * default) callers without a validator permit — never throwing on unknown hotkeys — and
 * prioritises callers by stake.
 *
 * @module
 */
import { mkdir } from "node:fs/promises";
import type { Subtensor } from "../chain/client.ts";
import type { ChainAxonInfo, Metagraph } from "../chain/metagraph.ts";
import { SubnetError } from "../protocol/errors.ts";
import { type Logger, silentLogger } from "../protocol/logger.ts";
import type { SynapseBase } from "../protocol/synapse.ts";
import type { MinerKind, SubnetModule } from "./subnet_module.ts";
import type { Keypair } from "../wallet/keypair.ts";
import { type Axon, type BlacklistFn, createAxon } from "./axon.ts";
import { serve, type Server } from "./serve.ts";
import { discoverPublicIp } from "./public_ip.ts";
import { PROTOCOL_VERSION } from "../protocol/version.ts";

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
  /**
   * Address announced on chain. @default hostname; when binding 0.0.0.0, 127.0.0.1 on a local chain
   * and the discovered public address (`discoverIp`) on any other
   */
  externalIp?: string;
  /** Finds the public address when `externalIp` is absent on a non-local chain. @default discoverPublicIp */
  discoverIp?: () => Promise<string>;
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

async function announcedIp(options: MinerOptions): Promise<string> {
  if (options.externalIp) return options.externalIp;
  const host = options.hostname ?? "0.0.0.0";
  if (host !== "0.0.0.0" && host !== "::") return host;
  const local = options.chain.endpoint === "injected" ||
    /^wss?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(options.chain.endpoint);
  return local ? "127.0.0.1" : await (options.discoverIp ?? discoverPublicIp)();
}

/**
 * Announces the axon unless the chain already holds the same ip, port, protocol and version (as
 * Python does), and waits out `ServingRateLimitExceeded` instead of failing (a quick restart).
 */
async function announce(
  options: MinerOptions,
  current: ChainAxonInfo | undefined,
  p: { ip: string; port: number },
  signal: AbortSignal,
): Promise<"served" | "unchanged"> {
  const { chain, keypair, netuid } = options;
  const logger = options.logger ?? silentLogger;
  if (
    current && current.ip === p.ip && current.port === p.port && current.protocol === 4 &&
    current.version === PROTOCOL_VERSION
  ) {
    logger.info("miner.serve_unchanged", { netuid, ip: p.ip, port: p.port });
    return "unchanged";
  }
  for (let attempt = 1;; attempt++) {
    try {
      await chain.serveAxon(keypair, { netuid, ...p });
      return "served";
    } catch (err) {
      if (
        !(err instanceof SubnetError && /ServingRateLimitExceeded/.test(err.message)) || attempt >= SERVE_ATTEMPTS_MAX
      ) {
        throw err;
      }
      const limit = Number(await chain.hyperparameter(netuid, "ServingRateLimit").catch(() => 50));
      const since = current?.block ?? 0;
      const until = since + limit + 1;
      logger.info("miner.serve_wait", { netuid, reason: "ServingRateLimitExceeded", untilBlock: until, attempt });
      while (!signal.aborted && await chain.blockNumber() < until) await sleep(options.pollMs ?? 1000, signal);
      if (signal.aborted) throw err;
    }
  }
}

/** How often `serve_axon` is tried when the serving rate limit refuses it. */
const SERVE_ATTEMPTS_MAX = 5;

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
    isRegistered: (hotkey) => metagraph.uidOf(hotkey) !== undefined,
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
  await mkdir(options.dataDir, { recursive: true });
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
  const port = options.externalPort ?? server.addr.port;
  let ip = "";
  try {
    ip = await announcedIp(options);
    await announce(options, metagraph.neurons[uid]?.axon_info, { ip, port }, controller.signal);
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
