/**
 * Protocol costs per synapse (the spec's Dummy of wire-protocol.md §1.3, four hash fields): body hash,
 * headers, JSON body both ways, and the signing message, each against a baseline in its group
 * (one sha3-256 of a short string; `JSON.stringify`/`JSON.parse` of the same dump). btauth/1 and
 * Epistula verification are measured against a bare sr25519 verify.
 * Run: `deno bench -A bench/protocol_bench.ts`.
 *
 * @module
 */
import { z } from "zod";
import { cryptoWaitReady, sr25519Verify } from "@polkadot/util-crypto";
import { Keyring } from "@polkadot/keyring";
import {
  createReplayStore,
  defineSynapse,
  sha3Hex,
  signBtauth,
  signEpistula,
  synapseSigningMessage,
  verifyBtauth,
  verifyEpistula,
} from "../protocol/mod.ts";

const Dummy = defineSynapse({
  name: "Dummy",
  fields: z.object({
    text: z.string(),
    count: z.int().default(0),
    items: z.array(z.string()).default([]),
    meta: z.record(z.string(), z.number()).nullable().default(null),
    completion: z.string().nullable().default(null),
  }),
  requiredHashFields: ["text", "items", "meta", "count"],
});
const s = Dummy.create({
  text: "hello 'world'",
  items: ["a", "b"],
  meta: { x: 1, y: 0.5 },
  count: 3,
  dendrite: {
    ip: "1.2.3.4",
    version: 9012002,
    nonce: 1712345678901234567n,
    uuid: "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a",
    hotkey: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
  },
  axon: { ip: "5.6.7.8", port: 8091, hotkey: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty" },
});
const hash = Dummy.bodyHash(s);
const body = Dummy.toJson(s);
const headers = Dummy.toHeaders(s, { bodyHash: hash });
const plain = JSON.stringify(Dummy.dump({ ...s, dendrite: { ...s.dendrite, nonce: null } }));

Deno.bench("sha3-256 of one short string", { group: "hash", baseline: true }, () => {
  sha3Hex("hello 'world'");
});
Deno.bench("bodyHash (4 fields: 5 sha3 + Python str())", { group: "hash" }, () => {
  Dummy.bodyHash(s);
});
Deno.bench("synapseSigningMessage", { group: "hash" }, () => {
  synapseSigningMessage(s, hash);
});

Deno.bench("JSON.stringify of the dump (no bigint)", { group: "json-out", baseline: true }, () => {
  JSON.stringify(Dummy.dump(s), (_k, v) => typeof v === "bigint" ? null : v);
});
Deno.bench("toJson compact", { group: "json-out" }, () => {
  Dummy.toJson(s);
});
Deno.bench("toJson python layout", { group: "json-out" }, () => {
  Dummy.toJson(s, { style: "python" });
});

Deno.bench("JSON.parse of the body", { group: "json-in", baseline: true }, () => {
  JSON.parse(plain);
});
Deno.bench("fromJson (lossless parse + validation)", { group: "json-in" }, () => {
  Dummy.fromJson(body);
});

Deno.bench("toHeaders with a known body hash", { group: "headers", baseline: true }, () => {
  Dummy.toHeaders(s, { bodyHash: hash });
});
Deno.bench("toHeaders (hashes the body)", { group: "headers" }, () => {
  Dummy.toHeaders(s);
});
Deno.bench("fromHeaders", { group: "headers" }, () => {
  Dummy.fromHeaders(headers);
});

await cryptoWaitReady();
const alice = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromUri("//Alice");
const signer = { address: alice.address, sign: (m: Uint8Array) => alice.sign(m) };
const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
const raw = new TextEncoder().encode(body);
const message = new TextEncoder().encode("x".repeat(200));
const signature = alice.sign(message);
const nowMs = Date.now();
let nonce = BigInt(nowMs) * 1_000_000n;
const btauthReplay = createReplayStore({ entriesMax: 1_000_000 });
const epistulaReplay = createReplayStore({ entriesMax: 1_000_000 });

Deno.bench("sr25519Verify (200-byte message)", { group: "auth", baseline: true }, () => {
  sr25519Verify(message, signature, alice.publicKey);
});
Deno.bench("verifyBtauth (sign excluded)", { group: "auth" }, (b) => {
  const h = signBtauth(signer, { method: "POST", path: "/echo", body: raw, receiver: BOB, nonce: nonce++ });
  b.start();
  verifyBtauth({ headers: h, body: raw, method: "POST", path: "/echo" }, {
    receiver: BOB,
    replay: btauthReplay,
    nowNs: () => nonce,
  });
  b.end();
});
Deno.bench("verifyEpistula (sign excluded)", { group: "auth" }, (b) => {
  const h = signEpistula(signer, { body: raw, signedFor: BOB, timestampMs: nowMs });
  b.start();
  verifyEpistula({ headers: h, body: raw }, { receiver: BOB, replay: epistulaReplay, nowMs: () => nowMs });
  b.end();
});
