/**
 * New BIP39 mnemonics (English, 12 words by default as bittensor makes them), with injectable randomness.
 *
 * @module
 */
import { entropyToMnemonic } from "@scure/bip39";
import { wordlist } from "@scure/bip39/wordlists/english.js";

/** Word counts BIP39 allows. */
export type MnemonicWords = 12 | 15 | 18 | 21 | 24;

/** Options for `generateMnemonic`. */
export interface GenerateMnemonicOptions {
  /** Number of words. Default 12, as `btcli wallet create`. */
  words?: MnemonicWords;
  /** Source of entropy bytes. Default `crypto.getRandomValues`. */
  random?: (bytes: number) => Uint8Array;
}

/**
 * Makes a new English BIP39 mnemonic.
 *
 * @throws {RangeError} for a word count BIP39 does not allow
 * @example
 * ```ts
 * import { generateMnemonic } from "./mnemonic.ts";
 * const words = generateMnemonic({ random: (n) => new Uint8Array(n) });
 * console.assert(words.split(" ").length === 12);
 * ```
 */
export function generateMnemonic(options: GenerateMnemonicOptions = {}): string {
  const words = options.words ?? 12;
  if (![12, 15, 18, 21, 24].includes(words)) {
    throw new RangeError(`Cannot make a mnemonic of ${words} words: use 12, 15, 18, 21 or 24`);
  }
  const bytes = (words / 3) * 4;
  const random = options.random ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
  const entropy = random(bytes);
  if (entropy.length !== bytes) throw new RangeError(`Cannot make a mnemonic: got ${entropy.length} random bytes`);
  return entropyToMnemonic(entropy, wordlist);
}
