/**
 * Start-up cost of the CLI: `subnet --help` cold start against `deno run` of an empty script (the
 * baseline), both as fresh processes. Target: `--help` ≤ 1.5× the baseline.
 *
 * Run: `deno bench -A bench/startup_bench.ts`
 */
const root = new URL("..", import.meta.url).pathname;
const empty = await Deno.makeTempFile({ suffix: ".ts" });

async function run(args: string[]): Promise<void> {
  const { code } = await new Deno.Command(Deno.execPath(), { args, cwd: root, stdout: "null", stderr: "null" })
    .output();
  if (code !== 0) throw new Error(`deno ${args.join(" ")} exited ${code}`);
}

Deno.bench({ name: "deno run <empty script>", group: "startup", baseline: true }, async () => {
  await run(["run", empty]);
});

Deno.bench({ name: "subnet --help", group: "startup" }, async () => {
  await run(["run", "-A", "main.ts", "--help"]);
});
