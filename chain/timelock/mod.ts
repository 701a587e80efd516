/**
 * Timelocked (drand) weight commits: encryption to a drand round wire-compatible with subtensor's
 * `tle` crate, the `WeightsTlockPayload` plaintext, and pulse verification. The reveal-round
 * schedule lives in `../reveal_round.ts`.
 *
 * @module
 */
export * from "./tle.ts";
export * from "./payload.ts";
