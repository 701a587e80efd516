/**
 * `subnet devnet`: run the embedded local chain, a subtensor-compatible JSON-RPC node on
 * `ws://127.0.0.1:PORT` (WebSocket and HTTP POST), until interrupted.
 *
 * @module
 */
import { startDevnet } from "../devnet/devnet.ts";
import { deterministicClock } from "../devnet/genesis.ts";
import { parseDevnetLimits } from "../devnet/limits.ts";
import type { DevnetForkOptions } from "../devnet/fork/source.ts";
import { formatForkProgress, formatForkReport } from "../devnet/fork/format.ts";
import { UsageError } from "./args.ts";
import type { CommandContext, CommandSpec } from "./command.ts";
import { consoleLogger } from "./log.ts";
import { loggingOptions } from "./options.ts";

/**
 * Parses a duration such as `250ms`, `12s`, `1.5s` or `250` (milliseconds) into milliseconds.
 *
 * @throws {UsageError} when it is not a positive duration
 * @example
 * ```ts
 * import { parseDurationMs } from "./devnet.ts";
 * console.assert(parseDurationMs("12s") === 12000);
 * ```
 */
export function parseDurationMs(text: string, name = "--block-time"): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * (m[2] === "s" ? 1000 : 1) : NaN;
  if (!m || !(ms >= 1) || ms > 3_600_000) {
    throw new UsageError(`Cannot use ${name} "${text}": give a duration from 1ms to 3600s, such as 250ms or 12s`);
  }
  return Math.round(ms);
}

function intOption(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`Cannot use --${name} "${value}": give an integer from ${min} to ${max}`);
  }
  return n;
}

/**
 * Parses `--netuid 1` or `--netuid 1,3,5` into netuids.
 *
 * @throws {UsageError} when a part is not a netuid from 1 to 4095
 * @example
 * ```ts
 * import { parseNetuids } from "./devnet.ts";
 * console.assert(parseNetuids("1,3").length === 2);
 * ```
 */
export function parseNetuids(text: string): number[] {
  return text.split(",").map((part) => {
    const n = Number(part.trim());
    if (!Number.isInteger(n) || n < 1 || n > 4095 || part.trim() === "") {
      throw new UsageError(`Cannot use --netuid "${text}": give netuids from 1 to 4095, such as 1 or 1,3`);
    }
    return n;
  });
}

/** `--at`: a block number or a `0x` block hash. */
function parseAt(text: string): number | string {
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return text;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) {
    throw new UsageError(`Cannot use --at "${text}": give a block number or a 0x block hash`);
  }
  return n;
}

function forkOptions(v: Record<string, unknown>, io: CommandContext["io"]): DevnetForkOptions | undefined {
  const endpoint = typeof v.fork === "string" ? v.fork : undefined;
  const cache = typeof v["fork-cache"] === "string" ? v["fork-cache"] : undefined;
  if (!endpoint && !cache) {
    if (v.netuid !== undefined || v.at !== undefined) throw new UsageError("--netuid and --at go with --fork");
    return undefined;
  }
  if (endpoint && v.netuid === undefined) throw new UsageError("--fork needs --netuid (the subnets to copy)");
  let last = 0;
  return {
    endpoint,
    netuids: v.netuid === undefined ? undefined : parseNetuids(String(v.netuid)),
    at: v.at === undefined ? undefined : parseAt(String(v.at)),
    cache,
    onProgress: (p) => {
      if (p.seconds - last < 1) return;
      last = p.seconds;
      io.error(formatForkProgress(p));
    },
  };
}

