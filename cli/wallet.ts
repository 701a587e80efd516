/**
 * `subnet wallet`: create, regenerate, list and show wallets laid out as Python bittensor lays
 * them out. Every subcommand runs non-interactively with flags (`--mnemonic-file`, `--mnemonic -`
 * for standard input, `--mnemonic`, `--password-file`, `--no-password`); the only secret ever
 * printed is a new mnemonic, once, at creation.
 *
 * @module
 */
import { type OptionSpecs, UsageError } from "./args.ts";
import type { CliIo, CommandContext, CommandSpec } from "./command.ts";
import {
  keysFromOptions,
  type OptionValues,
  passwordOptions,
  promptHidden,
  readPasswordFile,
  walletFromOptions,
} from "./keys.ts";
import { jsonOption, subtensorOptions, walletOptions } from "./options.ts";
import { connectFromOptions, formatTao, jsonRao } from "./_chain.ts";
import { ss58Option } from "./_input.ts";
import { hexToU8a } from "@polkadot/util";
import { decodeAddress, encodeAddress } from "@polkadot/util-crypto";
import { SubnetError } from "../protocol/errors.ts";
import { cryptoReady, type KeySecret, keySecretFromMnemonic, keySecretFromSeed } from "../wallet/keypair.ts";
import { generateMnemonic, type MnemonicWords } from "../wallet/mnemonic.ts";
import { passwordFromEnv } from "../wallet/password_env.ts";
import { createWallet, expandHome, listWallets, type Wallet } from "../wallet/wallet.ts";

const { dev: devOption, ...fileWalletOptions } = walletOptions;

const newPasswordOptions: OptionSpecs = {
  ...passwordOptions,
  "no-password": { type: "boolean", help: "Write the coldkey unencrypted (not recommended; a warning is printed)" },
};
const overwriteOption: OptionSpecs = {
  overwrite: { type: "boolean", help: "Replace existing key files (back them up first)" },
};
const wordsOption: OptionSpecs = {
  words: { type: "string", help: "Mnemonic length: 12, 15, 18, 21 or 24", default: "12", valueName: "<n>" },
};
const regenOptions: OptionSpecs = {
  mnemonic: {
    type: "string",
    help: 'The key\'s mnemonic (quote it; other users can see it in `ps`), or "-" to read it from standard input',
    valueName: '"<words>"',
  },
  "mnemonic-file": { type: "string", help: "Read the key's mnemonic from this file", valueName: "<file>" },
  seed: { type: "string", help: "The key's 32-byte seed (secretSeed) as 0x hex", valueName: "<0x…>" },
};

function words(values: OptionValues): MnemonicWords {
  const n = Number(values.words ?? 12);
  if (![12, 15, 18, 21, 24].includes(n)) {
    throw new UsageError(`Option "--words" takes 12, 15, 18, 21 or 24, not "${values.words}"`);
  }
  return n as MnemonicWords;
}

/** The password for a new coldkey: `null` means unencrypted (`--no-password`). */
async function newColdkeyPassword(wallet: Wallet, values: OptionValues, io: CliIo): Promise<string | null> {
  if (values["no-password"] === true) {
    if (typeof values["password-file"] === "string") {
      throw new UsageError('Options "--no-password" and "--password-file" exclude each other');
    }
    io.error(
      "warning: writing the coldkey UNENCRYPTED (--no-password): anyone who can read the file controls its funds",
    );
    return null;
  }
  const file = values["password-file"];
  if (typeof file === "string" && file !== "") {
    const password = await readPasswordFile(file);
    if (password === "") {
      throw new SubnetError("cli/password-file", `Cannot use the password file ${file}: it is empty`);
    }
    return password;
  }
  const fromEnv = passwordFromEnv(io.env, { keyfilePath: wallet.coldkeyPath, walletName: wallet.name });
  if (fromEnv) return fromEnv;
  const first = await promptHidden(`Choose a password to encrypt the coldkey of wallet "${wallet.name}": `);
  if (first !== undefined) {
    if (first.length < 6) throw new SubnetError("cli/password", "Cannot use the password: use at least 6 characters");
    const again = await promptHidden("Type it again: ");
    if (again !== first) throw new SubnetError("cli/password", "Cannot use the password: the two entries differ");
    return first;
  }
  throw new SubnetError(
    "wallet/password-required",
    `Cannot encrypt the coldkey of wallet "${wallet.name}": no password was given and standard input is not a ` +
      `terminal (pass --password-file <file>, or --no-password to write it unencrypted)`,
  );
}

