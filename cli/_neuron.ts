/**
 * What the `miner`, `validator` and `demo` commands share: the template's `--neuron.*` flags, the
 * logger from `--logging.*`, and each neuron's folder (`<logging_dir>/<wallet>/<hotkey>/netuid<N>/<name>`).
 *
 * @module
 */
import { uriLabel } from "../wallet/secret_uri.ts";
import type { OptionSpecs } from "./args.ts";
import { consoleLogger } from "./log.ts";
import type { Logger } from "../protocol/logger.ts";
import { expandHome } from "../wallet/wallet.ts";

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** `--subnet` and the template's base neuron flags. */
export const neuronOptions: OptionSpecs = {
  subnet: {
    type: "string",
    help: "The subnet module: a built-in name (template, sn21) or a module path",
    default: "template",
    valueName: "<name|path>",
  },
  "neuron.name": { type: "string", help: "Folder name of this neuron's state", valueName: "<name>" },
  "neuron.epoch_length": {
    type: "string",
    help: "Blocks between metagraph resyncs (and weight settings)",
    default: "100",
    valueName: "<blocks>",
  },
};

/** The template's validator flags. */
export const validatorOptions: OptionSpecs = {
  "neuron.timeout": { type: "string", help: "Seconds a query may take", default: "12", valueName: "<s>" },
  "neuron.num_concurrent_forwards": { type: "string", help: "Forwards run at once", default: "1", valueName: "<n>" },
  "neuron.sample_size": { type: "string", help: "Miners queried per step", default: "50", valueName: "<n>" },
  "neuron.disable_set_weights": { type: "boolean", help: "Never set weights" },
  "neuron.mechid": {
    type: "string",
    help: "Incentive mechanism to set weights on (unless the subnet scores several)",
    default: "0",
    valueName: "<n>",
  },
  "neuron.moving_average_alpha": {
    type: "string",
    help: "Weight of a new reward in the score average",
    default: "0.1",
    valueName: "<x>",
  },
  "neuron.axon_off": { type: "boolean", help: "Do not serve an axon (no /metrics)" },
  "neuron.vpermit_tao_limit": {
    type: "string",
    help: "Skip permit holders with more TAO staked than this",
    default: "4096",
    valueName: "<tao>",
  },
  "neuron.step_interval_ms": {
    type: "string",
    help: "Pause between steps (the template sleeps 5 s)",
    default: "5000",
    valueName: "<ms>",
  },
};

/** The template's miner flags. */
export const minerOptions: OptionSpecs = {
  "blacklist.force_validator_permit": {
    type: "boolean",
    help: "Refuse callers without a validator permit (on by default; --no-blacklist.force_validator_permit)",
    default: true,
  },
  "blacklist.allow_non_registered": { type: "boolean", help: "Accept callers not registered on the subnet" },
};

/**
 * The console logger `--logging.debug/--logging.trace/--logging.json` ask for.
 *
 * @example
 * ```ts
 * import { loggerFromOptions } from "./_neuron.ts";
 * const log = loggerFromOptions({ "logging.json": true });
 * ```
 */
export function loggerFromOptions(values: Values, write?: (line: string) => void): Logger {
  return consoleLogger({
    debug: values["logging.debug"] === true || values["logging.trace"] === true,
    json: values["logging.json"] === true,
    write,
  });
}

/**
 * The neuron's folder, as the template lays it out: `<logging_dir>/<wallet>/<hotkey>/netuid<N>/<name>`;
 * with `--dev //Alice` the wallet part is `dev-Alice`.
 *
 * @example
 * ```ts
 * import { neuronDir } from "./_neuron.ts";
 * console.assert(neuronDir({ dev: "//Alice", "logging.logging_dir": "/x" }, {}, 1, "miner") === "/x/dev-Alice/dev-Alice/netuid1/miner");
 * ```
 */
export function neuronDir(values: Values, env: Readonly<Record<string, string>>, netuid: number, role: string): string {
  const base = expandHome(String(values["logging.logging_dir"] ?? "~/.bittensor/miners"), env.HOME);
  const dev = typeof values.dev === "string" ? `dev-${uriLabel(values.dev)}` : undefined;
  const wallet = dev ?? String(values["wallet.name"] ?? "default");
  const hotkey = dev ?? String(values["wallet.hotkey"] ?? "default");
  const name = typeof values["neuron.name"] === "string" ? values["neuron.name"] : role;
  return `${base}/${wallet}/${hotkey}/netuid${netuid}/${name}`;
}
