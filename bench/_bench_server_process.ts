/**
 * Starts `bench/_axon_bench_server.ts` in a process of its own (so its CPU time is its own) and reads
 * the ports and hotkey it prints once it listens.
 *
 * @module
 */

/** A running bench server. */
export interface BenchServerProcess {
  /** Its process id (for its CPU time in /proc). */
  pid: number;
  /** The ports it listens on, in order. */
  ports: number[];
  /** The axon's hotkey (SS58). */
  hotkey: string;
  /** Ends it (closing its standard input) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts the bench server with `args` (its mode and options).
 *
 * @example
 * ```ts ignore
 * const server = await startBenchServer(["axon"]);
 * await fetch(`http://127.0.0.1:${server.ports[0]}/`);
 * await server.stop();
 * ```
 */
export async function startBenchServer(args: readonly string[]): Promise<BenchServerProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./_axon_bench_server.ts", import.meta.url).pathname, ...args],
    stdin: "piped",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`Cannot start the bench server (${args.join(" ")}): it exited before listening`);
    text += value;
  }
  const { ports, hotkey } = JSON.parse(text.split("\n")[0]);
  return {
    pid: child.pid,
    ports,
    hotkey,
    async stop() {
      await child.stdin.close();
      reader.cancel().catch(() => {});
      await child.status;
    },
  };
}
