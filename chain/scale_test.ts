import assert from "node:assert/strict";
import { encodeAddress } from "@polkadot/util-crypto";
import { hexToU8a } from "@polkadot/util";
import fc from "fast-check";
import { hexDecode, readCompact, readUint } from "./scale.ts";
import { hexDecodeTable } from "./_hex.ts";
import { base58Encode, createSs58Encoder } from "./ss58.ts";
import { ipToInt, ipToString } from "./metagraph.ts";

Deno.test("hexDecode() equals @polkadot/util's hexToU8a and rejects bad digits, with and without fromHex", () => {
  for (const decode of [hexDecode, hexDecodeTable]) {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const hex = "0x" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      assert.deepEqual(decode(hex), hexToU8a(hex));
      assert.deepEqual(decode(hex.slice(2).toUpperCase()), bytes);
    }));
    // Any text that is not hex: the same error both ways, naming the first bad digit.
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (text) => {
      if (/^(0[xX])?([0-9a-fA-F]{2})*$/.test(text)) return;
      assert.throws(() => hexDecode(text), RangeError);
      assert.throws(() => hexDecodeTable(text), RangeError);
      let table = "";
      let native = "";
      try {
        hexDecodeTable(text);
      } catch (e) {
        table = (e as Error).message;
      }
      try {
        hexDecode(text);
      } catch (e) {
        native = (e as Error).message;
      }
      assert.equal(native, table);
    }));
    assert.throws(() => decode("0x0g"), /non-hex digit at 3/);
    assert.throws(() => decode("0xé0"), /non-hex digit at 2/);
    assert.throws(() => decode("0x123"), /3 digits/);
    assert.deepEqual(decode("0x"), new Uint8Array());
  }
});

Deno.test("readCompact() reads the four SCALE compact modes", () => {
  const at = () => ({ offset: 0 });
  assert.equal(readCompact(new Uint8Array([0xfc]), at()), 63n); // single byte
  assert.equal(readCompact(new Uint8Array([0x15, 0x01]), at()), 69n); // two bytes
  assert.equal(readCompact(new Uint8Array([0xfe, 0xff, 0xff, 0xff]), at()), 1073741823n); // four bytes
  assert.equal(readCompact(new Uint8Array([0x03, 0x00, 0x00, 0x00, 0x40]), at()), 1073741824n); // big
  assert.equal(readCompact(new Uint8Array([0x13, 0, 0, 0, 0, 0, 0, 0, 1]), at()), 1n << 56n);
});

Deno.test("createSs58Encoder() equals @polkadot/util-crypto's encodeAddress", async () => {
  const ss58 = await createSs58Encoder(42);
  fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (key) => {
    assert.equal(ss58.encode(key), encodeAddress(key, 42));
  }));
  assert.equal(ss58.encode(new Uint8Array(32)), "5C4hrfjw9DjXZTzV3MwzrrAr9P1MJhSrvWGWqi1eSuyUpnhM");
  assert.equal(base58Encode(new Uint8Array([0, 0, 1])), "112");
  assert.throws(() => ss58.encode(new Uint8Array(31)), RangeError);
});

Deno.test("ipToString() and ipToInt() follow Python's int_to_ip / ip_to_int", () => {
  assert.equal(ipToString(0n), "0.0.0.0");
  assert.equal(ipToString(3232235777n), "192.168.1.1");
  assert.equal(ipToString(0x20010db8000000000000000000000001n), "2001:db8::1");
  assert.equal(ipToString(0xffff_c0a8_0101n), "::ffff:192.168.1.1");
  assert.deepEqual(ipToInt("192.168.1.1"), { ip: 3232235777n, ipType: 4 });
  assert.deepEqual(ipToInt("2001:db8::1"), { ip: 0x20010db8000000000000000000000001n, ipType: 6 });
  assert.throws(() => ipToInt("300.1.1.1"), RangeError);
  assert.throws(() => ipToInt("nope"), RangeError);
});

Deno.test("readUint() agrees with the byte-wise value on its fast and full paths", () => {
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (x) => {
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) bytes[i] = Number((x >> BigInt(8 * i)) & 255n);
    const at = { offset: 0 };
    assert.equal(readUint(bytes, at, 16), x);
    assert.equal(at.offset, 16);
    assert.equal(readUint(bytes, { offset: 0 }, 8), x & ((1n << 64n) - 1n));
  }));
  for (const x of [0n, (1n << 53n) - 1n, 1n << 53n, (1n << 64n) - 1n]) {
    const bytes = new Uint8Array(8);
    for (let i = 0; i < 8; i++) bytes[i] = Number((x >> BigInt(8 * i)) & 255n);
    assert.equal(readUint(bytes, { offset: 0 }, 8), x);
  }
});

Deno.test("readCompact() agrees with @polkadot/util's compact encoding for any u128", async () => {
  const { compactToU8a } = await import("@polkadot/util");
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (x) => {
    const bytes = compactToU8a(x);
    const at = { offset: 0 };
    assert.equal(readCompact(bytes, at), x);
    assert.equal(at.offset, bytes.length);
  }));
});
