/**
 * Socket helpers for tests that play a hostile or idle peer over real connections.
 *
 * @module
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads `conn` until the server closes it; the time that took, or Infinity past `withinMs`.
 *
 * @example
 * ```ts ignore
 * const conn = await Deno.connect({ hostname: "127.0.0.1", port });
 * assert.ok(await closedWithin(conn, 6_000) < 6_000, "the server dropped the silent connection");
 * ```
 */
export async function closedWithin(conn: Deno.Conn, withinMs: number): Promise<number> {
  const t0 = performance.now();
  const buf = new Uint8Array(4096);
  const deadline = sleep(withinMs).then(() => "open" as const);
  for (;;) {
    const n = await Promise.race([conn.read(buf).catch(() => null), deadline]);
    if (n === "open") return Infinity;
    if (n === null) return performance.now() - t0;
  }
}

/**
 * Reads a `subnet devnet` process's output until it prints its endpoint, and returns it.
 *
 * @example
 * ```ts ignore
 * const endpoint = await devnetEndpoint(child.stdout.pipeThrough(new TextDecoderStream()).getReader());
 * ```
 */
export async function devnetEndpoint(reader: ReadableStreamDefaultReader<string>): Promise<string> {
  let out = "";
  while (!/ws:\/\/[\d.]+:\d+/.test(out)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`devnet exited before printing its endpoint: ${out}`);
    out += value;
  }
  return /ws:\/\/[\d.]+:\d+/.exec(out)![0];
}
