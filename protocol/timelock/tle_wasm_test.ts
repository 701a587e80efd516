/**
 * Dev-only cross-check against the Rust `timelock` crate compiled to WASM
 * (`@ideallabs/timelock_wasm_wrapper@1.0.0`, same layout as the `tle@5416406` subtensor pins;
 * timelock.md §3.6, §6 test 3): random payloads encrypted by each side decrypt on the other.
 * The WASM is a test oracle only; nothing outside tests imports it.
 */
import assert from "node:assert/strict";
import fc from "fast-check";
import * as rust from "@ideallabs/timelock_wasm_wrapper";
import { createDevBeacon } from "../../devnet/drand/beacon.ts";
import { QUICKNET } from "../../chain/reveal_round.ts";
import { decrypt, encrypt, roundMessage, TLE_OVERHEAD_BYTES } from "./tle.ts";

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
// timelock.md §5 V1: quicknet round 1000.
const V1_SIGNATURE = hex(
  "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39",
);

/** Loads the WASM next to the package's entry; false (the tests are skipped) when it is not on disk. */
function loadWasm(): boolean {
  try {
    const url = new URL("./timelock_wasm_wrapper_bg.wasm", import.meta.resolve("@ideallabs/timelock_wasm_wrapper"));
    if (url.protocol !== "file:") return false;
    rust.initSync({ module: Deno.readFileSync(url) });
    return true;
  } catch {
    return false;
  }
}
const ready = loadWasm();

function rustEncrypt(publicKey: Uint8Array, round: bigint, message: Uint8Array): Uint8Array {
  const esk = crypto.getRandomValues(new Uint8Array(32));
  const out = rust.tle(
    Array.from(roundMessage(round)),
    Array.from(message),
    Array.from(esk),
    Array.from(publicKey),
    "bls12_381",
  );
  return Uint8Array.from(out as number[]);
}

function rustDecrypt(commit: Uint8Array, signature: Uint8Array): Uint8Array {
  return Uint8Array.from(rust.tld(Array.from(commit), Array.from(signature), "bls12_381") as number[]);
}

const beacon = createDevBeacon({ seed: "wasm cross-check" });
const arbitraryCase = fc.record({
  message: fc.uint8Array({ minLength: 0, maxLength: 600 }),
  round: fc.bigInt({ min: 1n, max: 1n << 40n }),
});

Deno.test({
  name: "encrypt() output decrypts in the Rust crate, and the Rust crate's output decrypts here (quicknet round 1000)",
  ignore: !ready,
  fn() {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (message) => {
        const ours = encrypt(QUICKNET.publicKey, 1000n, message);
        assert.deepEqual(rustDecrypt(ours, V1_SIGNATURE), message);
        const theirs = rustEncrypt(QUICKNET.publicKey, 1000n, message);
        assert.equal(theirs.length, message.length + TLE_OVERHEAD_BYTES);
        assert.deepEqual(decrypt(theirs, V1_SIGNATURE), message);
      }),
      { numRuns: 6 },
    );
  },
});

Deno.test({
  name: "encrypt() and the Rust crate agree on random rounds of the development beacon",
  ignore: !ready,
  fn() {
    fc.assert(
      fc.property(arbitraryCase, ({ message, round }) => {
        const pulse = beacon.pulse(round);
        assert.deepEqual(rustDecrypt(encrypt(beacon.config.publicKey, round, message), pulse.signature), message);
        assert.deepEqual(decrypt(rustEncrypt(beacon.config.publicKey, round, message), pulse.signature), message);
      }),
      { numRuns: 6 },
    );
  },
});

Deno.test({
  name: "encrypt() output is refused by the Rust crate with another round's pulse, as here",
  ignore: !ready,
  fn() {
    const message = new TextEncoder().encode("not yet");
    const ours = encrypt(beacon.config.publicKey, 9n, message);
    assert.throws(() => rustDecrypt(ours, beacon.pulse(10n).signature));
    const theirs = rustEncrypt(beacon.config.publicKey, 9n, message);
    assert.throws(() => decrypt(theirs, beacon.pulse(10n).signature), /another round/);
  },
});
