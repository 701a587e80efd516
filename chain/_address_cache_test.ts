import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeAddress } from "@polkadot/util-crypto";
import { AddressCache } from "./_address_cache.ts";
import { createSs58Encoder } from "./ss58.ts";

Deno.test("AddressCache.at() equals encodeAddress for keys anywhere in a buffer, cold and warm", async () => {
  const cache = new AddressCache(await createSs58Encoder(42));
  fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 200 }), fc.nat(), (buffer, n) => {
    const offset = n % (buffer.length - 31);
    const expected = encodeAddress(buffer.subarray(offset, offset + 32), 42);
    assert.equal(cache.at(buffer, offset), expected);
    assert.equal(cache.at(buffer.slice(), offset), expected, "warm, from another buffer");
  }));
});

Deno.test("AddressCache.at() tells apart keys that share their probe bytes", async () => {
  const cache = new AddressCache(await createSs58Encoder(42));
  // The probe is the first 30 bits: these keys differ only in the top bits of byte 3, or only in the last byte.
  const keys = [0x00, 0x40, 0x80, 0xc0].map((b3) => {
    const k = new Uint8Array(32).fill(7);
    k[3] = b3;
    return k;
  });
  const last = new Uint8Array(32).fill(7);
  last[3] = 0;
  last[31] = 8;
  keys.push(last);
  for (let round = 0; round < 2; round++) {
    for (const k of keys) assert.equal(cache.at(k, 0), encodeAddress(k, 42));
  }
});

Deno.test("AddressCache.at() stays right when it starts afresh at entriesMax, and refuses short reads", async () => {
  const cache = new AddressCache(await createSs58Encoder(42), 2);
  const keys = Array.from({ length: 5 }, (_, i) => new Uint8Array(32).fill(i + 1));
  for (let round = 0; round < 3; round++) {
    for (const k of keys) assert.equal(cache.at(k, 0), encodeAddress(k, 42));
  }
  assert.throws(() => cache.at(new Uint8Array(40), 9), RangeError);
  assert.throws(() => cache.at(new Uint8Array(40), -1), RangeError);
});
