/**
 * Extrinsic builders: pure functions from parameters to an unsigned call, built from the
 * connected runtime's metadata (`api.tx.*`, so no call index is hard-coded). The `Subtensor`
 * client signs and sends them. Also: which weights path a subnet needs (spec/chain.md §4.1–4.2,
 * clarifications "Commit–reveal path").
 *
 * @module
 */
import type { ApiPromise } from "@polkadot/api";
import type { SubmittableExtrinsic } from "@polkadot/api/types";
import { u8aToHex } from "@polkadot/util";
import { SubnetError } from "../protocol/errors.ts";
import { ipToInt } from "./metagraph.ts";

/** An unsigned call, ready to sign. */
export type Tx = SubmittableExtrinsic<"promise">;

/**
 * Whether the runtime has `pallet.call` (camelCase names as `api.tx` has them).
 *
 * @example
 * ```ts
 * import { hasCall } from "./extrinsics.ts";
 * // hasCall(api, "subtensorModule", "commitTimelockedWeights")
 * ```
 */
export function hasCall(api: ApiPromise, pallet: string, call: string): boolean {
  return typeof api.tx[pallet]?.[call] === "function";
}

function call(api: ApiPromise, pallet: string, name: string, args: unknown[]): Tx {
  const fn = api.tx[pallet]?.[name];
  if (typeof fn !== "function") {
    throw new SubnetError(
      "chain/unsupported",
      `Cannot build ${pallet}.${name}: the connected runtime (spec ${api.runtimeVersion.specVersion}) has no such call`,
    );
  }
  return fn(...args);
}

/** `set_weights` parameters: u16 uids and values as the chain stores them. */
export interface SetWeightsParams {
  /** The subnet. */
  netuid: number;
  /** The incentive mechanism (default 0); other than 0 uses the `*_mechanism_*` call. */
  mechid?: number;
  /** Destination uids. */
  uids: readonly number[];
  /** u16 weight values (see `convertWeightsAndUidsForEmit`). */
  values: readonly number[];
  /** The weights version key (u64). */
  versionKey: bigint | number;
}

function checkU16s(what: string, xs: readonly number[]): void {
  for (const x of xs) {
    if (!Number.isInteger(x) || x < 0 || x > 65535) {
      throw new RangeError(`Cannot use ${what} value ${x}: it must be an integer in 0..65535`);
    }
  }
}

/** The mechanism of a call, checked: 0 (the plain call) when absent. */
function mechidOf(p: { mechid?: number }): number {
  const m = p.mechid ?? 0;
  if (!Number.isInteger(m) || m < 0 || m > 255) throw new RangeError(`Cannot use mechid ${m}: it must be in 0..255`);
  return m;
}

function checkWeights(p: { uids: readonly number[]; values: readonly number[] }): void {
  if (p.uids.length !== p.values.length) {
    throw new RangeError(
      `Cannot set weights as uids and values differ in length: ${p.uids.length} vs ${p.values.length}`,
    );
  }
  checkU16s("uid", p.uids);
  checkU16s("weight", p.values);
}

/**
 * `SubtensorModule.set_weights(netuid, dests, weights, version_key)`, or on mechanism `mechid` > 0
 * `set_mechanism_weights(netuid, mecid, dests, weights, version_key)`.
 *
 * @example
 * ```ts
 * import { setWeightsTx } from "./extrinsics.ts";
 * // const tx = setWeightsTx(api, { netuid: 1, uids: [0], values: [65535], versionKey: 0 });
 * ```
 */
export function setWeightsTx(api: ApiPromise, p: SetWeightsParams): Tx {
  checkWeights(p);
  const m = mechidOf(p);
  const args = [[...p.uids], [...p.values], BigInt(p.versionKey)];
  return m === 0
    ? call(api, "subtensorModule", "setWeights", [p.netuid, ...args])
    : call(api, "subtensorModule", "setMechanismWeights", [p.netuid, m, ...args]);
}

