import assert from "node:assert/strict";
import { sweepStaleTemps, sweepStaleTempsIn, writeFileAtomic } from "./atomic_file.ts";

const SOAK = Deno.env.get("SOAK") === "1";

Deno.test("writeFileAtomic() replaces the file, sets its mode and leaves no temp", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/state.json`;
    await writeFileAtomic(path, "one");
    await writeFileAtomic(path, new TextEncoder().encode("two"), { mode: 0o644 });
    assert.equal(await Deno.readTextFile(path), "two");
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o644);
    await writeFileAtomic(path, "three");
    assert.equal((await Deno.stat(path)).mode! & 0o777, 0o600);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["state.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeFileAtomic() gives concurrent writes of one file their own temps", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/state.json`;
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(path, JSON.stringify({ i }))));
    assert.ok(JSON.parse(await Deno.readTextFile(path)).i >= 0);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["state.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeFileAtomic() fails cleanly when the folder is missing", async () => {
  await assert.rejects(writeFileAtomic("/nonexistent-folder-subnet/x.json", "x"), { code: "ENOENT" });
});

Deno.test("sweepStaleTemps() removes only the temps of that file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (
      const name of [
        "state.json",
        ".state.json.0123456789abcdef.tmp",
        "state.json.3f2504e0-4f89-11d3-9a0c-0305e82c3301.tmp",
        "state.json.tmp-1234",
        ".other.json.0123456789abcdef.tmp",
        "notes.txt",
      ]
    ) await Deno.writeTextFile(`${dir}/${name}`, "x");
    const removed = await sweepStaleTemps(`${dir}/state.json`);
    assert.equal(removed.length, 3);
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), [
      ".other.json.0123456789abcdef.tmp",
      "notes.txt",
      "state.json",
    ]);
    assert.deepEqual(await sweepStaleTempsIn(dir), [".other.json.0123456789abcdef.tmp"]);
    assert.deepEqual(await sweepStaleTemps(`${dir}/missing/x.json`), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "writeFileAtomic() survives kill -9 at random points: the file always parses, temps are swept",
  sanitizeResources: false,
}, async () => {
  const cycles = SOAK ? 40 : 5;
  const dir = await Deno.makeTempDir();
  const path = `${dir}/state.json`;
  let sweptTotal = 0;
  let lastN = -1;
  try {
    for (let cycle = 0; cycle < cycles; cycle++) {
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", new URL("./testdata/write_loop.ts", import.meta.url).pathname, path],
        stdout: "piped",
        stderr: "inherit",
      }).spawn();
      const reader = child.stdout.getReader();
      await reader.read(); // "writing": the loop has started
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 400));
      child.kill("SIGKILL");
      await child.status;
      reader.releaseLock();
      await child.stdout.cancel();
      // The file holds one whole write, never part of one.
      const state = JSON.parse(await Deno.readTextFile(path).catch(() => '{"n":-1,"pad":""}'));
      assert.ok(Number.isInteger(state.n));
      if (state.n >= 0) assert.equal(state.pad.length, 256 * 1024);
      lastN = state.n;
      // A restart sweeps what the kill left; then only the file remains.
      sweptTotal += (await sweepStaleTemps(path)).length;
      assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).filter((n) => n !== "state.json"), []);
    }
    console.log(
      `atomic file: ${cycles} kill -9 cycles, file parsed every time (last n=${lastN}), ${sweptTotal} stale temps swept`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
