/**
 * Timelocked (drand) weight commits: the shared codec from `protocol/timelock` (encryption to a
 * drand round wire-compatible with subtensor's `tle` crate, pulse verification, the
 * `WeightsTlockPayload` plaintext), the reveal-round schedules (`../reveal_round.ts`) and a
 * one-call commit builder.
 *
 * @module
 */
export * from "../../protocol/timelock/mod.ts";
export * from "./commit.ts";
export * from "../reveal_round.ts";
export * from "./committer.ts";
