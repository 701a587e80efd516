// Plain-route authentication on its own: the dialect a request's headers pick, the hotkey it
// claims, how that hotkey keys the rate limits, and the synapse dialect's checks on a raw body.
import assert from "node:assert/strict";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { btauthAuthenticator, epistulaAuthenticator } from "../protocol/signed_route.ts";
import { createCallerAdmission } from "./axon_admit_caller.ts";
import { createSynapseAuth } from "./axon_authenticate.ts";
import { matchDialect, synapseAuthenticator } from "./axon_dialects.ts";
import { NonceStore } from "./axon_nonces.ts";
import { AxonReject } from "./axon_reject.ts";
import type { Authenticator } from "./axon_types.ts";
import { signRequest } from "./signed_fetch.ts";
import { sr25519VerifyCompat } from "./verify_pool.ts";

await cryptoReady();
const alice = keypairFromUri("//Alice");
const bob = keypairFromUri("//Bob");
const PEER = { hostname: "1.2.3.4", port: 40000 };
const BODY = '{"prompt": "hi"}';

function synapseDialect() {
  const nonces = new NonceStore();
  const auth = createSynapseAuth({ receiver: bob.address, nonces, verifier: sr25519VerifyCompat, now: Date.now });
  return { nonces, auth, dialect: synapseAuthenticator(auth, createCallerAdmission({ nonces, now: Date.now })) };
}

const signed = (body = BODY) =>
  signRequest("http://127.0.0.1/echo", { dialect: "synapse", signer: alice, receiver: bob.address, body });

Deno.test("matchDialect() picks the first dialect whose headers match and reads its claimed hotkey", () => {
  const { dialect } = synapseDialect();
  const dialects = [dialect, btauthAuthenticator(), epistulaAuthenticator()];
  const keyOf = (hotkey: string) => `key of ${hotkey}`;
  const cases: [Record<string, string>, string, string][] = [
    [{ bt_header_dendrite_hotkey: "5A" }, "synapse", "5A"],
    [{ "x-bittensor-signature": "0x", "x-bittensor-hotkey": "5B" }, "btauth", "5B"],
    [{ "epistula-request-signature": "0x", "epistula-signed-by": "5C" }, "epistula", "5C"],
  ];
  for (const [headers, name, claimed] of cases) {
    const match = matchDialect(dialects, new Headers(headers), keyOf);
    assert.equal(match.auth.dialect, name);
    assert.equal(match.claimed, claimed);
    assert.equal(match.keyOf(claimed), `key of ${claimed}`, "built-in dialects key on the public key");
  }
  assert.throws(
    () => matchDialect(dialects, new Headers({ authorization: "Bearer x" }), keyOf),
    (e) => e instanceof AxonReject && e.status === 401 && /no supported signature headers/.test(e.message),
  );
});

Deno.test("matchDialect() keys a plugged-in dialect's identity as it is", () => {
  const apiKey: Authenticator = {
    dialect: "api-key",
    detect: (h) => h.has("x-api-key"),
    claimedHotkey: (h) => h.get("x-api-key-name") ?? undefined,
    authenticate: () => ({ ok: false, status: 401, body: null }),
  };
  const match = matchDialect([apiKey], new Headers({ "x-api-key": "s", "x-api-key-name": "team-a" }), () => "pk");
  assert.equal(match.claimed, "team-a");
  assert.equal(match.keyOf("team-a"), "team-a");
  const none = matchDialect([{ ...apiKey, claimedHotkey: undefined }], new Headers({ "x-api-key": "s" }), () => "pk");
  assert.equal(none.claimed, undefined);
});

Deno.test("synapseAuthenticator() accepts a signed raw body once and records its nonce", async () => {
  const { dialect, nonces } = synapseDialect();
  const request = signed();
  assert.ok(dialect.detect(request.headers));
  assert.equal(dialect.checkHeaders!({ headers: request.headers, nowMs: Date.now(), receiver: bob.address }), null);
  const body = new TextEncoder().encode(BODY);
  const outcome = await dialect.authenticate({ request, body, peer: PEER, nowMs: Date.now(), receiver: bob.address });
  assert.deepEqual(outcome, { ok: true, hotkey: alice.address });
  assert.equal(nonces.size, 1);
  const again = await dialect.authenticate({ request, body, peer: PEER, nowMs: Date.now(), receiver: bob.address });
  assert.equal(again.ok, false);
  assert.equal(!again.ok && again.status, 401);
});

Deno.test("synapseAuthenticator() refuses a changed body byte and a forged signature with 401", async () => {
  const { dialect, nonces } = synapseDialect();
  const request = signed();
  const changed = new TextEncoder().encode(BODY.replace("hi", "ho"));
  const outcome = await dialect.authenticate({
    request,
    body: changed,
    peer: PEER,
    nowMs: Date.now(),
    receiver: bob.address,
  });
  assert.equal(!outcome.ok && outcome.status, 401);
  assert.match(JSON.stringify(!outcome.ok && outcome.body), /Hash mismatch/);
  const headers = new Headers(request.headers);
  headers.set("bt_header_dendrite_signature", "0x" + "ab".repeat(64));
  const forged = new Request(request.url, { method: "POST", headers, body: BODY });
  const body = new TextEncoder().encode(BODY);
  const refused = await dialect.authenticate({
    request: forged,
    body,
    peer: PEER,
    nowMs: Date.now(),
    receiver: bob.address,
  });
  assert.equal(!refused.ok && refused.status, 401);
  assert.match(JSON.stringify(!refused.ok && refused.body), /Signature mismatch/);
  assert.equal(nonces.size, 0, "nothing refused is recorded");
});

Deno.test("synapseAuthenticator().checkHeaders() refuses another receiver before the body is read", () => {
  const { dialect } = synapseDialect();
  const headers = new Headers(signed().headers);
  headers.set("bt_header_axon_hotkey", alice.address);
  const refusal = dialect.checkHeaders!({ headers, nowMs: Date.now(), receiver: bob.address });
  assert.equal(refusal?.ok, false);
  assert.equal(refusal && !refusal.ok && refusal.status, 401);
});
