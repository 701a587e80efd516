import assert from "node:assert/strict";
import { runCli } from "./mod.ts";
import { encrypt } from "../chain/timelock/mod.ts";
import { QUICKNET } from "../chain/reveal_round.ts";
import { createDevBeacon } from "../devnet/drand/beacon.ts";
import { captureIo } from "./_test_io.ts";

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

// timelock.md §5 V1 (quicknet round 1000) and the §2 payload (Alice, uids [1,3], values [28086, 65535], 843000).
const V1_SIGNATURE = "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39";
const PAYLOAD = hex(
  "80d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d080100030008b66dfffff8dc0c0000000000",
);
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
// timelock.md §5 V5 is this payload encrypted to round 1000 with esk [2;32], sigma [7;32], nonce [9;12].
const V5 = encrypt(QUICKNET.publicKey, 1000n, PAYLOAD, {
  randomness: { esk: new Uint8Array(32).fill(2), sigma: new Uint8Array(32).fill(7), nonce: new Uint8Array(12).fill(9) },
});

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await runCli(["weights", ...args], io);
  return { code, out: io.out.join("\n"), err: io.err.join("\n") };
}

Deno.test("weights decrypt prints the payload of V5 as text and as JSON", async () => {
  const text = await run("decrypt", "0x" + toHex(V5), "--round", "1000", "--signature", V1_SIGNATURE);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, new RegExp(`hotkey\\s+${ALICE}`));
  assert.match(text.out, /uids\s+\[1,3\]/);
  assert.match(text.out, /values\s+\[28086,65535\]/);
  assert.match(text.out, /version_key\s+843000/);
  const json = await run("decrypt", toHex(V5), "--round", "1000", "--signature", "0x" + V1_SIGNATURE, "--json");
  assert.equal(json.code, 0, json.err);
  assert.deepEqual(JSON.parse(json.out), { hotkey: ALICE, uids: [1, 3], values: [28086, 65535], version_key: 843000 });
});

Deno.test("weights decrypt reads @file holding raw bytes or hex", async () => {
  const dir = await Deno.makeTempDir({ prefix: "subnet-weights-" });
  try {
    await Deno.writeFile(`${dir}/commit.bin`, V5);
    await Deno.writeTextFile(`${dir}/commit.hex`, "0x" + toHex(V5) + "\n");
    for (const name of ["commit.bin", "commit.hex"]) {
      const r = await run("decrypt", `@${dir}/${name}`, "--round", "1000", "--signature", V1_SIGNATURE, "--json");
      assert.equal(r.code, 0, r.err);
      assert.equal(JSON.parse(r.out).hotkey, ALICE);
    }
    const missing = await run("decrypt", `@${dir}/nope`, "--round", "1000", "--signature", V1_SIGNATURE);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /Cannot read the commit from/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("weights decrypt refuses a wrong-round pulse, an invalid point and malformed bytes", async (t) => {
  const commit = toHex(V5);
  await t.step("a pulse that is not the given round's", async () => {
    const r = await run("decrypt", commit, "--round", "1001", "--signature", V1_SIGNATURE);
    assert.equal(r.code, 1);
    assert.match(r.err, /not the pulse of round 1001 of the quicknet beacon/);
  });
  await t.step("a commit to another round", async () => {
    const other = encrypt(QUICKNET.publicKey, 1001n, PAYLOAD);
    const r = await run("decrypt", toHex(other), "--round", "1000", "--signature", V1_SIGNATURE);
    assert.equal(r.code, 1);
    assert.match(r.err, /encrypted to another round/);
  });
  await t.step("an invalid pulse point (timelock.md §5 negative vector)", async () => {
    const bad = "b0a8b04e009cf72534321aca0f50048da596a3feec1172a0244d9a4a623a3123d0402da79854d4c705e94bc73224c341";
    const r = await run("decrypt", commit, "--round", "1000", "--signature", bad);
    assert.equal(r.code, 1);
    assert.match(r.err, /not a valid G1 point/);
  });
  await t.step("a commit with its SCALE length prefix", async () => {
    // compact(295) = (295 << 2) | 1 = 0x049d, little-endian 9d 04: as polkadot.js shows a BoundedVec.
    const r = await run("decrypt", "9d04" + commit, "--round", "1000", "--signature", V1_SIGNATURE);
    assert.equal(r.code, 1);
    assert.match(r.err, /starts with a SCALE length prefix \(2 bytes announcing 295\)/);
  });
  await t.step("a trailing byte", async () => {
    const r = await run("decrypt", commit + "00", "--round", "1000", "--signature", V1_SIGNATURE);
    assert.equal(r.code, 1);
    assert.match(r.err, /trailing bytes/);
  });
  await t.step("a plaintext that is not a weights payload", async () => {
    const plain = encrypt(QUICKNET.publicKey, 1000n, new TextEncoder().encode("hello, bittensor!"));
    const r = await run("decrypt", toHex(plain), "--round", "1000", "--signature", V1_SIGNATURE);
    assert.equal(r.code, 1);
    assert.match(r.err, /Cannot decode the decrypted weights payload/);
  });
  await t.step("usage mistakes exit 2", async () => {
    assert.equal((await run("decrypt", commit, "--signature", V1_SIGNATURE)).code, 2);
    assert.equal((await run("decrypt", commit, "--round", "x", "--signature", V1_SIGNATURE)).code, 2);
    assert.equal((await run("decrypt", commit, "--round", "1000")).code, 2);
    assert.equal((await run("decrypt", "zz", "--round", "1000", "--signature", V1_SIGNATURE)).code, 2);
    assert.equal((await run("decrypt", "--round", "1000", "--signature", V1_SIGNATURE)).code, 2);
  });
});

Deno.test("weights decrypt opens a devnet-beacon commit with --beacon-key", async () => {
  const beacon = createDevBeacon({ seed: "cli" });
  const commit = encrypt(beacon.config.publicKey, 12n, PAYLOAD);
  const sig = toHex(beacon.pulse(12n).signature);
  const withKey = await run(
    "decrypt",
    toHex(commit),
    "--round",
    "12",
    "--signature",
    sig,
    "--beacon-key",
    toHex(beacon.config.publicKey),
    "--json",
  );
  assert.equal(withKey.code, 0, withKey.err);
  assert.equal(JSON.parse(withKey.out).version_key, 843000);
  const quicknet = await run("decrypt", toHex(commit), "--round", "12", "--signature", sig);
  assert.equal(quicknet.code, 1);
  assert.match(quicknet.err, /--beacon-key/);
});

Deno.test("weights status refuses a missing --netuid or --blocks out of range before connecting", async () => {
  const r = await run("status", "--dev", "//Alice");
  assert.equal(r.code, 2);
  assert.match(r.err, /--netuid/);
  const b = await run("status", "--netuid", "1", "--blocks", "0", "--dev", "//Alice");
  assert.equal(b.code, 2);
  assert.match(b.err, /--blocks/);
  assert.equal((await run("--help")).code, 0);
});
