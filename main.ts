/**
 * The `subnet` binary.
 *
 * @module
 */
import { processIo, runCli } from "./cli/mod.ts";

if (import.meta.main) Deno.exit(await runCli(Deno.args, processIo()));
