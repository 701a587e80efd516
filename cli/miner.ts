/**
 * `subnet miner`: serve an axon with a subnet's synapses, announced on chain.
 *
 * @module
 */
import type { CommandSpec } from "./command.ts";
import { connectFromOptions, requireSubnet } from "./_chain.ts";
import { boundedInt, netuidValue } from "./_input.ts";
import { keysFromOptions } from "./keys.ts";
import { axonInput, explainPortInUse, loggerFromOptions, minerOptions, neuronDir, neuronOptions } from "./_neuron.ts";
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
    const netuid = netuidValue(v);
    const axon = axonInput(v);
    const maxConcurrency = boundedInt(v, "axon.max_workers", 1, 65535);
    const epochLength = boundedInt(v, "neuron.epoch_length", 1, 1_000_000);
    const logger = loggerFromOptions(v, io.error);
    const keys = keysFromOptions(v, io.env, { logger });
    const keypair = await keys.hotkey();
    const subnet = await resolveSubnetModule(String(v.subnet), Deno.cwd());
    await using chain = await connectFromOptions(v, logger);
    await requireSubnet(chain, netuid);
    const miner = await explainPortInUse(axon.port, () =>
      startMiner({
        chain,
        keypair,
        netuid,
        subnet,
        ...axon,
        maxConcurrency,
        forceValidatorPermit: v["blacklist.force_validator_permit"] !== false,
        allowNonRegistered: v["blacklist.allow_non_registered"] === true,
        epochLength,
        dataDir: neuronDir(v, io.env, netuid, "miner"),
        logger,
        signal: io.signal,
      }));
    io.print(`miner uid ${miner.uid} serving ${subnet.name} on netuid ${netuid} at port ${miner.addr.port}`);
    await miner.finished;
    return 0;
  },
};
