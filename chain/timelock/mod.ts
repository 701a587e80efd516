/**
 * Timelocked (drand) weight commits: encryption to a drand round wire-compatible with subtensor's
 * `tle` crate, the `WeightsTlockPayload` plaintext, pulse verification, the reveal-round schedules
 * (`../reveal_round.ts`) and a one-call commit builder.
 *
 * @module
 */
export * from "./tle.ts";
export * from "./payload.ts";
export * from "./commit.ts";
export * from "../reveal_round.ts";
export * from "./committer.ts";
