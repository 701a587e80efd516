/**
 * What the `miner`, `validator` and `demo` commands share: the template's `--neuron.*` flags, the
 * logger from `--logging.*`, and each neuron's folder (`<logging_dir>/<wallet>/<hotkey>/netuid<N>/<name>`).
 *
 * @module
 */
import { defaultSubnetName } from "../subnets/modules.ts";
import { uriLabel } from "../wallet/secret_uri.ts";
import { type OptionSpecs, UsageError } from "./args.ts";
import { portOption } from "./_input.ts";
import { SubnetError } from "../protocol/errors.ts";
import { consoleLogger } from "./log.ts";
import type { Logger } from "../protocol/logger.ts";
import { expandHome } from "../wallet/wallet.ts";

type Values = Readonly<Record<string, string | boolean | undefined>>;

/** `--subnet` and the template's base neuron flags. */
export const neuronOptions: OptionSpecs = {
  subnet: {
    type: "string",
    help: "The subnet module: a built-in name (template, sn21) or a module path",
    get default() {
      return defaultSubnetName();
    },
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

/** The axon's address from `--axon.*`, checked. */
export interface AxonInput {
  /** `--axon.port`. */
  port: number;
  /** `--axon.ip`, the bind address. */
  hostname: string;
  /** `--axon.external_ip`, when given. */
  externalIp?: string;
  /** `--axon.external_port`, when given. */
  externalPort?: number;
}

/**
 * Reads and checks the `--axon.*` options before any work.
 *
 * @throws {UsageError} for a port outside 1..65535 or an address that is not an IP
 * @example
 * ```ts
 * import { axonInput } from "./_neuron.ts";
 * console.assert(axonInput({ "axon.port": "8091", "axon.ip": "0.0.0.0" }).port === 8091);
 * ```
 */
export function axonInput(values: Values): AxonInput {
  const ip = (name: string): string | undefined => {
    const raw = values[name];
    if (typeof raw !== "string") return undefined;
    if (!isIp(raw)) {
      throw new UsageError(`Option "--${name}" takes an IPv4 or IPv6 address such as 203.0.113.5, not "${raw}"`);
    }
    return raw;
  };
  return {
    port: portOption(values, "axon.port") ?? 8091,
    hostname: ip("axon.ip") ?? "0.0.0.0",
    externalIp: ip("axon.external_ip"),
    externalPort: portOption(values, "axon.external_port"),
  };
}

function isIp(text: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) return v4.slice(1).every((p) => Number(p) <= 255);
  return /^[0-9a-f:]+$/i.test(text) && text.includes(":") && text.split("::").length <= 2;
}

/**
 * Runs `start` and turns "address in use" into one line naming the port and the flag.
 *
 * @throws {SubnetError} `cli/port-in-use`
 * @example
 * ```ts ignore
 * import { explainPortInUse } from "./_neuron.ts";
 * const miner = await explainPortInUse(8091, () => startMiner(options));
 * ```
 */
export async function explainPortInUse<T>(port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (err) {
    if (err instanceof Deno.errors.AddrInUse || (err as { code?: string })?.code === "EADDRINUSE") {
      throw new SubnetError(
        "cli/port-in-use",
        `Cannot serve the axon: port ${port} is already in use (stop what listens there, or choose another with --axon.port)`,
        { cause: err },
      );
    }
    throw err;
  }
}
