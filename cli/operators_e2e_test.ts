// What an operator does first, end to end against a devnet over WebSocket: spend with and without a
// prompt, stake and unstake, a port already in use, and a launch line copied from the Python template.
import assert from "node:assert/strict";
import { runCli } from "./mod.ts";
import { captureIo } from "./_test_io.ts";
import { startDevnet } from "../devnet/mod.ts";

const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const EVE = "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw";

function freePort(): number {
  using l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  return (l.addr as Deno.NetAddr).port;
}

async function cli(argv: string[], env: Record<string, string> = {}, ask?: (q: string) => Promise<string | null>) {
  const io = { ...captureIo(env), ask };
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err.join("\n"), json: () => JSON.parse(io.out.at(-1) ?? "null") };
}

Deno.test("subnet stake remove lowers stake and returns TAO (stake add, list, remove, balance)", async () => {
  await using net = await startDevnet({ port: 0, instant: true });
  const ep = ["--subtensor.chain_endpoint", net.endpoint];
  const reg = await cli(["register", "--netuid", "1", "--dev", "//Eve", "-y", "--json", ...ep]);
  assert.equal(reg.code, 0, reg.err);
  const add = await cli([
    "stake",
    "add",
    "--netuid",
    "1",
    "--amount",
    "5",
    "--dev",
    "//Eve",
    "--no-prompt",
    "--json",
    ...ep,
  ]);
  assert.equal(add.code, 0, add.err);
  const added = add.json();
  assert.ok(BigInt(added.stake_after_rao) > BigInt(added.stake_before_rao));
  assert.ok(BigInt(added.fee_rao) >= 0n);
  const list = await cli(["stake", "list", "--dev", "//Eve", "--json", ...ep]);
  assert.equal(list.code, 0, list.err);
  const doc = list.json();
  assert.equal(doc.coldkey, EVE);
  const entry = doc.stakes.find((s: { netuid: number; hotkey: string }) => s.netuid === 1 && s.hotkey === EVE);
  assert.equal(BigInt(entry.stake_rao), BigInt(added.stake_after_rao));
  const before = (await cli(["balance", "--dev", "//Eve", "--json", ...ep])).json();
  assert.equal(BigInt(before.staked_rao), BigInt(added.stake_after_rao));

  const remove = await cli([
    "stake",
    "remove",
    "--netuid",
    "1",
    "--amount",
    "1",
    "--dev",
    "//Eve",
    "-y",
    "--json",
    ...ep,
  ]);
  assert.equal(remove.code, 0, remove.err);
  const removed = remove.json();
  assert.equal(BigInt(removed.stake_before_rao), BigInt(added.stake_after_rao));
  assert.ok(
    BigInt(removed.stake_after_rao) < BigInt(removed.stake_before_rao),
    `stake went from ${removed.stake_before_rao} to ${removed.stake_after_rao}`,
  );
  const after = (await cli(["balance", "--dev", "//Eve", "--json", ...ep])).json();
  assert.ok(BigInt(after.staked_rao) < BigInt(before.staked_rao));
  assert.ok(BigInt(after.free_rao) > BigInt(before.free_rao) - BigInt(removed.fee_rao));

  const text = await cli(["stake", "list", "--dev", "//Eve", ...ep]);
  assert.match(text.out.join("\n"), /^1\s+[\d.]+ α\s+5HGjWAeF/m);
});

Deno.test("spending commands ask on a terminal, skip with -y, and never ask without one", async (t) => {
  await using net = await startDevnet({ port: 0, instant: true });
  const ep = ["--subtensor.chain_endpoint", net.endpoint];
  const bobFree = async () => BigInt((await cli(["balance", "--address", BOB, "--json", ...ep])).json().free_rao);
  const send = ["transfer", "--dest", BOB, "--amount", "1", "--dev", "//Alice", ...ep];

  await t.step("answering no sends nothing (exit 1)", async () => {
    const asked: string[] = [];
    const start = await bobFree();
    const r = await cli(send, {}, (q) => (asked.push(q), Promise.resolve("n")));
    assert.equal(r.code, 1, r.err);
    assert.equal(asked.length, 1);
    assert.match(r.err, /action\s+send 1 τ to 5FHneW46/);
    assert.match(r.err, /fee\s+[\d.]+ τ/);
    assert.match(r.err, /balance\s+[\d.]+ τ → [\d.]+ τ/);
    assert.match(r.err, /Cancelled: did not send 1 τ/);
    assert.equal(await bobFree(), start);
  });
  await t.step("answering yes sends", async () => {
    const start = await bobFree();
    const r = await cli(send, {}, () => Promise.resolve("y"));
    assert.equal(r.code, 0, r.err);
    assert.equal(await bobFree(), start + 1_000_000_000n);
  });
  await t.step("-y does not ask", async () => {
    const r = await cli([...send, "-y"], {}, () => Promise.reject(new Error("asked")));
    assert.equal(r.code, 0, r.err);
  });
  await t.step("without a terminal it goes ahead", async () => {
    const r = await cli(send);
    assert.equal(r.code, 0, r.err);
  });
});

