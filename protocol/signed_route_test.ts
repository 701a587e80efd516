import assert from "node:assert/strict";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { Keyring } from "@polkadot/keyring";
import { btauthAuthenticator, epistulaAuthenticator } from "./signed_route.ts";
import { signBtauth } from "./btauth.ts";
import { signEpistula } from "./epistula.ts";

const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
await cryptoWaitReady();
const alice = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice");
const signer = { address: alice.address, sign: (m: Uint8Array) => alice.sign(m) };
const body = new TextEncoder().encode('{"x": 1}');
const NOW_MS = 1752076800000;

Deno.test("btauthAuthenticator() verifies a signed Request with its percent-encoded target", () => {
  const auth = btauthAuthenticator();
  const headers = signBtauth(signer, {
    method: "POST",
    path: "/a%20b?q=1",
    body,
    receiver: BOB,
    nonce: BigInt(NOW_MS) * 1_000_000n,
  });
  const request = new Request("http://127.0.0.1:8091/a%20b?q=1", { method: "POST", headers, body });
  assert.ok(auth.detect(request.headers));
  assert.deepEqual(auth.authenticate({ request, body, nowMs: NOW_MS + 5, receiver: BOB }), {
    ok: true,
    hotkey: alice.address,
  });
  const replayed = auth.authenticate({ request, body, nowMs: NOW_MS + 6, receiver: BOB });
  assert.deepEqual(replayed, {
    ok: false,
    status: 401,
    body: { detail: "this nonce was already accepted from this hotkey" },
  });
  assert.equal(auth.authenticate({ request, body, nowMs: NOW_MS, receiver: alice.address }).ok, false);
});

Deno.test("epistulaAuthenticator() verifies a signed Request and refuses its replay", () => {
  const auth = epistulaAuthenticator();
  const headers = signEpistula(signer, { body, signedFor: BOB, timestampMs: NOW_MS });
  const request = new Request("http://127.0.0.1:8091/echo", { method: "POST", headers, body });
  assert.ok(auth.detect(request.headers) && !btauthAuthenticator().detect(request.headers));
  assert.deepEqual(auth.authenticate({ request, body, nowMs: NOW_MS + 1000, receiver: BOB }), {
    ok: true,
    hotkey: alice.address,
  });
  const again = auth.authenticate({ request, body, nowMs: NOW_MS + 1000, receiver: BOB });
  assert.equal(again.ok, false);
});
