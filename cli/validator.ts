/**
 * `subnet validator`: query miners, score them, and set weights.
 *
 * @module
 */
import { intOption, numberOption } from "./args.ts";
import type { CommandSpec } from "./command.ts";
import { connectFromOptions } from "./_chain.ts";
import { keysFromOptions } from "./keys.ts";
import { loggerFromOptions, neuronDir, neuronOptions, validatorOptions } from "./_neuron.ts";
import { axonOptions, loggingOptions, netuidOption, subtensorOptions, walletOptions } from "./options.ts";
import { startValidator } from "../neurons/validator.ts";
import { resolveSubnetModule } from "../subnets/modules.ts";

/** `subnet validator`. */
export const validatorCommand: CommandSpec = {
  name: "validator",
  summary: "Query miners, score them and set weights",
  description: "The template's validator loop. State (step, scores, hotkeys) is loaded before anything else and " +
    "saved atomically after every step in <logging_dir>/<wallet>/<hotkey>/netuid<N>/validator/state.json. " +
    "Weights are set every --neuron.epoch_length blocks (commit-reveal when the subnet requires it). " +
    "Stops cleanly on SIGINT/SIGTERM.",
  options: {
    ...netuidOption,
    ...neuronOptions,
    ...validatorOptions,
    ...walletOptions,
    ...subtensorOptions,
    ...axonOptions,
    ...loggingOptions,
  },
  examples: [
    "subnet validator --netuid 1 --wallet.name validator --wallet.hotkey default",
    "subnet validator --netuid 1 --dev //Alice --neuron.epoch_length 10 --neuron.step_interval_ms 500",
  ],
  async run({ args, io }) {
    const v = args.values;
    const netuid = intOption(v, "netuid")!;
    const logger = loggerFromOptions(v, io.error);
    const keys = keysFromOptions(v, io.env, { logger });
    const keypair = await keys.hotkey();
    const subnet = await resolveSubnetModule(String(v.subnet), Deno.cwd());
    const dir = neuronDir(v, io.env, netuid, "validator");
    await using chain = await connectFromOptions(v, logger);
    const validator = await startValidator({
      chain,
      keypair,
      netuid,
      subnet,
      statePath: `${dir}/state.json`,
      dataDir: dir,
      sampleSize: intOption(v, "neuron.sample_size"),
      numConcurrentForwards: intOption(v, "neuron.num_concurrent_forwards"),
      movingAverageAlpha: numberOption(v, "neuron.moving_average_alpha"),
      epochLength: intOption(v, "neuron.epoch_length"),
      mechid: intOption(v, "neuron.mechid"),
      disableSetWeights: v["neuron.disable_set_weights"] === true,
      vpermitTaoLimit: numberOption(v, "neuron.vpermit_tao_limit"),
      timeout: numberOption(v, "neuron.timeout"),
      stepIntervalMs: intOption(v, "neuron.step_interval_ms"),
      axon: v["neuron.axon_off"] === true ? undefined : {
        port: intOption(v, "axon.port"),
        hostname: String(v["axon.ip"]),
        externalIp: typeof v["axon.external_ip"] === "string" ? v["axon.external_ip"] : undefined,
        externalPort: intOption(v, "axon.external_port"),
      },
      logger,
      signal: io.signal,
      onStep: (s) => {
        const w = s.lastWeights
          ? ` weights@${s.lastWeights.block}=${s.lastWeights.ok ? s.lastWeights.message : "failed"}`
          : "";
        logger.info("validator.status", {
          block: s.block,
          step: s.step,
          status: `block ${s.block} step ${s.step}${w}`,
        });
      },
    });
    io.print(`validator uid ${validator.status().uid} on netuid ${netuid}, state in ${dir}/state.json`);
    await validator.finished;
    return 0;
  },
};
