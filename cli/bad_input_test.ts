// Bad input, table-driven: each case has its exit code and a fragment of its message, and none
// may print "bug:" (exit 70 is for our own bugs only). Chain cases run against one devnet.
import assert from "node:assert/strict";
import { runCli } from "./mod.ts";
import { captureIo } from "./_test_io.ts";
import { startDevnet } from "../devnet/mod.ts";

const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const BAD_CHECKSUM = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694tz";

interface Case {
  argv: string[];
  code: number;
  fragment: string | RegExp;
  /** Where the fragment must appear (default stderr). */
  stream?: "out" | "err";
  /** Needs the devnet endpoint appended. */
  chain?: boolean;
}

const CASES: Case[] = [
  // unexpected positional words
  { argv: ["stake", "remove", "extra", "--amount", "1"], code: 2, fragment: 'Unexpected argument "extra"' },
  { argv: ["balance", "foo"], code: 2, fragment: 'Unexpected argument "foo"' },
  { argv: ["transfer", "back", "--dest", BOB, "--amount", "1"], code: 2, fragment: 'Unexpected argument "back"' },
  { argv: ["metagraph", "21"], code: 2, fragment: 'Unexpected argument "21"' },
  { argv: ["register", "now"], code: 2, fragment: 'Unexpected argument "now"' },
  { argv: ["miner", "neurons/miner.py"], code: 2, fragment: 'Unexpected argument "neurons/miner.py"' },
  { argv: ["validator", "x"], code: 2, fragment: 'Unexpected argument "x"' },
  { argv: ["devnet", "start"], code: 2, fragment: 'Unexpected argument "start"' },
  { argv: ["wallet", "list", "all"], code: 2, fragment: 'Unexpected argument "all"' },
  { argv: ["simulate", "a.json", "b.json"], code: 2, fragment: 'Unexpected argument "b.json"' },
  { argv: ["demo", "now"], code: 2, fragment: 'Unexpected argument "now"' },
  // commands and subcommands
  { argv: ["stake"], code: 2, fragment: '"subnet stake" needs a command' },
  { argv: ["stak"], code: 2, fragment: 'did you mean "subnet stake"' },
  { argv: ["metagrah"], code: 2, fragment: 'did you mean "subnet metagraph"' },
  { argv: ["stake", "rmove"], code: 2, fragment: 'did you mean "subnet stake remove"' },
  { argv: ["wallet", "creat"], code: 2, fragment: 'did you mean "subnet wallet create"' },
  { argv: ["frobnicate"], code: 2, fragment: 'Unknown command "subnet frobnicate"' },
  { argv: ["help", "metagraph"], code: 0, fragment: "subnet metagraph — Show a subnet's metagraph", stream: "out" },
  { argv: ["help", "stake", "remove"], code: 0, fragment: "subnet stake remove — ", stream: "out" },
  { argv: ["wallet", "help", "create"], code: 0, fragment: "subnet wallet create — ", stream: "out" },
  { argv: ["balance", "--adress", BOB], code: 2, fragment: 'did you mean "--address"' },
  // SS58 addresses
  {
    argv: ["transfer", "--dest", "5abc", "--amount", "1", "--dev", "//Alice"],
    code: 2,
    fragment: '"--dest" takes an SS58',
  },
  {
    argv: ["transfer", "--dest", BAD_CHECKSUM, "--amount", "1", "--dev", "//Alice"],
    code: 2,
    fragment: "checksum does not match",
  },
  { argv: ["transfer", "--dest", "0x1234", "--amount", "1", "--dev", "//Alice"], code: 2, fragment: "it is hex" },
  { argv: ["transfer", "--amount", "1", "--dev", "//Alice"], code: 2, fragment: '"--dest" is required' },
  { argv: ["balance", "--address", "not-an-address"], code: 2, fragment: '"--address" takes an SS58' },
  {
    argv: ["stake", "add", "--netuid", "1", "--amount", "1", "--hotkey-address", "5xyz", "--dev", "//Alice"],
    code: 2,
    fragment: '"--hotkey-address" takes an SS58',
  },
  { argv: ["stake", "list", "--address", BAD_CHECKSUM], code: 2, fragment: "checksum" },
  // amounts
  { argv: ["transfer", "--dest", BOB, "--amount", "abc", "--dev", "//Alice"], code: 2, fragment: "amount of TAO" },
  { argv: ["transfer", "--dest", BOB, "--amount", "0", "--dev", "//Alice"], code: 2, fragment: "must be more than 0" },
  { argv: ["transfer", "--dest", BOB, "--amount", "-1", "--dev", "//Alice"], code: 2, fragment: "amount of TAO" },
  {
    argv: ["transfer", "--dest", BOB, "--amount", "1.0000000001", "--dev", "//Alice"],
    code: 2,
    fragment: "amount of TAO",
  },
  { argv: ["stake", "add", "--netuid", "1", "--dev", "//Alice"], code: 2, fragment: '"--amount" is required' },
  { argv: ["stake", "remove", "--netuid", "1", "--amount", "x", "--dev", "//Alice"], code: 2, fragment: "amount" },
  // ports and addresses
  { argv: ["miner", "--axon.port", "70000", "--dev", "//Bob"], code: 2, fragment: '"--axon.port" takes a port' },
  { argv: ["miner", "--axon.port", "0", "--dev", "//Bob"], code: 2, fragment: "from 1 to 65535" },
  { argv: ["miner", "--axon.port", "http", "--dev", "//Bob"], code: 2, fragment: "from 1 to 65535" },
  { argv: ["validator", "--axon.port", "99999", "--dev", "//Alice"], code: 2, fragment: '"--axon.port"' },
  { argv: ["miner", "--axon.external_port", "65536", "--dev", "//Bob"], code: 2, fragment: '"--axon.external_port"' },
  { argv: ["miner", "--axon.external_ip", "1.2.3.999", "--dev", "//Bob"], code: 2, fragment: "IPv4 or IPv6" },
  { argv: ["devnet", "--port", "70000"], code: 2, fragment: "--port" },
  // netuids
  { argv: ["metagraph", "--netuid", "abc"], code: 2, fragment: "whole number" },
  { argv: ["metagraph", "--netuid", "70000"], code: 2, fragment: "0 to 65535" },
  { argv: ["register", "--netuid", "0", "--dev", "//Bob"], code: 2, fragment: "from 1 to 65535" },
  { argv: ["metagraph", "--netuid", "21"], code: 1, fragment: "subnet 21 does not exist", chain: true },
  {
    argv: ["register", "--netuid", "7", "--dev", "//Bob", "-y"],
    code: 1,
    fragment: "subnet 7 does not exist",
    chain: true,
  },
  {
    argv: ["stake", "add", "--netuid", "9", "--amount", "1", "--dev", "//Bob", "-y"],
    code: 1,
    fragment: "subnet 9 does not exist",
    chain: true,
  },
  {
    argv: ["validator", "--netuid", "7", "--dev", "//Alice"],
    code: 1,
    fragment: "subnet 7 does not exist",
    chain: true,
  },
  { argv: ["miner", "--netuid", "7", "--dev", "//Bob"], code: 1, fragment: "subnet 7 does not exist", chain: true },
  // money the coldkey does not have
  {
    argv: ["transfer", "--dest", BOB, "--amount", "5", "--dev", "//Nobody", "-y"],
    code: 1,
    fragment: /coldkey 5\w+ has 0 τ free.*subnet transfer --dest 5\w+ --amount 100 --dev \/\/Alice/,
    chain: true,
  },
  {
    argv: ["stake", "remove", "--netuid", "1", "--amount", "1", "--dev", "//Ferdie", "-y"],
    code: 1,
    fragment: "has 0 α staked there",
    chain: true,
  },
  // files and keys
  { argv: ["simulate", "/nonexistent/scenario.json"], code: 2, fragment: "Cannot read scenario" },
  {
    argv: ["query", "sn21", "store", "/nonexistent/file.txt", "--dev", "//Alice", "--axons", `127.0.0.1:1:${BOB}`],
    code: 1,
    fragment: "Cannot read /nonexistent/file.txt: it does not exist",
  },
  { argv: ["balance", "--dev", "//Alice", "--wallet.name", "x"], code: 2, fragment: "cannot be combined" },
  { argv: ["balance", "--password-file"], code: 2, fragment: "Unknown option" },
  // --json errors are one JSON line
  { argv: ["balance", "foo", "--json"], code: 2, fragment: '{"error":{"code":"usage","message":"Unexpected argument' },
  {
    argv: ["metagraph", "--netuid", "21", "--json"],
    code: 1,
    fragment: '{"error":{"code":"chain-no-subnet","message":"subnet 21 does not exist',
    chain: true,
  },
];

Deno.test("runCli() refuses bad input with a clear message and the right exit code", async (t) => {
  assert.ok(CASES.length >= 40, `${CASES.length} cases`);
  await using net = await startDevnet({ port: 0, instant: true });
  for (const c of CASES) {
    await t.step(c.argv.join(" "), async () => {
      const io = captureIo({ HOME: "/nonexistent-home" });
      const argv = c.chain ? [...c.argv, "--subtensor.chain_endpoint", net.endpoint] : c.argv;
      const code = await runCli(argv, io);
      const err = io.err.join("\n");
      assert.ok(!err.includes("bug:"), err);
      assert.equal(code, c.code, `exit ${code}\nstdout: ${io.out.join("\n")}\nstderr: ${err}`);
      const text = c.stream === "out" ? io.out.join("\n") : err;
      if (typeof c.fragment === "string") assert.ok(text.includes(c.fragment), text);
      else assert.match(text, c.fragment);
    });
  }
});
