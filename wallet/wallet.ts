/**
 * Wallets on disk, laid out as Python bittensor lays them out (wire-protocol.md §4.1):
 * `<path>/<name>/coldkey`, `coldkeypub.txt`, `hotkeys/<hotkey>` and `hotkeys/<hotkey>pub.txt`.
 * Only the hotkey is needed to run a neuron; the coldkey is decrypted only when asked for.
 *
 * @module
 */
import { SubnetError } from "../protocol/errors.ts";
import { type Logger, silentLogger } from "../protocol/logger.ts";
import { readdir, readFile } from "node:fs/promises";
import { isNotFound } from "../runtime/fs.ts";
import { ensureDir, exists, writeFileAtomic } from "./_fs.ts";
import { decryptKeyfileData, type DeriveKey, encryptKeyfileData, keyfileEncryption } from "./keyfile_crypto.ts";
import {
  keyfileFields,
  keySecretFromKeyfileData,
  parseKeyfileData,
  publicKeyFromKeyfileData,
  serializeKeyfileData,
} from "./keyfile_data.ts";
import { cryptoReady, type Keypair, type KeySecret, keySecretFromMnemonic, ss58Address } from "./keypair.ts";
import { generateMnemonic, type MnemonicWords } from "./mnemonic.ts";
import { passwordFromEnv } from "./password_env.ts";

/** The folder Python keeps wallets in, before `~` expansion. */
export const DEFAULT_WALLET_PATH = "~/.bittensor/wallets";

/** Asks the user for a password; `undefined` when nobody can answer. */
export type PasswordPrompt = (question: string) => Promise<string | undefined>;

/** Which wallet, and how to reach secrets. */
export interface WalletOptions {
  /** Wallet name. Default `"default"`. */
  name?: string;
  /** Hotkey name. Default `"default"`. */
  hotkey?: string;
  /** Folder holding wallets; a leading `~` is replaced by `home`. Default `~/.bittensor/wallets`. */
  path?: string;
  /** The home folder for `~` (pass `os.homedir()`); library code never reads the environment. */
  home?: string;
  /** Environment for password conventions (`BT_PW_…`, `BT_COLD_PW_…`). Default: none. */
  env?: Readonly<Record<string, string>>;
  /** `$NACL` key derivation. Default: argon2i as Python (slow on purpose); tests inject a fast one. */
  deriveKey?: DeriveKey;
  /** Randomness for nonces and mnemonics. Default `crypto.getRandomValues`. */
  random?: (bytes: number) => Uint8Array;
  /** Where events go (never secrets). Default: silent. */
  logger?: Logger;
}

/** How to get a password for an encrypted keyfile. */
export interface UnlockOptions {
  /** The password, when already known (e.g. read from `--password-file`). */
  password?: string;
  /** Asked when neither `password` nor the environment has one. */
  prompt?: PasswordPrompt;
}

/** Options for writing a key. */
export interface WriteKeyOptions {
  /** Replace existing files. Default false: refuse. */
  overwrite?: boolean;
}

/** Options for writing a coldkey. */
export interface WriteColdkeyOptions extends WriteKeyOptions {
  /** Encrypt with this password (`$NACL`), or `null` to write it unencrypted (not recommended). */
  password: string | null;
}

/**
 * Expands a leading `~` with `home`.
 *
 * @throws {SubnetError} `wallet/no-home` when the path starts with `~` and `home` is not given
 * @example
 * ```ts
 * import { expandHome } from "./wallet.ts";
 * console.assert(expandHome("~/.bittensor/wallets", "/home/me") === "/home/me/.bittensor/wallets");
 * ```
 */
export function expandHome(path: string, home?: string): string {
  if (path !== "~" && !path.startsWith("~/")) return path;
  if (!home) {
    throw new SubnetError(
      "wallet/no-home",
      `Cannot expand "${path}": the home folder is unknown (give an absolute path)`,
    );
  }
  return home.replace(/\/+$/, "") + path.slice(1);
}

