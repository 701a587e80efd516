/**
 * `subnet validator`: query miners, score them, and set weights.
 *
 * @module
 */
import { numberOption, UsageError } from "./args.ts";
import type { CommandSpec } from "./command.ts";
import { connectFromOptions, requireSubnet } from "./_chain.ts";
import { boundedInt, netuidValue } from "./_input.ts";
import { keysFromOptions } from "./keys.ts";
import {
  axonInput,
  explainPortInUse,
  loggerFromOptions,
  neuronDir,
  neuronOptions,
  validatorOptions,
} from "./_neuron.ts";
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
    const netuid = netuidValue(v);
    const axon = v["neuron.axon_off"] === true ? undefined : axonInput(v);
    const sampleSize = boundedInt(v, "neuron.sample_size", 1, 65535);
    const numConcurrentForwards = boundedInt(v, "neuron.num_concurrent_forwards", 1, 1024);
    const epochLength = boundedInt(v, "neuron.epoch_length", 1, 1_000_000);
    const stepIntervalMs = boundedInt(v, "neuron.step_interval_ms", 0, 86_400_000);
    const movingAverageAlpha = numberOption(v, "neuron.moving_average_alpha");
    if (movingAverageAlpha !== undefined && !(movingAverageAlpha > 0 && movingAverageAlpha <= 1)) {
      throw new UsageError(
        `Option "--neuron.moving_average_alpha" takes a number in (0, 1], not ${movingAverageAlpha}`,
      );
    }
    const timeout = numberOption(v, "neuron.timeout");
    if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`Option "--neuron.timeout" must be above 0`);
    const vpermitTaoLimit = numberOption(v, "neuron.vpermit_tao_limit");
    const logger = loggerFromOptions(v, io.error);
    const keys = keysFromOptions(v, io.env, { logger });
    const keypair = await keys.hotkey();
    const subnet = await resolveSubnetModule(String(v.subnet), Deno.cwd());
    const dir = neuronDir(v, io.env, netuid, "validator");
    await using chain = await connectFromOptions(v, logger);
    await requireSubnet(chain, netuid);
    const validator = await explainPortInUse(axon?.port ?? 0, () =>
      startValidator({
        chain,
        keypair,
        netuid,
        subnet,
        statePath: `${dir}/state.json`,
        dataDir: dir,
        sampleSize,
        numConcurrentForwards,
        movingAverageAlpha,
        epochLength,
        mechid: boundedInt(v, "neuron.mechid", 0, 255),
        disableSetWeights: v["neuron.disable_set_weights"] === true,
        vpermitTaoLimit,
        timeout,
        stepIntervalMs,
        axon,
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
      }));
    io.print(`validator uid ${validator.status().uid} on netuid ${netuid}, state in ${dir}/state.json`);
    await validator.finished;
    return 0;
  },
};
