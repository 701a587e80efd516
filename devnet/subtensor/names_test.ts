import assert from "node:assert/strict";
import { loadRuntimeMetadata } from "../metadata.ts";

Deno.test("every error, event and call this folder names exists in the devnet metadata", () => {
  const runtime = loadRuntimeMetadata();
  const dir = new URL(".", import.meta.url);
  let checked = 0;
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.name.endsWith(".ts") || entry.name.endsWith("_test.ts")) continue;
    const text = Deno.readTextFileSync(new URL(entry.name, dir));
    for (const m of text.matchAll(/subtensorError\(\s*"(\w+)"/g)) {
      assert.ok(runtime.error("SubtensorModule", m[1]), `${entry.name}: SubtensorModule.${m[1]}`);
      checked++;
    }
    for (const m of text.matchAll(/adminError\(\s*"(\w+)"/g)) {
      assert.ok(runtime.error("AdminUtils", m[1]), `${entry.name}: AdminUtils.${m[1]}`);
      checked++;
    }
    for (const m of text.matchAll(/emit\(\s*"SubtensorModule",\s*"(\w+)"/g)) {
      assert.ok(runtime.event("SubtensorModule", m[1]), `${entry.name}: event ${m[1]}`);
      checked++;
    }
    for (const m of text.matchAll(/setNet\([^,]+,\s*"(\w+)"|setGlobal\([^,]+,\s*"(\w+)"/g)) {
      const name = m[1] ?? m[2];
      assert.ok(runtime.event("SubtensorModule", name), `${entry.name}: event ${name}`);
      checked++;
    }
    for (const m of text.matchAll(/^ {6}(\w+): (?:weightsCall|signed)\(/gm)) {
      assert.ok(runtime.call("SubtensorModule", m[1]), `${entry.name}: call ${m[1]}`);
      checked++;
    }
  }
  assert.ok(checked > 80, `checked ${checked} names`);
});

Deno.test("every runtime API and call the pallets serve exists in the devnet metadata", async () => {
  const { subtensorPallets } = await import("./pallet.ts");
  const runtime = loadRuntimeMetadata();
  const [subtensor, admin] = subtensorPallets();
  for (const name of Object.keys(subtensor.runtimeApis ?? {})) assert.ok(runtime.runtimeApi(name), name);
  for (const name of Object.keys(subtensor.calls ?? {})) assert.ok(runtime.call("SubtensorModule", name), name);
  for (const name of Object.keys(admin.calls ?? {})) assert.ok(runtime.call("AdminUtils", name), name);
  assert.ok(Object.keys(subtensor.runtimeApis ?? {}).length >= 25);
});
