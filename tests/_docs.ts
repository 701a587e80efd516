/**
 * The docs run as written: every fenced ```sh block of README.md and docs/*.md is executed, in order,
 * against a devnet this test starts. A block preceded by `<!-- docs-test: skip: <reason> -->` (on the line
 * before its fence, or the one before that when deno fmt put a blank line between) is left out.
 * A ```ts block runs only when it is marked: `<!-- docs-test: file: <path> -->` saves it as that file
 * (in the folder the doc's commands are in at that point, such as a project `subnet new` made), and
 * `<!-- docs-test: run: <path> -->` saves it and runs it with `deno run -A <path>`; at the end every
 * saved file is type-checked (`deno check`) with the deno.json of the folder it is in.
 *
 * How a file runs: its blocks become one bash script (`set -euo pipefail`, commands echoed), run in a
 * scratch folder that links to the repository's files (so `deno run -A main.ts …` works and outputs
 * land in the scratch folder) with a scratch HOME. `subnet` and `deno` on PATH run this checkout.
 * `ws://127.0.0.1:9944` becomes the devnet's endpoint, which is also BT_SUBTENSOR_CHAIN_ENDPOINT.
 * Each port a doc names (`--axon.port N`, `127.0.0.1:N`, `port: N`) gets one free port for the whole
 * file, so a command and the query that reaches it agree. Commands a doc puts in the background
 * (`… &`) are stopped when its script ends. New wallets' coldkey passwords come from BT_COLD_PW_<NAME>.
 *
 * The transcript (every command and its output) is printed with DOCS_TRANSCRIPT=1, and always when
 * a file fails. DOCS_FILE=docs/x.md runs one file alone. The README a `subnet new` project gets runs
 * last, in such a project (DOCS_FILE=my-subnet/README.md).
 *
 * @module
 */
import assert from "node:assert/strict";
import { startDevnet } from "../devnet/mod.ts";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const MARKER = /^<!--\s*docs-test:\s*(skip|file|run):\s*(.+?)\s*-->\s*$/;
const PASSWORD = "docs-test-password";
const FILE_TIMEOUT_MS = 600_000;
/** `DOCS_FILE=docs/x.md` runs that file alone (while writing it). */
const ONLY = Deno.env.get("DOCS_FILE");
/** The name the README of a `subnet new` project runs under (and `DOCS_FILE` takes). */
const GENERATED_README = "my-subnet/README.md";

/** Signals every process a doc started (its session's process group). */
function stopGroup(pid: number, signal: Deno.Signal): void {
  try {
    Deno.kill(-pid, signal);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err; // nothing left to stop
  }
}

/** A fenced block the harness acts on, and where it is. */
interface Block {
  line: number;
  code: string;
  /** Why the block is left out. */
  skip?: string;
  /** A TypeScript block: the file it is saved as. */
  file?: string;
  /** Whether the saved TypeScript file is also run. */
  run?: boolean;
}

function blocks(markdown: string): Block[] {
  const lines = markdown.split("\n");
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(sh|bash|shell|ts|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) body.push(lines[i]);
    // The marker sits on the line before the fence (deno fmt may put one blank line between).
    let before = start - 1;
    if (before >= 0 && lines[before].trim() === "") before--;
    const [, kind, value] = (before >= 0 ? MARKER.exec(lines[before]) : null) ?? [];
    const code = body.join("\n");
    if (open[1].startsWith("t")) {
      if (kind === "file" || kind === "run") out.push({ line: start + 1, code, file: value, run: kind === "run" });
      continue; // an unmarked TypeScript block is an illustration
    }
    out.push({ line: start + 1, code, skip: kind === "skip" ? value : undefined });
  }
  return out;
}

function freePort(): number {
  using l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  return (l.addr as Deno.NetAddr).port;
}

