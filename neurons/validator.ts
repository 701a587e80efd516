/**
 * The validator runner: the template's loop — sample available uids, query them, reward, keep an
 * exponential moving average of scores, and set weights every `epochLength` blocks — with the
 * template's bugs fixed: state is loaded before anything else and saved atomically after every step,
 * metagraph shrinkage is handled, the event loop is never blocked, and weight-setting waits for
 * inclusion and reports the chain's real answer.
 *
 * @module
 */
import { mkdir } from "node:fs/promises";
import type { SetWeightsOptions, SetWeightsResult, Subtensor } from "../chain/client.ts";
import type { Metagraph } from "../chain/metagraph.ts";
import { createTimelockCommitter } from "../chain/timelock/committer.ts";
import { processWeightsForNetuid } from "../chain/weights.ts";
import { SubnetError } from "../protocol/errors.ts";
import { type Logger, silentLogger } from "../protocol/logger.ts";
import type { SubnetModule } from "./subnet_module.ts";
import type { Keypair } from "../wallet/keypair.ts";
import { type Axon, createAxon } from "./axon.ts";
import { createDendrite, type Dendrite } from "./dendrite.ts";
import { sleep } from "./miner.ts";
import { serve, type Server } from "./serve.ts";
import { randomUids, type UidCandidate } from "./uids.ts";
import { followMetagraph, loadState, saveState, updateScores, type ValidatorState } from "./validator_state.ts";

/** Options of `startValidator`, named after the template's `--neuron.*` flags. */
export interface ValidatorOptions {
  /** The chain client. */
  chain: Subtensor;
  /** The validator's hotkey. */
  keypair: Keypair;
  /** The subnet. */
  netuid: number;
  /** The subnet's query plan and reward. */
  subnet: SubnetModule;
  /**
   * `--neuron.mechid`: the incentive mechanism to score and set weights on, unless the subnet module
   * names several (`SubnetModule.mechanisms`). @default 0
   */
  mechid?: number;
  /** Where the state lives (`state.json`), loaded before anything else. */
  statePath: string;
  /** Folder for the subnet's data. */
  dataDir: string;
  /** `--neuron.sample_size`. @default 50 */
  sampleSize?: number;
  /** `--neuron.num_concurrent_forwards`. @default 1 */
  numConcurrentForwards?: number;
  /** `--neuron.moving_average_alpha`. @default 0.1 */
  movingAverageAlpha?: number;
  /** `--neuron.epoch_length`: blocks between weight settings and metagraph resyncs. @default 100 */
  epochLength?: number;
  /** `--neuron.disable_set_weights`. @default false */
  disableSetWeights?: boolean;
  /** `--neuron.vpermit_tao_limit`. @default 4096 */
  vpermitTaoLimit?: number;
  /** `--neuron.timeout`: query timeout in seconds. @default 12 */
  timeout?: number;
  /** Pause between steps in ms (the template's 5 s, without blocking the event loop). @default 5000 */
  stepIntervalMs?: number;
  /** Serve an axon (for `/metrics` and subnets with API nodes); `undefined` is `--neuron.axon_off`. */
  axon?: { port?: number; hostname?: string; externalIp?: string; externalPort?: number };
  /** The chain's block time in ms, for timing timelocked commits. @default 12000 */
  blockTimeMs?: number;
  /** Extra options for `setWeights` (version key; a timelock committer is built when absent). */
  setWeightsOptions?: SetWeightsOptions;
  /** Structured logs. */
  logger?: Logger;
  /** Aborting it stops the validator after the current step (state saved). */
  signal?: AbortSignal;
  /** Called after every step with the current status. */
  onStep?: (status: ValidatorStatus) => void;
}

/** The outcome of the last weight-setting attempt. */
export interface WeightsOutcome {
  /** The block it was attempted at. */
  block: number;
  /** The incentive mechanism. */
  mechid: number;
  /** Whether the chain accepted it. */
  ok: boolean;
  /** `set`, `commit-hash`, `commit-timelocked`, or the error. */
  message: string;
  /** The uids and normalized float weights that were sent. */
  uids: number[];
  /** Weights in the order of `uids`, summing to 1. */
  weights: number[];
}

