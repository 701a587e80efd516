import assert from "node:assert/strict";
import { decrypt, encrypt, verifyPulse } from "../../protocol/timelock/mod.ts";
import { SubnetError } from "../../protocol/errors.ts";
import { createDevBeacon, devBeaconSecretKey, signRound, verifyDrandPulse } from "./beacon.ts";

Deno.test("createDevBeacon() is deterministic per seed", () => {
  const a = createDevBeacon({ seed: "seed-a" });
  assert.deepEqual(createDevBeacon({ seed: "seed-a" }).config.publicKey, a.config.publicKey);
  assert.deepEqual(createDevBeacon({ seed: "seed-a" }).pulse(7n), a.pulse(7n));
  assert.notDeepEqual(createDevBeacon({ seed: "seed-b" }).config.publicKey, a.config.publicKey);
  assert.equal(a.config.publicKey.length, 96);
  assert.notEqual(devBeaconSecretKey(new Uint8Array(0)), 0n);
});

Deno.test("createDevBeacon() pulses verify as quicknet pulses do, and only for their round", () => {
  const beacon = createDevBeacon({ seed: "verify" });
  for (const round of [1n, 2n, 1000n, (1n << 64n) - 1n]) {
    const pulse = beacon.pulse(round);
    assert.equal(verifyDrandPulse(beacon.config.publicKey, pulse), true);
    // The shared check (protocol/timelock) agrees with the devnet's own.
    assert.equal(verifyPulse(beacon.config.publicKey, round, pulse.signature), true);
  }
  const p5 = beacon.pulse(5n);
  assert.equal(verifyDrandPulse(beacon.config.publicKey, { ...p5, round: 6n }), false);
  assert.equal(verifyDrandPulse(beacon.config.publicKey, { ...p5, randomness: new Uint8Array(32) }), false);
  assert.equal(verifyDrandPulse(beacon.config.publicKey, { ...p5, signature: p5.signature.subarray(1) }), false);
  assert.equal(verifyDrandPulse(createDevBeacon({ seed: "other" }).config.publicKey, p5), false);
  assert.throws(() => beacon.pulse(0n), RangeError);
  assert.throws(() => signRound(1n, 1n << 64n), RangeError);
});

Deno.test("createDevBeacon() opens a commit encrypted to one of its rounds with that round's pulse only", () => {
  const beacon = createDevBeacon({ seed: "commit" });
  const plaintext = new TextEncoder().encode("weights for round 42");
  const commit = encrypt(beacon.config.publicKey, 42n, plaintext);
  assert.deepEqual(decrypt(commit, beacon.pulse(42n).signature), plaintext);
  assert.throws(() => decrypt(commit, beacon.pulse(43n).signature), (e: unknown) => {
    assert.ok(e instanceof SubnetError);
    assert.equal(e.code, "chain/timelock-wrong-pulse");
    return true;
  });
});

Deno.test("createDevBeacon() times rounds from genesis: round 1 at genesis, one per period", () => {
  const beacon = createDevBeacon({ genesisTime: 1000, period: 2 });
  assert.equal(beacon.roundAt(999), 0n);
  assert.equal(beacon.roundAt(1000), 1n);
  assert.equal(beacon.roundAt(1001.9), 1n);
  assert.equal(beacon.roundAt(1002), 2n);
  assert.equal(beacon.timeOfRound(2n), 1002);
  assert.equal(beacon.roundAt(beacon.timeOfRound(77n)), 77n);
  assert.throws(() => createDevBeacon({ period: 0.5 }), /whole seconds/);
  assert.throws(() => createDevBeacon({ genesisTime: -1 }), /genesis time/);
});