/**
 * `SubtensorModule.commit_weights(netuid, commit_hash)` (commit–reveal v2), or on mechanism
 * `mechid` > 0 `commit_mechanism_weights(netuid, mecid, commit_hash)`; the hash then covers the
 * mechanism's storage index (`weightCommitHash` with `netuid: mechanismStorageIndex(netuid, mechid)`).
 *
 * @example
 * ```ts
 * import { commitWeightsTx } from "./extrinsics.ts";
 * // const tx = commitWeightsTx(api, 1, weightCommitHash({...}));
 * ```
 */
export function commitWeightsTx(api: ApiPromise, netuid: number, commitHash: Uint8Array, mechid = 0): Tx {
  if (commitHash.length !== 32) throw new RangeError(`Cannot commit weights: the hash has ${commitHash.length} bytes`);
  const m = mechidOf({ mechid });
  return m === 0
    ? call(api, "subtensorModule", "commitWeights", [netuid, u8aToHex(commitHash)])
    : call(api, "subtensorModule", "commitMechanismWeights", [netuid, m, u8aToHex(commitHash)]);
}

/** `reveal_weights` parameters. */
export interface RevealWeightsParams extends SetWeightsParams {
  /** The salt committed with the weights (u16 values). */
  salt: readonly number[];
}

/**
 * `SubtensorModule.reveal_weights(netuid, uids, values, salt, version_key)`, or on mechanism
 * `mechid` > 0 `reveal_mechanism_weights(netuid, mecid, uids, values, salt, version_key)`.
 *
 * @example
 * ```ts
 * import { revealWeightsTx } from "./extrinsics.ts";
 * // const tx = revealWeightsTx(api, { netuid: 1, uids: [0], values: [65535], salt: [1], versionKey: 0 });
 * ```
 */
export function revealWeightsTx(api: ApiPromise, p: RevealWeightsParams): Tx {
  checkWeights(p);
  checkU16s("salt", p.salt);
  const m = mechidOf(p);
  const args = [[...p.uids], [...p.values], [...p.salt], BigInt(p.versionKey)];
  return m === 0
    ? call(api, "subtensorModule", "revealWeights", [p.netuid, ...args])
    : call(api, "subtensorModule", "revealMechanismWeights", [p.netuid, m, ...args]);
}

/** `commit_timelocked_weights` parameters (the timelock helper computes `commit` and `revealRound`). */
export interface TimelockedCommitParams {
  /** The subnet. */
  netuid: number;
  /** The incentive mechanism (default 0); other than 0 uses `commit_timelocked_mechanism_weights`. */
  mechid?: number;
  /** The TLE ciphertext (raw bytes, at most 5000). */
  commit: Uint8Array;
  /** The drand round it reveals at. */
  revealRound: bigint | number;
  /** The chain's `CommitRevealWeightsVersion`. */
  commitRevealVersion: number;
}

/**
 * `SubtensorModule.commit_timelocked_weights(netuid, commit, reveal_round, commit_reveal_version)`, or on
 * mechanism `mechid` > 0 `commit_timelocked_mechanism_weights(netuid, mecid, commit, reveal_round, …)`.
 *
 * @example
 * ```ts
 * import { commitTimelockedWeightsTx } from "./extrinsics.ts";
 * // const tx = commitTimelockedWeightsTx(api, { netuid: 1, commit, revealRound: 123n, commitRevealVersion: 4 });
 * ```
 */
export function commitTimelockedWeightsTx(api: ApiPromise, p: TimelockedCommitParams): Tx {
  if (p.commit.length > 5000) throw new RangeError(`Cannot commit ${p.commit.length} bytes: the limit is 5000`);
  const m = mechidOf(p);
  // A Uint8Array would be read as already length-prefixed SCALE: pass the raw bytes as hex.
  const args = [u8aToHex(p.commit), BigInt(p.revealRound), p.commitRevealVersion];
  return m === 0
    ? call(api, "subtensorModule", "commitTimelockedWeights", [p.netuid, ...args])
    : call(api, "subtensorModule", "commitTimelockedMechanismWeights", [p.netuid, m, ...args]);
}