/** What the validator is doing, for status lines and the demo summary. */
export interface ValidatorStatus {
  /** Its uid. */
  uid: number;
  /** Steps done (restored from state across restarts). */
  step: number;
  /** The last block seen. */
  block: number;
  /** Scores by uid. */
  scores: readonly number[];
  /** The last weight-setting attempt (of the first mechanism), if any. */
  lastWeights?: WeightsOutcome;
  /** The last attempt on each mechanism it scores, in the order of its mechanisms. */
  mechanismWeights?: WeightsOutcome[];
}

/** A running validator. */
export interface RunningValidator extends AsyncDisposable {
  /** The current status. */
  status(): ValidatorStatus;
  /** The validator's axon, when it serves one. */
  readonly axon?: Axon;
  /** Where its axon listens, when it serves one. */
  readonly addr?: { hostname: string; port: number };
  /** Stops after the current step; state is saved. */
  stop(): Promise<void>;
  /** Resolves when the loop has ended. */
  readonly finished: Promise<void>;
}

function candidatesOf(mg: Metagraph, self: number): UidCandidate[] {
  return mg.uids.filter((uid) => uid !== self).map((uid) => ({
    uid,
    serving: mg.axons[uid].ip !== "0.0.0.0" && mg.axons[uid].port !== 0,
    validatorPermit: mg.validator_permit[uid],
    stakeTao: mg.S[uid],
  }));
}

/**
 * L1-normalizes scores as the template does (an all-zero or NaN norm counts as 1).
 *
 * @example
 * ```ts
 * import { normalizeScores } from "./validator.ts";
 * console.assert(normalizeScores([1, 3]).join() === "0.25,0.75");
 * ```
 */
export function normalizeScores(scores: readonly number[]): number[] {
  const clean = scores.map((s) => Number.isFinite(s) ? s : 0);
  const norm = clean.reduce((a, s) => a + Math.abs(s), 0);
  return clean.map((s) => s / (norm > 0 ? norm : 1));
}

/**
 * Starts a validator. Throws `SubnetError` `chain/not-registered` when the hotkey is not registered
 * and `subnet/state-corrupt` when the state file cannot be read (it is never silently zeroed).
 *
 * @example
 * ```ts ignore
 * import { startValidator } from "./validator.ts";
 * const v = await startValidator({ chain, keypair, netuid: 1, subnet, statePath: "s.json", dataDir: "d" });
 * await v.finished;
 * ```
 */
