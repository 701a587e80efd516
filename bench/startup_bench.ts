/**
 * Start-up cost of the CLI, as fresh processes: `subnet --help` cold start and `subnet metagraph`
 * against a devnet, each against `deno run` of an empty script (the baseline). Target: `--help` ≤
 * 1.5× the baseline.
 *
 * Run: `deno bench -A bench/startup_bench.ts`
 */
import { startDevnet } from "../devnet/mod.ts";

const root = new URL("..", import.meta.url).pathname;
const empty = await Deno.makeTempFile({ suffix: ".ts" });
const net = await startDevnet({ port: 0, blockTimeMs: 1000 });

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

Deno.bench({ name: "subnet metagraph --json (devnet)", group: "startup" }, async () => {
  await run([
    "run",
    "-A",
    "main.ts",
    "metagraph",
    "--netuid",
    "1",
    "--json",
    "--subtensor.chain_endpoint",
    net.endpoint,
  ]);
});

globalThis.addEventListener("unload", () => {
  net.close();
});