/** `serve_axon` parameters. */
export interface ServeAxonParams {
  /** The subnet. */
  netuid: number;
  /** Public IPv4 or IPv6 address as text. */
  ip: string;
  /** Port. */
  port: number;
  /** Version announced (Python sends `version_as_int`). */
  version: number;
  /** Protocol (Python sends 4). */
  protocol?: number;
}

/**
 * `SubtensorModule.serve_axon(netuid, version, ip, port, ip_type, protocol, placeholder1, placeholder2)`.
 *
 * @example
 * ```ts
 * import { serveAxonTx } from "./extrinsics.ts";
 * // const tx = serveAxonTx(api, { netuid: 1, ip: "203.0.113.5", port: 8091, version: 10002000 });
 * ```
 */
export function serveAxonTx(api: ApiPromise, p: ServeAxonParams): Tx {
  const { ip, ipType } = ipToInt(p.ip);
  if (!Number.isInteger(p.port) || p.port < 1 || p.port > 65535) {
    throw new RangeError(`Cannot serve an axon on port ${p.port}: it must be in 1..65535`);
  }
  return call(api, "subtensorModule", "serveAxon", [p.netuid, p.version, ip, p.port, ipType, p.protocol ?? 4, 0, 0]);
}

/**
 * `SubtensorModule.burned_register(netuid, hotkey)`, signed by the coldkey that pays.
 *
 * @example
 * ```ts
 * import { burnedRegisterTx } from "./extrinsics.ts";
 * // const tx = burnedRegisterTx(api, 1, hotkeyAddress);
 * ```
 */
export function burnedRegisterTx(api: ApiPromise, netuid: number, hotkey: string): Tx {
  return call(api, "subtensorModule", "burnedRegister", [netuid, hotkey]);
}

/**
 * `SubtensorModule.add_stake(hotkey, netuid, amount_staked)`, signed by the coldkey.
 *
 * @example
 * ```ts
 * import { addStakeTx } from "./extrinsics.ts";
 * // const tx = addStakeTx(api, hotkeyAddress, 1, 1_000_000_000n);
 * ```
 */
export function addStakeTx(api: ApiPromise, hotkey: string, netuid: number, amountRao: bigint): Tx {
  if (amountRao <= 0n) throw new RangeError(`Cannot stake ${amountRao} RAO: the amount must be positive`);
  return call(api, "subtensorModule", "addStake", [hotkey, netuid, amountRao]);
}

/**
 * `SubtensorModule.remove_stake(hotkey, netuid, amount_unstaked)`, signed by the coldkey: the
 * amount is alpha (RAO units of the subnet's token).
 *
 * @example
 * ```ts
 * import { removeStakeTx } from "./extrinsics.ts";
 * // const tx = removeStakeTx(api, hotkeyAddress, 1, 1_000_000_000n);
 * ```
 */
export function removeStakeTx(api: ApiPromise, hotkey: string, netuid: number, amountRao: bigint): Tx {
  if (amountRao <= 0n) throw new RangeError(`Cannot unstake ${amountRao} RAO: the amount must be positive`);
  return call(api, "subtensorModule", "removeStake", [hotkey, netuid, amountRao]);
}

/**
 * `Balances.transfer_keep_alive` (or `transfer_allow_death` when `keepAlive` is false).
 *
 * @example
 * ```ts
 * import { transferTx } from "./extrinsics.ts";
 * // const tx = transferTx(api, dest, 1_000_000_000n);
 * ```
 */
