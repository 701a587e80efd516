/**
 * `subnet demo`: the main job. An in-process devnet on a free port, a validator and several miners
 * (honest, slow and wrong by default) registered and running for real — axons on sockets, weights
 * on chain, Yuma each tempo — then a summary per uid.
 *
 * @module
 */
import { intOption } from "./args.ts";
import type { CliIo, CommandSpec } from "./command.ts";
import { loggerFromOptions } from "./_neuron.ts";
import { formatTao } from "./_chain.ts";
import { jsonOption, loggingOptions } from "./options.ts";
import { Subtensor } from "../chain/client.ts";
import type { Metagraph } from "../chain/metagraph.ts";
import { startDevnet } from "../devnet/devnet.ts";
import { createDendrite } from "../neurons/dendrite.ts";
import { registerDevNeurons } from "../neurons/dev_neurons.ts";
import { type RunningMiner, sleep, startMiner } from "../neurons/miner.ts";
import { type RunningValidator, startValidator } from "../neurons/validator.ts";
import type { Logger } from "../protocol/logger.ts";
import { SubnetError } from "../protocol/errors.ts";
import { defaultSubnetName, resolveSubnetModule } from "../subnets/modules.ts";
import type { MinerKind } from "../subnets/subnet.ts";
import { cryptoReady, type Keypair, keypairFromUri } from "../wallet/keypair.ts";

const KINDS: readonly MinerKind[] = ["honest", "slow", "wrong"];

/** One row of the summary. */
export interface DemoNeuron {
  /** Uid on the subnet. */
  uid: number;
  /** SS58 hotkey. */
  hotkey: string;
  /** `miner` or `validator`. */
  role: "miner" | "validator";
  /** `honest`, `slow`, `wrong` or `validator`. */
  kind: MinerKind | "validator";
  /** Requests the miner answered with 200 (0 for the validator). */
  served: number;
  /** The validator's moving-average score of this uid. */
  score: number;
  /** The weight the validator last set on this uid (normalized). */
  weight: number;
  /** Incentive, a proportion in [0, 1]. */
  incentive: number;
  /** Dividends, a proportion in [0, 1]. */
  dividends: number;
  /** Emission of the last epoch in RAO (same as `emission_rao`; kept for existing scripts). */
  emission: number;
  /** Emission of the last epoch in RAO. */
  emission_rao: number;
}

function parseKinds(text: string): MinerKind[] {
  const kinds = text.split(",").map((k) => k.trim()).filter(Boolean);
  for (const k of kinds) {
    if (!KINDS.includes(k as MinerKind)) {
      throw new SubnetError("cli/usage", `Unknown miner kind "${k}" (use ${KINDS.join(", ")})`);
    }
  }
  if (kinds.length === 0) {
    throw new SubnetError("cli/usage", "Cannot run the demo without miners (--miners honest,slow,wrong)");
  }
  return kinds as MinerKind[];
}

function summarize(
  mg: Metagraph,
  validatorKey: Keypair,
  validator: RunningValidator,
  miners: { key: Keypair; kind: MinerKind; running: RunningMiner }[],
): DemoNeuron[] {
  const status = validator.status();
  const weights = new Map<number, number>();
  status.lastWeights?.uids.forEach((uid, i) => weights.set(uid, status.lastWeights!.weights[i]));
  const rows: DemoNeuron[] = [];
  const push = (key: Keypair, role: "miner" | "validator", kind: MinerKind | "validator", served: number) => {
    const uid = mg.uidOf(key.address);
    if (uid === undefined) return;
    rows.push({
      uid,
      hotkey: key.address,
      role,
      kind,
      served,
      score: status.scores[uid] ?? 0,
      weight: weights.get(uid) ?? 0,
      incentive: mg.I[uid],
      dividends: mg.D[uid],
      emission: Number(mg.E_rao[uid]),
      emission_rao: Number(mg.E_rao[uid]),
    });
  };
  push(validatorKey, "validator", "validator", 0);
  for (const m of miners) push(m.key, "miner", m.kind, m.running.served());
  return rows.sort((a, b) => a.uid - b.uid);
}