function checkName(kind: string, name: string): void {
  if (!name || name === "." || name === ".." || name.includes("/") || name.includes("\0")) {
    throw new SubnetError("wallet/invalid-name", `Cannot use ${kind} name "${name}": it must be a plain file name`);
  }
}

async function readFileOrNull(path: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (err) {
    if (isNotFound(err)) return null;
    throw err;
  }
}

/**
 * A wallet: names and paths, with keys read from disk only when asked for.
 *
 * @example
 * ```ts ignore
 * import { homedir } from "node:os";
 * import { openWallet } from "./wallet.ts";
 * const wallet = openWallet({ name: "miner", hotkey: "default", home: homedir() });
 * const hotkey = await wallet.hotkey(); // no password: hotkeys are plaintext
 * ```
 */
export class Wallet {
  /** Wallet name. */
  readonly name: string;
  /** Hotkey name. */
  readonly hotkeyName: string;
  /** Folder holding wallets, `~` expanded. */
  readonly path: string;
  readonly #env: Readonly<Record<string, string>>;
  readonly #deriveKey?: DeriveKey;
  readonly #random?: (bytes: number) => Uint8Array;
  readonly #logger: Logger;

  /**
   * Describes a wallet; nothing is read until a key is asked for.
   *
   * @param options which wallet, and how to reach its secrets
   */
  constructor(options: WalletOptions = {}) {
    this.name = options.name ?? "default";
    this.hotkeyName = options.hotkey ?? "default";
    checkName("wallet", this.name);
    checkName("hotkey", this.hotkeyName);
    this.path = expandHome(options.path ?? DEFAULT_WALLET_PATH, options.home).replace(/(.)\/+$/, "$1");
    this.#env = options.env ?? {};
    this.#deriveKey = options.deriveKey;
    this.#random = options.random;
    this.#logger = options.logger ?? silentLogger;
  }

  /** `<path>/<name>`. */
  get dir(): string {
    return `${this.path}/${this.name}`;
  }
  /** `<path>/<name>/coldkey`. */
  get coldkeyPath(): string {
    return `${this.dir}/coldkey`;
  }
  /** `<path>/<name>/coldkeypub.txt`. */
  get coldkeypubPath(): string {
    return `${this.dir}/coldkeypub.txt`;
  }
  /** `<path>/<name>/hotkeys/<hotkey>`. */
  get hotkeyPath(): string {
    return `${this.dir}/hotkeys/${this.hotkeyName}`;
  }
  /** `<path>/<name>/hotkeys/<hotkey>pub.txt` (written by btwallet 4 and by us). */
  get hotkeypubPath(): string {
    return `${this.dir}/hotkeys/${this.hotkeyName}pub.txt`;
  }