export async function startValidator(options: ValidatorOptions): Promise<RunningValidator> {
  const { chain, keypair, netuid, subnet } = options;
  const logger = options.logger ?? silentLogger;
  let state: ValidatorState = await loadState(options.statePath);
  const mechids = subnet.mechanisms?.length ? [...new Set(subnet.mechanisms)] : [options.mechid ?? 0];
  for (const m of mechids) {
    if (!Number.isInteger(m) || m < 0 || m > 15) {
      throw new RangeError(`Cannot start the validator on mechanism ${m}: a mechid is an integer in 0..15`);
    }
  }
  // The metagraph of the first mechanism: its last_update paces the epochs; hotkeys and axons are the subnet's.
  const primary = mechids[0];
  let metagraph = await chain.metagraph(netuid, { mechid: primary });
  const uid = metagraph.uidOf(keypair.address);
  if (uid === undefined) {
    throw new SubnetError(
      "chain/not-registered",
      `Cannot start the validator: hotkey ${keypair.address} is not registered on netuid ${netuid} ` +
        `(register it with: subnet register --netuid ${netuid} and the same wallet flags)`,
    );
  }
  let selfUid: number = uid;
  state = followMetagraph(state, metagraph.hotkeys);
  logger.info("validator.state_loaded", { step: state.step, uids: state.scores.length });

  const controller = new AbortController();
  const stopOn = () => controller.abort();
  options.signal?.addEventListener("abort", stopOn, { once: true });
  const dendrite: Dendrite = createDendrite({ keypair, logger });
  await mkdir(options.dataDir, { recursive: true });

  let axon: Axon | undefined;
  let server: Server | undefined;
  if (options.axon) {
    axon = createAxon({ keypair, bodyBytesMax: subnet.axonBodyBytesMax, logger });
    await subnet.setupValidatorAxon?.({
      axon,
      dendrite,
      minerAxons: () =>
        candidatesOf(metagraph, selfUid).filter((c) => c.serving).map((c) => ({
          ip: metagraph.axons[c.uid].ip,
          port: metagraph.axons[c.uid].port,
          hotkey: metagraph.hotkeys[c.uid],
        })),
      dataDir: options.dataDir,
      logger,
      signal: controller.signal,
    });
    server = await serve(axon.fetch, {
      port: options.axon.port ?? 8091,
      hostname: options.axon.hostname ?? "0.0.0.0",
      signal: controller.signal,
      onDrainTimeout: () => axon?.close(),
      logger,
    });
    const host = options.axon.hostname ?? "0.0.0.0";
    const ip = options.axon.externalIp ?? (host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host);
    try {
      await chain.serveAxon(keypair, { netuid, ip, port: options.axon.externalPort ?? server.addr.port });
    } catch (err) {
      logger.warn("validator.serve_axon_failed", { error: (err as Error).message });
    }
  }

  const epochLength = options.epochLength ?? 100;
  // Subnets with commit-reveal on take timelocked commits: no flag needed.
  const setWeightsOptions: SetWeightsOptions = {
    waitFor: "inclusion",
    timelock: createTimelockCommitter({ chain, blockTimeMs: options.blockTimeMs }),
    ...options.setWeightsOptions,
  };
  const alpha = options.movingAverageAlpha ?? 0.1;
  let block = metagraph.block;
  let lastSync = metagraph.block;
  let lastWeightsBlock = -Infinity;
  let lastWeights: WeightsOutcome | undefined;
  let mechanismWeights: WeightsOutcome[] | undefined;
  const status = (): ValidatorStatus => ({
    uid: selfUid,
    step: state.step,
    block,
    scores: state.scores,
    lastWeights,
    ...(mechids.length > 1 ? { mechanismWeights } : {}),
  });
  const scoresOf = (mechid: number): number[] =>
    mechid === primary ? state.scores : state.mechanism_scores?.[mechid] ?? state.scores.map(() => 0);
  const setScores = (mechid: number, scores: number[]): void => {
    if (mechid === primary) state.scores = scores;
    else state.mechanism_scores = { ...state.mechanism_scores, [mechid]: scores };
  };

  async function forward(): Promise<{ uids: number[]; rewards: number[][] }> {
    const uids = randomUids(candidatesOf(metagraph, selfUid), options.sampleSize ?? 50, {
      vpermitTaoLimit: options.vpermitTaoLimit ?? 4096,
    });
    if (uids.length === 0) return { uids, rewards: mechids.map(() => []) };
    const axons = uids.map((u) => ({
      ip: metagraph.axons[u].ip,
      port: metagraph.axons[u].port,
      hotkey: metagraph.hotkeys[u],
    }));
    // One reward vector per mechanism, for the same sampled uids.
    const rewards = await Promise.all(mechids.map((mechid) =>
      subnet.validatorStep({
        dendrite,
        uids,
        axons,
        step: state.step,
        mechid,
        timeout: options.timeout ?? 12,
        dataDir: options.dataDir,
        logger,
        signal: controller.signal,
      })
    ));
    return { uids, rewards };
  }

  // A new validator has no permit until an epoch grants one: wait for it quietly (one info line).
  let waitingPermitLogged = false;
  const waitForPermit = (reason: string) => {
    const log = waitingPermitLogged ? logger.debug : logger.info;
    log("weights.waiting_permit", { block, netuid, uid: selfUid, reason });
    waitingPermitLogged = true;
  };

  /** Sets one weight vector per mechanism (this epoch's). */
  async function setWeights(): Promise<void> {
    if (!metagraph.validator_permit[selfUid]) {
      metagraph = await chain.metagraph(netuid); // permits change at epoch boundaries
      if (!metagraph.validator_permit[selfUid]) return waitForPermit("no validator permit yet");
    }
    const limits = await chain.weightLimits(netuid);
    const outcomes: WeightsOutcome[] = [];
    for (const mechid of mechids) {
      const outcome = await setMechanismWeights(mechid, limits);
      if (outcome === "no-permit") return waitForPermit("the chain has not granted the permit yet");
      outcomes.push(outcome);
    }
    mechanismWeights = outcomes;
    lastWeights = outcomes[0];
    if (outcomes[0].ok) lastWeightsBlock = block;
  }

  async function setMechanismWeights(
    mechid: number,
    limits: { minAllowedWeights: number; maxWeightsLimit: number },
  ): Promise<WeightsOutcome | "no-permit"> {
    const raw = normalizeScores(scoresOf(mechid));
    const [uids, weights] = processWeightsForNetuid(metagraph.uids, raw, { ...limits, n: metagraph.n });
    let result: SetWeightsResult;
    try {
      result = await chain.setWeights(keypair, { netuid, mechid, uids, weights }, setWeightsOptions);
    } catch (err) {
      if (err instanceof SubnetError && /NeuronNoValidatorPermit/.test(err.message)) return "no-permit";
      logger.error("weights.failed", { block, mechid, error: (err as Error).message });
      return { block, mechid, ok: false, message: (err as Error).message, uids, weights };
    }
    logger.info("weights.set", { block, mechid, kind: result.kind, uids: uids.length, tx: result.result.txHash });
    if (result.kind === "commit-hash") {
      chain.revealWhenDue(keypair, result.reveal, { signal: controller.signal })
        .then((r) => logger.info("weights.revealed", { tx: r.txHash }))
        .catch((err) => {
          if (!controller.signal.aborted) logger.error("weights.reveal_failed", { error: (err as Error).message });
        });
    }
    return { block, mechid, ok: true, message: result.kind, uids, weights };
  }

  async function step(): Promise<void> {
    const results = await Promise.all(
      Array.from({ length: Math.max(1, options.numConcurrentForwards ?? 1) }, forward),
    );
    for (const { uids, rewards } of results) {
      mechids.forEach((mechid, i) => setScores(mechid, updateScores(scoresOf(mechid), rewards[i], uids, alpha)));
    }
    logger.debug("validator.step", { step: state.step, queried: results.reduce((n, r) => n + r.uids.length, 0) });
    state.step++;
    await saveState(options.statePath, state);
    block = await chain.blockNumber();
    if (block - lastSync >= epochLength) {
      metagraph = await chain.metagraph(netuid, { mechid: primary });
      state = followMetagraph(state, metagraph.hotkeys);
      lastSync = block;
      const now = metagraph.uidOf(keypair.address);
      if (now === undefined) logger.warn("validator.deregistered", { hotkey: keypair.address, netuid });
      else if (now !== selfUid) [selfUid, lastWeightsBlock] = [now, -Infinity];
    }
    const since = block - Math.max(metagraph.last_update[selfUid] ?? 0, lastWeightsBlock);
    if (!options.disableSetWeights && state.step > 0 && since > epochLength) await setWeights();
  }

  const loop = async () => {
    while (!controller.signal.aborted) {
      try {
        await step();
        options.onStep?.(status());
      } catch (err) {
        if (err instanceof SubnetError && err.code === "subnet/state-corrupt") throw err;
        logger.warn("validator.step_failed", { step: state.step, error: (err as Error).message });
      }
      await sleep(options.stepIntervalMs ?? 5000, controller.signal);
    }
  };
  const finished = Promise.all([loop(), server?.finished]).then(async () => {
    await saveState(options.statePath, state);
    options.signal?.removeEventListener("abort", stopOn);
    logger.info("validator.stopped", { step: state.step });
  });
  const stop = async () => {
    controller.abort();
    axon?.close();
    await finished;
  };
  return {
    status,
    axon,
    addr: server?.addr,
    stop,
    finished,
    [Symbol.asyncDispose]: stop,
  };
}
