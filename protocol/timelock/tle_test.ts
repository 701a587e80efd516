import assert from "node:assert/strict";
import { bls12_381 } from "@noble/curves/bls12-381.js";
import { sha256 } from "@noble/hashes/sha2.js";
import fc from "fast-check";
import { SubnetError } from "../errors.ts";
import { QUICKNET } from "../../chain/reveal_round.ts";
import {
  decrypt,
  encrypt,
  parseCiphertext,
  roundIdentity,
  roundMessage,
  TLE_OVERHEAD_BYTES,
  verifyPulse,
} from "./tle.ts";

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

// timelock.md §5 V1: quicknet round 1000 (subtensor pallets/drand/src/tests.rs:43).
const V1_SIGNATURE = hex(
  "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39",
);
// timelock.md §5 negative vector (subtensor pallets/drand/src/tests.rs:117): not a G1 point.
const INVALID_SIGNATURE = hex(
  "b0a8b04e009cf72534321aca0f50048da596a3feec1172a0244d9a4a623a3123d0402da79854d4c705e94bc73224c341",
);
// timelock.md §5 V3: made by the Rust `timelock` crate (WASM), round 1000, "hello, bittensor!".
const V3 = hex(
  "8f9ba09992136f3f243b3e5b44daff666669dff286fcaee4e5058212d511ff6c9570fb7d3ad797672915d44d1166ad6d00e24dccf5633540" +
    "9ae76747710c8d6f730bac432dfdcda6c3fac6aa17fdc8a05c59794c2d66f3817183cb8df327eaa420000000000000005054493" +
    "53cf81b346f6bf0e41990c5d9d2872fd391992befa983c35f4dac027f20000000000000007709cba2a2578047cb1d22cbf9e0aa" +
    "5ac0e163ab2e8feb377a4b054c247b8b193d00000000000000210000000000000094eb613d4444077652d428c9667f7cc3da2e43" +
    "d34656dd3e1ed817852f22972d970c000000000000004fe8a56af22b16cdcab1ab9008000000000000004145535f47434d5f",
);
// timelock.md §2 example payload (Alice, uids [1,3], values [28086, 65535], version_key 843000).
const PAYLOAD = hex(
  "80d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d080100030008b66dfffff8dc0c0000000000",
);
// timelock.md §5 V5: esk = [2;32], sigma = [7;32], nonce = [9;12], round 1000, the §2 payload.
const V5 =
  "a1f1eb410b52aed79f408d361e3df7e4086f8f99e22f0febc897d35bfcbe1be6e692403decd054ee3fc7101f4ef78598165e841d7f6e6e2ae0" +
  "196d98ed1f41ddd7d303d3d3c4ffc23a455b3a1bb14248104edb214c91dc5454c7fba48c6e5286200000000000000018abd40bc8f6782671a98" +
  "fe963e63dcafeb13ce312f45630af9ee4c343dac7b8200000000000000049b26d8c4c387517d003d771d2a8403560e75fa9d4182e00258da76e" +
  "c4d096e25f000000000000004300000000000000a0414cf02afac20d506ac20f80900edeae652f5714d75c1635f24011a3dea9ec939daf79dd0" +
  "597948fa207daa3d5c4e4b629ba5504b82ef4abf2bfec3ff12e0547b29e0c0000000000000009090909090909090909090908000000000000" +
  "004145535f47434d5f";
const KAT = { esk: new Uint8Array(32).fill(2), sigma: new Uint8Array(32).fill(7), nonce: new Uint8Array(12).fill(9) };

function rejects(fn: () => unknown, code: string, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SubnetError, `expected SubnetError, got ${err}`);
    assert.equal(err.code, code);
    assert.match(err.message, pattern);
    return true;
  });
}

Deno.test("roundMessage() and roundIdentity() match timelock.md §5 V1", () => {
  assert.equal(toHex(roundMessage(1000n)), "f652498d092acd949bad74e40683bf3824fb817980504a0c7e6722cfc5a9c0a3");
  assert.equal(
    toHex(roundIdentity(1000n)),
    "8f5a32d53837b00fbc0ee31ce9966435a41c5188a80ce9934d3c80588b6ad6f643ebda1b83ef89e44da9ced6205cdecf",
  );
  assert.throws(() => roundMessage(-1n), RangeError);
  assert.throws(() => roundMessage(1n << 64n), RangeError);
});

Deno.test("verifyPulse() accepts V1 against the quicknet key and refuses other rounds (timelock.md §5 V1)", () => {
  assert.equal(verifyPulse(QUICKNET.publicKey, 1000n, V1_SIGNATURE), true);
  assert.equal(verifyPulse(QUICKNET.publicKey, 999n, V1_SIGNATURE), false);
  assert.equal(verifyPulse(QUICKNET.publicKey, 1001n, V1_SIGNATURE), false);
  // drand's randomness is sha256(signature) (subtensor pallets/drand/src/tests.rs:43).
  assert.equal(toHex(sha256(V1_SIGNATURE)), "fe290beca10872ef2fb164d2aa4442de4566183ec51c56ff3cd603d930e54fdd");
  rejects(() => verifyPulse(QUICKNET.publicKey, 1000n, INVALID_SIGNATURE), "chain/timelock-invalid-point", /G1 point/);
});

