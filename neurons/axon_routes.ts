/**
 * The axon's route table (private to `neurons/`): synapse routes at `POST /<SynapseName>` and plain
 * JSON routes at `POST <path>`, each with its options, and the lookup that picks one for a request
 * path (with the label `/metrics` counts it under). Names are checked when they are added.
 *
 * @module
 */
import type { Synapse } from "../protocol/synapse.ts";
import type { AnySynapseType } from "./axon_body.ts";
import type { AttachOptions, ForwardFn, RouteHandler, RouteOptions, StreamFn } from "./axon_types.ts";

/** An attached synapse: its class, its forward or stream, and its options. */
export interface SynapseRoute {
  /** The synapse class. */
  type: AnySynapseType;
  /** Answers a verified synapse (set unless `stream` is). */
  forward?: ForwardFn<Synapse<object>>;
  /** Streams the answer to a verified synapse. */
  stream?: StreamFn<Synapse<object>>;
  /** Blacklist, priority and verify. */
  options: AttachOptions<Synapse<object>>;
}

/** A plain JSON route: its path, handler and options. */
export interface PlainRoute {
  /** The route's path. */
  path: string;
  /** Answers an authenticated request. */
  handler: RouteHandler;
  /** Blacklist, priority and timeout. */
  options: RouteOptions;
}

/** What a request path leads to, and the label its metrics go under. */
export type RouteMatch =
  | { kind: "synapse"; label: string; name: string; route: SynapseRoute }
  | { kind: "plain"; label: string; name: string; route: PlainRoute }
  | { kind: "none"; label: string; name: string };

/**
 * The routes of one axon.
 *
 * @example
 * ```ts
 * import { BaseSynapse } from "../protocol/synapse.ts";
 * import { RouteTable } from "./axon_routes.ts";
 * const routes = new RouteTable();
 * routes.addSynapse(BaseSynapse, { forward: (s) => s }, {});
 * routes.addPlain("/echo", (body) => body, {});
 * console.assert(routes.match("/Synapse").kind === "synapse" && routes.match("/echo").kind === "plain");
 * console.assert(routes.match("/nope").label === "unknown");
 * ```
 */
export class RouteTable {
  readonly #synapses = new Map<string, SynapseRoute>();
  readonly #plain = new Map<string, PlainRoute>();

  /** Synapse names served, in the order attached. */
  get synapseNames(): string[] {
    return [...this.#synapses.keys()];
  }

  /**
   * Adds a synapse route; a `RangeError` for a name that is not a Python identifier, is `metrics`,
   * or is already attached (`Synapse` may be replaced).
   *
   * @param type the synapse class
   * @param handler its forward or stream
   * @param options blacklist, priority and verify
   */
  addSynapse(
    type: AnySynapseType,
    handler: Pick<SynapseRoute, "forward" | "stream">,
    options: AttachOptions<Synapse<object>>,
  ): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(type.name) || type.name === "metrics") {
      throw new RangeError(
        `Cannot attach synapse "${type.name}": the name must be a Python identifier other than "metrics"`,
      );
    }
    if (this.#synapses.has(type.name) && type.name !== "Synapse") {
      throw new RangeError(`Cannot attach synapse "${type.name}": it is already attached`);
    }
    this.#synapses.set(type.name, { type, ...handler, options });
  }

  /**
   * Adds a plain route; a `RangeError` for a path without a leading `/` or one that shadows a synapse.
   *
   * @param path the route's path
   * @param handler its handler
   * @param options blacklist, priority and timeout
   */
  addPlain(path: string, handler: RouteHandler, options: RouteOptions): void {
    if (!path.startsWith("/") || this.#synapses.has(path.slice(1))) {
      throw new RangeError(`Cannot add route "${path}": it must start with "/" and not shadow a synapse`);
    }
    this.#plain.set(path, { path, handler, options });
  }

  /**
   * The route a request path leads to (`/Name` for a synapse, the exact path for a plain route).
   *
   * @param path the request path, without the query
   * @returns the route, its kind, its metrics label and the synapse name the path names
   */
  match(path: string): RouteMatch {
    const name = path.split("/")[1] ?? "";
    const route = path.indexOf("/", 1) < 0 ? this.#synapses.get(name) : undefined;
    if (route) return { kind: "synapse", label: name, name, route };
    const plain = this.#plain.get(path);
    if (plain) return { kind: "plain", label: path, name, route: plain };
    return { kind: "none", label: "unknown", name };
  }
}
