import assert from "node:assert/strict";
import fc from "fast-check";
import { SubnetError } from "../errors.ts";
import { decodeWeightsPayload, encodeWeightsPayload } from "./payload.ts";

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const ALICE = hex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");

// timelock.md §2: Alice, uids [1,3], values [28086, 65535], version_key 843000.
const NEW_FORM =
  "80d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d080100030008b66dfffff8dc0c0000000000";
const LEGACY_FORM = "080100030008b66dfffff8dc0c0000000000";

Deno.test("encodeWeightsPayload() matches timelock.md §2", () => {
  const bytes = encodeWeightsPayload({ hotkey: ALICE, uids: [1, 3], values: [28086, 65535], versionKey: 843000n });
  assert.equal(toHex(bytes), NEW_FORM);
});

Deno.test("decodeWeightsPayload() reads the current and the legacy form (timelock.md §2)", () => {
  assert.deepEqual(decodeWeightsPayload(hex(NEW_FORM)), {
    format: "hotkey",
    hotkey: ALICE,
    uids: [1, 3],
    values: [28086, 65535],
    versionKey: 843000n,
    trailingBytes: 0,
  });
  assert.deepEqual(decodeWeightsPayload(hex(LEGACY_FORM)), {
    format: "legacy",
    uids: [1, 3],
    values: [28086, 65535],
    versionKey: 843000n,
    trailingBytes: 0,
  });
});

Deno.test("decodeWeightsPayload() follows the chain's lenient decode", async (t) => {
  await t.step("trailing bytes are tolerated and counted", () => {
    const p = decodeWeightsPayload(hex(NEW_FORM + "0000"));
    assert.equal(p.format, "hotkey");
    assert.equal(p.trailingBytes, 2);
  });
  await t.step("a hotkey field of more than 32 bytes yields its first 32 (AccountId32::decode)", () => {
    const body = hex(NEW_FORM).subarray(33);
    const p = decodeWeightsPayload(new Uint8Array([33 << 2, ...ALICE, 0xff, ...body]));
    assert.equal(p.format, "hotkey");
    assert.deepEqual(p.format === "hotkey" && p.hotkey, ALICE);
  });
  await t.step("a hotkey field of fewer than 32 bytes falls back to the legacy form", () => {
    // hotkey = [1, 2] then legacy-looking data: the new form decodes, AccountId32 does not, legacy does.
    const bytes = new Uint8Array([2 << 2, 1, 2, ...hex("0400000400000000000000000000")]);
    const p = decodeWeightsPayload(bytes);
    assert.equal(p.format, "legacy");
  });
  await t.step("a non-canonical compact length is refused", () => {
    // uids length 1 written in two-byte mode: parity-scale-codec refuses it.
    assert.throws(() => decodeWeightsPayload(hex("0500" + "0100" + "04" + "0100" + "0000000000000000")), SubnetError);
  });
  await t.step("bytes that are neither form are refused", () => {
    assert.throws(() => decodeWeightsPayload(hex("0102")), (e: unknown) => {
      assert.ok(e instanceof SubnetError);
      assert.equal(e.code, "chain/timelock-payload");
      return true;
    });
    assert.throws(() => decodeWeightsPayload(new Uint8Array(0)), SubnetError);
  });
});

Deno.test("encodeWeightsPayload() refuses values that are not u16 and mismatched lengths", () => {
  const base = { hotkey: ALICE, uids: [1], values: [1], versionKey: 0n };
  assert.throws(() => encodeWeightsPayload({ ...base, values: [65536] }), /not a u16/);
  assert.throws(() => encodeWeightsPayload({ ...base, uids: [-1] }), /not a u16/);
  assert.throws(() => encodeWeightsPayload({ ...base, values: [1, 2] }), /differ in length: 1 vs 2/);
  assert.throws(() => encodeWeightsPayload({ ...base, hotkey: ALICE.subarray(1) }), /31 bytes/);
  assert.throws(() => encodeWeightsPayload({ ...base, versionKey: 1n << 64n }), /not a u64/);
});

Deno.test("decodeWeightsPayload() inverts encodeWeightsPayload()", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 32, maxLength: 32 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 })), { maxLength: 1200 }),
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      (hotkey, pairs, versionKey) => {
        const payload = { hotkey, uids: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]), versionKey };
        assert.deepEqual(decodeWeightsPayload(encodeWeightsPayload(payload)), {
          format: "hotkey",
          ...payload,
          trailingBytes: 0,
        });
      },
    ),
    { numRuns: 200 },
  );
});

Deno.test("decodeWeightsPayload() fails only with SubnetError on arbitrary bytes", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try {
        const p = decodeWeightsPayload(bytes);
        assert.ok(p.trailingBytes >= 0 && p.trailingBytes <= bytes.length);
        if (p.format === "hotkey") assert.equal(p.hotkey.length, 32);
      } catch (err) {
        assert.ok(err instanceof SubnetError, `not a SubnetError: ${err}`);
      }
    }),
    { numRuns: 2000 },
  );
});
