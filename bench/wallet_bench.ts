/**
 * Wallet costs: the `$NACL` argon2i derivation (512 MiB, t = 8, as Python) against a small-memory
 * baseline with the same passes, and the per-key work a neuron does at start-up.
 * Run: `deno bench -A bench/wallet_bench.ts` (the 512 MiB entries take about 11 s per run).
 * Peak memory: `/usr/bin/time -v deno bench -A --filter 512 bench/wallet_bench.ts`.
 *
 * @module
 */
import { argon2i } from "hash-wasm";
import {
  cryptoReady,
  deriveNaclKey,
  keySecretFromMnemonic,
  keySecretFromPrivateKey,
  NACL_ITERATIONS,
  NACL_SALT,
  naclOpen,
  naclSeal,
} from "../wallet/mod.ts";

await cryptoReady();
const MNEMONIC = "old leopard transfer rib spatial phone calm indicate online fire caution review";
const key = keySecretFromMnemonic(MNEMONIC);
const secretbox = new Uint8Array(32).fill(1);
const file = naclSeal(new Uint8Array(564), secretbox, new Uint8Array(24));

Deno.bench(
  "argon2i 8 MiB, t=8 (memory-scaled baseline)",
  { group: "argon2i", baseline: true, n: 3, warmup: 1 },
  async () => {
    await argon2i({
      password: "thisisafakepassword",
      salt: NACL_SALT,
      parallelism: 1,
      iterations: NACL_ITERATIONS,
      memorySize: 8192,
      hashLength: 32,
      outputType: "binary",
    });
  },
);
Deno.bench("argon2i 512 MiB, t=8 ($NACL, as Python)", { group: "argon2i", n: 2, warmup: 0 }, async () => {
  await deriveNaclKey("thisisafakepassword");
});

Deno.bench("keypair from mnemonic (PBKDF2 2048 + sr25519)", { group: "keys", baseline: true }, () => {
  keySecretFromMnemonic(MNEMONIC);
});
Deno.bench("keypair from stored privateKey", { group: "keys" }, () => {
  keySecretFromPrivateKey(key.privateKey);
});
Deno.bench("open a 609-byte $NACL file (derived key)", { group: "keys" }, () => {
  naclOpen(file, secretbox);
});
