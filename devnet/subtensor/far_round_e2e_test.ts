// A timelocked commit to a drand round far beyond Drand.LastStoredRound (a client that assumed quicknet's
// genesis and period) is accepted, as subtensor does, but logged at once as `timelock.far_round`, and
// `subnet weights status` names it (text and --json).
import assert from "node:assert/strict";
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import type { Logger } from "../../protocol/logger.ts";
import { startDevnet } from "../devnet.ts";
import { send } from "./_polkadot_send.ts";
import { runCli } from "../../cli/mod.ts";
import { captureIo } from "../../cli/_test_io.ts";

await cryptoWaitReady();
const alice = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice");

Deno.test("a timelocked commit to a round far beyond LastStoredRound is logged and shown by weights status", async () => {
  const logged: { event: string; fields: Record<string, unknown> }[] = [];
  const record = (event: string, fields?: Record<string, unknown>) => void logged.push({ event, fields: fields ?? {} });
  const logger = { trace: () => {}, debug: () => {}, info: record, warn: record, error: record } as Logger;
  await using net = await startDevnet({
    port: 0,
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

    const status = async (...extra: string[]) => {
      const io = captureIo();
      const argv = ["weights", "status", "--netuid", "1", "--dev", "//Alice", "--subtensor.chain_endpoint"];
      assert.equal(await runCli([...argv, net.endpoint, ...extra], io), 0, io.err.join("\n"));
      return io.out;
    };
    const json = JSON.parse((await status("--json"))[0]);
    const now = BigInt(json.last_stored_round);
    assert.equal(json.far_rounds.length, 1, "the near commit is not far");
    const entry = json.far_rounds[0];
    assert.equal(entry.reveal_round, quicknetRound);
    assert.equal(BigInt(entry.rounds_ahead), BigInt(quicknetRound) - now);
    assert.equal(BigInt(entry.seconds_ahead), BigInt(entry.rounds_ahead), "the devnet's beacon period is 1 s");
    const pending = json.pending.find((p: { reveal_round: number }) => p.reveal_round === quicknetRound);
    assert.equal(BigInt(pending.rounds_beyond_last_stored), BigInt(quicknetRound) - now);
    const text = (await status()).join("\n");
    assert.match(
      text,
      new RegExp(
        `FAR ROUND: reveal round ${quicknetRound} is \\d+ rounds beyond the chain's last drand round \\d+: ` +
          `it will not reveal until the chain stores that round \\(about \\d+ days at the beacon's 1 s period\\)`,
      ),
      text,
    );
    assert.equal(text.match(/FAR ROUND/g)?.length, 1, text);
  } finally {
    await api.disconnect();
  }
});