export function transferTx(api: ApiPromise, dest: string, amountRao: bigint, keepAlive = true): Tx {
  if (amountRao <= 0n) throw new RangeError(`Cannot transfer ${amountRao} RAO: the amount must be positive`);
  const name = keepAlive
    ? "transferKeepAlive"
    : hasCall(api, "balances", "transferAllowDeath")
    ? "transferAllowDeath"
    : "transfer";
  return call(api, "balances", name, [dest, amountRao]);
}

/** How weights go to the chain on a subnet. */
export type WeightsPath = "set" | "commit-hash" | "commit-timelocked";

/**
 * Chooses the weights path: `set` when commit–reveal is off; when it is on, `commit-timelocked`
 * if the runtime has `commit_timelocked_weights` (unless `preferHash`), else hash commit–reveal v2.
 *
 * @example
 * ```ts
 * import { weightsPath } from "./extrinsics.ts";
 * console.assert(weightsPath({ commitRevealEnabled: false, hasTimelocked: true }) === "set");
 * ```
 */
export function weightsPath(
  p: { commitRevealEnabled: boolean; hasTimelocked: boolean; preferHash?: boolean },
): WeightsPath {
  if (!p.commitRevealEnabled) return "set";
  if (p.hasTimelocked && !p.preferHash) return "commit-timelocked";
  return "commit-hash";
}

/**
 * The first block of the reveal epoch of a commit–reveal v2 commit under the modulo epoch
 * schedule (≤ v3.4.7, spec/chain.md §4.2, §8.1): epoch(b) = ⌊(b + netuid + 1) / (tempo + 1)⌋ and
 * the reveal is due in epoch(commit) + `revealPeriodEpochs`.
 *
 * @example
 * ```ts
 * import { revealBlockFor } from "./extrinsics.ts";
 * // tempo 10, netuid 1: block 5 is in epoch 0; epoch 1 starts at block 9
 * console.assert(revealBlockFor({ commitBlock: 5, netuid: 1, tempo: 10, revealPeriodEpochs: 1 }) === 9);
 * ```
 */
export function revealBlockFor(
  p: { commitBlock: number; netuid: number; tempo: number; revealPeriodEpochs: number },
): number {
  const epoch = Math.floor((p.commitBlock + p.netuid + 1) / (p.tempo + 1));
  return (epoch + p.revealPeriodEpochs) * (p.tempo + 1) - p.netuid - 1;
}

/**
 * `SubtensorModule.register_network(hotkey)`, signed by the coldkey that will own the subnet (it
 * pays the lock cost).
 *
 * @example
 * ```ts
 * import { registerNetworkTx } from "./extrinsics.ts";
 * // const tx = registerNetworkTx(api, hotkeyAddress);
 * ```
 */
export function registerNetworkTx(api: ApiPromise, hotkey: string): Tx {
  return call(api, "subtensorModule", "registerNetwork", [hotkey]);
}

/**
 * `SubtensorModule.start_call(netuid)`, signed by the subnet owner: starts emissions.
 *
 * @example
 * ```ts
 * import { startCallTx } from "./extrinsics.ts";
 * // const tx = startCallTx(api, 2);
 * ```
 */
export function startCallTx(api: ApiPromise, netuid: number): Tx {
  return call(api, "subtensorModule", "startCall", [netuid]);
}

/**
 * An `AdminUtils` setter such as `sudo_set_tempo(netuid, value)`, by its metadata name; wrapped in
 * `Sudo.sudo` when `sudo` is true (root-only setters).
 *
 * @example
 * ```ts
 * import { adminSetTx } from "./extrinsics.ts";
 * // const tx = adminSetTx(api, "sudo_set_tempo", [2, 20], { sudo: true });
 * ```
 */
export function adminSetTx(api: ApiPromise, name: string, args: unknown[], options: { sudo?: boolean } = {}): Tx {
  const camel = name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  const inner = call(api, "adminUtils", camel, args);
  return options.sudo ? call(api, "sudo", "sudo", [inner]) : inner;
}
