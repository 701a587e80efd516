/**
 * `subnet query <name|netuid> <method> [args…]`: calls a subnet through its registered client
 * (SubnetsAPI). `subnet query sn21 store <file>` prints the CID as the last line of stdout;
 * `subnet query sn21 retrieve <cid> [-o file]` writes the bytes. With `--axons ip:port:hotkey,…`
 * it talks to those axons only and needs no chain; otherwise it reads the subnet's metagraph and
 * picks axons the handler's way (Subnet 21: validators with vtrust > 0, top stake, answering a ping).
 *
 * @module
 */
import { progressLine } from "./_progress.ts";
import { intOption, numberOption, UsageError } from "./args.ts";
import type { CommandContext, CommandSpec } from "./command.ts";
import { keysFromOptions, passwordOptions, promptHidden, readPasswordFile } from "./keys.ts";
import { consoleLogger } from "./log.ts";
import { subtensorOptions, walletOptions } from "./options.ts";
import { connectFromOptions } from "./_chain.ts";
import { createDendrite, type Dendrite } from "../neurons/dendrite.ts";
import type { AxonTarget } from "../neurons/dendrite.ts";
import { SubnetError } from "../protocol/errors.ts";
import { type Logger, silentLogger } from "../protocol/logger.ts";
import { defaultSubnetRegistry } from "../subnets/handlers.ts";
import { subnetModuleApiHandler } from "../subnets/module_api.ts";
import { builtinSubnetModules } from "../subnets/modules.ts";
import {
  loadSubnetApiModule,
  parseAxonList,
  selectServingAxons,
  type SubnetApiHandler,
  type SubnetRegistry,
} from "../subnets/registry.ts";
import { keySecretFromUri } from "../wallet/keypair.ts";

function listing(registry: SubnetRegistry): string {
  return registry.list().map((h) => {
    const methods = Object.entries(h.methods).map(([name, m]) => `    ${name} ${m.usage ?? ""}  — ${m.summary}`);
    return [`  ${h.name}${h.netuid !== undefined ? ` (netuid ${h.netuid})` : ""}: ${h.summary}`, ...methods].join("\n");
  }).join("\n");
}

async function chooseAxons(
  ctx: CommandContext,
  handler: SubnetApiHandler,
  dendrite: Dendrite,
  logger: Logger,
): Promise<AxonTarget[]> {
  const { values } = ctx.args;
  if (typeof values.axons === "string") return parseAxonList(values.axons);
  const netuid = intOption(values, "netuid") ?? handler.netuid;
  if (netuid === undefined) {
    throw new UsageError(`Subnet "${handler.name}" has no usual netuid: give --netuid <id> or --axons ip:port:hotkey`);
  }
  const chain = await connectFromOptions(values, logger);
  try {
    const metagraph = await chain.metagraph(netuid);
    const select = handler.selectAxons ?? selectServingAxons;
    const { axons, rejected } = await select({ metagraph, dendrite });
    if (axons.length === 0) {
      throw new SubnetError(
        "subnet/no-nodes",
        `Cannot query ${handler.name} on netuid ${netuid}: no reachable node among ${metagraph.n} neuron(s) (${
          rejected.slice(0, 12).join("; ") || "the subnet is empty"
        }); pass --axons ip:port:hotkey to choose them yourself`,
      );
    }
    return axons;
  } finally {
    await chain.close();
  }
}