function table(rows: DemoNeuron[]): string[] {
  const header = ["uid", "role", "kind", "served", "score", "weight", "incentive", "dividends", "emission"];
  const body = rows.map((r) => [
    String(r.uid),
    r.role,
    r.kind,
    String(r.served),
    r.score.toFixed(4),
    r.weight.toFixed(4),
    r.incentive.toFixed(4),
    r.dividends.toFixed(4),
    `${formatTao(BigInt(r.emission_rao))} τ`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...body.map(line)];
}

/** The commands to paste while `--keep-running` holds everything up. */
function followUps(endpoint: string, netuid: number, subnet: string): string[] {
  const at = `--subtensor.chain_endpoint ${endpoint}`;
  const lines = ["", "running until Ctrl-C; in another terminal (with subnet on PATH, see README):"];
  if (subnet === "sn21") {
    lines.push(`  subnet query sn21 store FILE --dev //Alice ${at}`);
    lines.push(`  subnet query sn21 retrieve CID -o OUT --dev //Alice ${at}`);
  } else {
    lines.push(`  subnet query ${subnet} dummy 7 --netuid ${netuid} --dev //Alice ${at}`);
  }
  lines.push(`  subnet metagraph --netuid ${netuid} ${at}`);
  lines.push(`  subnet balance --dev //Alice ${at}`);
  lines.push("");
  return lines;
}

/**
 * The live status: on a terminal one line redrawn in place, otherwise one line per update (never
 * with `--json`, whose stdout is two JSON lines).
 */
function statusLine(io: CliIo, json: boolean): { update(line: string): void; end(): void } {
  if (json) return { update() {}, end() {} };
  if (!io.isTerminal) return { update: (line) => io.print(line), end() {} };
  const encoder = new TextEncoder();
  let drawn = false;
  return {
    update(line) {
      drawn = true;
      void io.writeStdout(encoder.encode(`\r\x1b[2K${line}`));
    },
    end() {
      if (drawn) void io.writeStdout(encoder.encode("\n"));
      drawn = false;
    },
  };
}

async function run(io: CliIo, values: Record<string, string | boolean | undefined>): Promise<number> {
  const json = values.json === true;
  const full: Logger = loggerFromOptions(values, io.error);
  const verbose = values["logging.debug"] === true || values["logging.trace"] === true;
  // The demo's own lines tell the story; neuron events show with --logging.debug, problems always.
  const logger: Logger = verbose ? full : { ...full, info: () => {} };
  const say = (line: string) => json ? io.error(line) : io.print(line);
  const tempo = intOption(values, "tempo")!;
  const blockTimeMs = intOption(values, "block-time-ms")!;
  const blocks = intOption(values, "blocks");
  const kinds = parseKinds(String(values.miners));
  const subnet = await resolveSubnetModule(String(values.subnet), Deno.cwd());
  const netuid = intOption(values, "netuid") ?? subnet.defaultNetuid ?? 1;
  await cryptoReady();
  const dir = await Deno.makeTempDir({ prefix: "subnet-demo-" });
  const started = performance.now();

  await using net = await startDevnet({
    port: intOption(values, "port") ?? 0,
    blockTimeMs,
    tempo,
    allowLocalIp: true,
    // Miners never set weights; on finney they drop out of consensus after ActivityCutoff (5000 blocks).
    // Their emission accrues as alpha stake, so with the default cutoff they would outweigh the lone
    // validator (kappa 0.5) after a few hundred demo blocks and VTRUST would fall to 0. A cutoff of a
    // few tempos keeps the demo the way a real subnet looks: validators in consensus, indefinitely.
    subtensor: {
      genesis: { netuid, commitReveal: values["commit-reveal"] === true, activityCutoff: Math.max(20, 5 * tempo) },
    },
    logger,
  });
  await using chain = await Subtensor.connect({ provider: net.createProvider(), logger });
  const alice = keypairFromUri("//Alice");
  const validatorKey = keypairFromUri("//DemoValidator");
  const minerKeys = kinds.map((kind, i) => keypairFromUri(`//DemoMiner${i + 1}-${kind}`));
  say(`devnet ${net.endpoint}: registering a validator and ${kinds.length} miners on netuid ${netuid}…`);
  await registerDevNeurons(chain, {
    funder: alice,
    netuid,
    keys: [validatorKey, ...minerKeys],
    validators: [validatorKey],
  });

  const controller = new AbortController();
  const stopAll = () => controller.abort();
  io.signal.addEventListener("abort", stopAll, { once: true });
  const miners = [];
  for (const [i, kind] of kinds.entries()) {
    const running = await startMiner({
      chain,
      keypair: minerKeys[i],
      netuid,
      subnet,
      kind,
      port: 0,
      hostname: "127.0.0.1",
      dataDir: `${dir}/miner${i + 1}`,
      epochLength: tempo,
      pollMs: blockTimeMs,
      logger,
      signal: controller.signal,
    });
    miners.push({ key: minerKeys[i], kind, running });
  }
  const validator = await startValidator({
    chain,
    keypair: validatorKey,
    netuid,
    subnet,
    statePath: `${dir}/validator/state.json`,
    dataDir: `${dir}/validator`,
    epochLength: tempo,
    timeout: Math.max(0.5, (blockTimeMs * 2) / 1000),
    stepIntervalMs: blockTimeMs,
    blockTimeMs,
    axon: { port: 0, hostname: "127.0.0.1" },
    logger,
    signal: controller.signal,
  });

  if (subnet.isReady) {
    const dendrite = createDendrite({ keypair: alice });
    say(`waiting until ${subnet.name} is ready for clients…`);
    while (!controller.signal.aborted && !(await subnet.isReady({ chain, netuid, dendrite }).catch(() => false))) {
      await sleep(blockTimeMs, controller.signal);
    }
  }
  const mg0 = await chain.metagraph(netuid);
  const ready = {
    ready: true,
    endpoint: net.endpoint,
    netuid,
    neurons: [
      { key: validatorKey, role: "validator", axon: validator.addr ? `127.0.0.1:${validator.addr.port}` : null },
      ...miners.map((m) => ({ key: m.key, role: "miner", axon: `127.0.0.1:${m.running.addr.port}` })),
    ].map((n) => ({ uid: mg0.uidOf(n.key.address), hotkey: n.key.address, role: n.role, axon: n.axon })),
  };
  if (json) io.print(JSON.stringify(ready));
  else {
    say(`ready in ${((performance.now() - started) / 1000).toFixed(1)} s: chain ${net.endpoint}, netuid ${netuid}`);
    for (const n of ready.neurons) say(`  uid ${n.uid}  ${n.role.padEnd(9)}  ${n.hotkey}  axon ${n.axon ?? "-"}`);
  }

  const keepRunning = values["keep-running"] === true;
  if (keepRunning && !json) { for (const line of followUps(net.endpoint, netuid, subnet.name)) say(line); }
  const startBlock = mg0.block;
  let weightsBlock = -1;
  let lastLine = "";
  const status = statusLine(io, json);
  while (!controller.signal.aborted) {
    await sleep(blockTimeMs, controller.signal);
    const s = validator.status();
    if (s.block < startBlock) continue;
    if (s.lastWeights?.ok && weightsBlock < 0) weightsBlock = s.lastWeights.block;
    const epochs = Math.floor((s.block - startBlock) / tempo);
    const w = s.lastWeights
      ? `${s.lastWeights.ok ? s.lastWeights.message : "failed"} at block ${s.lastWeights.block}`
      : "not yet";
    const line = `block ${s.block} · epoch ${epochs} · step ${s.step} · weights ${w}`;
    if (line !== lastLine) {
      status.update(line);
      lastLine = line;
    }
    if (keepRunning) continue;
    const done = blocks !== undefined
      ? s.block - startBlock >= blocks
      : weightsBlock >= 0 && s.block >= weightsBlock + 2 * tempo + 1;
    if (done) break;
  }
  status.end();
  const mg = await chain.metagraph(netuid);
  const rows = summarize(mg, validatorKey, validator, miners);
  controller.abort();
  io.signal.removeEventListener("abort", stopAll);
  await Promise.all([validator.finished, ...miners.map((m) => m.running.finished)]);
  const epochs = Math.floor((mg.block - startBlock) / tempo);
  if (json) io.print(JSON.stringify({ summary: { block: mg.block, epochs, neurons: rows } }));
  else {
    say("");
    say(`summary at block ${mg.block} (${epochs} epochs, ${((performance.now() - started) / 1000).toFixed(1)} s):`);
    for (const l of table(rows)) say(l);
  }
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  return 0;
}

/** `subnet demo`. */
export const demoCommand: CommandSpec = {
  name: "demo",
  summary: "Run a validator and miners on an in-process devnet and print what happened",
  description: "Starts the embedded devnet on a free port, registers a validator and miners (honest, slow, wrong), " +
    "runs them until two epochs have passed since the first weights (or --blocks), then prints per uid: role, " +
    "requests served, score, weight set, incentive, dividends and emission. Needs no network and no setup.",
  options: {
    subnet: {
      type: "string",
      help: "The subnet module to run",
      get default() {
        return defaultSubnetName();
      },
      valueName: "<name|path>",
    },
    miners: {
      type: "string",
      help: "Miner kinds, comma-separated",
      default: "honest,slow,wrong",
      valueName: "<kinds>",
    },
    blocks: {
      type: "string",
      help: "Run this many blocks (default: two epochs after the first weights)",
      valueName: "<n>",
    },
    tempo: { type: "string", help: "Blocks per epoch", default: "10", valueName: "<n>" },
    "block-time-ms": { type: "string", help: "Milliseconds per block", default: "250", valueName: "<ms>" },
    port: { type: "string", help: "Devnet port (default: a free one)", valueName: "<port>" },
    netuid: { type: "string", help: "The subnet's netuid (default: the subnet's own, else 1)", valueName: "<n>" },
    "commit-reveal": { type: "boolean", help: "Run the subnet with commit-reveal on (timelocked weights)" },
    "keep-running": { type: "boolean", help: "Keep everything up until SIGINT; other commands can use the endpoint" },
    ...jsonOption,
    ...loggingOptions,
  },
  examples: ["subnet demo", "subnet demo --json", "subnet demo --keep-running --miners honest,honest,wrong"],
  run: ({ args, io }) => run(io, args.values),
};
