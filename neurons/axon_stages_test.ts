// The axon's stage modules on their own: head (transport limits, header parsing) and identity.
import assert from "node:assert/strict";
import { encodeAddress } from "@polkadot/util-crypto";
import { bodyText, parseHead, pathOf, readBody } from "./axon_head.ts";
import { AxonReject } from "./axon_reject.ts";
import { IdentityCache } from "./axon_identity.ts";

const PEER = { hostname: "1.2.3.4", port: 40000 };
const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

const rejects = (fn: () => unknown, status: number, message: RegExp) =>
  assert.throws(fn, (e) => e instanceof AxonReject && e.status === status && message.test(e.message));

Deno.test("parseHead() reads the synapse headers and refuses malformed ones with 400", () => {
  const head = parseHead("Dummy", new Headers({ bt_header_dendrite_nonce: "17", timeout: "3.5" }), PEER);
  assert.equal(head.dendrite.nonce, 17n);
  assert.equal(head.timeout, 3.5);
  assert.equal(head.dendrite.ip, "1.2.3.4");
  assert.equal(parseHead("Dummy", new Headers(), PEER).timeout, 12);
  rejects(() => parseHead("D", new Headers({ bt_header_dendrite_nonce: "x" }), PEER), 400, /not an integer/);
  rejects(() => parseHead("D", new Headers({ bt_header_dendrite_nonce: "9".repeat(21) }), PEER), 400, /21 digits/);
  rejects(() => parseHead("D", new Headers({ timeout: "-1" }), PEER), 400, /timeout/);
  rejects(() => parseHead("D", new Headers({ timeout: "NaN" }), PEER), 400, /timeout/);
});

Deno.test("readBody() enforces its byte cap while reading and its deadline", async () => {
  const request = (body: BodyInit) => new Request("http://x/", { method: "POST", body });
  assert.equal((await readBody(request("hello"), 5, 1_000)).length, 5);
  await assert.rejects(readBody(request("hello!"), 5, 1_000), (e) => e instanceof AxonReject && e.status === 413);
  const never = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
  await assert.rejects(
    readBody(new Request("http://x/", { method: "POST", body: never, duplex: "half" } as RequestInit), 5, 50),
    (e) => e instanceof AxonReject && e.status === 408,
  );
  rejects(() => bodyText(new Uint8Array([0xff])), 400, /UTF-8/);
  assert.equal(pathOf("http://h:1/a/b?c=d"), "/a/b");
});

Deno.test("IdentityCache accepts only the canonical SS58 of a key", () => {
  const cache = new IdentityCache();
  assert.equal(cache.identify(undefined), undefined);
  assert.equal(cache.identify(ALICE)?.address, ALICE);
  const pk = cache.identify(ALICE)!.publicKey;
  for (const prefix of [0, 2, 7, 1000]) assert.equal(cache.identify(encodeAddress(pk, prefix)), null);
  assert.equal(cache.identify("0x" + cache.identify(ALICE)!.keyHex), null);
  assert.equal(cache.identify("not an address"), null);
});
