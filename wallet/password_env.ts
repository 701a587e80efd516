/**
 * Coldkey passwords from the environment, in both conventions Python bittensor reads
 * (wire-protocol.md §4.3): btwallet's `BT_PW_<PATH>` (base64 of the password XOR the variable's
 * name) and bittensor 6.x's `BT_COLD_PW_…<WALLET NAME>` (plaintext).
 *
 * @module
 */

/**
 * The btwallet variable name for a keyfile: `BT_PW_` + the path with `/` and `.` replaced by `_`,
 * upper-cased.
 *
 * @example
 * ```ts
 * import { btwalletPasswordEnvName } from "./password_env.ts";
 * console.assert(btwalletPasswordEnvName("/h/.bittensor/wallets/w/coldkey") === "BT_PW__H__BITTENSOR_WALLETS_W_COLDKEY");
 * ```
 */
export function btwalletPasswordEnvName(keyfilePath: string): string {
  return `BT_PW_${keyfilePath.replace(/[/.]/g, "_").toUpperCase()}`;
}

function xorWithName(bytes: Uint8Array, name: string): Uint8Array {
  const key = new TextEncoder().encode(name);
  return bytes.map((b, i) => b ^ key[i % key.length]);
}

/**
 * Encodes a password as btwallet stores it in `BT_PW_…` (base64 of password XOR name).
 *
 * @example
 * ```ts
 * import { decodeBtwalletPassword, encodeBtwalletPassword } from "./password_env.ts";
 * const value = encodeBtwalletPassword("BT_PW_X", "secret");
 * console.assert(decodeBtwalletPassword("BT_PW_X", value) === "secret");
 * ```
 */
export function encodeBtwalletPassword(envName: string, password: string): string {
  const bytes = xorWithName(new TextEncoder().encode(password), envName);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * Decodes a `BT_PW_…` value; `undefined` when it is not valid base64 or UTF-8.
 *
 * @example
 * ```ts
 * import { decodeBtwalletPassword } from "./password_env.ts";
 * console.assert(decodeBtwalletPassword("BT_PW_X", "!!!") === undefined);
 * ```
 */
export function decodeBtwalletPassword(envName: string, value: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(value.trim()), (c) => c.charCodeAt(0));
    return new TextDecoder("utf-8", { fatal: true }).decode(xorWithName(bytes, envName));
  } catch {
    return undefined;
  }
}

/** Where to look for a password. */
export interface PasswordEnvQuery {
  /** The keyfile's absolute path (for `BT_PW_…`). */
  keyfilePath: string;
  /** The wallet name (for bittensor 6.x `BT_COLD_PW_…<NAME>`, coldkeys only). */
  walletName?: string;
}

/**
 * Finds a keyfile's password in `env`: btwallet's `BT_PW_<PATH>` first, then (for coldkeys) any
 * `BT_COLD_PW_*` variable whose upper-cased name ends with the upper-cased wallet name (`-` may be
 * written `_`, as bittensor 7.x and btwallet's `get_coldkey_password_from_environment` accept).
 *
 * @example
 * ```ts
 * import { passwordFromEnv } from "./password_env.ts";
 * const pw = passwordFromEnv({ BT_COLD_PW_MINER: "hunter2" }, { keyfilePath: "/w/miner/coldkey", walletName: "miner" });
 * console.assert(pw === "hunter2");
 * ```
 */
export function passwordFromEnv(env: Readonly<Record<string, string>>, query: PasswordEnvQuery): string | undefined {
  const name = btwalletPasswordEnvName(query.keyfilePath);
  if (env[name] !== undefined) {
    const decoded = decodeBtwalletPassword(name, env[name]);
    if (decoded !== undefined) return decoded;
  }
  if (query.walletName) {
    const suffixes = [query.walletName.toUpperCase(), query.walletName.toUpperCase().replace(/-/g, "_")];
    for (const [key, value] of Object.entries(env)) {
      const upper = key.toUpperCase();
      if (upper.startsWith("BT_COLD_PW_") && suffixes.some((s) => upper.endsWith(s))) return value;
    }
  }
  return undefined;
}
