import assert from "node:assert/strict";
import { account, errorOf, TestContext } from "./_test_context.ts";
import { S } from "./items.ts";
import { registerNetwork, startCall } from "./network.ts";
import { burnedRegister, decayBurn, decayFactorQ32 } from "./registration.ts";
import { addStake } from "./stake.ts";

Deno.test("burnedRegister() appends uids, charges the burn and bumps it ×1.26", () => {
  const ctx = new TestContext({ funded: [2] });
  const burn = ctx.store.get(S.Burn, 1);
  const free = ctx.balances.free(account(2));
  assert.equal(burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(10) }), 1);
  assert.equal(ctx.balances.free(account(2)), free - burn);
  assert.equal(ctx.store.get(S.Burn, 1), (burn * 126n) / 100n);
  assert.equal(ctx.store.get(S.SubnetworkN, 1), 2);
  assert.equal(ctx.store.get(S.LastUpdate, 1)[1], 1n, "LastUpdate starts at the registration block");
  assert.deepEqual(ctx.events.at(-1), ["SubtensorModule", "NeuronRegistered", [1, 1, account(10)]]);
  assert.equal(
    errorOf(() => burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(10) })),
    "HotKeyAlreadyRegisteredInSubNet",
  );
  assert.equal(
    errorOf(() => burnedRegister(ctx, account(3), { netuid: 1, hotkey: account(11) })),
    "NotEnoughBalanceToStake",
  );
  assert.equal(
    errorOf(() => burnedRegister(ctx, account(1), { netuid: 1, hotkey: account(10) })),
    "HotKeyAlreadyRegisteredInSubNet",
  );
  assert.equal(errorOf(() => burnedRegister(ctx, account(2), { netuid: 4, hotkey: account(11) })), "SubnetNotExists");
  assert.equal(
    errorOf(() => burnedRegister(ctx, account(2), { netuid: 0, hotkey: account(11) })),
    "RegistrationNotPermittedOnRootSubnet",
  );
  ctx.store.put(S.NetworkRegistrationAllowed, [1], false);
  assert.equal(
    errorOf(() => burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(11) })),
    "SubNetRegistrationDisabled",
  );
});

Deno.test("burnedRegister() refuses another coldkey's hotkey and replaces the prune victim when full", () => {
  const ctx = new TestContext({ funded: [2, 3] });
  burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(10) });
  assert.equal(registerNetwork(ctx, account(3), { hotkey: account(30), tempo: 10 }), 2);
  assert.equal(
    errorOf(() => burnedRegister(ctx, account(3), { netuid: 2, hotkey: account(10) })),
    "NonAssociatedColdKey",
  );
  ctx.store.put(S.MaxAllowedUids, [1], 2);
  ctx.store.put(S.Emission, [1], [5n, 1n]);
  ctx.block = 10_000; // past the immunity period
  assert.equal(burnedRegister(ctx, account(2), { netuid: 1, hotkey: account(11) }), 1, "uid 1 had the lowest emission");
  assert.equal(ctx.store.get(S.Uids, 1, account(10)), undefined);
  assert.equal(ctx.store.get(S.Keys, 1, 1).join(), account(11).join());
});

Deno.test("registerNetwork()/startCall() create a dynamic subnet and open it", () => {
  const ctx = new TestContext({ funded: [3] });
  ctx.block = 20;
  const netuid = registerNetwork(ctx, account(3), { hotkey: account(30), tempo: 10 });
  assert.equal(netuid, 2);
  assert.equal(ctx.store.get(S.SubnetMechanism, 2), 1);
  assert.equal(ctx.store.get(S.Keys, 2, 0).join(), account(30).join());
  assert.equal(ctx.store.get(S.MinAllowedWeights, 2), 1);
  assert.equal(
    errorOf(() => addStake(ctx, account(3), { hotkey: account(30), netuid: 2, amount: 10n ** 9n })),
    "SubtokenDisabled",
  );
  assert.equal(errorOf(() => startCall(ctx, account(1), { netuid: 2 })), "BadOrigin");
  assert.equal(errorOf(() => startCall(ctx, account(3), { netuid: 9 })), "SubnetNotExists");
  startCall(ctx, account(3), { netuid: 2 });
  assert.equal(ctx.store.get(S.FirstEmissionBlockNumber, 2), 21n);
  assert.equal(errorOf(() => startCall(ctx, account(3), { netuid: 2 })), "FirstEmissionBlockNumberAlreadySet");
  // The constant-product pool: 1000 TAO / 1000 alpha; staking 1000 TAO buys 500 alpha for the 1000 TAO
  // after the 33/65535 swap fee (503,547,722 RAO): 1000e9 · 999,496,452,278 / 1,999,496,452,278.
  const alpha = addStake(ctx, account(3), { hotkey: account(30), netuid: 2, amount: 1000n * 10n ** 9n });
  const net = 1000n * 10n ** 9n - (1000n * 10n ** 9n * 33n) / 65535n;
  assert.equal(alpha, (1000n * 10n ** 9n * net) / (1000n * 10n ** 9n + net));
});

Deno.test("burnedRegister() never reaps the coldkey: it pays at most free − ED (remove_balance_from_coldkey_account)", () => {
  const ctx = new TestContext();
  const ed = 500n;
  const burn = ctx.store.get(S.Burn, 1);
  ctx.free.set(account(5).join(), burn);
  Object.assign(ctx.balances, { reducible: (who: Uint8Array) => ctx.balances.free(who) - ed });
  burnedRegister(ctx, account(5), { netuid: 1, hotkey: account(50) });
  assert.equal(ctx.balances.free(account(5)), ed, "the existential deposit stays");
  assert.equal(ctx.store.get(S.RAORecycledForRegistration, 1), burn - ed);
});

Deno.test("decayBurn() decays in Q32 fixed point with a 360-block half-life (decay_factor_q32)", () => {
  const f = decayFactorQ32(360);
  const pow = (x: bigint) => {
    let r = 1n << 32n;
    let b = x;
    for (let p = 360; p > 0; p >>= 1) {
      if (p & 1) r = (r * b) >> 32n;
      if (p > 1) b = (b * b) >> 32n;
    }
    return r;
  };
  assert.ok(pow(f) <= 1n << 31n && pow(f + 1n) > 1n << 31n);
  const ctx = new TestContext();
  ctx.store.put(S.Burn, [1], 10_000_000_000n);
  decayBurn(ctx.store, 1);
  assert.equal(ctx.store.get(S.Burn, 1), (10_000_000_000n * f) >> 32n);
});
