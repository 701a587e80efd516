import assert from "node:assert/strict";
import { createSn21Subnet } from "./mod.ts";
import type { SubnetModule } from "../subnet.ts";

type StepContext = Parameters<NonNullable<SubnetModule["validatorStep"]>>[0];

Deno.test("sn21 validatorStep() refuses a corrupt probes file, naming it, and never resets it", async (t) => {
  const dataDir = await Deno.makeTempDir();
  const path = `${dataDir}/sn21-probes.json`;
  const step = () =>
    createSn21Subnet().validatorStep!({ axons: [], uids: [], dataDir, timeout: 1 } as unknown as StepContext);
  try {
    await t.step("a missing file is a first step", async () => {
      assert.deepEqual(await step(), []);
      assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), {});
    });
    for (const [name, text] of [["half-written JSON", '{"5F'], ["not a map of { cid }", '{"5F": 3}']]) {
      await t.step(name, async () => {
        await Deno.writeTextFile(path, text);
        await assert.rejects(step(), (err: Error) => err.message.includes(path) && /SN21 probes/.test(err.message));
        assert.equal(await Deno.readTextFile(path), text);
      });
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
