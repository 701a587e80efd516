/**
 * A replay "node": answers JSON-RPC calls from the recorded finney traffic in
 * `../shared/fixtures/finney` (recorded calls by method and params, metadata from the hex files,
 * sensible constants for the connection handshake, and a JSON-RPC error for anything unrecorded,
 * so a test fails loudly instead of hanging).
 *
 * @module
 */

import { SHARED_DIR, skipWithoutShared } from "../_fixtures.ts";

/** The recorded file's shape: `{scenario: {rpc_method: {params_as_json_text: response}}}`. */
export type RecordedRpc = Record<string, Record<string, Record<string, unknown>>>;

/** The finney fixtures, loaded. */
export interface FinneyFixtures {
  /** `recorded_rpc.json`. */
  recorded: RecordedRpc;
  /** `metadata_at_version_15.hex`: SCALE `Option<OpaqueMetadata>` (spec 343). */
  metadataAtVersion15: string;
  /** `metadata_v14.hex`: `state_getMetadata` of an earlier runtime. */
  metadataV14: string;
}

/** Where the fixtures live relative to this repository (a sibling `shared` checkout). */
export const FINNEY_FIXTURES_DIR: URL = new URL("fixtures/finney/", SHARED_DIR);

/**
 * Whether the finney fixtures are present (a user's fresh clone has no `../shared`); under
 * `REQUIRE_FIXTURES=1` their absence throws instead ({@link skipWithoutShared}).
 *
 * @example
 * ```ts ignore
 * import { finneyFixturesPresent } from "./node.ts";
 * Deno.test({ name: "x", ignore: !finneyFixturesPresent(), fn() {} });
 * ```
 */
export function finneyFixturesPresent(dir: URL = FINNEY_FIXTURES_DIR): boolean {
  return !skipWithoutShared("recorded_rpc.json", dir);
}

/**
 * Reads the three fixture files.
 *
 * @example
 * ```ts
 * import { loadFinneyFixtures } from "./node.ts";
 * const fx = await loadFinneyFixtures();
 * ```
 */
export async function loadFinneyFixtures(dir: URL = FINNEY_FIXTURES_DIR): Promise<FinneyFixtures> {
  const [recorded, v15, v14] = await Promise.all([
    Deno.readTextFile(new URL("recorded_rpc.json", dir)),
    Deno.readTextFile(new URL("metadata_at_version_15.hex", dir)),
    Deno.readTextFile(new URL("metadata_v14.hex", dir)),
  ]);
  return { recorded: JSON.parse(recorded), metadataAtVersion15: v15.trim(), metadataV14: v14.trim() };
}

/** A JSON-RPC answer: a result or an error. */
export type RpcAnswer = { result: unknown } | { error: { code: number; message: string; data?: unknown } };

/** Substrate method aliases: the same call under the name a recording used. */
const ALIASES: Record<string, string[]> = {
  chain_getBlockHash: ["chain_getHead"],
  chain_getHead: ["chain_getBlockHash"],
  state_getStorage: ["state_getStorageAt"],
  state_getStorageAt: ["state_getStorage"],
  state_getKeysPaged: ["state_getKeysPagedAt"],
  state_getKeysPagedAt: ["state_getKeysPaged"],
  chain_getFinalisedHead: ["chain_getFinalizedHead"],
  chain_getFinalizedHead: ["chain_getFinalisedHead"],
  state_callAt: ["state_call"],
  state_call: ["state_callAt"],
};

/** Subscription methods and the notification each sends. */
export const SUBSCRIPTIONS: Record<string, string> = {
  state_subscribeRuntimeVersion: "state_runtimeVersion",
  chain_subscribeRuntimeVersion: "state_runtimeVersion",
  chain_subscribeNewHead: "chain_newHead",
  chain_subscribeNewHeads: "chain_newHead",
  subscribe_newHead: "chain_newHead",
  chain_subscribeFinalizedHeads: "chain_finalizedHead",
  chain_subscribeFinalisedHeads: "chain_finalizedHead",
  chain_subscribeAllHeads: "chain_allHead",
};