Deno.test("subnet miner names the port and the flag when the port is in use", async () => {
  await using net = await startDevnet({ port: 0, instant: true });
  using listener = Deno.listen({ hostname: "0.0.0.0", port: 0 });
  const port = String((listener.addr as Deno.NetAddr).port);
  const home = await Deno.makeTempDir();
  try {
    const reg = await cli([
      "register",
      "--netuid",
      "1",
      "--dev",
      "//Bob",
      "-y",
      "--subtensor.chain_endpoint",
      net.endpoint,
    ]);
    assert.equal(reg.code, 0, reg.err);
    const r = await cli([
      "miner",
      "--netuid",
      "1",
      "--dev",
      "//Bob",
      "--axon.port",
      port,
      "--axon.external_ip",
      "127.0.0.1",
      "--logging.logging_dir",
      home,
      "--subtensor.chain_endpoint",
      net.endpoint,
    ]);
    assert.equal(r.code, 1, r.err);
    const errors = r.err.split("\n").filter((l) => l.startsWith("error:"));
    assert.equal(errors.length, 1, r.err);
    assert.match(errors[0], new RegExp(`port ${port} is already in use.*--axon\\.port`));
    assert.ok(!r.err.includes("bug:"));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a miner launch line copied from the Python template's docs starts", async () => {
  await using net = await startDevnet({ port: 0, instant: true, allowLocalIp: true });
  const home = await Deno.makeTempDir();
  const env = { HOME: home, BT_WALLET_PATH: `${home}/wallets` };
  try {
    const created = await cli(["wallet", "create", "--wallet.name", "miner", "--no-password", "--json"], env);
    assert.equal(created.code, 0, created.err);
    const { coldkey, hotkey } = created.json() as { coldkey: string; hotkey: string };
    const ep = ["--subtensor.chain_endpoint", net.endpoint];
    // The hotkey pays serve_axon's fee until the devnet makes it Pays::No, as subtensor does.
    for (const dest of [coldkey, hotkey]) {
      const fund = await cli(["transfer", "--dest", dest, "--amount", "100", "--dev", "//Alice", "-y", ...ep], env);
      assert.equal(fund.code, 0, fund.err);
    }
    const reg = await cli(["register", "--netuid", "1", "--wallet.name", "miner", "-y", ...ep], env);
    assert.equal(reg.code, 0, reg.err);

    // docs/running_on_staging.md: python neurons/miner.py --netuid 1 --subtensor.chain_endpoint ws://127.0.0.1:9946
    //   --wallet.name miner --wallet.hotkey default --logging.debug   (plus the template's other flags)
    const line = `--netuid 1 --subtensor.chain_endpoint ${net.endpoint} --wallet.name miner --wallet.hotkey default ` +
      `--logging.debug --wandb.off --neuron.device cuda --logging.record_log --neuron.dont_save_events --mock ` +
      `--subtensor._mock --wandb.project_name template-miners --axon.port ${freePort()} --axon.external_ip 127.0.0.1`;
    const controller = new AbortController();
    const io = captureIo(env, controller.signal);
    let done = false;
    const running = runCli(["miner", ...line.split(" ")], io).finally(() => done = true);
    const deadline = Date.now() + 60_000;
    while (!done && !io.out.some((l) => l.startsWith("miner uid")) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    controller.abort();
    const code = await running;
    assert.ok(io.out.some((l) => l.startsWith("miner uid")), io.err.join("\n"));
    assert.equal(code, 0, io.err.join("\n"));
    const warnings = io.err.filter((l) => l.startsWith("warning:"));
    assert.equal(warnings.length, 1, io.err.join("\n"));
    for (const flag of ["--wandb.off", "--neuron.device", "--mock", "--subtensor._mock", "--logging.record_log"]) {
      assert.ok(warnings[0].includes(flag), warnings[0]);
    }
    assert.ok(!warnings[0].includes("--logging.debug"), "the miner reads --logging.debug itself");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("validator reads --axon_off as --neuron.axon_off", async () => {
  const { legacyFlags } = await import("./legacy_flags.ts");
  const { validatorCommand } = await import("./validator.ts");
  const r = legacyFlags(["--axon_off", "--logging.trace", "--wandb.entity", "x"], validatorCommand.options);
  assert.deepEqual(r.args, ["--neuron.axon_off", "--logging.trace"]);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0], /--wandb\.entity.*--axon_off as --neuron\.axon_off/);
});