Deno.test("decrypt() opens V3, made by the Rust crate, to 'hello, bittensor!' (timelock.md §5 V3)", () => {
  assert.equal(V3.length, 17 + TLE_OVERHEAD_BYTES);
  assert.equal(new TextDecoder().decode(decrypt(V3, V1_SIGNATURE)), "hello, bittensor!");
});

Deno.test("encrypt() reproduces V5 byte for byte, and it decrypts to the payload (timelock.md §5 V5)", () => {
  const commit = encrypt(QUICKNET.publicKey, 1000n, PAYLOAD, { randomness: KAT });
  assert.equal(toHex(commit), V5);
  assert.equal(toHex(sha256(commit)), "e3787d63941329525f3da9814156e904622631a05bc3b3f3af38c16c8cd8ce54");
  assert.deepEqual(decrypt(commit, V1_SIGNATURE), PAYLOAD);
});

Deno.test("encrypt() draws fresh randomness by default", () => {
  const a = encrypt(QUICKNET.publicKey, 1000n, PAYLOAD);
  const b = encrypt(QUICKNET.publicKey, 1000n, PAYLOAD);
  assert.equal(a.length, PAYLOAD.length + TLE_OVERHEAD_BYTES);
  assert.notDeepEqual(a, b);
  assert.deepEqual(decrypt(a, V1_SIGNATURE), PAYLOAD);
  assert.deepEqual(decrypt(b, V1_SIGNATURE), PAYLOAD);
  assert.throws(
    () => encrypt(QUICKNET.publicKey, 1000n, PAYLOAD, { randomness: { nonce: new Uint8Array(11) } }),
    RangeError,
  );
});

Deno.test("decrypt() refuses a pulse of another round and an invalid pulse point", () => {
  const to1001 = encrypt(QUICKNET.publicKey, 1001n, PAYLOAD);
  rejects(() => decrypt(to1001, V1_SIGNATURE), "chain/timelock-wrong-pulse", /another round/);
  rejects(
    () => decrypt(V3, INVALID_SIGNATURE),
    "chain/timelock-invalid-point",
    /pulse signature is not a valid G1 point/,
  );
  rejects(() => decrypt(V3, V1_SIGNATURE.subarray(0, 47)), "chain/timelock-invalid-point", /48-byte/);
  rejects(() => decrypt(V3, new Uint8Array([0xc0, ...new Uint8Array(47)])), "chain/timelock-invalid-point", /infinity/);
});

/** A compressed G2 point on the curve but outside the prime-order subgroup (zcash encoding). */
function nonSubgroupG2(): Uint8Array {
  const { G2, fields: { Fp2 } } = bls12_381;
  const b = Fp2.create({ c0: 4n, c1: 4n });
  for (let i = 1n;; i++) {
    const x = Fp2.create({ c0: i, c1: 0n });
    let y;
    try {
      y = Fp2.sqrt(Fp2.add(Fp2.mul(Fp2.sqr(x), x), b));
    } catch {
      continue;
    }
    assert.equal(G2.Point.fromAffine({ x, y }).isTorsionFree(), false);
    const be = (n: bigint) => hex(n.toString(16).padStart(96, "0"));
    const out = new Uint8Array([...be(x.c1), ...be(x.c0)]);
    out[0] |= 0x80;
    return out;
  }
}

