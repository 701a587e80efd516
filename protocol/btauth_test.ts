import assert from "node:assert/strict";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { Keyring } from "@polkadot/keyring";
import { bodySha256Hex, btauthPayload, signBtauth, verifyBtauth, type VerifyBtauthOptions } from "./btauth.ts";
import { createReplayStore } from "./replay_store.ts";

// Golden vectors: landscape.md §1.6 (from RaoFoundation/subtensor docs/guides/signed-requests.mdx).
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const ALICE_ED = "5FA9nQDVg267DEd8m1ZypXLBnvN7SFxYwV7ndqSYGiN9TTpu";
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const NONCE = 1752076800000000000n;
const BODY = new TextEncoder().encode('{"prompt": "hello"}');
const ED_SIGNATURE =
  "0x1a6b631988bf1f7ea093ab9d5acf61f05c316d0b0e428b24b487b75a5f6ee0e1a56a26918fdf871b6cf09437e6588023a4ce423cf622621b2a7feee17612f704";
const PAYLOAD = [
  "btauth/1",
  "sr25519",
  "POST",
  "/generate?stream=false",
  "341c57448e531310fbbe83f44cea2a5e838bd9e8a6b82b269f01d0dbbc23c3cc",
  "1752076800000000000",
  ALICE,
  BOB,
].join("\n");

await cryptoWaitReady();
const alice = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice");
const aliceEd = new Keyring({ type: "ed25519", ss58Format: 42 }).addFromUri("//Alice");
const srSigner = { address: alice.address, type: "sr25519", sign: (m: Uint8Array) => alice.sign(m) };
const edSigner = { address: aliceEd.address, type: "ed25519", sign: (m: Uint8Array) => aliceEd.sign(m) };
const GOLDEN = { method: "POST", path: "/generate?stream=false", body: BODY, receiver: BOB, nonce: NONCE };

function options(extra: Partial<VerifyBtauthOptions> = {}): VerifyBtauthOptions {
  return { receiver: BOB, replay: createReplayStore(), nowNs: () => NONCE + 1_000_000n, ...extra };
}

Deno.test("bodySha256Hex() and btauthPayload() match the signed-requests golden vector", () => {
  assert.equal(BODY.length, 19);
  assert.equal(bodySha256Hex(BODY), "341c57448e531310fbbe83f44cea2a5e838bd9e8a6b82b269f01d0dbbc23c3cc");
  const payload = btauthPayload({
    scheme: "sr25519",
    method: "post",
    path: "/generate?stream=false",
    body: BODY,
    nonce: NONCE,
    sender: ALICE,
    receiver: BOB,
  });
  assert.equal(payload, PAYLOAD);
});

Deno.test("signBtauth() with //Alice ed25519 gives the golden signature byte for byte", () => {
  assert.equal(aliceEd.address, ALICE_ED);
  const headers = signBtauth(edSigner, GOLDEN);
  assert.equal(headers["X-Bittensor-Signature"], ED_SIGNATURE);
  assert.deepEqual(Object.keys(headers), [
    "X-Bittensor-Version",
    "X-Bittensor-Hotkey",
    "X-Bittensor-Nonce",
    "X-Bittensor-Signature",
    "X-Bittensor-Crypto",
    "X-Bittensor-Receiver",
  ]);
  assert.equal(headers["X-Bittensor-Crypto"], "ed25519");
  const result = verifyBtauth(
    { headers, body: BODY, method: "POST", path: "/generate?stream=false" },
    options({ schemeFor: () => "ed25519" }),
  );
  assert.deepEqual(result, { ok: true, hotkey: ALICE_ED, nonce: NONCE, scheme: "ed25519" });
});

Deno.test("signBtauth() with //Alice sr25519 verifies for //Bob (sign then verify)", () => {
  assert.equal(alice.address, ALICE);
  const headers = signBtauth(srSigner, GOLDEN);
  assert.ok(!("X-Bittensor-Crypto" in headers));
  assert.ok(alice.verify(
    new TextEncoder().encode(PAYLOAD),
    Uint8Array.from(
      headers["X-Bittensor-Signature"].slice(2).match(/../g)!.map((b) => parseInt(b, 16)),
    ),
    alice.publicKey,
  ));
  const result = verifyBtauth(
    { headers: new Headers(headers), body: BODY, method: "post", path: GOLDEN.path },
    options(),
  );
  assert.deepEqual(result, { ok: true, hotkey: ALICE, nonce: NONCE, scheme: "sr25519" });
});

