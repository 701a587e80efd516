/**
 * `deno task compile`: builds the single `subnet` executable with `deno compile`.
 *
 * `deno compile` needs Deno's `denort` runtime for the target, which it downloads from Deno's
 * servers unless `DENORT_BIN` points at a local copy. Without either, this task says so and exits
 * 1 instead of failing obscurely.
 *
 * Usage:
 *   deno task compile                       # dist/subnet for this machine
 *   deno task compile --target all          # every supported target, dist/subnet-<target>[.exe]
 *   deno task compile --target x86_64-pc-windows-msvc
 *   DENORT_BIN=/path/to/denort deno task compile
 *
 * @module
 */

const TARGETS = [
  "x86_64-unknown-linux-gnu",
  "aarch64-unknown-linux-gnu",
  "x86_64-apple-darwin",
  "aarch64-apple-darwin",
  "x86_64-pc-windows-msvc",
] as const;

function parseTargets(args: string[]): (string | undefined)[] {
  const i = args.indexOf("--target");
  if (i < 0) return [undefined];
  const value = args[i + 1];
  if (value === "all") return [...TARGETS];
  if (!value || !(TARGETS as readonly string[]).includes(value)) {
    console.error(`error: --target takes one of: all, ${TARGETS.join(", ")}`);
    Deno.exit(2);
  }
  return [value];
}

async function compile(target: string | undefined): Promise<boolean> {
  const output = target ? `dist/subnet-${target}${target.includes("windows") ? ".exe" : ""}` : "dist/subnet";
  const args = ["compile", "-A", "--no-check", "-o", output, ...(target ? ["--target", target] : []), "main.ts"];
  console.error(`compile: deno ${args.join(" ")}`);
  const result = await new Deno.Command(Deno.execPath(), { args, stdout: "inherit", stderr: "piped" }).output();
  const stderr = new TextDecoder().decode(result.stderr);
  if (result.code === 0) {
    const size = (await Deno.stat(output)).size;
    console.error(`compile: wrote ${output} (${(size / 1024 / 1024).toFixed(1)} MiB)`);
    return true;
  }
  console.error(stderr.trim());
  if (/denort|dl\.deno\.land|dns error|error sending request|failed to lookup/i.test(stderr)) {
    console.error(
      "\ncompile: cannot proceed: deno compile needs the denort runtime for this target and could not download it.\n" +
        "  - on a machine with internet access, run `deno task compile` again; or\n" +
        "  - set DENORT_BIN to a denort binary for the target (from the matching Deno release), then re-run; or\n" +
        "  - use the offline bundle instead: `deno task bundle`, then `deno run -A dist/subnet.js --help`.",
    );
  }
  return false;
}

if (import.meta.main) {
  await Deno.mkdir("dist", { recursive: true });
  let ok = true;
  for (const target of parseTargets(Deno.args)) ok = (await compile(target)) && ok;
  Deno.exit(ok ? 0 : 1);
}
