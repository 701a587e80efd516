/**
 * The conformance-check examples of issue 4 as real processes: `examples/dummy_axon.ts` serves Dummy,
 * `examples/dummy_query.ts` queries it (and a dead port) and prints one JSON line per target.
 */
import assert from "node:assert/strict";

const root = new URL("..", import.meta.url).pathname;
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

Deno.test("examples/dummy_axon.ts and dummy_query.ts talk to each other", async () => {
  const axon = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "examples/dummy_axon.ts", "--port", "0", "--host", "127.0.0.1", "--dev", "//Bob"],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines = axon.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let out = "";
    while (!/listening on \d+\n/.test(out)) {
      const { value, done } = await lines.read();
      if (done) throw new Error(`dummy_axon.ts exited before listening: ${out}`);
      out += value;
    }
    const port = Number(/listening on (\d+)/.exec(out)![1]);
    const dead = Deno.listen({ port: 0, hostname: "127.0.0.1" });
    const deadPort = dead.addr.port;
    dead.close();
    const query = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "examples/dummy_query.ts",
        "--dev",
        "//Alice",
        "--input",
        "7",
        "--timeout",
        "5",
        `127.0.0.1:${port}:${BOB}`,
        `127.0.0.1:${deadPort}:${BOB}`,
      ],
      cwd: root,
      stdout: "piped",
      stderr: "inherit",
    }).output();
    assert.equal(query.code, 0);
    const results = new TextDecoder().decode(query.stdout).trim().split("\n").map((l) => JSON.parse(l));
    assert.equal(results.length, 2);
    assert.deepEqual(Object.keys(results[0]), [
      "target",
      "status_code",
      "status_message",
      "dummy_output",
      "process_time",
    ]);
    assert.equal(results[0].target, `127.0.0.1:${port}:${BOB}`);
    assert.equal(results[0].status_code, 200);
    assert.equal(results[0].status_message, "Success");
    assert.equal(results[0].dummy_output, 14);
    assert.equal(typeof results[0].process_time, "number");
    assert.equal(results[1].status_code, 503);
    assert.equal(results[1].status_message, `Service unavailable at 127.0.0.1:${deadPort}/Dummy`);
    assert.equal(results[1].dummy_output, null);
  } finally {
    axon.kill("SIGTERM");
    await lines.cancel().catch(() => {});
    await axon.status;
  }
});