  #flags(): string {
    return `--wallet.name ${this.name} --wallet.path ${this.path}`;
  }

  #notFound(what: string, path: string, fix: string): SubnetError {
    return new SubnetError(
      "wallet/not-found",
      `Cannot load ${what} of wallet "${this.name}": ${path} does not exist (${fix})`,
    );
  }

  async #unlock(data: Uint8Array, path: string, what: string, unlock: UnlockOptions, walletName?: string) {
    if (!keyfileEncryption(data)) return data;
    const password = unlock.password ?? passwordFromEnv(this.#env, { keyfilePath: path, walletName }) ??
      await unlock.prompt?.(`Enter the password to decrypt the ${what} of wallet "${this.name}": `);
    if (password === undefined) {
      throw new SubnetError(
        "wallet/password-required",
        `Cannot decrypt the ${what} of wallet "${this.name}": no password was given ` +
          `(pass --password-file <file>, set the BT_PW_ variable for ${path}, or run in a terminal)`,
      );
    }
    this.#logger.debug("wallet.decrypt", { wallet: this.name, key: what });
    try {
      return await decryptKeyfileData(data, password, { deriveKey: this.#deriveKey });
    } catch (err) {
      if (err instanceof SubnetError && err.code === "wallet/wrong-password") {
        throw new SubnetError(
          "wallet/wrong-password",
          `Cannot decrypt the ${what} of wallet "${this.name}": the password is wrong (nothing was changed; try again)`,
        );
      }
      throw err;
    }
  }

  /**
   * The hotkey, for signing requests and extrinsics. Hotkeys are plaintext unless made with a
   * password; the coldkey is never touched.
   *
   * @throws {SubnetError} `wallet/not-found` with the command that creates it
   */
  async hotkey(unlock: UnlockOptions = {}): Promise<Keypair> {
    return (await this.hotkeySecret(unlock)).keypair;
  }

  /** The hotkey with its secrets (mnemonic, seed, private key). Never log it. */
  async hotkeySecret(unlock: UnlockOptions = {}): Promise<KeySecret> {
    const data = await readFileOrNull(this.hotkeyPath);
    if (!data) {
      throw this.#notFound(
        `hotkey "${this.hotkeyName}"`,
        this.hotkeyPath,
        `create it with: subnet wallet new-hotkey ${this.#flags()} --wallet.hotkey ${this.hotkeyName}`,
      );
    }
    await cryptoReady();
    const plain = await this.#unlock(data, this.hotkeyPath, `hotkey "${this.hotkeyName}"`, unlock);
    return keySecretFromKeyfileData(parseKeyfileData(plain));
  }

  /**
   * The hotkey's SS58 address without any password: from the plaintext hotkey file, else from
   * `hotkeys/<hotkey>pub.txt`.
   */
  async hotkeyAddress(): Promise<string> {
    const data = await readFileOrNull(this.hotkeyPath);
    if (data && !keyfileEncryption(data)) return ss58Address(publicKeyFromKeyfileData(parseKeyfileData(data)));
    const pub = await readFileOrNull(this.hotkeypubPath);
    if (pub) return ss58Address(publicKeyFromKeyfileData(parseKeyfileData(pub)));
    if (data) {
      throw new SubnetError(
        "wallet/password-required",
        `Cannot read the address of hotkey "${this.hotkeyName}": the hotkey file is encrypted and has no pub.txt`,
      );
    }
    throw this.#notFound(
      `hotkey "${this.hotkeyName}"`,
      this.hotkeyPath,
      `create it with: subnet wallet new-hotkey ${this.#flags()} --wallet.hotkey ${this.hotkeyName}`,
    );
  }

  /**
   * The coldkey's SS58 address, from `coldkeypub.txt` (no password needed).
   *
   * @throws {SubnetError} `wallet/not-found` with the command that creates it
   */
  async coldkeypub(): Promise<string> {
    const data = await readFileOrNull(this.coldkeypubPath);
    if (!data) {
      throw this.#notFound(
        "coldkeypub.txt",
        this.coldkeypubPath,
        `create the wallet with: subnet wallet create ${this.#flags()}, or restore it with: ` +
          `subnet wallet regen-coldkey ${this.#flags()}`,
      );
    }
    return ss58Address(publicKeyFromKeyfileData(parseKeyfileData(data)));
  }

  /**
   * The coldkey, decrypted. The password comes from `unlock.password`, then the environment
   * conventions, then `unlock.prompt`. Nothing is written.
   *
   * @throws {SubnetError} `wallet/not-found`, `wallet/password-required`, `wallet/wrong-password`
   */
  async coldkey(unlock: UnlockOptions = {}): Promise<Keypair> {
    return (await this.coldkeySecret(unlock)).keypair;
  }

  /** The coldkey with its secrets. Never log it. */
  async coldkeySecret(unlock: UnlockOptions = {}): Promise<KeySecret> {
    const data = await readFileOrNull(this.coldkeyPath);
    if (!data) {
      throw this.#notFound(
        "coldkey",
        this.coldkeyPath,
        `create the wallet with: subnet wallet create ${this.#flags()}, or restore it with: ` +
          `subnet wallet regen-coldkey ${this.#flags()} --mnemonic "<words>"`,
      );
    }
    await cryptoReady();
    const plain = await this.#unlock(data, this.coldkeyPath, "coldkey", unlock, this.name);
    return keySecretFromKeyfileData(parseKeyfileData(plain));
  }

  async #refuseExisting(paths: string[], what: string, overwrite: boolean | undefined): Promise<void> {
    if (overwrite) return;
    for (const p of paths) {
      if (await exists(p)) {
        throw new SubnetError(
          "wallet/exists",
          `Cannot write the ${what} of wallet "${this.name}": ${p} already exists ` +
            `(back it up, then pass --overwrite to replace it)`,
        );
      }
    }
  }

  /**
   * Writes the coldkey (encrypted with `$NACL` unless `password` is `null`) and `coldkeypub.txt`.
   * Encryption happens before anything is written; files are 0600, folders 0700, writes atomic.
   */
  async setColdkey(key: KeySecret, options: WriteColdkeyOptions): Promise<void> {
    await this.#refuseExisting([this.coldkeyPath, this.coldkeypubPath], "coldkey", options.overwrite);
    const plain = serializeKeyfileData(keyfileFields(key));
    const data = options.password === null ? plain : await encryptKeyfileData(plain, options.password, {
      deriveKey: this.#deriveKey,
      random: this.#random,
    });
    await ensureDir(this.dir);
    await writeFileAtomic(this.coldkeyPath, data);
    await writeFileAtomic(this.coldkeypubPath, serializeKeyfileData({ publicKey: key.keypair.publicKey }));
    this.#logger.info("wallet.coldkey.write", {
      wallet: this.name,
      address: key.keypair.address,
      encrypted: options.password !== null,
    });
  }

  /**
   * Writes only `coldkeypub.txt` for a public key (`btcli wallet regen-coldkeypub`): enough to
   * receive, check balances and run neurons, never to spend.
   */
  async setColdkeypub(publicKey: Uint8Array, options: WriteKeyOptions = {}): Promise<void> {
    await this.#refuseExisting([this.coldkeypubPath], "coldkeypub", options.overwrite);
    await ensureDir(this.dir);
    await writeFileAtomic(this.coldkeypubPath, serializeKeyfileData({ publicKey }));
    this.#logger.info("wallet.coldkeypub.write", { wallet: this.name });
  }

  /** Writes the hotkey (plaintext, as Python does by default) and its `pub.txt`. */
  async setHotkey(key: KeySecret, options: WriteKeyOptions = {}): Promise<void> {
    await this.#refuseExisting([this.hotkeyPath], `hotkey "${this.hotkeyName}"`, options.overwrite);
    await ensureDir(`${this.dir}/hotkeys`);
    await writeFileAtomic(this.hotkeyPath, serializeKeyfileData(keyfileFields(key)));
    await writeFileAtomic(this.hotkeypubPath, serializeKeyfileData({ publicKey: key.keypair.publicKey }));
    this.#logger.info("wallet.hotkey.write", {
      wallet: this.name,
      hotkey: this.hotkeyName,
      address: key.keypair.address,
    });
  }

  /** Names of the hotkeys in `hotkeys/` (files, not their `pub.txt` companions), sorted. */
  async hotkeyNames(): Promise<string[]> {
    const names: string[] = [];
    try {
      for (const entry of await readdir(`${this.dir}/hotkeys`, { withFileTypes: true })) {
        if (!entry.isFile() || entry.name.startsWith(".")) continue;
        if (entry.name.endsWith("pub.txt")) continue;
        names.push(entry.name);
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    return names.sort();
  }

  /** This wallet with another hotkey selected. */
  withHotkey(hotkey: string): Wallet {
    return new Wallet({
      name: this.name,
      hotkey,
      path: this.path,
      env: this.#env,
      deriveKey: this.#deriveKey,
      random: this.#random,
      logger: this.#logger,
    });
  }
}

/**
 * Opens a wallet by name (reads nothing yet).
 *
 * @example
 * ```ts
 * import { openWallet } from "./wallet.ts";
 * const wallet = openWallet({ name: "miner", path: "/tmp/wallets" });
 * console.assert(wallet.hotkeyPath === "/tmp/wallets/miner/hotkeys/default");
 * ```
 */
export function openWallet(options: WalletOptions = {}): Wallet {
  return new Wallet(options);
}

/** Options for `createWallet`. */
export interface CreateWalletOptions extends WalletOptions {
  /** Coldkey password, or `null` for an unencrypted coldkey (not recommended). */
  password: string | null;
  /** Mnemonic length. Default 12. */
  words?: MnemonicWords;
  /** Replace existing files. Default false. */
  overwrite?: boolean;
}

/** A new wallet and its mnemonics: show them to the user once, then forget them. */
export interface CreatedWallet {
  /** The wallet. */
  wallet: Wallet;
  /** The coldkey's mnemonic. */
  coldkeyMnemonic: string;
  /** The hotkey's mnemonic. */
  hotkeyMnemonic: string;
  /** The coldkey's SS58 address. */
  coldkeyAddress: string;
  /** The hotkey's SS58 address. */
  hotkeyAddress: string;
}

/**
 * Creates a wallet with a new coldkey and hotkey, as `btcli wallet create` does.
 *
 * @throws {SubnetError} `wallet/exists` when files are there and `overwrite` is not set
 * @example
 * ```ts ignore
 * import { createWallet } from "./wallet.ts";
 * const created = await createWallet({ name: "miner", path: "/tmp/w", password: "a long password" });
 * ```
 */
export async function createWallet(options: CreateWalletOptions): Promise<CreatedWallet> {
  const wallet = new Wallet(options);
  if (!options.overwrite) {
    for (const p of [wallet.coldkeyPath, wallet.coldkeypubPath, wallet.hotkeyPath]) {
      if (await exists(p)) {
        throw new SubnetError(
          "wallet/exists",
          `Cannot create wallet "${wallet.name}": ${p} already exists (back it up, then pass --overwrite to replace it)`,
        );
      }
    }
  }
  await cryptoReady();
  const coldkeyMnemonic = generateMnemonic({ words: options.words, random: options.random });
  const hotkeyMnemonic = generateMnemonic({ words: options.words, random: options.random });
  const coldkey = keySecretFromMnemonic(coldkeyMnemonic);
  const hotkey = keySecretFromMnemonic(hotkeyMnemonic);
  await wallet.setColdkey(coldkey, { password: options.password, overwrite: options.overwrite });
  await wallet.setHotkey(hotkey, { overwrite: options.overwrite });
  return {
    wallet,
    coldkeyMnemonic,
    hotkeyMnemonic,
    coldkeyAddress: coldkey.keypair.address,
    hotkeyAddress: hotkey.keypair.address,
  };
}

/** One wallet in a listing: addresses only. */
export interface WalletSummary {
  /** Wallet name. */
  name: string;
  /** Coldkey SS58 address, when `coldkeypub.txt` is readable. */
  coldkeypub?: string;
  /** Hotkeys and their addresses (absent when unreadable without a password). */
  hotkeys: { name: string; address?: string }[];
}

/**
 * Lists the wallets under a folder with their public addresses. Never asks for a password.
 *
 * @example
 * ```ts ignore
 * import { homedir } from "node:os";
 * import { listWallets } from "./wallet.ts";
 * const wallets = await listWallets({ home: homedir() });
 * ```
 */
export async function listWallets(options: Pick<WalletOptions, "path" | "home"> = {}): Promise<WalletSummary[]> {
  const root = expandHome(options.path ?? DEFAULT_WALLET_PATH, options.home);
  const names: string[] = [];
  try {
    for (const entry of await readdir(root, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith(".")) names.push(entry.name);
    }
  } catch (err) {
    if (isNotFound(err)) return [];
    throw err;
  }
  const out: WalletSummary[] = [];
  for (const name of names.sort()) {
    const wallet = new Wallet({ name, path: root });
    const summary: WalletSummary = { name, hotkeys: [] };
    summary.coldkeypub = await wallet.coldkeypub().catch(() => undefined);
    for (const hotkey of await wallet.hotkeyNames()) {
      summary.hotkeys.push({
        name: hotkey,
        address: await wallet.withHotkey(hotkey).hotkeyAddress().catch(() => undefined),
      });
    }
    out.push(summary);
  }
  return out;
}
