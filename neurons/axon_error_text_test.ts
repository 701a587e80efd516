// What a caller reads when it sends nonsense: a sane 4xx, never our internals.
import assert from "node:assert/strict";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { createAxon, type PeerInfo } from "./axon.ts";
import { NonceStore } from "./axon_nonces.ts";
import { SPEC_NOW_MS, specDummy, specRequest } from "../tests/_spec_synapse.ts";
import { signRequest } from "./signed_fetch.ts";

await cryptoReady();
const bob = keypairFromUri("//Bob");
const alice = keypairFromUri("//Alice");
const PEER: PeerInfo = { remoteAddr: { hostname: "1.2.3.4", port: 40000 } };
const logged: unknown[] = [];
const logger = {
  debug() {},
  info() {},
  warn: (_e: string, fields: unknown) => logged.push(fields),
  error: (_e: string, fields: unknown) => logged.push(fields),
};

Deno.test("axon.fetch() never sends a throwing blacklist's text to the caller", async () => {
  const axon = createAxon({ keypair: bob, now: () => SPEC_NOW_MS, logger })
    .attach(specDummy, (s) => s, {
      blacklist: () => {
        throw new Error("db password is hunter2");
      },
    })
    .route("/echo", (b) => b, {
      blacklist: () => {
        throw new Error("db password is hunter2");
      },
    });
  const synapse = await axon.fetch(specRequest(), PEER);
  const plain = await axon.fetch(
    signRequest("http://x/echo", { dialect: "btauth", signer: alice, receiver: bob.address, now: () => SPEC_NOW_MS }),
    PEER,
  );
  for (const res of [synapse, plain]) {
    const text = await res.text();
    assert.equal(res.status, 403);
    assert.doesNotMatch(text + JSON.stringify([...res.headers]), /hunter2/);
    assert.match(text, /blacklist check failed \(error #[0-9a-f-]+ in the axon's log\)/);
  }
  assert.ok(JSON.stringify(logged).includes("hunter2"), "the operator still sees it");
});

Deno.test("axon.fetch() answers a 5,000-digit nonce and a negative timeout with 400 and a plain reason", async () => {
  const axon = createAxon({ keypair: bob, now: () => SPEC_NOW_MS }).attach(specDummy, (s) => s);
  const huge = await axon.fetch(specRequest({ headers: { bt_header_dendrite_nonce: "9".repeat(5_000) } }), PEER);
  const hugeText = await huge.text();
  assert.equal(huge.status, 400);
  assert.match(hugeText, /bt_header_dendrite_nonce has 5000 digits/);
  assert.doesNotMatch(hugeText, /Infinity/);
  const negative = await axon.fetch(specRequest({ headers: { timeout: "-1" } }), PEER);
  assert.equal(negative.status, 400);
  assert.match(await negative.text(), /timeout is not a number of seconds ≥ 0: \\"-1\\"/);
});

Deno.test("NonceStore says how far off an absurd nonce is without Infinity", () => {
  const store = new NonceStore();
  const now = 1_700_000_000_000_000_000n;
  const future = store.check("k", "u", 10n ** 40n, 12, now);
  const past = store.check("k", "u", -(10n ** 40n), 12, now);
  assert.ok(!future.ok && !past.ok);
  assert.match(future.message, /more than 10\^12 seconds ahead/);
  assert.match(past.message, /request was more than 10\^12 seconds old/);
});
