// subnet wallet new-coldkey, regen-coldkeypub and overview, the last end to end on a devnet.
import assert from "node:assert/strict";
import { runCli } from "./mod.ts";
import { captureIo } from "./_test_io.ts";
import { startDevnet } from "../devnet/mod.ts";

async function cli(argv: string[], env: Record<string, string>) {
  const io = captureIo(env);
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err.join("\n"), json: () => JSON.parse(io.out.at(-1) ?? "null") };
}

Deno.test("subnet wallet new-coldkey, regen-coldkeypub and overview", async () => {
  await using net = await startDevnet({ port: 0, instant: true });
  const home = await Deno.makeTempDir();
  const env = { HOME: home, BT_WALLET_PATH: `${home}/w` };
  const ep = ["--subtensor.chain_endpoint", net.endpoint];
  try {
    const cold = await cli(["wallet", "new-coldkey", "--wallet.name", "owner", "--no-password", "--json"], env);
    assert.equal(cold.code, 0, cold.err);
    const { coldkey, coldkey_mnemonic } = cold.json();
    assert.equal(coldkey_mnemonic.split(" ").length, 12);
    assert.equal(JSON.parse(await Deno.readTextFile(`${home}/w/owner/coldkeypub.txt`)).ss58Address, coldkey);
    const again = await cli(["wallet", "new-coldkey", "--wallet.name", "owner", "--no-password"], env);
    assert.equal(again.code, 1);
    assert.match(again.err, /already exists.*--overwrite/);

    const watch = await cli(["wallet", "regen-coldkeypub", "--wallet.name", "watch", "--ss58", coldkey, "--json"], env);
    assert.equal(watch.code, 0, watch.err);
    assert.equal(JSON.parse(await Deno.readTextFile(`${home}/w/watch/coldkeypub.txt`)).ss58Address, coldkey);
    const bad = await cli(["wallet", "regen-coldkeypub", "--wallet.name", "x", "--public-key", "0x12"], env);
    assert.equal(bad.code, 2);

    const reg = await cli(["register", "--netuid", "1", "--dev", "//Charlie", "-y", ...ep], env);
    assert.equal(reg.code, 0, reg.err);
    const stake = await cli(["stake", "add", "--netuid", "1", "--amount", "3", "--dev", "//Charlie", "-y", ...ep], env);
    assert.equal(stake.code, 0, stake.err);
    const ov = await cli(["wallet", "overview", "--dev", "//Charlie", "--json", ...ep], env);
    assert.equal(ov.code, 0, ov.err);
    const doc = ov.json();
    assert.equal(doc.coldkey, "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y");
    assert.ok(Number(doc.balance_rao) > 0);
    assert.equal(doc.hotkeys.length, 1);
    const r = doc.hotkeys[0].registrations.find((x: { netuid: number }) => x.netuid === 1);
    assert.ok(r, JSON.stringify(doc));
    assert.equal(typeof r.uid, "number");
    assert.ok(BigInt(r.stake_rao) > 0n);
    assert.ok(r.incentive >= 0 && r.incentive <= 1);
    assert.ok("emission_rao" in r);

    const files = await cli(["wallet", "overview", "--wallet.name", "watch", ...ep], env);
    assert.equal(files.code, 0, files.err);
    assert.match(files.out.join("\n"), /balance 0 τ free/);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
