/**
 * Command-line option parsing for the `subnet` CLI: declared options with types, defaults and
 * environment variables, Python-template flag names (`--wallet.name`), and unknown flags as a
 * usage error with a "did you mean" hint.
 *
 * @module
 */

/** One declared option. */
export interface OptionSpec {
  /** `string` takes a value (`--x v` or `--x=v`); `boolean` is a switch (`--x`, `--no-x`, `--x=false`). */
  type: "string" | "boolean";
  /** One line of help. */
  help: string;
  /** The value when neither the flag nor its environment variable is given. */
  default?: string | boolean;
  /** An environment variable that supplies the value when the flag is absent. */
  env?: string;
  /** The value placeholder in help, such as `<port>`. */
  valueName?: string;
  /** A one-letter alias such as `o`. */
  short?: string;
  /** May be given more than once; values collect into `multi`. */
  multiple?: boolean;
}

/** Declared options by long name (without the leading `--`). */
export type OptionSpecs = Record<string, OptionSpec>;

/** The result of parsing. */
export interface ParsedArgs {
  /** Values by long name; absent options without a default are missing. */
  values: Record<string, string | boolean | undefined>;
  /** Every value of options declared `multiple`. */
  multi: Record<string, string[]>;
  /** Arguments that are not options, in order. */
  positionals: string[];
}

/** A mistake in how the CLI was called: help is shown, exit code 2. */
export class UsageError extends Error {
  /** The command whose help applies, such as `subnet miner` (set by the command runner). */
  command?: string;
  /**
   * Creates a usage error.
   *
   * @param message what is wrong, and what to do
   */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Parses `args` against `specs`. Flags may appear anywhere; `--` ends option parsing.
 *
 * @example
 * ```ts
 * import { parseArgs } from "./args.ts";
 * const { values } = parseArgs(["--netuid", "1"], { netuid: { type: "string", help: "Subnet" } }, {});
 * console.assert(values.netuid === "1");
 * ```
 */
export function parseArgs(args: readonly string[], specs: OptionSpecs, env: Record<string, string>): ParsedArgs {
  const values: Record<string, string | boolean | undefined> = {};
  const multi: Record<string, string[]> = {};
  const positionals: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.short) byShort.set(spec.short, name);

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-" || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    let key = eq >= 0 ? arg.slice(0, eq) : arg;
    let inline: string | undefined = eq >= 0 ? arg.slice(eq + 1) : undefined;
    let name: string;
    if (key.startsWith("--")) name = key.slice(2);
    else if (key.length === 2 && byShort.has(key[1])) name = byShort.get(key[1])!;
    else throw new UsageError(`Unknown option "${key}"${hint(key.replace(/^-+/, ""), specs)}`);

    let spec = specs[name];
    if (!spec && name.startsWith("no-") && specs[name.slice(3)]?.type === "boolean" && inline === undefined) {
      name = name.slice(3);
      spec = specs[name];
      inline = "false";
      key = `--${name}`;
    }
    if (!spec) throw new UsageError(`Unknown option "--${name}"${hint(name, specs)}`);

    let value: string | boolean;
    if (spec.type === "boolean") {
      if (inline === undefined) value = true;
      else if (/^(true|1|yes)$/i.test(inline)) value = true;
      else if (/^(false|0|no)$/i.test(inline)) value = false;
      else throw new UsageError(`Option "${key}" takes true or false, not "${inline}"`);
    } else {
      if (inline !== undefined) value = inline;
      else if (i + 1 < args.length) value = args[++i];
      else throw new UsageError(`Option "${key}" needs a value${spec.valueName ? ` ${spec.valueName}` : ""}`);
    }
    values[name] = value;
    if (spec.multiple && typeof value === "string") (multi[name] ??= []).push(value);
  }

  for (const [name, spec] of Object.entries(specs)) {
    if (values[name] !== undefined) continue;
    const fromEnv = spec.env ? env[spec.env] : undefined;
    if (fromEnv !== undefined && fromEnv !== "") {
      values[name] = spec.type === "boolean" ? /^(true|1|yes)$/i.test(fromEnv) : fromEnv;
    } else if (spec.default !== undefined) {
      values[name] = spec.default;
    }
  }
  return { values, multi, positionals };
}

function hint(given: string, specs: OptionSpecs): string {
  let best = "";
  let bestDistance = Infinity;
  for (const name of Object.keys(specs)) {
    const d = editDistance(given, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  const close = best && bestDistance <= Math.max(2, Math.floor(best.length / 3));
  return close ? ` (did you mean "--${best}"?)` : " (see --help)";
}

/**
 * Levenshtein distance between two short strings.
 *
 * @example
 * ```ts
 * import { editDistance } from "./args.ts";
 * console.assert(editDistance("netuid", "netid") === 1);
 * ```
 */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/**
 * Reads an option as an integer, with a usage error naming the flag when it is not one.
 *
 * @example
 * ```ts
 * import { intOption } from "./args.ts";
 * console.assert(intOption({ netuid: "3" }, "netuid") === 3);
 * ```
 */
export function intOption(
  values: Record<string, string | boolean | undefined>,
  name: string,
): number | undefined {
  const raw = values[name];
  if (raw === undefined || raw === false) return undefined;
  const text = String(raw).trim();
  if (!/^-?\d+$/.test(text)) throw new UsageError(`Option "--${name}" takes a whole number, not "${raw}"`);
  return Number(text);
}

/**
 * Reads an option as a finite number, with a usage error naming the flag when it is not one.
 *
 * @example
 * ```ts
 * import { numberOption } from "./args.ts";
 * console.assert(numberOption({ "neuron.moving_average_alpha": "0.1" }, "neuron.moving_average_alpha") === 0.1);
 * ```
 */
export function numberOption(
  values: Record<string, string | boolean | undefined>,
  name: string,
): number | undefined {
  const raw = values[name];
  if (raw === undefined || raw === false) return undefined;
  const n = Number(String(raw).trim());
  if (String(raw).trim() === "" || !Number.isFinite(n)) {
    throw new UsageError(`Option "--${name}" takes a number, not "${raw}"`);
  }
  return n;
}

/**
 * Drops a `--` that comes right after the command name: `deno task miner -- --netuid 1` hands
 * Deno 2's `--` through, and there it separates nothing.
 *
 * @example
 * ```ts
 * import { dropTaskSeparator } from "./args.ts";
 * console.assert(dropTaskSeparator(["miner", "--", "--netuid", "1"]).join(" ") === "miner --netuid 1");
 * ```
 */
export function dropTaskSeparator(args: readonly string[]): string[] {
  return args[1] === "--" ? [args[0], ...args.slice(2)] : [...args];
}
