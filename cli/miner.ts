/**
 * `subnet miner`: serve an axon with a subnet's synapses, announced on chain.
 *
 * @module
 */
import { intOption } from "./args.ts";
import type { CommandSpec } from "./command.ts";
import { connectFromOptions } from "./_chain.ts";
import { keysFromOptions } from "./keys.ts";
import { loggerFromOptions, minerOptions, neuronDir, neuronOptions } from "./_neuron.ts";
import { axonOptions, loggingOptions, netuidOption, subtensorOptions, walletOptions } from "./options.ts";
import { startMiner } from "../neurons/miner.ts";
import { resolveSubnetModule } from "../subnets/modules.ts";

/** `subnet miner`. */
export const minerCommand: CommandSpec = {
  name: "miner",
  summary: "Serve an axon and answer synapses for one subnet",
  description: "Checks registration, serves the axon (serve_axon on chain), resyncs the metagraph every epoch, " +
    "refuses unregistered callers and callers without a validator permit, and prioritises by stake. " +
    "Only the hotkey is needed. Stops cleanly on SIGINT/SIGTERM.",
  options: {
    ...netuidOption,
    ...neuronOptions,
    ...minerOptions,
    ...walletOptions,
    ...subtensorOptions,
    ...axonOptions,
    ...loggingOptions,
  },
  examples: [
    "subnet miner --netuid 1 --wallet.name miner --wallet.hotkey default",
    "subnet miner --netuid 1 --dev //Bob --axon.port 8092 --subtensor.network local",
  ],
  async run({ args, io }) {
    const v = args.values;
    const netuid = intOption(v, "netuid")!;
    const logger = loggerFromOptions(v, io.error);
    const keys = keysFromOptions(v, io.env, { logger });
    const keypair = await keys.hotkey();
    const subnet = await resolveSubnetModule(String(v.subnet), Deno.cwd());
    await using chain = await connectFromOptions(v, logger);
    const miner = await startMiner({
      chain,
      keypair,
      netuid,
      subnet,
      port: intOption(v, "axon.port"),
      hostname: String(v["axon.ip"]),
      externalIp: typeof v["axon.external_ip"] === "string" ? v["axon.external_ip"] : undefined,
      externalPort: intOption(v, "axon.external_port"),
      maxConcurrency: intOption(v, "axon.max_workers"),
      forceValidatorPermit: v["blacklist.force_validator_permit"] !== false,
      allowNonRegistered: v["blacklist.allow_non_registered"] === true,
      epochLength: intOption(v, "neuron.epoch_length"),
      dataDir: neuronDir(v, io.env, netuid, "miner"),
      logger,
      signal: io.signal,
    });
    io.print(`miner uid ${miner.uid} serving ${subnet.name} on netuid ${netuid} at port ${miner.addr.port}`);
    await miner.finished;
    return 0;
  },
};
