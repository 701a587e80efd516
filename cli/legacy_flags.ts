/**
 * Flags of the Python subnet template and the bittensor SDK that have no meaning here, so that a
 * launch line copied from the template's docs runs: each is accepted with one warning line, or
 * rewritten to our equivalent (`--axon_off` → `--neuron.axon_off`, `--no_prompt` → `--no-prompt`).
 * A command that declares a flag itself (say `--logging.debug`) parses it as usual.
 *
 * @module
 */
import type { OptionSpecs } from "./args.ts";

/** Python flags without a value (`store_true`) that change nothing here. */
const IGNORED_SWITCHES: readonly string[] = [
  "mock",
  "subtensor._mock",
  "wandb.off",
  "wandb.offline",
  "logging.record_log",
  "logging.info",
  "logging.debug",
  "logging.trace",
  "neuron.dont_save_events",
  "neuron.axon_off",
  "axon_off",
];

/** Python flags taking a value that change nothing here. */
const IGNORED_VALUES: readonly string[] = [
  "neuron.device",
  "neuron.events_retention_size",
  "wandb.project_name",
  "wandb.entity",
  "wandb.notes",
];

/** Python spellings with an equivalent here. */
const RENAMED: Readonly<Record<string, string>> = {
  axon_off: "neuron.axon_off",
  no_prompt: "no-prompt",
  "subtensor.chain-endpoint": "subtensor.chain_endpoint",
};

/** What `legacyFlags` returns. */
export interface LegacyFlagsResult {
  /** The arguments to parse: ignored flags removed, renamed ones rewritten. */
  args: string[];
  /** At most one line naming what was ignored or rewritten. */
  warnings: string[];
}

/**
 * Rewrites Python-template flags in `argv` for a command that declares `options`.
 *
 * @example
 * ```ts
 * import { legacyFlags } from "./legacy_flags.ts";
 * const r = legacyFlags(["--wandb.off", "--neuron.device", "cuda", "--netuid", "1"], { netuid: { type: "string", help: "" } });
 * console.assert(r.args.join(" ") === "--netuid 1" && r.warnings.length === 1);
 * ```
 */
export function legacyFlags(argv: readonly string[], options: OptionSpecs): LegacyFlagsResult {
  const args: string[] = [];
  const ignored: string[] = [];
  const renamed: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      args.push(...argv.slice(i));
      break;
    }
    const m = /^--([^=]+)(=.*)?$/.exec(arg);
    const name = m?.[1];
    if (!m || name === undefined || options[name]) {
      args.push(arg);
      continue;
    }
    const target = RENAMED[name];
    if (target && options[target]) {
      args.push(`--${target}${m[2] ?? ""}`);
      renamed.push(`--${name} as --${target}`);
    } else if (IGNORED_SWITCHES.includes(name)) {
      ignored.push(`--${name}`);
    } else if (IGNORED_VALUES.includes(name)) {
      if (m[2] === undefined && i + 1 < argv.length) i++;
      ignored.push(`--${name}`);
    } else {
      args.push(arg);
    }
  }
  const parts = [
    ignored.length ? `ignoring ${ignored.join(", ")} (Python template flags with no effect here)` : "",
    renamed.length ? `reading ${renamed.join(", ")}` : "",
  ].filter(Boolean);
  return { args, warnings: parts.length ? [parts.join("; ")] : [] };
}
