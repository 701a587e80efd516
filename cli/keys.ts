/**
 * How every CLI command gets its keys from parsed options: `--dev <uri>` (one development key as
 * coldkey and hotkey) or `--wallet.name/--wallet.hotkey/--wallet.path` (with `~` expansion and the
 * `BT_WALLET_*` variables). The coldkey password comes from `--password-file`, the environment
 * conventions Python uses, or a hidden prompt when standard input is a terminal, and is asked for
 * only when a command needs the coldkey.
 *
 * @module
 */
import { printableUri } from "../wallet/secret_uri.ts";
import type { OptionSpecs } from "./args.ts";
import { UsageError } from "./args.ts";
import { walletOptions } from "./options.ts";
import { SubnetError } from "../protocol/errors.ts";
import type { Logger } from "../protocol/logger.ts";
import type { DeriveKey } from "../wallet/keyfile_crypto.ts";
import { cryptoReady, type Keypair, keypairFromUri } from "../wallet/keypair.ts";
import { openWallet, type PasswordPrompt, type Wallet } from "../wallet/wallet.ts";

/** Parsed option values, as `parseArgs` returns them. */
export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

/** `--password-file`, for commands that need the coldkey. */
export const passwordOptions: OptionSpecs = {
  "password-file": {
    type: "string",
    help: "Read the coldkey password from this file (its first line); else BT_PW_*/BT_COLD_PW_* or a prompt",
    valueName: "<file>",
  },
};

/** The keys a command runs with. Secrets are read only when a method is called. */
export interface CliKeys {
  /** `"dev"` for `--dev <uri>`, `"wallet"` for wallet files. */
  readonly source: "dev" | "wallet";
  /** The wallet, when the keys come from files. */
  readonly wallet?: Wallet;
  /** For messages: `wallet "miner" (hotkey "default")` or `dev key //Alice`. */
  describe(): string;
  /** The hotkey: all a miner or validator needs. Never asks for a password for plaintext hotkeys. */
  hotkey(): Promise<Keypair>;
  /** The coldkey's SS58 address, from `coldkeypub.txt` (no password). */
  coldkeypub(): Promise<string>;
  /**
   * The coldkey, decrypted: the password comes from `--password-file`, then `BT_PW_<path>` /
   * `BT_COLD_PW_*<NAME>`, then `prompt` (default: a hidden prompt when stdin is a terminal).
   */
  coldkey(prompt?: PasswordPrompt): Promise<Keypair>;
}

/** Options for `keysFromOptions`, mostly for tests. */
export interface KeysOptions {
  /** The prompt used when `coldkey()` gets none. Default `promptHidden`; `null` never prompts. */
  prompt?: PasswordPrompt | null;
  /** `$NACL` key derivation (default argon2i as Python). */
  deriveKey?: DeriveKey;
  /** Logger for wallet events (never secrets). */
  logger?: Logger;
}

function given(values: OptionValues, env: Readonly<Record<string, string>>, name: string): boolean {
  const spec = walletOptions[name];
  const value = values[name];
  if (value === undefined) return false;
  if (spec?.env && env[spec.env] === value) return false;
  return value !== spec?.default;
}

/**
 * The wallet the `--wallet.*` options name (`~` expanded with `HOME` from `env`).
 *
 * @example
 * ```ts
 * import { walletFromOptions } from "./keys.ts";
 * const w = walletFromOptions({ "wallet.name": "m", "wallet.path": "~/w" }, { HOME: "/h" });
 * console.assert(w.coldkeypubPath === "/h/w/m/coldkeypub.txt");
 * ```
 */
export function walletFromOptions(
  values: OptionValues,
  env: Readonly<Record<string, string>>,
  options: KeysOptions = {},
): Wallet {
  const str = (name: string, fallback: string) => {
    const v = values[name];
    return typeof v === "string" && v !== "" ? v : fallback;
  };
  return openWallet({
    name: str("wallet.name", "default"),
    hotkey: str("wallet.hotkey", "default"),
    path: str("wallet.path", "~/.bittensor/wallets"),
    home: env.HOME ?? env.USERPROFILE,
    env,
    deriveKey: options.deriveKey,
    logger: options.logger,
  });
}

