import assert from "node:assert/strict";
import fc from "fast-check";
import { sha3_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { sha3HexOfBytes } from "./_sha3.ts";

Deno.test("sha3HexOfBytes() equals @noble's sha3-256 for any input", () => {
  assert.equal(sha3HexOfBytes(new Uint8Array()), "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => sha3HexOfBytes(bytes) === bytesToHex(sha3_256(bytes))),
  );
  const large = new Uint8Array(1 << 20).map((_, i) => (i * 131) & 255);
  assert.equal(sha3HexOfBytes(large), bytesToHex(sha3_256(large)));
});