/** Finney's genesis hash. */
export const FINNEY_GENESIS = "0x2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03";

const HEX = /^(0x)?[0-9a-fA-F]*$/;

/**
 * Canonical text of a params array: trailing nulls dropped (an omitted optional `at` equals
 * `null`), hex strings lowercased with a `0x` prefix (Python sends `"0100"`, pjs `"0x0100"`).
 *
 * @example
 * ```ts
 * import { canonicalParams } from "./node.ts";
 * console.assert(canonicalParams(["0100", null]) === canonicalParams(["0x0100"]));
 * ```
 */
export function canonicalParams(params: readonly unknown[]): string {
  const list = [...params];
  while (list.length && (list[list.length - 1] === null || list[list.length - 1] === undefined)) list.pop();
  const norm = (v: unknown): unknown => {
    if (typeof v === "string" && v.length > 0 && v.length % 2 === 0 && HEX.test(v)) {
      return "0x" + v.replace(/^0x/, "").toLowerCase();
    }
    if (Array.isArray(v)) return v.map(norm);
    return v;
  };
  return JSON.stringify(list.map(norm));
}

/** Options of a replay node. */
export interface ReplayNodeOptions {
  /** The recorded scenario to answer from, such as `"metagraph"`. */
  scenario: string;
}

/**
 * Answers calls of one recorded scenario. Unrecorded calls get a JSON-RPC error (`-32601` for an
 * unknown method, `-32602` for known method with unrecorded params).
 *
 * @example
 * ```ts
 * import { loadFinneyFixtures, ReplayNode } from "./node.ts";
 * const node = new ReplayNode(await loadFinneyFixtures(), { scenario: "metagraph" });
 * console.log(node.answer("system_chain", []));
 * ```
 */
export class ReplayNode {
  /** The scenario answered (see `useScenario`). */
  scenario: string;
  /** Every call answered or refused, in order: `method params`. */
  readonly log: string[] = [];
  #calls: Map<string, Map<string, unknown>>;
  #cycles = new Map<string, number>();
  #fixtures: FinneyFixtures;
  #runtimeVersion: unknown;
  #methods: unknown;

  /**
   * Builds the lookup table of one scenario.
   *
   * @param fixtures loaded fixtures
   * @param options the scenario
   */
  constructor(fixtures: FinneyFixtures, options: ReplayNodeOptions) {
    this.#fixtures = fixtures;
    this.scenario = options.scenario;
    this.#calls = new Map();
    this.useScenario(options.scenario);
    // The handshake's runtime version: the spec-343 runtime that matches metadata_at_version_15.
    const meta = fixtures.recorded.metagraph?.state_getRuntimeVersion ?? {};
    this.#runtimeVersion = (Object.values(meta)[0] as { result?: unknown } | undefined)?.result;
    for (const scenario of Object.values(fixtures.recorded)) {
      const m = scenario.rpc_methods?.["[]"] as { result?: unknown } | undefined;
      if (m?.result) this.#methods = m.result;
    }
  }

  /**
   * Switches to another recorded scenario (one connection can then replay several).
   *
   * @param scenario the scenario name
   */
  useScenario(scenario: string): void {
    const recorded = this.#fixtures.recorded[scenario];
    if (!recorded) throw new RangeError(`Cannot replay scenario "${scenario}": it is not recorded`);
    this.scenario = scenario;
    this.#calls = new Map();
    this.#cycles.clear();
    for (const [method, calls] of Object.entries(recorded)) {
      const table = new Map<string, unknown>();
      for (const [text, response] of Object.entries(calls)) table.set(canonicalParams(JSON.parse(text)), response);
      this.#calls.set(method, table);
    }
  }