/**
 * Reads a password file: its content up to the first line break.
 *
 * @throws {SubnetError} `cli/password-file` when it cannot be read
 * @example
 * ```ts ignore
 * import { readPasswordFile } from "./keys.ts";
 * const password = await readPasswordFile("/run/secrets/coldkey");
 * ```
 */
export async function readPasswordFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound ? "it does not exist" : (err as Error).name;
    throw new SubnetError("cli/password-file", `Cannot read the password file ${path}: ${why}`, { cause: err });
  }
  return text.split(/\r?\n/)[0];
}

/**
 * Asks for a password on the terminal without echoing it. Returns `undefined` when standard input
 * is not a terminal (scripts and CI must use `--password-file` or the environment).
 *
 * @example
 * ```ts ignore
 * import { promptHidden } from "./keys.ts";
 * const password = await promptHidden("Password: ");
 * ```
 */
export async function promptHidden(question: string): Promise<string | undefined> {
  if (!Deno.stdin.isTerminal()) return undefined;
  const encoder = new TextEncoder();
  await Deno.stderr.write(encoder.encode(question));
  Deno.stdin.setRaw(true);
  const bytes: number[] = [];
  const buf = new Uint8Array(64);
  try {
    while (true) {
      const n = await Deno.stdin.read(buf);
      if (n === null) return bytes.length ? new TextDecoder().decode(new Uint8Array(bytes)) : undefined;
      for (const b of buf.subarray(0, n)) {
        if (b === 0x03) throw new SubnetError("cli/interrupted", "Cannot read the password: interrupted");
        if (b === 0x0d || b === 0x0a) return new TextDecoder().decode(new Uint8Array(bytes));
        if (b === 0x7f || b === 0x08) bytes.pop();
        else if (b === 0x04 && bytes.length === 0) return undefined;
        else bytes.push(b);
      }
    }
  } finally {
    Deno.stdin.setRaw(false);
    await Deno.stderr.write(encoder.encode("\n"));
  }
}

/**
 * The keys a command's options select. Throws a usage error when `--dev` is combined with an
 * explicit `--wallet.*` flag (values equal to the default or to their `BT_WALLET_*` variable count
 * as not given). Nothing is read from disk until a method is called.
 *
 * @param values parsed options, including `walletOptions` (and `passwordOptions` if the command needs the coldkey)
 * @param env the process environment (`io.env`)
 * @throws {UsageError} for `--dev` with `--wallet.*`
 * @example
 * ```ts
 * import { keysFromOptions } from "./keys.ts";
 * const keys = keysFromOptions({ dev: "//Alice" }, {});
 * console.assert((await keys.hotkey()).address === "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
 * ```
 */
export function keysFromOptions(
  values: OptionValues,
  env: Readonly<Record<string, string>>,
  options: KeysOptions = {},
): CliKeys {
  const dev = values.dev;
  if (typeof dev === "string" && dev !== "") {
    const clash = ["wallet.name", "wallet.hotkey", "wallet.path"].filter((n) => given(values, env, n));
    if (clash.length) {
      throw new UsageError(
        `Option "--dev" cannot be combined with ${clash.map((n) => `"--${n}"`).join(", ")}: ` +
          `--dev stands for a whole development wallet (coldkey and hotkey); use one or the other`,
      );
    }
    const key = async () => {
      await cryptoReady();
      try {
        return keypairFromUri(dev);
      } catch {
        throw new UsageError(`Option "--dev" takes a secret URI such as //Alice, a mnemonic or a 0x seed`);
      }
    };
    return {
      source: "dev",
      describe: () => `dev key ${printableUri(dev)}`,
      hotkey: key,
      coldkey: () => key(),
      coldkeypub: async () => (await key()).address,
    };
  }
  const wallet = walletFromOptions(values, env, options);
  const defaultPrompt = options.prompt === undefined ? promptHidden : options.prompt ?? undefined;
  return {
    source: "wallet",
    wallet,
    describe: () => `wallet "${wallet.name}" (hotkey "${wallet.hotkeyName}")`,
    hotkey: () => wallet.hotkey({ prompt: defaultPrompt }),
    coldkeypub: () => wallet.coldkeypub(),
    coldkey: async (prompt?: PasswordPrompt) => {
      const file = values["password-file"];
      const password = typeof file === "string" && file !== "" ? await readPasswordFile(file) : undefined;
      return await wallet.coldkey({ password, prompt: prompt ?? defaultPrompt });
    },
  };
}
