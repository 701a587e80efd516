/**
 * The subnet clients this package ships, as a registry: `sn21` (netuid 21) and `template`.
 *
 * @module
 */
import { createSubnetRegistry, type SubnetRegistry } from "./registry.ts";
import { sn21ApiHandler } from "./sn21/handler.ts";
import { templateApiHandler } from "./template/api.ts";

/**
 * A new registry with the built-in handlers; register your own on it.
 *
 * @example
 * ```ts
 * import { defaultSubnetRegistry } from "./handlers.ts";
 * console.assert(defaultSubnetRegistry().resolve("21")?.name === "sn21");
 * ```
 */
export function defaultSubnetRegistry(): SubnetRegistry {
  return createSubnetRegistry([sn21ApiHandler, templateApiHandler]);
}
