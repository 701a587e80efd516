/**
 * Child processes for the hostile-peer tests: start a Deno script, wait for its `listening on P`
 * line, and stop it by its own pid.
 *
 * @module
 */

/** A started child that printed `listening on P`. */
export interface Listening extends AsyncDisposable {
  /** The port it printed. */
  port: number;
  /** The child's pid. */
  pid: number;
  /** RSS of the child in MiB, read from /proc (Linux), or NaN. */
  rssMiB(): number;
}

/** Whether `prlimit` (util-linux) is on the PATH. */
export function hasPrlimit(): boolean {
  try {
    return new Deno.Command("prlimit", { args: ["--version"], stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

/**
 * Starts `script` with `args` and waits (up to 60 s) for it to print `listening on P`. With
 * `nofile`, the child runs under `prlimit --nofile=N` (same pid: prlimit execs it).
 */
export async function startListening(
  script: string,
  args: string[],
  options: { nofile?: number } = {},
): Promise<Listening> {
  const deno = [Deno.execPath(), "run", "-A", script, ...args];
  const command = options.nofile ? ["prlimit", `--nofile=${options.nofile}`, ...deno] : deno;
  const child = new Deno.Command(command[0], {
    args: command.slice(1),
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const deadline = setTimeout(() => child.kill("SIGKILL"), 60_000);
  let port = 0;
  while (!port) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`${script} ended before listening: ${seen}`);
    seen += value;
    const m = /listening on (\d+)/.exec(seen);
    if (m) port = Number(m[1]);
  }
  clearTimeout(deadline);
  // Keep draining stdout so the child never blocks on a full pipe.
  (async () => {
    while (!(await reader.read()).done);
  })().catch(() => {});
  return {
    port,
    pid: child.pid,
    rssMiB() {
      try {
        const status = Deno.readTextFileSync(`/proc/${child.pid}/status`);
        return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
      } catch {
        return NaN;
      }
    },
    async [Symbol.asyncDispose]() {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
      await child.status;
    },
  };
}

/** Runs `script` to completion and returns its last stdout line parsed as JSON. */
export async function runJson(script: string, args: string[], extra: string[] = []): Promise<Record<string, unknown>> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...extra, script, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (out.code !== 0) throw new Error(`${script} exited ${out.code}: ${new TextDecoder().decode(out.stderr)}`);
  return JSON.parse(text.split("\n").pop()!);
}
