/**
 * Python-compatible wallets: keypairs (sr25519, ed25519) from mnemonics, seeds, URIs and stored
 * private keys; keyfile JSON in every layout bittensor wrote; `$NACL`, Ansible Vault and Fernet
 * keyfile encryption; and the `<path>/<name>/{coldkey, coldkeypub.txt, hotkeys/<hotkey>}` layout.
 *
 * @example
 * ```ts ignore
 * import { homedir } from "node:os";
 * import { openWallet } from "./mod.ts";
 * const hotkey = await openWallet({ name: "miner", home: homedir() }).hotkey();
 * ```
 *
 * @module
 */
export * from "./keypair.ts";
export * from "./sr25519_secret.ts";
export * from "./mnemonic.ts";
export * from "./keyfile_data.ts";
export * from "./keyfile_crypto.ts";
export * from "./legacy_crypto.ts";
export * from "./password_env.ts";
export * from "./wallet.ts";