Deno.test("verifyBtauth() refuses each failure with 401 {detail} in Python's order", async (t) => {
  const good = signBtauth(srSigner, GOLDEN);
  const run = (
    headers: Record<string, string>,
    extra: Partial<VerifyBtauthOptions> = {},
    body = BODY,
    path = GOLDEN.path,
  ) => verifyBtauth({ headers, body, method: "POST", path }, options(extra));
  const cases: [string, () => ReturnType<typeof run>, string, string][] = [
    ["no headers", () => run({}), "malformed", "missing or unsupported X-Bittensor-Version (expected '1')"],
    [
      "version 2",
      () => run({ ...good, "X-Bittensor-Version": "2" }),
      "malformed",
      "missing or unsupported X-Bittensor-Version (expected '1')",
    ],
    [
      "nonce text",
      () => run({ ...good, "X-Bittensor-Nonce": "12a" }),
      "malformed",
      "X-Bittensor-Nonce is not a decimal integer",
    ],
    [
      "unknown crypto",
      () => run({ ...good, "X-Bittensor-Crypto": "mldsa" }),
      "malformed",
      "unsupported X-Bittensor-Crypto",
    ],
    [
      "crypto downgrade",
      () => run({ ...good, "X-Bittensor-Crypto": "ed25519" }),
      "malformed",
      "X-Bittensor-Crypto does not match the sender's scheme",
    ],
    [
      "signature not hex",
      () => run({ ...good, "X-Bittensor-Signature": "0xzz" }),
      "malformed",
      "X-Bittensor-Signature is not hex",
    ],
    [
      "short signature",
      () => run({ ...good, "X-Bittensor-Signature": "0xabcd" }),
      "malformed",
      "invalid hotkey address or signature encoding",
    ],
    [
      "bad address",
      () => run({ ...good, "X-Bittensor-Hotkey": "5xyz" }),
      "malformed",
      "invalid hotkey address or signature encoding",
    ],
    [
      "other receiver",
      () => run(good, { receiver: ALICE }),
      "wrong-receiver",
      "request was signed for a different receiving hotkey",
    ],
    [
      "unbound",
      () => run(Object.fromEntries(Object.entries(good).filter(([k]) => k !== "X-Bittensor-Receiver"))),
      "wrong-receiver",
      "missing X-Bittensor-Receiver: this server requires receiver-bound requests",
    ],
    [
      "11 s old",
      () => run(good, { nowNs: () => NONCE + 11_000_000_000n }),
      "stale",
      "nonce is older than the 10s freshness window",
    ],
    [
      "3 s ahead",
      () => run(good, { nowNs: () => NONCE - 3_000_000_000n }),
      "stale",
      "nonce is more than 2s in the future",
    ],
    [
      "other body",
      () => run(good, {}, new TextEncoder().encode('{"prompt": "hello!"}')),
      "bad-signature",
      "signature does not verify against the claimed hotkey",
    ],
    [
      "other path",
      () => run(good, {}, BODY, "/generate"),
      "bad-signature",
      "signature does not verify against the claimed hotkey",
    ],
  ];
  for (const [label, go, failure, reason] of cases) {
    await t.step(label, () => {
      const r = go();
      assert.ok(!r.ok);
      assert.equal(r.failure, failure);
      assert.equal(r.status, 401);
      assert.equal(r.reason, reason);
      assert.deepEqual(r.body, { detail: reason });
    });
  }
  await t.step("10 s old and 2 s ahead are still fresh", () => {
    assert.ok(run(good, { nowNs: () => NONCE + 10_000_000_000n }).ok);
    assert.ok(run(good, { nowNs: () => NONCE - 2_000_000_000n }).ok);
  });
  await t.step("unbound requests pass when the server opts out", () => {
    const unbound = signBtauth(srSigner, { ...GOLDEN, receiver: undefined });
    assert.ok(run(unbound, { requireReceiver: false }).ok);
  });
});

Deno.test("verifyBtauth() stores (hotkey, nonce) only after the signature verified", () => {
  const replay = createReplayStore();
  const good = signBtauth(srSigner, GOLDEN);
  const forged = { ...good, "X-Bittensor-Signature": "0x" + "11".repeat(64) };
  const req = (headers: Record<string, string>) => ({ headers, body: BODY, method: "POST", path: GOLDEN.path });
  assert.equal((verifyBtauth(req(forged), options({ replay })) as { failure: string }).failure, "bad-signature");
  assert.ok(verifyBtauth(req(good), options({ replay })).ok, "a forged attempt did not poison the store");
  const again = verifyBtauth(req(good), options({ replay }));
  assert.ok(
    !again.ok && again.failure === "replayed" && again.reason === "this nonce was already accepted from this hotkey",
  );
  const full = createReplayStore({ entriesMax: 1 });
  full.checkAndStore("x", Number(NONCE / 1_000_000n));
  const refused = verifyBtauth(req(signBtauth(srSigner, GOLDEN)), options({ replay: full }));
  assert.ok(!refused.ok && refused.status === 503);
  assert.throws(
    () => verifyBtauth(req(good), options({ replay: createReplayStore({ retentionMs: 5_000 }) })),
    RangeError,
  );
});
