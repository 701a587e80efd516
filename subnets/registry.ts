/**
 * The registry of subnet clients: maps names, aliases and netuids (`sn21`, `21`, `template`, …) to
 * handlers whose methods `subnet query <name|netuid> <method> …` dispatches, and chooses which
 * axons a handler talks to when none are given (`--axons`): Subnet 21 asks validators with
 * `validator_trust > 0` in the top stake quantile that answer a `Synapse` ping (the template's
 * `get_query_api_nodes`); others ask every serving axon. Third-party handlers register with
 * `registerSubnetApi` or from a module (`loadSubnetApiModule`, the CLI's `--handler`).
 *
 * @module
 */
import type { Metagraph } from "../chain/metagraph.ts";
import { quantile } from "../chain/weights.ts";
import type { AxonTarget, Dendrite } from "../neurons/dendrite.ts";
import { SubnetError } from "../protocol/errors.ts";
import type { Logger } from "../protocol/logger.ts";
import { BaseSynapse, type Synapse } from "../protocol/synapse.ts";
import type { Keypair } from "../wallet/keypair.ts";

/** Where a handler's method writes. */
export interface SubnetApiOutput {
  /** One line of text to standard output (results: the last line is the answer). */
  print(line: string): void;
  /** One line of progress or diagnostics to standard error. */
  info(line: string): void;
  /** Raw bytes to standard output (retrieved files). */
  write(bytes: Uint8Array): Promise<void>;
  /** Progress of a long transfer (bytes done, total when known); absent when nobody shows it. */
  progress?(bytesDone: number, bytesTotal: number | undefined): void;
}

/** What one method call receives. */
export interface SubnetApiCall {
  /** Positional arguments after the method name. */
  args: readonly string[];
  /** Options the CLI parsed (`encrypt`, `ttl`, `output`, …) and every `--param key=value`. */
  options: Readonly<Record<string, string | boolean | undefined>>;
  /** The caller's hotkey (signs requests). */
  hotkey: Keypair;
  /** Reads the coldkey's 64-byte private key (may ask for its password); only call it when needed. */
  coldkeyPrivateKey(): Promise<Uint8Array>;
  /** A dendrite signed by `hotkey`. */
  dendrite: Dendrite;
  /** The axons to ask. */
  axons: readonly AxonTarget[];
  /** Seconds each call may take, when the caller set it. */
  timeout?: number;
  /** Where results go. */
  output: SubnetApiOutput;
  /** Structured logs. */
  logger: Logger;
}

/** One method of a handler (`store`, `retrieve`, `dummy`). */
export interface SubnetApiMethod {
  /** One line of help. */
  summary: string;
  /** The arguments after the method name, for help (`<file>`). */
  usage?: string;
  /** Runs the call; throws `SubnetError` for failures the user should read. */
  call(call: SubnetApiCall): Promise<void>;
}

/** What axon selection receives. */
export interface AxonSelectionContext {
  /** The subnet's metagraph. */
  metagraph: Metagraph;
  /** A dendrite to ping with. */
  dendrite: Dendrite;
  /** Seconds a ping may take. @default 3 */
  pingTimeout?: number;
}

/** Which axons were chosen, and why the others were not (for error messages). */
export interface AxonSelection {
  /** The chosen axons. */
  axons: AxonTarget[];
  /** One line per candidate that was left out, such as `uid 3 1.2.3.4:8091: ping 503`. */
  rejected: string[];
}

/** A subnet client the registry dispatches to. */
export interface SubnetApiHandler {
  /** The name users type (`sn21`). */
  name: string;
  /** One line for listings. */
  summary: string;
  /** The netuid it usually runs on (`--netuid` overrides it). */
  netuid?: number;
  /** Other names (`filetao`). */
  aliases?: readonly string[];
  /** Its methods by name. */
  methods: Readonly<Record<string, SubnetApiMethod>>;
  /** Chooses axons from the metagraph. @default {@linkcode selectServingAxons} */
  selectAxons?(context: AxonSelectionContext): Promise<AxonSelection>;
}

/** A set of handlers, looked up by name, alias or netuid. */
export interface SubnetRegistry {
  /** Adds a handler; a later one with the same name or netuid replaces the earlier. */
  register(handler: SubnetApiHandler): SubnetRegistry;
  /** The handler for a name, alias or netuid (as text), or `undefined`. */
  resolve(nameOrNetuid: string): SubnetApiHandler | undefined;
  /** Every handler, in registration order. */
  list(): SubnetApiHandler[];
}

