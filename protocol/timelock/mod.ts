/**
 * The timelock codec the client and the devnet share: encryption to a drand round wire-compatible
 * with subtensor's `tle` crate (encrypt, decrypt, the `TLECiphertext` parser) and the
 * `WeightsTlockPayload` plaintext codec. Commit building and reveal-round schedules live with the
 * client (`chain/timelock`); the devnet's reveal uses only this.
 *
 * @example
 * ```ts
 * import { decodeWeightsPayload, encodeWeightsPayload } from "./mod.ts";
 * const p = { hotkey: new Uint8Array(32), uids: [0], values: [65535], versionKey: 1n };
 * console.assert(decodeWeightsPayload(encodeWeightsPayload(p)).uids[0] === 0);
 * ```
 *
 * @module
 */
export * from "./tle.ts";
export * from "./payload.ts";
