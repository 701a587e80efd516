import assert from "node:assert/strict";
import { account, errorOf, TestContext } from "./_test_context.ts";
import { S } from "./items.ts";
import { burnedRegister } from "./registration.ts";
import { isValidIpAddress, serveAxon, type ServeAxonArgs } from "./serving.ts";

const args = (over: Partial<ServeAxonArgs> = {}): ServeAxonArgs => ({
  netuid: 1,
  version: 10002000,
  ip: 3232235777n, // 192.168.1.1
  port: 8091,
  ipType: 4,
  protocol: 4,
  placeholder1: 0,
  placeholder2: 0,
  ...over,
});

Deno.test("isValidIpAddress() follows subtensor's serving.rs", () => {
  assert.equal(isValidIpAddress(4, 0x7f000001n, true, false), false);
  assert.equal(isValidIpAddress(4, 0x7f000002n, true, false), true, "only 127.0.0.1 itself is refused");
  assert.equal(isValidIpAddress(4, 0xffffffffn, true, false), false);
  assert.equal(isValidIpAddress(4, 0n, true, false), true);
  assert.equal(isValidIpAddress(4, 0n, false, false), false);
  assert.equal(isValidIpAddress(6, 1n, true, false), false);
  assert.equal(isValidIpAddress(4, 0x7f000001n, true, true), true, "allowLocalIp");
});

Deno.test("serveAxon() checks in subtensor's order and stores the axon", () => {
  const ctx = new TestContext({ funded: [2] });
  const hot = account(10);
  assert.equal(errorOf(() => serveAxon(ctx, hot, args())), "HotKeyNotRegisteredInNetwork");
  burnedRegister(ctx, account(2), { netuid: 1, hotkey: hot });
  assert.equal(errorOf(() => serveAxon(ctx, hot, args({ ipType: 5 }))), "InvalidIpType");
  assert.equal(errorOf(() => serveAxon(ctx, hot, args({ ip: 0x7f000001n }))), "InvalidIpAddress");
  assert.equal(errorOf(() => serveAxon(ctx, hot, args({ port: 0 }))), "InvalidPort");
  ctx.block = 7;
  assert.equal(errorOf(() => serveAxon(ctx, hot, args())), "ok");
  assert.equal(ctx.store.get(S.Axons, 1, hot)?.block, 7n);
  ctx.block = 8;
  assert.equal(errorOf(() => serveAxon(ctx, hot, args({ port: 9000 }))), "ServingRateLimitExceeded");
  ctx.block = 57;
  assert.equal(errorOf(() => serveAxon(ctx, hot, args({ port: 9000 }))), "ok");
  assert.equal(ctx.store.get(S.Axons, 1, hot)?.port, 9000);
  ctx.config.allowLocalIp = true;
  ctx.store.put(S.ServingRateLimit, [1], 0n);
  assert.equal(errorOf(() => serveAxon(ctx, hot, args({ ip: 0x7f000001n }))), "ok");
});
