import assert from "node:assert/strict";
import fc from "fast-check";
import { cidDigest, cidFor, matchesCid } from "./cid.ts";

// subnet-template.md §4.2, computed with hashlib / ipfs-cid 1.0.0.
const VECTORS: [string, string][] = [
  ["", "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku"],
  ["Hello World!", "bafkreid7qoywk77r7rj3slobqfekdvs57qwuwh5d2z3sqsw52iabe3mqne"],
  ["Hello Bittensor!", "bafkreihck3cnokvxrirzjxnf5by24u6ofzr64esbjyhrlfq7odbaxjj4yq"],
  ["Hello FileTao!", "bafkreietxqwb3tqlv6gyjqh6otz52skqlyumk3q7y3fmn65t2xcvejly2u"],
  ["some data", "bafkreiata6mq425fzikf5m26temcvg7mizjrxrkn35swuybmpah2ajan5y"],
];

Deno.test("cidFor() matches the spec's vectors", async (t) => {
  for (const [input, cid] of VECTORS) {
    await t.step(JSON.stringify(input), () => {
      const bytes = new TextEncoder().encode(input);
      assert.equal(cidFor(bytes), cid);
      assert.ok(matchesCid(bytes, cid));
    });
  }
});

Deno.test("matchesCid() detects any changed byte; cidDigest() rejects malformed ids", () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 256 }), fc.nat(), (data, at) => {
    const cid = cidFor(data);
    const changed = data.slice();
    changed[at % changed.length] ^= 1;
    return matchesCid(data, cid) && !matchesCid(changed, cid);
  }));
  assert.throws(() => cidDigest("not-a-cid"), SyntaxError);
  assert.throws(() => cidDigest("bafy"), SyntaxError);
});
