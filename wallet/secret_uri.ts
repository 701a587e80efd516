/**
 * What of a secret URI may be shown: the derivation path of a development URI (`//Alice/0`),
 * never its password (`///…`), mnemonic or seed.
 *
 * @module
 */

/**
 * The printable part of a secret URI: a development path (`//Alice`, `//Alice/0`) without any
 * `///password`, with `///…` in its place; a mnemonic or seed URI shows as `(secret URI)`.
 *
 * @example
 * ```ts
 * import { printableUri } from "./secret_uri.ts";
 * console.assert(printableUri("//Alice///hunter2") === "//Alice///…");
 * console.assert(printableUri("bottom drive obey lake curtain smoke basket hold race lonely fit walk//0") === "(secret URI)");
 * ```
 */
export function printableUri(uri: string): string {
  if (!uri.startsWith("/")) return "(secret URI)";
  const at = uri.indexOf("///");
  return at < 0 ? uri : `${uri.slice(0, at)}///…`;
}

/**
 * A file-name-safe label for a secret URI: the development path's characters without its
 * password (`//Alice///pw` → `Alice`), or `secret` for a mnemonic or seed URI.
 *
 * @example
 * ```ts
 * import { uriLabel } from "./secret_uri.ts";
 * console.assert(uriLabel("//Alice///pw") === "Alice");
 * ```
 */
export function uriLabel(uri: string): string {
  if (!uri.startsWith("/")) return "secret";
  const at = uri.indexOf("///");
  return (at < 0 ? uri : uri.slice(0, at)).replace(/[^A-Za-z0-9_-]+/g, "") || "secret";
}