/** A doc's ports, each mapped to one free port for the whole file (9944, the devnet's, stays). */
function portMapper(): (code: string) => string {
  const ports = new Map<string, number>();
  const map = (port: string) => {
    if (port === "9944") return port;
    if (!ports.has(port)) ports.set(port, freePort());
    return String(ports.get(port));
  };
  return (code) =>
    code
      .replace(/(--axon\.port |port: )(\d{2,5})\b/g, (_, lead, port) => lead + map(port))
      .replace(/\b127\.0\.0\.1:(\d{2,5})\b/g, (_, port) => `127.0.0.1:${map(port)}`);
}

function script(file: string, list: Block[], endpoint: string): string {
  const parts = [
    "set -euo pipefail",
    "exec 2>&1",
    "export PS4='$ '",
    "DOCS_TS=()",
  ];
  const ports = portMapper();
  for (const b of list) {
    if (b.skip) {
      parts.push(`echo '### ${file}:${b.line} skipped: ${b.skip.replaceAll("'", "")}'`);
      continue;
    }
    const code = ports(b.code).replaceAll("ws://127.0.0.1:9944", endpoint);
    if (b.file) {
      const path = `'${b.file.replaceAll("'", "")}'`;
      parts.push(
        `echo '### ${file}:${b.line} saved as '${path}`,
        `mkdir -p "$(dirname ${path})"`,
        `cat > ${path} <<'DOCS_TEST_EOF'\n${code}\nDOCS_TEST_EOF`,
        `DOCS_TS+=("$PWD/"${path})`,
      );
      if (b.run) parts.push("set -x", `deno run -A ${path}`, "{ set +x; } 2>/dev/null");
      continue;
    }
    parts.push(`echo '### ${file}:${b.line}'`, "set -x", code, "{ set +x; } 2>/dev/null");
  }
  // The TypeScript a doc saved type-checks where it was saved (with that folder's deno.json).
  parts.push(`if [ \${#DOCS_TS[@]} -gt 0 ]; then echo '### ${file}: type check'; deno check "\${DOCS_TS[@]}"; fi`);
  // A doc's background commands (miners, validators) run until the end: one that stopped early failed.
  parts.push(
    "sleep 2",
    `if jobs -l | grep -E "Exit|Done"; then echo "### ${file}: a background command ended early"; exit 1; fi`,
  );
  return parts.join("\n") + "\n";
}

async function scratch(): Promise<{ cwd: string; home: string; bin: string }> {
  const dir = await Deno.makeTempDir({ prefix: "subnet-docs-" });
  const cwd = `${dir}/repo`, home = `${dir}/home`, bin = `${dir}/bin`;
  await Promise.all([Deno.mkdir(cwd), Deno.mkdir(home), Deno.mkdir(bin)]);
  for await (const e of Deno.readDir(ROOT)) {
    if ([".git", ".tmp", "dist"].includes(e.name)) continue;
    await Deno.symlink(`${ROOT}/${e.name}`, `${cwd}/${e.name}`);
  }
  const deno = Deno.execPath();
  await Deno.writeTextFile(`${bin}/subnet`, `#!/bin/sh\nexec "${deno}" run -A "${ROOT}/main.ts" "$@"\n`);
  await Deno.writeTextFile(`${bin}/deno`, `#!/bin/sh\nexec "${deno}" "$@"\n`);
  await Deno.chmod(`${bin}/subnet`, 0o755);
  await Deno.chmod(`${bin}/deno`, 0o755);
  return { cwd, home, bin };
}

/** What {@linkcode runDocs} runs. */
export interface DocsRun {
  /** Docs of this repository, relative to its root, run in order. */
  files: readonly string[];
  /** Also run the README of a fresh `subnet new` project, in that project. */
  generatedReadme?: boolean;
  /** Fewer runnable blocks than this fails the test (a harness that finds nothing proves nothing). */
  minBlocks: number;
}

