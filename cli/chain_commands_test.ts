// The chain commands end to end against a devnet served on a free port (devnet/mod.ts startDevnet).
import assert from "node:assert/strict";
import { runCli } from "./mod.ts";
import { startDevnet } from "../devnet/mod.ts";
import { captureIo } from "./_test_io.ts";
import { formatTao } from "./_chain.ts";

const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

Deno.test("subnet balance and subnet transfer work against a devnet over WebSocket", async () => {
  await using net = await startDevnet({ port: 0, instant: true });
  const endpoint = ["--subtensor.chain_endpoint", net.endpoint];

  const before = captureIo();
  assert.equal(await runCli(["balance", "--address", BOB, "--json", ...endpoint], before), 0, before.err.join("\n"));
  const free0 = BigInt(JSON.parse(before.out[0]).free_rao);

  const send = captureIo();
  const code = await runCli(
    ["transfer", "--dev", "//Alice", "--dest", BOB, "--amount", "1.5", "--json", ...endpoint],
    send,
  );
  assert.equal(code, 0, send.err.join("\n"));
  assert.equal(JSON.parse(send.out[0]).amount_rao, 1_500_000_000);

  const after = captureIo();
  assert.equal(await runCli(["balance", "--address", BOB, "--json", ...endpoint], after), 0, after.err.join("\n"));
  assert.equal(BigInt(JSON.parse(after.out[0]).free_rao), free0 + 1_500_000_000n);

  const table = captureIo();
  assert.equal(await runCli(["balance", "--dev", "//Alice", ...endpoint], table), 0);
  assert.match(
    table.out[0],
    /^5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY: [\d.]+ τ free, [\d.]+ τ reserved, [\d.]+ α staked/,
  );
});

Deno.test("subnet register, stake and metagraph work against a devnet over WebSocket", async () => {
  await using net = await startDevnet({ port: 0, instant: true });
  const endpoint = ["--subtensor.chain_endpoint", net.endpoint];
  const reg = captureIo();
  assert.equal(
    await runCli(["register", "--netuid", "1", "--dev", "//Eve", "--json", ...endpoint], reg),
    0,
    reg.err.join("\n"),
  );
  const { uid, registered } = JSON.parse(reg.out[0]);
  assert.equal(registered, true);
  const again = captureIo();
  assert.equal(await runCli(["register", "--netuid", "1", "--dev", "//Eve", "--json", ...endpoint], again), 0);
  assert.equal(JSON.parse(again.out[0]).registered, false);
  const stake = captureIo();
  assert.equal(
    await runCli(["stake", "add", "--netuid", "1", "--amount", "2", "--dev", "//Eve", ...endpoint], stake),
    0,
    stake.err.join("\n"),
  );
  const mg = captureIo();
  assert.equal(await runCli(["metagraph", "--netuid", "1", "--json", ...endpoint], mg), 0, mg.err.join("\n"));
  const doc = JSON.parse(mg.out[0]);
  const me = doc.neurons.find((n: { uid: number }) => n.uid === uid);
  assert.equal(me.hotkey, "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw"); // //Eve
  assert.ok(Number(me.stake_rao) > 0);
  const table = captureIo();
  assert.equal(await runCli(["metagraph", "--netuid", "1", ...endpoint], table), 0);
  assert.match(table.out[1], /^UID\s+STAKE\s+INCENTIVE/);
  // Tables carry units (the subnet's alpha for stake and emission); JSON keeps RAO in *_rao.
  const row = table.out.find((l) => l.startsWith(`${uid} `))!;
  assert.match(row, new RegExp(`^${uid}\\s+${formatTao(BigInt(me.stake_rao)).replace(".", "\\.")} α\\s`), row);
  assert.equal(row.match(/[\d.]+ α/g)?.length, 2, row); // stake and emission
});

Deno.test("subnet transfer refuses a bad amount as a usage error", async () => {
  const io = captureIo();
  assert.equal(await runCli(["transfer", "--dev", "//Alice", "--dest", BOB, "--amount", "abc"], io), 2);
  assert.match(io.err.join("\n"), /--amount/);
});
