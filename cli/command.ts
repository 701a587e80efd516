/**
 * The shape of a `subnet` subcommand: declared once, and its help, environment variables and
 * parsing come from that declaration.
 *
 * @module
 */
import { editDistance, type OptionSpecs, parseArgs, type ParsedArgs, UsageError } from "./args.ts";
import { legacyFlags } from "./legacy_flags.ts";

/** Where a command writes and what it reads from its environment. Tests pass a capturing one. */
export interface CliIo {
  /** Writes one line to standard output. */
  print(line: string): void;
  /** Writes one line to standard error. */
  error(line: string): void;
  /** Writes raw bytes to standard output (for binary output such as retrieved files). */
  writeStdout(bytes: Uint8Array): Promise<void>;
  /** Writes raw bytes to standard error (progress lines redrawn with `\r`); absent in tests. */
  writeStderr?(bytes: Uint8Array): void;
  /** The process environment. Library code never reads `Deno.env`; commands read this. */
  env: Record<string, string>;
  /** Aborted on SIGINT/SIGTERM, so long-running commands can shut down cleanly. */
  signal: AbortSignal;
  /**
   * Asks a question on the terminal and returns the answer line; absent when there is no terminal
   * (commands then never prompt).
   */
  ask?(question: string): Promise<string | null>;
  /** Whether standard output and standard error are terminals (status lines redraw in place, progress shows). */
  isTerminal?: boolean;
}

/** What a command's `run` receives. */
export interface CommandContext {
  /** Parsed options and positionals. */
  args: ParsedArgs;
  /** Output and environment. */
  io: CliIo;
}

/** One subcommand, declared once. */
export interface CommandSpec {
  /** The word after `subnet`, such as `miner`. */
  name: string;
  /** One line shown in the command list and help. */
  summary: string;
  /** Usage after `subnet <name>`, such as `[options] <file>`. */
  usage?: string;
  /** Longer help text shown under the summary. */
  description?: string;
  /** The options it accepts. */
  options: OptionSpecs;
  /** Example invocations shown in help. */
  examples?: string[];
  /** How many positional words it takes at most (default 0); more is a usage error. */
  positionals?: number;
  /** Nested subcommands (`subnet wallet create`). When present, `run` is not used. */
  subcommands?: CommandSpec[];
  /** Runs the command and returns the exit code. Throw `UsageError` for the caller's mistakes. */
  run?(ctx: CommandContext): Promise<number>;
}

/**
 * Formats a command's help text from its declaration.
 *
 * @example
 * ```ts
 * import { formatHelp } from "./command.ts";
 * const help = formatHelp({ name: "x", summary: "Do x", options: {} }, "subnet x");
 * console.assert(help.startsWith("subnet x"));
 * ```
 */
export function formatHelp(spec: CommandSpec, path: string): string {
  const lines = [`${path} — ${spec.summary}`, ""];
  if (spec.description) lines.push(spec.description, "");
  if (spec.subcommands) {
    lines.push(`Usage: ${path} <command> [options]`, "", "Commands:");
    const width = Math.max(...spec.subcommands.map((c) => c.name.length));
    for (const sub of spec.subcommands) lines.push(`  ${sub.name.padEnd(width)}  ${sub.summary}`);
    lines.push("", `Run "${path} <command> --help" for a command's options.`);
  } else {
    lines.push(`Usage: ${path} ${spec.usage ?? "[options]"}`);
  }
  const options = Object.entries(spec.options);
  if (options.length) {
    lines.push("", "Options:");
    const flags = options.map(([name, o]) =>
      `${o.short ? `-${o.short}, ` : ""}--${name}${o.type === "string" ? ` ${o.valueName ?? "<value>"}` : ""}`
    );
    const width = Math.min(40, Math.max(...flags.map((f) => f.length)));
    options.forEach(([, o], i) => {
      const extra = [
        o.env ? `env: ${o.env}` : "",
        o.default !== undefined && o.default !== false ? `default: ${o.default}` : "",
      ].filter(Boolean).join(", ");
      const flag = flags[i].length > width ? `${flags[i]}\n  ${"".padEnd(width)}` : flags[i].padEnd(width);
      lines.push(`  ${flag}  ${o.help}${extra ? ` [${extra}]` : ""}`);
    });
  }
  if (spec.examples?.length) {
    // Examples are written for `subnet`; a subnet's own binary shows them under its own name.
    const program = path.split(" ")[0];
    lines.push("", "Examples:");
    for (const e of spec.examples) lines.push(`  ${e.replace(/^subnet(?= )/, program)}`);
  }
  return lines.join("\n");
}