async function runDevnet({ args, io }: CommandContext): Promise<number> {
  const v = args.values;
  const fork = forkOptions(v, io);
  const port = intOption(v.port, "port", 0, 65535) ?? 9944;
  const tempo = intOption(v.tempo, "tempo", 1, 65535);
  const genesis = String(v.genesis ?? "devnet");
  if (genesis !== "devnet" && genesis !== "finney") {
    throw new UsageError(`Cannot use --genesis "${genesis}": choose devnet or finney`);
  }
  const seed = intOption(v.seed, "seed", 0, 2 ** 32 - 1);
  const blockTimeMs = parseDurationMs(String(v["block-time"] ?? "250ms"));
  let limits;
  try {
    limits = parseDevnetLimits(args.multi.limit ?? []);
  } catch (err) {
    throw new UsageError(`Cannot use --limit: ${(err as Error).message}`);
  }
  const logger = consoleLogger({
    debug: v["logging.debug"] === true || v["logging.trace"] === true,
    json: v["logging.json"] === true,
    write: (line) => io.error(line),
  });
  let net;
  try {
    net = await startDevnet({
      port,
      blockTimeMs,
      instant: v.instant === true,
      tempo,
      genesis,
      seed,
      // With --seed, block timestamps follow the block number, so a run replays to the same hashes.
      now: seed === undefined ? undefined : deterministicClock(undefined, blockTimeMs),
      statePath: typeof v.state === "string" ? v.state : undefined,
      allowLocalIp: v["allow-local-ip"] === true,
      limits,
      logger,
      fork,
    });
  } catch (err) {
    if (err instanceof Deno.errors.AddrInUse) {
      io.error(`error: Cannot start the devnet on 127.0.0.1:${port}: the port is in use (choose another with --port)`);
      return 1;
    }
    throw err;
  }
  if (net.fork) { for (const line of formatForkReport(net.fork)) io.error(line); }
  io.print(
    v.json === true
      ? JSON.stringify({ endpoint: net.endpoint, best: net.chain.best.number, fork: net.fork })
      : net.endpoint,
  );
  if (!io.signal.aborted) {
    await new Promise<void>((resolve) => io.signal.addEventListener("abort", () => resolve(), { once: true }));
  }
  await net.close();
  logger.info("devnet.stop", { best: net.chain.best.number });
  return 0;
}

/** `subnet devnet`. */
export const devnetCommand: CommandSpec = {
  name: "devnet",
  summary: "Run the embedded local chain",
  description: "A subtensor-compatible chain (finney's metadata, //Alice … //Ferdie funded, Alice is sudo) " +
    "serving Substrate JSON-RPC over WebSocket and HTTP on 127.0.0.1. Prints the endpoint when ready.",
  options: {
    port: { type: "string", help: "Port for WebSocket and HTTP JSON-RPC", default: "9944", valueName: "<port>" },
    "block-time": {
      type: "string",
      help: "Time between blocks (250ms fast blocks, 12s as finney)",
      default: "250ms",
      valueName: "<duration>",
    },
    instant: { type: "boolean", help: "Seal a block as soon as a transaction arrives (no timer)" },
    tempo: {
      type: "string",
      help: "Tempo of the genesis subnet (default 10; 360 with --genesis finney)",
      valueName: "<blocks>",
    },
    genesis: {
      type: "string",
      help: "Genesis preset: devnet (fast, commit–reveal and rate limits off) or finney (tempo 360, " +
        "commit–reveal on, finney's rate limits, immunity and activity cutoff)",
      default: "devnet",
      valueName: "<preset>",
    },
    state: { type: "string", help: "Save the chain to this file and reload it on start", valueName: "<file>" },
    seed: {
      type: "string",
      help: "Seed of any randomness; also makes block timestamps follow block numbers, so runs replay exactly",
      valueName: "<n>",
    },
    "allow-local-ip": {
      type: "boolean",
      help: "Accept 127.0.0.1 axons in serve_axon (subtensor refuses them; for all-local setups)",
    },
    limit: {
      type: "string",
      multiple: true,
      help: "Change a resource limit, such as connectionsMax=200 (repeatable; names and defaults in docs/operators.md)",
      valueName: "<name=value>",
    },
    fork: {
      type: "string",
      help: "Start from a live subnet: read it from this node (finney, test, local, ws://…) at one block",
      valueName: "<endpoint>",
    },
    netuid: { type: "string", help: "With --fork: the subnets to copy", valueName: "<n[,m…]>" },
    at: {
      type: "string",
      help: "With --fork: the block (number or 0x hash; default the finalized head)",
      valueName: "<block>",
    },
    "fork-cache": {
      type: "string",
      help: "With --fork: save what was read here; when the file exists, start from it offline",
      valueName: "<file>",
    },
    json: { type: "boolean", help: "Print the endpoint (and the fork's report) as one JSON line" },
    ...loggingOptions,
  },
  examples: [
    "subnet devnet",
    "subnet devnet --port 9945 --block-time 12s --state devnet.json",
    "subnet devnet --instant --tempo 5",
    "subnet devnet --genesis finney",
    "subnet devnet --fork finney --netuid 1 --fork-cache sn1.fork.json",
    "subnet devnet --fork ws://127.0.0.1:9944 --netuid 1 --at 1200 --port 9945 --instant",
  ],
  run: runDevnet,
};
