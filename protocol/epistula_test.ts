import assert from "node:assert/strict";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { Keyring } from "@polkadot/keyring";
import { epistulaMessage, signEpistula, verifyEpistula, type VerifyEpistulaOptions } from "./epistula.ts";
import { createReplayStore } from "./replay_store.ts";

const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const T = 1752076800123;
const BODY = new TextEncoder().encode('{"prompt": "hello"}');
await cryptoWaitReady();
const alice = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice");
const signer = { address: alice.address, sign: (m: Uint8Array) => alice.sign(m) };
const hex = (s: string) => Uint8Array.from(s.slice(2).match(/../g)!.map((b) => parseInt(b, 16)));

function options(extra: Partial<VerifyEpistulaOptions> = {}): VerifyEpistulaOptions {
  return { receiver: BOB, replay: createReplayStore(), nowMs: () => T + 500, ...extra };
}

Deno.test("signEpistula() signs BitMind's message and secret signatures", () => {
  const h = signEpistula(signer, {
    body: BODY,
    signedFor: BOB,
    timestampMs: T,
    uuid: "5ecbd69c-1cec-41ee-b0dc-e29ce36fec1a",
  });
  const message =
    `341c57448e531310fbbe83f44cea2a5e838bd9e8a6b82b269f01d0dbbc23c3cc.5ecbd69c-1cec-41ee-b0dc-e29ce36fec1a.${T}.${BOB}`;
  assert.equal(
    epistulaMessage({ body: BODY, uuid: "5ecbd69c-1cec-41ee-b0dc-e29ce36fec1a", timestampMs: T, signedFor: BOB }),
    message,
  );
  assert.ok(alice.verify(new TextEncoder().encode(message), hex(h["Epistula-Request-Signature"]), alice.publicKey));
  // Python: timestampInterval = ceil(ts / 1e4) * 1e4 is a float, so str() gives "1752076809999.0".
  const interval = 1752076810000;
  for (const [i, t] of [[0, interval - 1], [1, interval], [2, interval + 1]]) {
    assert.ok(
      alice.verify(
        new TextEncoder().encode(`${t}.0.${BOB}`),
        hex(h[`Epistula-Secret-Signature-${i}`]),
        alice.publicKey,
      ),
    );
  }
  assert.equal(h["Epistula-Version"], "2");
  assert.equal(h["Epistula-Timestamp"], String(T));
  const unaddressed = signEpistula(signer, { body: BODY, timestampMs: T, uuid: "u" });
  assert.ok(!("Epistula-Signed-For" in unaddressed) && !("Epistula-Secret-Signature-0" in unaddressed));
  assert.match(signEpistula(signer, {})["Epistula-Uuid"], /^[0-9a-f-]{36}$/);
});

Deno.test("verifyEpistula() accepts a signed request once, then refuses its replay", () => {
  const h = signEpistula(signer, { body: BODY, signedFor: BOB, timestampMs: T, uuid: "u-1" });
  const replay = createReplayStore();
  assert.deepEqual(verifyEpistula({ headers: new Headers(h), body: BODY }, options({ replay })), {
    ok: true,
    hotkey: alice.address,
    uuid: "u-1",
    timestampMs: T,
  });
  const again = verifyEpistula({ headers: h, body: BODY }, options({ replay }));
  assert.ok(!again.ok && again.failure === "replayed" && again.status === 401);
});

Deno.test("verifyEpistula() refuses each failure with BitMind's reason", async (t) => {
  const good = signEpistula(signer, { body: BODY, signedFor: BOB, timestampMs: T, uuid: "u" });
  const run = (headers: Record<string, string>, extra: Partial<VerifyEpistulaOptions> = {}, body = BODY) =>
    verifyEpistula({ headers, body }, options(extra));
  const cases: [string, () => ReturnType<typeof run>, number, string][] = [
    ["version 1", () => run({ ...good, "Epistula-Version": "1" }), 400, "Unknown Epistula version"],
    [
      "other receiver",
      () => run(good, { receiver: alice.address }),
      401,
      "Bad Request, message is not intended for self",
    ],
    [
      "no signature",
      () => run({ ...good, "Epistula-Request-Signature": undefined as never }),
      400,
      "Invalid Signature",
    ],
    ["timestamp text", () => run({ ...good, "Epistula-Timestamp": "soon" }), 400, "Invalid Timestamp"],
    ["bad sender", () => run({ ...good, "Epistula-Signed-By": "5xyz" }), 400, "Invalid Sender key"],
    ["16 s old", () => run(good, { nowMs: () => T + 16_000 }), 401, "Request is too stale: 16.0s old (limit: 15.0s)"],
    [
      "16 s ahead",
      () => run(good, { nowMs: () => T - 16_000 }),
      401,
      "Request timestamp is in the future: 16.0s ahead (limit: 15.0s)",
    ],
    ["other body", () => run(good, {}, new TextEncoder().encode("{}")), 401, "Signature Mismatch"],
    [
      "bad signature",
      () => run({ ...good, "Epistula-Request-Signature": "0x" + "00".repeat(64) }),
      401,
      "Signature Mismatch",
    ],
  ];
  for (const [label, go, status, reason] of cases) {
    await t.step(label, () => {
      const headers = go();
      assert.ok(!headers.ok);
      assert.equal(headers.status, status);
      assert.equal(headers.reason, reason);
      assert.deepEqual(headers.body, { detail: reason });
    });
  }
  await t.step("15 s either way is still fresh", () => {
    assert.ok(run(good, { nowMs: () => T + 15_000 }).ok);
    assert.ok(run(good, { nowMs: () => T - 15_000 }).ok);
  });
  await t.step("a store shorter than the window is a setup error", () => {
    assert.throws(() => run(good, { replay: createReplayStore({ retentionMs: 20_000 }) }), RangeError);
  });
});