Deno.test("parseCiphertext() refuses every malformed case", async (t) => {
  const good = hex(V5);
  const at = (bytes: Uint8Array, i: number, v: number) => {
    const c = bytes.slice();
    c[i] = v;
    return c;
  };
  // Offsets in V5 (timelock.md §3.4): U 0..96, len V 96, V 104, len W 136, W 144, len body 176, body 184
  // (len ct 184, ct 192..259, len nonce 259, nonce 267..279), len suite 279, suite 287..295.
  const cases: [string, Uint8Array, string, RegExp][] = [
    ["empty", new Uint8Array(0), "chain/timelock-malformed", /ends inside U/],
    ["truncated", good.subarray(0, good.length - 1), "chain/timelock-malformed", /ends inside the cipher suite/],
    [
      "a trailing byte",
      new Uint8Array([...good, 0]),
      "chain/timelock-malformed",
      /1 trailing bytes after the cipher suite/,
    ],
    ["a SCALE length prefix", new Uint8Array([...[0xb9, 0x04], ...good]), "chain/timelock-invalid-point", /U is not/],
    ["U not on the curve", at(good, 95, good[95] ^ 1), "chain/timelock-invalid-point", /U is not a valid G2 point/],
    [
      "U outside the subgroup",
      new Uint8Array([...nonSubgroupG2(), ...good.subarray(96)]),
      "chain/timelock-invalid-point",
      /G2/,
    ],
    ["V of 31 bytes", at(good, 96, 31), "chain/timelock-malformed", /V must be 32 bytes/],
    ["W of 33 bytes", at(good, 136, 33), "chain/timelock-malformed", /W must be 32 bytes/],
    ["a body length past the end", at(good, 183, 1), "chain/timelock-malformed", /more bytes than the commit holds/],
    ["a nonce of 11 bytes", at(good, 259, 11), "chain/timelock-malformed", /nonce must be 12 bytes/],
    ["a short body", at(good, 176, good[176] - 1), "chain/timelock-malformed", /ends inside the AES-GCM nonce/],
    ["a ciphertext shorter than its tag", at(good, 184, 15), "chain/timelock-malformed", /shorter than its tag/],
    ["another cipher suite", at(good, 294, 0x41), "chain/timelock-malformed", /cipher suite must be "AES_GCM_"/],
    ["a longer cipher suite", at(good, 279, 9), "chain/timelock-malformed", /ends inside the cipher suite/],
  ];
  for (const [name, bytes, code, pattern] of cases) {
    await t.step(`refuses ${name}`, () => {
      rejects(() => parseCiphertext(bytes), code, pattern);
      rejects(() => decrypt(bytes, V1_SIGNATURE), code, pattern);
    });
  }
  await t.step("refuses a tampered AES-GCM body", () => {
    rejects(() => decrypt(at(good, 200, good[200] ^ 1), V1_SIGNATURE), "chain/timelock-undecryptable", /tag/);
  });
  await t.step("refuses a tampered V", () => {
    rejects(() => decrypt(at(good, 110, good[110] ^ 1), V1_SIGNATURE), "chain/timelock-wrong-pulse", /does not open/);
  });
});

Deno.test("encrypt() refuses a beacon key that is not a G2 point", () => {
  rejects(() => encrypt(QUICKNET.publicKey.subarray(1), 1n, PAYLOAD), "chain/timelock-invalid-point", /96-byte/);
  rejects(() => encrypt(nonSubgroupG2(), 1n, PAYLOAD), "chain/timelock-invalid-point", /beacon public key/);
});

Deno.test("decrypt() with lenient: true accepts what subtensor's reveal accepts, and nothing more", () => {
  const good = hex(V5);
  const trailing = new Uint8Array([...good, 1, 2, 3]);
  const otherSuite = good.slice();
  otherSuite[294] = 0x41;
  // A body with one extra byte after the nonce: body length + 1, then the byte, then the suite.
  const bodyEnd = 279;
  const longerBody = new Uint8Array([...good.subarray(0, bodyEnd), 0xee, ...good.subarray(bodyEnd)]);
  longerBody[176] += 1;
  for (const bytes of [trailing, otherSuite, longerBody]) {
    assert.throws(() => decrypt(bytes, V1_SIGNATURE), SubnetError);
    assert.deepEqual(decrypt(bytes, V1_SIGNATURE, { lenient: true }), PAYLOAD);
  }
  // Lengths, points and the pulse stay strict.
  rejects(() => decrypt(good.subarray(0, 200), V1_SIGNATURE, { lenient: true }), "chain/timelock-malformed", /ends/);
  const shortV = good.slice();
  shortV[96] = 31;
  rejects(() => decrypt(shortV, V1_SIGNATURE, { lenient: true }), "chain/timelock-malformed", /V must be 32/);
  const to1001 = encrypt(QUICKNET.publicKey, 1001n, PAYLOAD);
  rejects(() => decrypt(to1001, V1_SIGNATURE, { lenient: true }), "chain/timelock-wrong-pulse", /another round/);
});

Deno.test("decrypt() fails only with SubnetError on mutated commits (fuzz; SOAK=1 runs more)", () => {
  const good = hex(V5);
  const runs = Deno.env.get("SOAK") === "1" ? 2000 : 40;
  fc.assert(
    fc.property(
      fc.oneof(
        fc.record({ at: fc.nat(good.length - 1), value: fc.integer({ min: 0, max: 255 }) }).map(({ at, value }) => {
          const c = good.slice();
          c[at] = value;
          return c;
        }),
        fc.nat(good.length).map((n) => good.subarray(0, n)),
        fc.uint8Array({ maxLength: 8 }).map((tail) => new Uint8Array([...good, ...tail])),
        fc.uint8Array({ maxLength: 400 }),
      ),
      (bytes) => {
        try {
          const out = decrypt(bytes, V1_SIGNATURE, { lenient: bytes.length % 2 === 0 });
          assert.ok(out instanceof Uint8Array);
        } catch (err) {
          assert.ok(err instanceof SubnetError, `not a SubnetError: ${err}`);
        }
      },
    ),
    { numRuns: runs },
  );
});