/** Mnemonics are short: more than this on standard input or in a file is not one. */
const MNEMONIC_INPUT_BYTES_MAX = 4096;

/** Reads a mnemonic from standard input (`--mnemonic -`) or a file (`--mnemonic-file`). */
async function readMnemonicInput(file: string | undefined): Promise<string> {
  const source = file === undefined ? "standard input" : `the mnemonic file ${file}`;
  let bytes: Uint8Array;
  try {
    bytes = file === undefined ? await readAll(Deno.stdin.readable) : await Deno.readFile(file);
  } catch (err) {
    const why = err instanceof Deno.errors.NotFound ? "it does not exist" : (err as Error).message;
    throw new SubnetError("cli/mnemonic-input", `Cannot read the mnemonic from ${source}: ${why}`, { cause: err });
  }
  if (bytes.length > MNEMONIC_INPUT_BYTES_MAX) {
    throw new SubnetError("cli/mnemonic-input", `Cannot read the mnemonic from ${source}: it is over 4 KiB`);
  }
  const words = new TextDecoder().decode(bytes).trim();
  if (words === "") throw new SubnetError("cli/mnemonic-input", `Cannot read the mnemonic from ${source}: it is empty`);
  return words;
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    total += chunk.length;
    if (total > MNEMONIC_INPUT_BYTES_MAX) break;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function keyFromRegenOptions(values: OptionValues, what: string): Promise<KeySecret> {
  await cryptoReady();
  const mnemonic = values.mnemonic;
  const file = values["mnemonic-file"];
  const seed = values.seed;
  const given = [mnemonic, file, seed].filter((v) => typeof v === "string").length;
  if (given > 1) {
    throw new UsageError('Options "--mnemonic", "--mnemonic-file" and "--seed" exclude each other');
  }
  if (typeof seed === "string") {
    try {
      return keySecretFromSeed(seed);
    } catch {
      throw new UsageError('Option "--seed" takes 0x followed by 64 hex digits');
    }
  }
  let words = typeof file === "string"
    ? await readMnemonicInput(file)
    : mnemonic === "-"
    ? await readMnemonicInput(undefined)
    : typeof mnemonic === "string"
    ? mnemonic
    : undefined;
  words ??= await promptHidden(`Enter the mnemonic of the ${what}: `);
  if (words === undefined) {
    throw new UsageError(
      `Regenerating the ${what} needs --mnemonic-file <file>, --mnemonic - (standard input), ` +
        `--mnemonic "<words>" or --seed <0x…>`,
    );
  }
  try {
    return keySecretFromMnemonic(words);
  } catch {
    throw new UsageError(
      `The mnemonic given is not a valid English BIP39 mnemonic (${words.trim().split(/\s+/).length} words)`,
    );
  }
}

function printMnemonic(io: CliIo, what: string, mnemonic: string): void {
  io.print(`${what} mnemonic (shown once; write it down and keep it offline, anyone with it controls the key):`);
  io.print(`  ${mnemonic}`);
}

async function runCreate({ args, io }: CommandContext): Promise<number> {
  const { values } = args;
  const wallet = walletFromOptions(values, io.env);
  const n = words(values);
  const password = await newColdkeyPassword(wallet, values, io);
  const created = await createWallet({
    name: wallet.name,
    hotkey: wallet.hotkeyName,
    path: wallet.path,
    password,
    words: n,
    overwrite: values.overwrite === true,
  });
  if (values.json) {
    io.print(JSON.stringify({
      wallet: wallet.name,
      path: wallet.dir,
      coldkey: created.coldkeyAddress,
      hotkey_name: wallet.hotkeyName,
      hotkey: created.hotkeyAddress,
      encrypted: password !== null,
      coldkey_mnemonic: created.coldkeyMnemonic,
      hotkey_mnemonic: created.hotkeyMnemonic,
    }));
    return 0;
  }
  io.print(`Created wallet "${wallet.name}" in ${wallet.dir}`);
  io.print(`  coldkey  ${created.coldkeyAddress}${password === null ? "  (NOT encrypted)" : "  (encrypted)"}`);
  io.print(`  hotkey   ${created.hotkeyAddress}  ("${wallet.hotkeyName}")`);
  printMnemonic(io, "Coldkey", created.coldkeyMnemonic);
  printMnemonic(io, "Hotkey", created.hotkeyMnemonic);
  return 0;
}

async function runNewHotkey({ args, io }: CommandContext): Promise<number> {
  const wallet = walletFromOptions(args.values, io.env);
  const n = words(args.values);
  await cryptoReady();
  const mnemonic = generateMnemonic({ words: n });
  const key = keySecretFromMnemonic(mnemonic);
  await wallet.setHotkey(key, { overwrite: args.values.overwrite === true });
  if (args.values.json) {
    io.print(JSON.stringify({
      wallet: wallet.name,
      hotkey_name: wallet.hotkeyName,
      hotkey: key.keypair.address,
      hotkey_mnemonic: mnemonic,
    }));
    return 0;
  }
  io.print(`Created hotkey "${wallet.hotkeyName}" of wallet "${wallet.name}": ${key.keypair.address}`);
  printMnemonic(io, "Hotkey", mnemonic);
  return 0;
}

async function runRegenColdkey({ args, io }: CommandContext): Promise<number> {
  const wallet = walletFromOptions(args.values, io.env);
  const key = await keyFromRegenOptions(args.values, "coldkey");
  const password = await newColdkeyPassword(wallet, args.values, io);
  await wallet.setColdkey(key, { password, overwrite: args.values.overwrite === true });
  if (args.values.json) {
    io.print(JSON.stringify({ wallet: wallet.name, coldkey: key.keypair.address, encrypted: password !== null }));
  } else {
    io.print(`Regenerated the coldkey of wallet "${wallet.name}": ${key.keypair.address}`);
  }
  return 0;
}

async function runRegenHotkey({ args, io }: CommandContext): Promise<number> {
  const wallet = walletFromOptions(args.values, io.env);
  const key = await keyFromRegenOptions(args.values, "hotkey");
  await wallet.setHotkey(key, { overwrite: args.values.overwrite === true });
  if (args.values.json) {
    io.print(JSON.stringify({ wallet: wallet.name, hotkey_name: wallet.hotkeyName, hotkey: key.keypair.address }));
  } else {
    io.print(`Regenerated hotkey "${wallet.hotkeyName}" of wallet "${wallet.name}": ${key.keypair.address}`);
  }
  return 0;
}

async function runList({ args, io }: CommandContext): Promise<number> {
  const path = String(args.values["wallet.path"] ?? "~/.bittensor/wallets");
  const root = expandHome(path, io.env.HOME ?? io.env.USERPROFILE);
  const wallets = await listWallets({ path: root });
  if (args.values.json) {
    io.print(JSON.stringify({ path: root, wallets }));
    return 0;
  }
  if (wallets.length === 0) {
    io.print(`No wallets in ${root} (create one with: subnet wallet create --wallet.name <name>)`);
    return 0;
  }
  io.print(`Wallets in ${root}:`);
  for (const w of wallets) {
    io.print(`${w.name}  coldkey ${w.coldkeypub ?? "(no coldkeypub.txt)"}`);
    for (const h of w.hotkeys) io.print(`  ${h.name}  ${h.address ?? "(encrypted or unreadable)"}`);
  }
  return 0;
}

async function runShow({ args, io }: CommandContext): Promise<number> {
  const keys = keysFromOptions(args.values, io.env, { prompt: null });
  if (!keys.wallet) {
    const address = await keys.coldkeypub();
    if (args.values.json) {
      io.print(JSON.stringify({ dev: true, coldkey: address, hotkeys: [{ name: "dev", address }] }));
    } else io.print(`${keys.describe()}\n  coldkey  ${address}\n  hotkey   ${address}`);
    return 0;
  }
  const wallet = keys.wallet;
  const coldkey = await wallet.coldkeypub();
  const hotkeys: { name: string; address?: string }[] = [];
  for (const name of await wallet.hotkeyNames()) {
    hotkeys.push({ name, address: await wallet.withHotkey(name).hotkeyAddress().catch(() => undefined) });
  }
  if (args.values.json) {
    io.print(JSON.stringify({ wallet: wallet.name, path: wallet.dir, coldkey, hotkeys }));
    return 0;
  }
  io.print(`Wallet "${wallet.name}" (${wallet.dir})`);
  io.print(`  coldkey  ${coldkey}`);
  if (hotkeys.length === 0) {
    io.print(`  no hotkeys (create one with: subnet wallet new-hotkey --wallet.name ${wallet.name})`);
  }
  for (const h of hotkeys) io.print(`  hotkey   ${h.address ?? "(encrypted or unreadable)"}  "${h.name}"`);
  return 0;
}

async function runNewColdkey({ args, io }: CommandContext): Promise<number> {
  const { values } = args;
  const wallet = walletFromOptions(values, io.env);
  const n = words(values);
  const password = await newColdkeyPassword(wallet, values, io);
  await cryptoReady();
  const mnemonic = generateMnemonic({ words: n });
  const key = keySecretFromMnemonic(mnemonic);
  await wallet.setColdkey(key, { password, overwrite: values.overwrite === true });
  if (values.json) {
    io.print(JSON.stringify({
      wallet: wallet.name,
      coldkey: key.keypair.address,
      encrypted: password !== null,
      coldkey_mnemonic: mnemonic,
    }));
    return 0;
  }
  io.print(`Created the coldkey of wallet "${wallet.name}": ${key.keypair.address}`);
  printMnemonic(io, "Coldkey", mnemonic);
  return 0;
}

async function runRegenColdkeypub({ args, io }: CommandContext): Promise<number> {
  const { values } = args;
  const ss58 = ss58Option(values, "ss58");
  const hex = typeof values["public-key"] === "string" ? values["public-key"] : undefined;
  if ((ss58 === undefined) === (hex === undefined)) {
    throw new UsageError(`Give exactly one of "--ss58 <address>" or "--public-key <0x…>"`);
  }
  let publicKey: Uint8Array;
  if (ss58 !== undefined) publicKey = decodeAddress(ss58);
  else {
    if (!/^(0x)?[0-9a-fA-F]{64}$/.test(hex!)) throw new UsageError(`Option "--public-key" takes 32 bytes as 0x hex`);
    publicKey = hexToU8a(hex!.startsWith("0x") ? hex! : `0x${hex}`);
  }
  const wallet = walletFromOptions(values, io.env);
  await wallet.setColdkeypub(publicKey, { overwrite: values.overwrite === true });
  const address = encodeAddress(publicKey, 42);
  if (values.json) io.print(JSON.stringify({ wallet: wallet.name, coldkey: address }));
  else io.print(`Wrote ${wallet.coldkeypubPath} for ${address} (watch-only: no coldkey to spend with)`);
  return 0;
}

async function runOverview({ args, io }: CommandContext): Promise<number> {
  const keys = keysFromOptions(args.values, io.env, { prompt: null });
  const coldkey = await keys.coldkeypub();
  const hotkeys: { name: string; address: string }[] = [];
  if (keys.wallet) {
    for (const name of await keys.wallet.hotkeyNames()) {
      const address = await keys.wallet.withHotkey(name).hotkeyAddress().catch(() => undefined);
      if (address) hotkeys.push({ name, address });
    }
  } else hotkeys.push({ name: "dev", address: coldkey });
  await using chain = await connectFromOptions(args.values);
  const [balance, stakes] = await Promise.all([chain.balance(coldkey), chain.coldkeyStakes(coldkey)]);
  const rows = await Promise.all(hotkeys.map(async (h) => {
    const netuids = await chain.netuidsForHotkey(h.address);
    const registrations = [];
    for (const netuid of netuids) {
      const neuron = await chain.neuronForHotkey(netuid, h.address);
      if (!neuron) continue;
      const own = stakes.find((s) => s.netuid === netuid && s.hotkey === h.address)?.stakeRao ?? 0n;
      registrations.push({
        netuid,
        uid: neuron.uid,
        stakeRao: own,
        incentive: neuron.incentive / 65535,
        emission: neuron.emission,
      });
    }
    return { ...h, registrations };
  }));
  if (args.values.json) {
    io.print(JSON.stringify({
      coldkey,
      balance_rao: jsonRao(balance.free),
      hotkeys: rows.map((h) => ({
        hotkey: h.address,
        name: h.name,
        registrations: h.registrations.map((r) => ({
          netuid: r.netuid,
          uid: r.uid,
          stake_rao: jsonRao(r.stakeRao),
          incentive: r.incentive,
          emission_rao: jsonRao(r.emission),
        })),
      })),
    }));
    return 0;
  }
  const staked = stakes.reduce((sum, s) => sum + s.stakeRao, 0n);
  io.print(`${keys.describe()}  coldkey ${coldkey}`);
  io.print(`  balance ${formatTao(balance.free)} τ free, ${formatTao(staked)} α staked`);
  for (const h of rows) {
    io.print(`  hotkey "${h.name}" ${h.address}`);
    if (h.registrations.length === 0) io.print(`    not registered (subnet register --netuid N)`);
    for (const r of h.registrations) {
      io.print(
        `    netuid ${r.netuid}  uid ${r.uid}  stake ${formatTao(r.stakeRao)} α  incentive ${
          r.incentive.toFixed(5)
        }  emission ${formatTao(r.emission)} α`,
      );
    }
  }
  return 0;
}

const common = { ...fileWalletOptions, ...jsonOption };

/** `subnet wallet`. */
export const walletCommand: CommandSpec = {
  name: "wallet",
  summary: "Create, regenerate, list, show and overview wallets",
  description:
    "Wallets live in <path>/<name>/{coldkey, coldkeypub.txt, hotkeys/<hotkey>}, as Python bittensor keeps them.",
  options: {},
  subcommands: [
    {
      name: "create",
      summary: "Create a wallet: a coldkey and a hotkey (prints both mnemonics once)",
      options: { ...common, ...newPasswordOptions, ...wordsOption, ...overwriteOption },
      examples: [
        "subnet wallet create --wallet.name miner",
        "subnet wallet create --wallet.name ci --password-file ./pw --json",
      ],
      run: runCreate,
    },
    {
      name: "new-hotkey",
      summary: "Add a hotkey to a wallet (the coldkey is not needed)",
      options: { ...common, ...wordsOption, ...overwriteOption },
      examples: ["subnet wallet new-hotkey --wallet.name miner --wallet.hotkey h2"],
      run: runNewHotkey,
    },
    {
      name: "regen-coldkey",
      summary: "Restore a coldkey from its mnemonic or seed",
      options: { ...common, ...regenOptions, ...newPasswordOptions, ...overwriteOption },
      examples: [
        "subnet wallet regen-coldkey --wallet.name miner --mnemonic-file ./coldkey.words --password-file ./pw",
        "subnet wallet regen-coldkey --wallet.name miner --mnemonic - --password-file ./pw < ./coldkey.words",
      ],
      run: runRegenColdkey,
    },
    {
      name: "new-coldkey",
      summary: "Create a coldkey for a wallet (prints its mnemonic once)",
      options: { ...common, ...newPasswordOptions, ...wordsOption, ...overwriteOption },
      examples: ["subnet wallet new-coldkey --wallet.name owner --password-file ./pw"],
      run: runNewColdkey,
    },
    {
      name: "regen-coldkeypub",
      summary: "Write coldkeypub.txt from an address or public key (watch-only)",
      options: {
        ...common,
        ss58: { type: "string", help: "The coldkey's SS58 address", valueName: "<ss58>" },
        "public-key": { type: "string", help: "The coldkey's public key as 0x hex", valueName: "<0x…>" },
        ...overwriteOption,
      },
      examples: ["subnet wallet regen-coldkeypub --wallet.name watch --ss58 5F…"],
      run: runRegenColdkeypub,
    },
    {
      name: "regen-hotkey",
      summary: "Restore a hotkey from its mnemonic or seed",
      options: { ...common, ...regenOptions, ...overwriteOption },
      examples: [
        "subnet wallet regen-hotkey --wallet.name miner --wallet.hotkey default --mnemonic-file ./hotkey.words",
        'subnet wallet regen-hotkey --wallet.name miner --wallet.hotkey default --mnemonic "<12 words>"',
      ],
      run: runRegenHotkey,
    },
    {
      name: "overview",
      summary: "Show a wallet's balance and, per hotkey, its registrations, stake, incentive and emission",
      options: { ...walletOptions, ...subtensorOptions, ...jsonOption },
      examples: ["subnet wallet overview --wallet.name miner", "subnet wallet overview --dev //Alice --json"],
      run: runOverview,
    },
    {
      name: "list",
      summary: "List wallets and their addresses",
      options: { "wallet.path": walletOptions["wallet.path"], ...jsonOption },
      run: runList,
    },
    {
      name: "show",
      summary: "Show a wallet's coldkey and hotkey addresses (no password needed)",
      options: { ...common, dev: devOption },
      examples: ["subnet wallet show --wallet.name miner --json", "subnet wallet show --dev //Alice"],
      run: runShow,
    },
  ],
};
