/**
 * Timelock commit costs (issue 13 targets on our machine: encrypt ≤ 100 ms, decrypt ≤ 40 ms).
 * Run: `deno bench -A bench/timelock_bench.ts`.
 *
 * @module
 */
import { decodeWeightsPayload, decrypt, encodeWeightsPayload, encrypt, verifyPulse } from "../chain/timelock/mod.ts";
import { QUICKNET } from "../chain/reveal_round.ts";

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
// timelock.md §5 V1: quicknet round 1000.
const SIGNATURE = hex(
  "b44679b9a59af2ec876b1a6b1ad52ea9b1615fc3982b19576350f93447cb1125e342b73a8dd2bacbe47e4b6b63ed5e39",
);
// A typical validator payload: 256 uids.
const payload = {
  hotkey: new Uint8Array(32).fill(7),
  uids: Array.from({ length: 256 }, (_, i) => i),
  values: Array.from({ length: 256 }, (_, i) => (i * 257) & 0xffff),
  versionKey: 843000n,
};
const plaintext = encodeWeightsPayload(payload);
const commit = encrypt(QUICKNET.publicKey, 1000n, plaintext);

Deno.bench("encrypt (256 weights)", { group: "timelock", baseline: true }, () => {
  encrypt(QUICKNET.publicKey, 1000n, plaintext);
});
Deno.bench("decrypt (256 weights)", { group: "timelock" }, () => {
  decrypt(commit, SIGNATURE);
});
Deno.bench("verifyPulse", { group: "timelock" }, () => {
  verifyPulse(QUICKNET.publicKey, 1000n, SIGNATURE);
});

Deno.bench("encodeWeightsPayload (256 weights)", { group: "payload", baseline: true }, () => {
  encodeWeightsPayload(payload);
});
Deno.bench("decodeWeightsPayload (256 weights)", { group: "payload" }, () => {
  decodeWeightsPayload(plaintext);
});
