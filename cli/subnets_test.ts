// subnet subnets list|create|start|hyperparameters|set end to end on a devnet over WebSocket.
import assert from "node:assert/strict";
import { runCli } from "./mod.ts";
import { captureIo } from "./_test_io.ts";
import { startDevnet } from "../devnet/mod.ts";

const DAVE = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";

async function cli(argv: string[]) {
  const io = captureIo();
  const code = await runCli(argv, io);
  return { code, out: io.out, err: io.err.join("\n"), json: () => JSON.parse(io.out.at(-1) ?? "null") };
}

Deno.test("subnet subnets creates, starts, lists and tunes a subnet on the devnet", async () => {
  await using net = await startDevnet({ port: 0, instant: true });
  const ep = ["--subtensor.chain_endpoint", net.endpoint];

  const list0 = await cli(["subnets", "list", "--json", ...ep]);
  assert.equal(list0.code, 0, list0.err);
  const before = list0.json().subnets as { netuid: number }[];
  assert.ok(before.some((s) => s.netuid === 1));

  const created = await cli(["subnets", "create", "--dev", "//Dave", "-y", "--json", ...ep]);
  assert.equal(created.code, 0, created.err);
  const { netuid, owner, lock_cost_rao } = created.json();
  assert.equal(owner, DAVE);
  assert.ok(!before.some((s) => s.netuid === netuid));
  assert.ok(BigInt(lock_cost_rao) > 0n);

  const list1 = await cli(["subnets", "list", "--json", ...ep]);
  const mine = list1.json().subnets.find((s: { netuid: number }) => s.netuid === netuid);
  assert.equal(mine.owner, DAVE);
  assert.equal(mine.n, 1);
  for (const key of ["name", "max_n", "tempo"]) assert.ok(key in mine, key);
  const table = await cli(["subnets", "list", ...ep]);
  assert.match(table.out[0], /^NETUID\s+NAME\s+N\s+TEMPO\s+EMISSION/);

  const start = await cli(["subnets", "start", "--netuid", String(netuid), "--dev", "//Dave", "--json", ...ep]);
  assert.equal(start.code, 0, start.err);

  // owner setter signed by the owner; root-only setter through sudo (//Alice is the devnet's sudo key)
  const own = await cli([
    "subnets",
    "set",
    "--netuid",
    String(netuid),
    "--param",
    "max_burn",
    "--value",
    "200000000000",
    "--dev",
    "//Dave",
    "--json",
    ...ep,
  ]);
  assert.equal(own.code, 0, own.err);
  assert.equal(own.json().sudo, false);
  const root = await cli([
    "subnets",
    "set",
    "--netuid",
    String(netuid),
    "--param",
    "tempo",
    "--value",
    "33",
    "--dev",
    "//Alice",
    ...ep,
  ]);
  assert.equal(root.code, 0, root.err);
  const notRoot = await cli([
    "subnets",
    "set",
    "--netuid",
    String(netuid),
    "--param",
    "tempo",
    "--value",
    "34",
    "--dev",
    "//Dave",
    ...ep,
  ]);
  assert.equal(notRoot.code, 1, notRoot.err);
  assert.match(notRoot.err, /is not the sudo key/);

  const hp = await cli(["subnets", "hyperparameters", "--netuid", String(netuid), "--json", ...ep]);
  assert.equal(hp.code, 0, hp.err);
  const doc = hp.json();
  assert.equal(doc.netuid, netuid);
  assert.equal(doc.hyperparameters.tempo, 33);
  assert.equal(Number(doc.hyperparameters.max_burn), 200_000_000_000);

  const typo = await cli(["subnets", "set", "--netuid", "1", "--param", "tempp", "--value", "1", "--dev", "//Alice"]);
  assert.equal(typo.code, 2);
  assert.match(typo.err, /did you mean "tempo"/);
  const missing = await cli(["subnets", "hyperparameters", "--netuid", "42", ...ep]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /subnet 42 does not exist/);
});