/**
 * Whether `argv` asks for JSON output (`--json` or `--json=true`): errors are then one JSON line.
 *
 * @example
 * ```ts
 * import { wantsJson } from "./command.ts";
 * console.assert(wantsJson(["balance", "--json"]));
 * ```
 */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === "--json" || /^--json=(true|1|yes)$/i.test(a));
}

/**
 * Prints an error the way the CLI does: `error: <message>` lines, or with `json` one line
 * `{"error":{"code":"<kebab-case>","message":"…"}}` on standard error.
 *
 * @param io where to write
 * @param json whether `--json` was given
 * @param code a stable code such as `usage` or `chain/dispatch` (slashes become dashes)
 * @param message what failed and what to do
 * @param hint a line printed after the message in text mode only
 * @example
 * ```ts
 * import { printError } from "./command.ts";
 * const lines: string[] = [];
 * printError({ error: (l: string) => lines.push(l) }, true, "chain/dispatch", "Cannot stake");
 * console.assert(lines[0] === '{"error":{"code":"chain-dispatch","message":"Cannot stake"}}');
 * ```
 */
export function printError(
  io: Pick<CliIo, "error">,
  json: boolean,
  code: string,
  message: string,
  hint?: string,
): void {
  if (json) {
    const kebab = code.replace(/[/_.\s]+/g, "-").replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase();
    io.error(JSON.stringify({ error: { code: kebab, message } }));
    return;
  }
  io.error(`error: ${message}`);
  if (hint) io.error(hint);
}

/**
 * The closest of `names` to `word`, when close enough to suggest.
 *
 * @example
 * ```ts
 * import { closest } from "./command.ts";
 * console.assert(closest("metagrah", ["miner", "metagraph"]) === "metagraph");
 * ```
 */
export function closest(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(word.toLowerCase(), name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  if (best === undefined) return undefined;
  const prefix = best.startsWith(word.toLowerCase()) && word.length >= 2;
  return prefix || bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

/** A usage error for an unknown (sub)command word, with a "did you mean" hint. */
function unknownCommand(path: string, word: string, names: readonly string[]): UsageError {
  const guess = closest(word, names);
  return new UsageError(
    `Unknown command "${path} ${word}"${guess ? ` (did you mean "${path} ${guess}"?)` : ""} (commands: ${
      names.join(", ")
    })`,
  );
}

/**
 * Runs `spec` on `argv` (the words after its name): help, nested subcommands, parsing, then `run`.
 * Returns the exit code: 0 on success, 2 for a usage error (the message, then where help is).
 * Other errors propagate to the caller (`runCli` turns them into exit codes 1 or 70).
 *
 * @example
 * ```ts
 * import { runCommand } from "./command.ts";
 * // await runCommand(spec, ["--help"], io, "subnet miner");
 * ```
 */
export async function runCommand(spec: CommandSpec, argv: string[], io: CliIo, path: string): Promise<number> {
  try {
    return await dispatch(spec, argv, io, path);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    printError(io, wantsJson(argv), "usage", err.message, `(see: ${err.command ?? path} --help)`);
    return 2;
  }
}

async function dispatch(spec: CommandSpec, argv: string[], io: CliIo, path: string): Promise<number> {
  if (spec.subcommands) {
    const [word, ...rest] = argv;
    const names = spec.subcommands.map((c) => c.name);
    if (word === undefined || word === "--help" || word === "-h") {
      if (word === undefined) {
        io.error(formatHelp(spec, path));
        throw new UsageError(`"${path}" needs a command (${names.join(", ")})`);
      }
      io.print(formatHelp(spec, path));
      return 0;
    }
    if (word === "help") {
      if (rest.length === 0) {
        io.print(formatHelp(spec, path));
        return 0;
      }
      return await dispatch(spec, [...rest, "--help"], io, path);
    }
    const sub = spec.subcommands.find((c) => c.name === word);
    if (!sub) throw unknownCommand(path, word, names);
    return await dispatch(sub, rest, io, `${path} ${word}`);
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    io.print(formatHelp(spec, path));
    return 0;
  }
  try {
    const { args: known, warnings } = legacyFlags(argv, spec.options);
    for (const warning of warnings) io.error(`warning: ${warning}`);
    const args = parseArgs(known, spec.options, io.env);
    const max = spec.positionals ?? 0;
    if (args.positionals.length > max) {
      const extra = args.positionals[max];
      throw new UsageError(
        `Unexpected argument "${extra}": ${path} takes ${
          max === 0 ? "no positional arguments" : `at most ${max}`
        } (options start with --)`,
      );
    }
    return await spec.run!({ args, io });
  } catch (err) {
    if (err instanceof UsageError) err.command ??= path;
    throw err;
  }
}