/**
 * Runs docs' blocks as scripts against one devnet, one test step per doc.
 *
 * @example
 * ```ts ignore
 * Deno.test("docs", (t) => runDocs(t, { files: ["README.md"], minBlocks: 1 }));
 * ```
 */
export async function runDocs(t: Deno.TestContext, run: DocsRun): Promise<void> {
  const files = run.files.filter((f) => !ONLY || f === ONLY);
  await using net = await startDevnet({ port: 0, allowLocalIp: true, blockTimeMs: 250 });
  const { cwd, home, bin } = await scratch();
  const realHome = Deno.env.get("HOME") ?? "/root";
  const env: Record<string, string> = {
    PATH: `${bin}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
    HOME: home,
    DENO_DIR: Deno.env.get("DENO_DIR") ?? `${realHome}/.cache/deno`,
    npm_config_cache: Deno.env.get("npm_config_cache") ?? `${realHome}/.npm`,
    BT_SUBTENSOR_CHAIN_ENDPOINT: net.endpoint,
    BT_COLD_PW_MINER: PASSWORD,
    BT_COLD_PW_VALIDATOR: PASSWORD,
    BT_COLD_PW_OWNER: PASSWORD,
    NO_COLOR: "1",
  };
  let ran = 0, skipped = 0;
  /** Runs one doc's blocks as a script in `dir`; fails with its transcript. */
  const runDoc = async (file: string, markdown: string, dir: string) => {
    const list = blocks(markdown);
    if (list.length === 0) return;
    ran += list.filter((b) => !b.skip).length;
    skipped += list.filter((b) => b.skip).length;
    await t.step(`${file} (${list.length} blocks)`, async () => {
      // Output goes to a file, not a pipe: a doc's background commands must not hold the test open.
      // The script runs in its own session, so everything it started is stopped with one signal.
      const log = `${home}/../${file.replaceAll("/", "_")}.log`;
      const child = new Deno.Command("setsid", {
        args: ["bash", "-c", `exec > "${log}" 2>&1\n${script(file, list, net.endpoint)}`],
        cwd: dir,
        env,
        clearEnv: true,
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn();
      const timer = setTimeout(() => stopGroup(child.pid, "SIGKILL"), FILE_TIMEOUT_MS);
      const result = await child.status.finally(() => clearTimeout(timer));
      stopGroup(child.pid, "SIGTERM");
      const transcript = await Deno.readTextFile(log);
      if (!result.success || Deno.env.get("DOCS_TRANSCRIPT")) console.log(`--- ${file}\n${transcript}`);
      assert.equal(result.code, 0, `${file} failed (exit ${result.code}); see the transcript above`);
      assert.ok(!/\bbug:/.test(transcript), `${file} printed "bug:"`);
    });
  };
  try {
    for (const file of files) await runDoc(file, await Deno.readTextFile(`${ROOT}/${file}`), cwd);
    // The README that `subnet new` writes is a doc too: run it in a fresh project outside the repository.
    if (run.generatedReadme && (!ONLY || ONLY === GENERATED_README)) {
      const made = await new Deno.Command(`${bin}/subnet`, {
        args: ["new", "my-subnet"],
        cwd: home,
        env,
        clearEnv: true,
      })
        .output();
      assert.equal(made.code, 0, new TextDecoder().decode(made.stderr));
      await runDoc(GENERATED_README, await Deno.readTextFile(`${home}/my-subnet/README.md`), `${home}/my-subnet`);
    }
  } finally {
    await Deno.remove(`${cwd}/..`, { recursive: true }).catch(() => {});
  }
  assert.ok(ONLY || ran >= run.minBlocks, `only ${ran} blocks ran (${skipped} skipped)`);
}

/** Every doc of the repository: README.md, then docs/*.md by name. */
export function allDocs(): string[] {
  return ["README.md", ...[...Deno.readDirSync(`${ROOT}/docs`)].map((e) => `docs/${e.name}`).sort()]
    .filter((f) => f.endsWith(".md"));
}