function checkHandler(handler: SubnetApiHandler): void {
  if (!handler || typeof handler.name !== "string" || !/^[a-z][a-z0-9_-]*$/i.test(handler.name)) {
    throw new TypeError(`Cannot register a subnet API: its name must be a word such as "sn21", not ${handler?.name}`);
  }
  if (handler.netuid !== undefined && !(Number.isInteger(handler.netuid) && handler.netuid >= 0)) {
    throw new TypeError(`Cannot register subnet API "${handler.name}": netuid ${handler.netuid} is not a netuid`);
  }
  if (!handler.methods || Object.keys(handler.methods).length === 0) {
    throw new TypeError(`Cannot register subnet API "${handler.name}": it has no methods`);
  }
}

/**
 * Creates a registry holding `handlers`.
 *
 * @example
 * ```ts
 * import { createSubnetRegistry } from "./registry.ts";
 * const registry = createSubnetRegistry([{ name: "x", summary: "x", netuid: 7, methods: { ping: { summary: "", call: async () => {} } } }]);
 * console.assert(registry.resolve("7")?.name === "x");
 * ```
 */
export function createSubnetRegistry(handlers: readonly SubnetApiHandler[] = []): SubnetRegistry {
  const entries: SubnetApiHandler[] = [];
  const registry: SubnetRegistry = {
    register(handler) {
      checkHandler(handler);
      const names = new Set([handler.name, ...(handler.aliases ?? [])].map((n) => n.toLowerCase()));
      for (let i = entries.length - 1; i >= 0; i--) {
        const e = entries[i];
        const clash = names.has(e.name.toLowerCase()) || (handler.netuid !== undefined && e.netuid === handler.netuid);
        if (clash) entries.splice(i, 1);
      }
      entries.push(handler);
      return registry;
    },
    resolve(nameOrNetuid) {
      const key = nameOrNetuid.trim().toLowerCase();
      if (/^\d+$/.test(key)) return entries.findLast((e) => e.netuid === Number(key));
      return entries.findLast((e) => [e.name, ...(e.aliases ?? [])].some((n) => n.toLowerCase() === key));
    },
    list: () => [...entries],
  };
  for (const handler of handlers) registry.register(handler);
  return registry;
}

/**
 * Adds `handler` to `registry` (Python users know this as subclassing `SubnetsAPI` and importing it).
 *
 * @example
 * ```ts
 * import { createSubnetRegistry, registerSubnetApi } from "./registry.ts";
 * const registry = registerSubnetApi(createSubnetRegistry(), {
 *   name: "echo",
 *   summary: "echoes",
 *   methods: { say: { summary: "prints its argument", call: async (c) => c.output.print(c.args[0] ?? "") } },
 * });
 * console.assert(registry.resolve("echo") !== undefined);
 * ```
 */
export function registerSubnetApi(registry: SubnetRegistry, handler: SubnetApiHandler): SubnetRegistry {
  return registry.register(handler);
}

/**
 * Imports a module and registers what it offers: a default export that is a handler or a list of
 * handlers, and/or an exported `registerSubnetApis(registry)` function. Returns the handlers added.
 *
 * @param registry where to register
 * @param specifier a file path or URL (paths are resolved against `base`)
 * @param base the URL relative paths are resolved from, such as `file:///cwd/`
 * @throws {SubnetError} `subnet/bad-handler` when the module cannot be loaded or offers nothing
 * @example
 * ```ts ignore
 * import { pathToFileURL } from "node:url";
 * import { createSubnetRegistry, loadSubnetApiModule } from "./registry.ts";
 * await loadSubnetApiModule(createSubnetRegistry(), "./my_api.ts", pathToFileURL("./").href);
 * ```
 */