  /**
   * Answers one call.
   *
   * @param method the JSON-RPC method
   * @param params its params
   */
  answer(method: string, params: readonly unknown[]): RpcAnswer {
    const key = canonicalParams(params);
    this.log.push(`${method} ${key}`);
    for (const name of [method, ...(ALIASES[method] ?? [])]) {
      const hit = this.#calls.get(name)?.get(key);
      if (hit !== undefined) return this.#response(`${name} ${key}`, hit);
    }
    const fallback = this.#handshake(method, key);
    if (fallback) return fallback;
    const known = [method, ...(ALIASES[method] ?? [])].some((m) => this.#calls.has(m));
    return {
      error: known
        ? { code: -32602, message: `replay: ${method} ${key} is not recorded in scenario "${this.scenario}"` }
        : { code: -32601, message: `Method not found: ${method} (replay scenario "${this.scenario}")` },
    };
  }

  /** The current runtime version served at the handshake. */
  get runtimeVersion(): unknown {
    return this.#runtimeVersion;
  }

  /** The best head header of the scenario, if it recorded one. */
  get header(): unknown {
    const headers = this.#calls.get("chain_getHeader");
    const best = headers?.get("[]");
    return best ? (best as { result?: unknown }).result : null;
  }

  #response(key: string, response: unknown): RpcAnswer {
    let r = response as Record<string, unknown>;
    if (Array.isArray(r.cycle)) {
      const i = this.#cycles.get(key) ?? 0;
      this.#cycles.set(key, i + 1);
      r = r.cycle[i % r.cycle.length] as Record<string, unknown>;
    }
    if (r.error) return { error: r.error as { code: number; message: string } };
    return { result: r.result };
  }

  #handshake(method: string, key: string): RpcAnswer | undefined {
    switch (method) {
      case "chain_getBlockHash":
        return key === "[0]" ? { result: FINNEY_GENESIS } : undefined;
      case "state_getRuntimeVersion":
      case "chain_getRuntimeVersion":
        return key === "[]" ? { result: this.#runtimeVersion } : undefined;
      case "system_chain":
        return { result: "Bittensor" };
      case "system_properties":
        return { result: { ss58Format: 42, tokenDecimals: 9, tokenSymbol: "TAO" } };
      case "system_name":
        return { result: "subnet-replay" };
      case "system_version":
        return { result: "0.0.0-replay" };
      case "rpc_methods":
        return { result: this.#methods };
      case "state_getMetadata":
        return key === "[]" ? { result: this.#fixtures.metadataV14 } : undefined;
      case "state_call":
        if (key === '["Metadata_metadata_versions","0x"]') return { result: "0x080e0000000f000000" };
        if (key === '["Metadata_metadata_at_version","0x0f000000"]') {
          return { result: this.#fixtures.metadataAtVersion15 };
        }
        return undefined;
      case "state_unsubscribeRuntimeVersion":
      case "chain_unsubscribeNewHead":
      case "chain_unsubscribeNewHeads":
      case "chain_unsubscribeFinalizedHeads":
      case "chain_unsubscribeFinalisedHeads":
      case "chain_unsubscribeAllHeads":
      case "state_unsubscribeStorage":
        return { result: true };
    }
    return undefined;
  }

  /**
   * The first notification of a subscription, if this node can send one.
   *
   * @param method the subscribe method
   */
  firstNotification(method: string): unknown {
    if (SUBSCRIPTIONS[method] === "state_runtimeVersion") return this.#runtimeVersion;
    return this.header ?? undefined;
  }
}

/**
 * The raw `meta…` bytes inside `metadata_at_version_15.hex` (an `Option<OpaqueMetadata>`).
 *
 * @example
 * ```ts
 * import { loadFinneyFixtures, metadataV15Bytes } from "./node.ts";
 * const bytes = metadataV15Bytes(await loadFinneyFixtures());
 * ```
 */
export function metadataV15Bytes(fixtures: FinneyFixtures): Uint8Array {
  const hex = fixtures.metadataAtVersion15.replace(/^0x/, "");
  const all = new Uint8Array(hex.length / 2);
  for (let i = 0; i < all.length; i++) all[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  if (all[0] !== 1) throw new RangeError("Cannot read metadata_at_version_15.hex: it is not Some(...)");
  // compact length after the Option byte
  const mode = all[1] & 3;
  const prefix = mode === 0 ? 1 : mode === 1 ? 2 : mode === 2 ? 4 : 1 + (all[1] >> 2) + 4;
  return all.subarray(1 + prefix);
}
