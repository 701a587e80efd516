// One identity per public key: every dialect refuses another spelling of a hotkey (SS58 prefix ≠ 42,
// hex) with 401 before the blacklist, rate limits or nonce store see it.
import assert from "node:assert/strict";
import { encodeAddress } from "@polkadot/util-crypto";
import { u8aToHex } from "@polkadot/util";
import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
import { createAxon, type PeerInfo } from "./axon.ts";
import { type AuthDialect, signRequest } from "./signed_fetch.ts";
import { Dummy } from "../subnets/template/synapse.ts";
import { createDendrite } from "./dendrite.ts";

await cryptoReady();
const bob = keypairFromUri("//Bob");
const alice = keypairFromUri("//Alice");
const PEER: PeerInfo = { remoteAddr: { hostname: "1.2.3.4", port: 40000 } };
const ALIASES: [string, string][] = [
  ...[0, 2, 7, 1000].map((p) => [`prefix ${p}`, encodeAddress(alice.publicKey, p)] as [string, string]),
  ["hex", u8aToHex(alice.publicKey)],
];

/** A signer that signs with Alice's key but names itself by `alias`, so only the spelling differs. */
const aliasOf = (alias: string) => ({ type: alice.type, address: alias, sign: (m: Uint8Array) => alice.sign(m) });

function blacklistedAxon(seen: string[]) {
  const deny = (hotkey: string): [boolean, string] => {
    seen.push(hotkey);
    return [hotkey === alice.address, "alice is banned"];
  };
  return createAxon({ keypair: bob })
    .route("/echo", (body) => body, { blacklist: deny })
    .attach(Dummy, (s) => s, { blacklist: (head) => deny(head.dendrite.hotkey ?? "") });
}

Deno.test("axon refuses another spelling of a blacklisted hotkey with 401 in every dialect", async (t) => {
  for (const dialect of ["synapse", "btauth", "epistula"] as AuthDialect[]) {
    for (const [name, alias] of ALIASES) {
      await t.step(`${dialect}, ${name}`, async () => {
        const seen: string[] = [];
        const axon = blacklistedAxon(seen);
        const request = signRequest("http://127.0.0.1/echo", {
          dialect,
          signer: aliasOf(alias),
          receiver: bob.address,
          body: "{}",
        });
        const res = await axon.fetch(request, PEER);
        const text = await res.text();
        assert.equal(res.status, 401, text);
        assert.match(text, /not a canonical SS58 address \(prefix 42\)/);
        assert.deepEqual(seen, [], "the blacklist never saw the alias");
      });
    }
    await t.step(`${dialect}, canonical: the blacklist refuses (403)`, async () => {
      const seen: string[] = [];
      const request = signRequest("http://127.0.0.1/echo", {
        dialect,
        signer: alice,
        receiver: bob.address,
        body: "{}",
      });
      const res = await blacklistedAxon(seen).fetch(request, PEER);
      await res.body?.cancel();
      assert.equal(res.status, 403);
      assert.deepEqual(seen, [alice.address]);
    });
  }
});

Deno.test("axon refuses a synapse whose dendrite hotkey is another spelling, before the blacklist", async (t) => {
  for (const [name, alias] of ALIASES) {
    await t.step(name, async () => {
      const seen: string[] = [];
      const axon = blacklistedAxon(seen);
      const dendrite = createDendrite({
        keypair: aliasOf(alias),
        fetch: (url, init) => axon.fetch(new Request(url, init), PEER),
      });
      const out = await dendrite.call(
        { ip: "127.0.0.1", port: 1, hotkey: bob.address },
        Dummy.create({ dummy_input: 1 }),
        { type: Dummy },
      );
      assert.equal(out.dendrite.status_code, 401, out.dendrite.status_message ?? "");
      assert.match(out.dendrite.status_message ?? "", /not a canonical SS58 address/);
      assert.deepEqual(seen, []);
    });
  }
});

Deno.test("axon per-hotkey rate limit counts one key once, whatever the spelling tried", async () => {
  const axon = createAxon({ keypair: bob, rate: { perHotkey: { burst: 1, ratePerS: 0.001 } } })
    .route("/echo", (body) => body);
  const send = (signer: ReturnType<typeof aliasOf> | typeof alice) =>
    axon.fetch(signRequest("http://127.0.0.1/echo", { dialect: "btauth", signer, receiver: bob.address }), PEER);
  assert.equal((await send(alice)).status, 200);
  assert.equal((await send(alice)).status, 429);
  for (const [, alias] of ALIASES) assert.equal((await send(aliasOf(alias))).status, 401);
});

Deno.test("axon keeps nonce room for registered callers while strangers flood it (isRegistered)", async () => {
  const charlie = keypairFromUri("//Charlie");
  const axon = createAxon({
    keypair: bob,
    nonces: { unregisteredEntriesMax: 3 },
    isRegistered: (hotkey) => hotkey === alice.address,
  }).route("/echo", (body) => body);
  const send = (signer: typeof alice, uuid: string) =>
    axon.fetch(
      signRequest("http://127.0.0.1/echo", { dialect: "synapse", signer, receiver: bob.address, uuid, body: "{}" }),
      PEER,
    );
  const strangers: number[] = [];
  for (let i = 0; i < 6; i++) strangers.push((await send(charlie, `flood-${i}`)).status);
  assert.deepEqual(strangers, [200, 200, 200, 503, 503, 503]);
  assert.equal((await send(alice, "validator")).status, 200, "the registered validator gets in");
});