export async function loadSubnetApiModule(
  registry: SubnetRegistry,
  specifier: string,
  base: string,
): Promise<SubnetApiHandler[]> {
  const url = new URL(specifier, base).href;
  let module: Record<string, unknown>;
  try {
    module = await import(url);
  } catch (error) {
    throw new SubnetError(
      "subnet/bad-handler",
      `Cannot load the subnet API module ${specifier}: ${(error as Error).message?.split("\n")[0]}`,
      { cause: error },
    );
  }
  const before = new Set(registry.list());
  const offered = module.default;
  try {
    for (const handler of Array.isArray(offered) ? offered : offered ? [offered] : []) {
      registry.register(handler as SubnetApiHandler);
    }
    if (typeof module.registerSubnetApis === "function") await module.registerSubnetApis(registry);
  } catch (error) {
    throw new SubnetError("subnet/bad-handler", `Cannot register from ${specifier}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const added = registry.list().filter((h) => !before.has(h));
  if (added.length === 0) {
    throw new SubnetError(
      "subnet/bad-handler",
      `Cannot use ${specifier}: it exports no handler (export default a SubnetApiHandler, or registerSubnetApis(registry))`,
    );
  }
  return added;
}

/**
 * Parses `--axons`: comma-separated `ip:port:ss58-hotkey` (IPv6 in brackets: `[::1]:8091:5F…`).
 *
 * @throws {SubnetError} `subnet/bad-axons` naming the entry that does not parse
 * @example
 * ```ts
 * import { parseAxonList } from "./registry.ts";
 * const [a] = parseAxonList("127.0.0.1:8091:5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
 * console.assert(a.port === 8091);
 * ```
 */
export function parseAxonList(text: string): AxonTarget[] {
  const out: AxonTarget[] = [];
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    const parts = entry.split(":");
    const hotkey = parts.pop() ?? "";
    const port = Number(parts.pop());
    const ip = parts.join(":").replace(/^\[|\]$/g, "");
    if (!ip || !Number.isInteger(port) || port <= 0 || port > 65535 || !/^[1-9A-HJ-NP-Za-km-z]{46,50}$/.test(hotkey)) {
      throw new SubnetError(
        "subnet/bad-axons",
        `Cannot use axon "${entry}": expected ip:port:ss58-hotkey, such as 127.0.0.1:8091:5GrwvaEF…`,
      );
    }
    out.push({ ip, port, hotkey });
  }
  if (out.length === 0) throw new SubnetError("subnet/bad-axons", "Cannot use --axons: it lists no axon");
  return out;
}

function isServing(axon: { ip: string; port: number }): boolean {
  return axon.port > 0 && axon.ip !== "0.0.0.0" && axon.ip !== "::" && axon.ip !== "";
}

/**
 * Every axon that serves (an IP other than `0.0.0.0` and a port), as the template's
 * `check_uid_availability` counts it.
 *
 * @example
 * ```ts
 * import { selectServingAxons } from "./registry.ts";
 * import { Metagraph } from "../chain/metagraph.ts";
 * const picked = await selectServingAxons({ metagraph: new Metagraph({ netuid: 1, block: 0, blockHash: "0x", neurons: [] }) } as never);
 * console.assert(picked.axons.length === 0);
 * ```
 */
export function selectServingAxons(context: AxonSelectionContext): Promise<AxonSelection> {
  const axons: AxonTarget[] = [];
  const rejected: string[] = [];
  context.metagraph.axons.forEach((a, uid) => {
    if (isServing(a)) axons.push({ ip: a.ip, port: a.port, hotkey: a.hotkey });
    else rejected.push(`uid ${uid}: not serving`);
  });
  return Promise.resolve({ axons, rejected });
}

/** Options of {@linkcode selectApiNodes}. */
export interface ApiNodeSelectionOptions {
  /** The top stake fraction considered (`n`). @default 0.1 */
  topFraction?: number;
  /** At most this many nodes (the template samples 3; FileTao asks them all). @default unlimited */
  limit?: number;
}

/**
 * The template's `get_query_api_nodes` (subnet-template.md §1.10): validators with
 * `validator_trust > 0` whose stake is strictly above the `1 − n` stake quantile, that answer a
 * `Synapse` ping with 200.
 *
 * @example
 * ```ts ignore
 * import { selectApiNodes } from "./registry.ts";
 * const { axons } = await selectApiNodes({ metagraph, dendrite });
 * ```
 */
export async function selectApiNodes(
  context: AxonSelectionContext,
  options: ApiNodeSelectionOptions = {},
): Promise<AxonSelection> {
  const mg = context.metagraph;
  const n = options.topFraction ?? 0.1;
  const stake = mg.total_stake_rao ? mg.total_stake_rao.map(Number) : mg.S_rao.map(Number);
  const cut = stake.length ? quantile(stake, 1 - n) : 0;
  const rejected: string[] = [];
  const candidates: number[] = [];
  for (const uid of mg.uids) {
    const axon = mg.axons[uid];
    if (!(mg.Tv[uid] > 0)) rejected.push(`uid ${uid}: validator_trust 0`);
    else if (!(stake[uid] > cut)) rejected.push(`uid ${uid}: stake not in the top ${n * 100}%`);
    else if (!isServing(axon)) rejected.push(`uid ${uid}: not serving`);
    else candidates.push(uid);
  }
  const targets = candidates.map((uid) => ({
    ip: mg.axons[uid].ip,
    port: mg.axons[uid].port,
    hotkey: mg.hotkeys[uid],
  }));
  const pings = await context.dendrite.query(targets, BaseSynapse.create({}), {
    type: BaseSynapse,
    timeout: context.pingTimeout ?? 3,
    deserialize: false,
  }) as Synapse[];
  const axons: AxonTarget[] = [];
  pings.forEach((p, i) => {
    if (p.dendrite.status_code === 200) axons.push(targets[i]);
    else {
      const t = targets[i];
      rejected.push(
        `uid ${candidates[i]} ${t.ip}:${t.port}: ping ${p.dendrite.status_code} ${p.dendrite.status_message ?? ""}`
          .trim(),
      );
    }
  });
  return { axons: options.limit === undefined ? axons : axons.slice(0, options.limit), rejected };
}