async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals, multi } = ctx.args;
  const { io } = ctx;
  const registry = defaultSubnetRegistry();
  for (const module of builtinSubnetModules()) {
    const handler = subnetModuleApiHandler(module);
    if (handler) registry.register(handler);
  }
  for (const module of multi.handler ?? []) await loadSubnetApiModule(registry, module, `file://${Deno.cwd()}/`);
  const [subnet, method, ...args] = positionals;
  if (!subnet) throw new UsageError(`Name a subnet and a method. Known subnets:\n${listing(registry)}`);
  const handler = registry.resolve(subnet);
  if (!handler) {
    throw new UsageError(
      `No client is registered for subnet "${subnet}" (load one with --handler <module>). Known:\n${listing(registry)}`,
    );
  }
  const entry = method === undefined ? undefined : handler.methods[method];
  if (!entry) {
    const known = Object.keys(handler.methods).join(", ");
    throw new UsageError(`Subnet "${handler.name}" has ${method ? `no method "${method}"` : "methods"}: ${known}`);
  }
  const logger = values["logging.debug"] === true ? consoleLogger({ debug: true, write: io.error }) : silentLogger;
  const timeout = numberOption(values, "timeout");
  if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`Option "--timeout" must be above 0`);
  const options: Record<string, string | boolean | undefined> = { ...values };
  for (const pair of multi.param ?? []) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new UsageError(`Option "--param" takes key=value, not "${pair}"`);
    options[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const keys = keysFromOptions(values, io.env);
  const hotkey = await keys.hotkey();
  const coldkeyPrivateKey = async (): Promise<Uint8Array> => {
    if (typeof values.dev === "string" && values.dev !== "") return keySecretFromUri(values.dev).privateKey;
    const file = values["password-file"];
    const password = typeof file === "string" && file !== "" ? await readPasswordFile(file) : undefined;
    return (await keys.wallet!.coldkeySecret({ password, prompt: promptHidden })).privateKey;
  };
  const dendrite = createDendrite({ keypair: hotkey, logger });
  const axons = await chooseAxons(ctx, handler, dendrite, logger);
  const json = values.json === true;
  const printed: string[] = [];
  const messages: string[] = [];
  const progress = progressLine(io, `${handler.name} ${method}`);
  try {
    await entry.call({
      args,
      options,
      hotkey,
      coldkeyPrivateKey,
      dendrite,
      axons,
      timeout,
      output: json
        ? {
          print: (line) => void printed.push(line),
          info: (line) => void messages.push(line),
          write: () => {
            throw new UsageError(`Option "--json" cannot print raw bytes: give -o <file> to write them to a file`);
          },
        }
        : { print: io.print, info: io.error, write: io.writeStdout, progress: progress.update },
      logger,
    });
  } finally {
    progress.end();
  }
  if (json) {
    io.print(JSON.stringify({
      subnet: handler.name,
      method,
      result: printed.at(-1) ?? null,
      output: printed,
      messages,
      axons: axons.length,
    }));
  }
  return 0;
}

/** `subnet query`. */
export const queryCommand: CommandSpec = {
  name: "query",
  summary: "Call a subnet by name or netuid (SubnetsAPI)",
  usage: "<name|netuid> <method> [args…] [options]",
  positionals: 16,
  description: [
    "Built-in subnets: sn21 (store <file>, retrieve <cid>) and template (dummy <n>).",
    "Without --axons the subnet's metagraph is read from the chain and axons are picked the",
    "subnet's way; --netuid overrides the subnet's usual netuid.",
    "A subnet module that declares synapses (a `subnet new` project) is queried as",
    "<name> <Synapse> '<json fields>': each 200 answer prints as one JSON line.",
  ].join("\n"),
  options: {
    ...walletOptions,
    ...passwordOptions,
    ...subtensorOptions,
    axons: {
      type: "string",
      help: "Talk to these axons only (comma-separated ip:port:ss58-hotkey); no chain needed",
      valueName: "<list>",
    },
    netuid: {
      type: "string",
      help: "The subnet's netuid on the chain (default: the subnet's usual one)",
      valueName: "<n>",
    },
    timeout: { type: "string", help: "Seconds each call may take (sn21: 60, others: 12)", valueName: "<s>" },
    encrypt: { type: "boolean", help: "sn21 store: encrypt with a key derived from your coldkey" },
    ttl: { type: "string", help: "sn21 store: seconds to keep the data (default 30 days)", valueName: "<s>" },
    output: { type: "string", short: "o", help: "sn21 retrieve: write the bytes to this file", valueName: "<file>" },
    param: { type: "string", multiple: true, help: "key=value passed to a custom handler", valueName: "<k=v>" },
    handler: {
      type: "string",
      multiple: true,
      help: "Register the subnet clients a module exports (default export or registerSubnetApis)",
      valueName: "<module>",
    },
    "logging.debug": { type: "boolean", help: "Log debug events to stderr" },
    json: {
      type: "boolean",
      help: 'Print one JSON line {"subnet", "method", "result" (the answer), "output", "messages", "axons"}',
    },
  },
  examples: [
    "subnet query sn21 store notes.txt --dev //Alice --axons 127.0.0.1:8091:5F…",
    "subnet query sn21 retrieve bafkrei… -o notes.txt --subtensor.chain_endpoint ws://127.0.0.1:9944",
    "subnet query template dummy 7 --netuid 1",
    "subnet query dummy33 echo hi --handler ./examples/custom_subnet_api.ts --axons …",
  ],
  run,
};
