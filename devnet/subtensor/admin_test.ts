import assert from "node:assert/strict";
import { loadRuntimeMetadata } from "../metadata.ts";
import { account, errorOf, TestContext } from "./_test_context.ts";
import { ADMIN_SETTERS, runAdminSetter } from "./admin.ts";
import { S } from "./items.ts";
import { registerNetwork } from "./network.ts";

Deno.test("ADMIN_SETTERS names AdminUtils calls and arguments that exist in the metadata", () => {
  const runtime = loadRuntimeMetadata();
  for (const [name, setter] of Object.entries(ADMIN_SETTERS)) {
    const call = runtime.call("AdminUtils", name);
    assert.ok(call.fieldNames.includes(setter.arg), `${name} takes ${setter.arg}`);
    assert.equal(call.fieldNames.includes("netuid"), setter.perSubnet, `${name} netuid`);
  }
});

Deno.test("runAdminSetter() lets root or, where allowed, the subnet owner set hyperparameters", () => {
  const ctx = new TestContext({ funded: [3] });
  const root = { kind: "root" } as const;
  runAdminSetter(ctx, root, "sudo_set_weights_set_rate_limit", 1, 100n);
  assert.equal(ctx.store.get(S.WeightsSetRateLimit, 1), 100n);
  assert.deepEqual(ctx.events.at(-1), ["SubtensorModule", "WeightsSetRateLimitSet", [1, 100n]]);
  runAdminSetter(ctx, root, "sudo_set_commit_reveal_weights_enabled", 1, true);
  assert.equal(ctx.store.get(S.CommitRevealWeightsEnabled, 1), true);
  const owner = { kind: "signed", who: account(1) } as const;
  runAdminSetter(ctx, owner, "sudo_set_min_allowed_weights", 1, 3n);
  assert.equal(ctx.store.get(S.MinAllowedWeights, 1), 3);
  assert.equal(errorOf(() => runAdminSetter(ctx, owner, "sudo_set_tempo", 1, 20n)), "BadOrigin", "root only");
  const other = { kind: "signed", who: account(3) } as const;
  assert.equal(errorOf(() => runAdminSetter(ctx, other, "sudo_set_min_allowed_weights", 1, 3n)), "BadOrigin");
  assert.equal(errorOf(() => runAdminSetter(ctx, root, "sudo_set_kappa", 5, 3n)), "SubnetDoesNotExist");
  assert.equal(errorOf(() => runAdminSetter(ctx, root, "sudo_set_activity_cutoff", 1, 100n)), "ActivityCutoffTooLow");
  runAdminSetter(ctx, root, "sudo_set_stake_threshold", 0, 7n);
  assert.equal(ctx.store.get(S.StakeThreshold), 7n);
  // The freeze window (10 blocks on a real localnet) blocks owner setters right before an epoch.
  runAdminSetter(ctx, root, "sudo_set_admin_freeze_window", 0, 10n);
  assert.equal(
    errorOf(() => runAdminSetter(ctx, owner, "sudo_set_min_allowed_weights", 1, 2n)),
    "AdminActionProhibitedDuringWeightsWindow",
  );
  registerNetwork(ctx, account(3), { hotkey: account(30), tempo: 10 });
  assert.equal(ctx.store.get(S.SubnetworkN, 2), 1);
});
