// A timelocked commit to a drand round far beyond Drand.LastStoredRound (a client that assumed quicknet's
// genesis and period) is accepted, as subtensor does, but logged at once as `timelock.far_round`.
import assert from "node:assert/strict";
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import type { Logger } from "../../protocol/logger.ts";
import { startDevnet } from "../devnet.ts";
import { send } from "./_polkadot_send.ts";

await cryptoWaitReady();
const alice = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice");

Deno.test("a timelocked commit to a round far beyond LastStoredRound is logged as timelock.far_round", async () => {
  const logged: { event: string; fields: Record<string, unknown> }[] = [];
  const record = (event: string, fields?: Record<string, unknown>) => void logged.push({ event, fields: fields ?? {} });
  const logger = { trace: () => {}, debug: () => {}, info: record, warn: record, error: record } as Logger;
  await using net = await startDevnet({
    serve: false,
    instant: true,
    logger,
    subtensor: { genesis: { commitReveal: true } },
  });
  const api = await ApiPromise.create({ provider: net.provider, noInitWarn: true, throwOnConnect: true });
  try {
    const tx = api.tx.subtensorModule;
    const last = Number((await api.query.drand.lastStoredRound()).toString());
    const near = await send(api, tx.commitTimelockedWeights(1, "0x0102", last + 10, 4), alice);
    assert.equal(near, "ok");
    assert.equal(logged.filter((l) => l.event === "timelock.far_round").length, 0);
    net.produceBlock();
    const quicknetRound = last + 20_000_000;
    assert.equal(await send(api, tx.commitTimelockedWeights(1, "0x0102", quicknetRound, 4), alice), "ok");
    const far = logged.find((l) => l.event === "timelock.far_round");
    assert.ok(far, "logged");
    assert.equal(far.fields.round, String(quicknetRound));
    assert.equal(far.fields.hotkey, alice.address);
  } finally {
    await api.disconnect();
  }
});
