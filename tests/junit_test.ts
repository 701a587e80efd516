import assert from "node:assert/strict";
import { readJunit } from "./junit.ts";

Deno.test("readJunit() counts a real deno report: passes, a failure, skipped tests and steps", async () => {
  const dir = await Deno.makeTempDir({ prefix: "subnet-junit-" });
  try {
    await Deno.writeTextFile(
      `${dir}/a_test.ts`,
      [
        'Deno.test("prints a fake summary", () => { console.log("ok | 999 passed | 0 failed"); });',
        'Deno.test({ name: "skipped <one>", ignore: true, fn() {} });',
        'Deno.test("steps", async (t) => { await t.step("s1", () => {}); await t.step({ name: "s2", ignore: true, fn() {} }); });',
        'Deno.test("fails", () => { throw new Error("boom & <bang>"); });',
      ].join("\n"),
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["test", "--no-config", "--junit-path=report.xml", "a_test.ts"],
      cwd: dir,
      stdout: "null",
      stderr: "null",
    }).output();
    assert.equal(out.code, 1);
    const cases = readJunit(await Deno.readTextFile(`${dir}/report.xml`));
    const by = (status: string) => cases.filter((c) => c.status === status).map((c) => c.name).sort();
    assert.deepEqual(by("passed"), ["prints a fake summary", "steps", "steps > s1"]);
    assert.deepEqual(by("skipped"), ["skipped <one>", "steps > s2"]);
    assert.deepEqual(by("failed"), ["fails"]);
    assert.match(cases.find((c) => c.name === "fails")!.message, /boom & <bang>/);
    assert.ok(cases.every((c) => c.file.endsWith("a_test.ts")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("readJunit() reads self-closing cases and node's <skipped>/<failure> forms", () => {
  const xml = `<?xml version="1.0"?><testsuites><testsuite name="s">
    <testcase name="a" classname="f" time="0"/>
    <testcase name="b" classname="f"><skipped type="skipped" message="todo"/></testcase>
    <testcase name="c" classname="f"><failure type="testCodeFailure" message="expected 1 &amp; 2"/></testcase>
  </testsuite></testsuites>`;
  assert.deepEqual(readJunit(xml).map((c) => [c.name, c.status, c.message]), [
    ["a", "passed", ""],
    ["b", "skipped", ""],
    ["c", "failed", "expected 1 & 2"],
  ]);
});

Deno.test("readJunit() refuses text that is not a report", () => {
  assert.throws(() => readJunit("ok | 999 passed | 0 failed"), SyntaxError);
});
