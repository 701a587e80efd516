/**
 * The shape of a `subnet` subcommand: declared once, and its help, environment variables and
 * parsing come from that declaration.
 *
 * @module
 */
import { type OptionSpecs, parseArgs, type ParsedArgs, UsageError } from "./args.ts";

/** Where a command writes and what it reads from its environment. Tests pass a capturing one. */
export interface CliIo {
  /** Writes one line to standard output. */
  print(line: string): void;
  /** Writes one line to standard error. */
  error(line: string): void;
  /** Writes raw bytes to standard output (for binary output such as retrieved files). */
  writeStdout(bytes: Uint8Array): Promise<void>;
  /** The process environment. Library code never reads `Deno.env`; commands read this. */
  env: Record<string, string>;
  /** Aborted on SIGINT/SIGTERM, so long-running commands can shut down cleanly. */
  signal: AbortSignal;
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
    lines.push("", "Examples:");
    for (const e of spec.examples) lines.push(`  ${e}`);
  }
  return lines.join("\n");
}

/**
 * Runs `spec` on `argv` (the words after its name): help, nested subcommands, parsing, then `run`.
 * Returns the exit code: 0 on success, 2 for a usage error (help, then the message).
 *
 * @example
 * ```ts
 * import { runCommand } from "./command.ts";
 * // await runCommand(spec, ["--help"], io, "subnet miner");
 * ```
 */
export async function runCommand(spec: CommandSpec, argv: string[], io: CliIo, path: string): Promise<number> {
  if (spec.subcommands) {
    const [word, ...rest] = argv;
    if (word === undefined || word === "--help" || word === "-h" || word === "help") {
      io.print(formatHelp(spec, path));
      return word === undefined ? 2 : 0;
    }
    const sub = spec.subcommands.find((c) => c.name === word);
    if (!sub) {
      io.error(
        `error: Unknown command "${path} ${word}" (commands: ${spec.subcommands.map((c) => c.name).join(", ")})`,
      );
      return 2;
    }
    return await runCommand(sub, rest, io, `${path} ${word}`);
  }
  if (argv.includes("--help") || argv.includes("-h")) {
    io.print(formatHelp(spec, path));
    return 0;
  }
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, spec.options, io.env);
    return await spec.run!({ args, io });
  } catch (err) {
    if (err instanceof UsageError) {
      io.error(`error: ${err.message}`);
      io.error(`(see: ${path} --help)`);
      return 2;
    }
    throw err;
  }
}
