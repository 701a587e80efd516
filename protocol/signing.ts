/**
 * The dendrite's signature over a synapse (wire-protocol.md §2.3, §3.4): the signing message, sr25519
 * signing through a small signer interface, and verification with Python's `<Bytes>` fallback.
 *
 * @module
 */
import { sr25519Verify } from "@polkadot/util-crypto";
import { decodeAddress } from "@polkadot/util-crypto";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { SynapseError } from "./synapse_error.ts";
import type { SynapseBase } from "./synapse.ts";

/** Anything that can sign for a hotkey: a wallet `Keypair` satisfies it. */
export interface Signer {
  /** The ss58 address of the signing key. */
  readonly address: string;
  /** Signs the message bytes (sr25519, signing context `substrate`). */
  sign(message: Uint8Array): Uint8Array;
}

/** The parts of the dendrite's signing message. */
export interface SigningParts {
  /** The dendrite's nonce (Unix ns). */
  nonce: bigint;
  /** The dendrite's ss58 hotkey. */
  dendriteHotkey: string;
  /** The axon's ss58 hotkey. */
  axonHotkey: string;
  /** The dendrite's uuid. */
  uuid: string;
  /** The body hash (64 lowercase hex digits). */
  bodyHash: string;
}

/**
 * The message a dendrite signs: `{nonce}.{dendrite_hotkey}.{axon_hotkey}.{uuid}.{body_hash}`.
 *
 * @example
 * ```ts
 * import { signingMessage } from "./signing.ts";
 * const m = signingMessage({ nonce: 1n, dendriteHotkey: "A", axonHotkey: "B", uuid: "u", bodyHash: "h" });
 * console.assert(m === "1.A.B.u.h");
 * ```
 */
export function signingMessage(parts: SigningParts): string {
  return `${parts.nonce}.${parts.dendriteHotkey}.${parts.axonHotkey}.${parts.uuid}.${parts.bodyHash}`;
}

/**
 * The signing message of a synapse whose `dendrite` and `axon` are filled in.
 *
 * @param synapse the synapse (its `dendrite.nonce`, `dendrite.hotkey`, `dendrite.uuid`, `axon.hotkey` are used)
 * @param bodyHash its body hash (`type.bodyHash(synapse)`)
 * @throws {SynapseError} `protocol/unsigned` naming the missing field
 *
 * @example
 * ```ts
 * import { BaseSynapse } from "./synapse.ts";
 * import { synapseSigningMessage } from "./signing.ts";
 * const s = BaseSynapse.create({ dendrite: { nonce: 5n, hotkey: "A", uuid: "u" }, axon: { hotkey: "B" } });
 * console.assert(synapseSigningMessage(s, "h") === "5.A.B.u.h");
 * ```
 */
export function synapseSigningMessage(synapse: SynapseBase, bodyHash: string): string {
  const { nonce, hotkey, uuid } = synapse.dendrite;
  const axonHotkey = synapse.axon.hotkey;
  const missing = nonce === null
    ? "dendrite.nonce"
    : hotkey === null
    ? "dendrite.hotkey"
    : uuid === null
    ? "dendrite.uuid"
    : axonHotkey === null
    ? "axon.hotkey"
    : undefined;
  if (missing) throw new SynapseError(missing, "is required to sign the synapse", { code: "protocol/unsigned" });
  return signingMessage({ nonce: nonce!, dendriteHotkey: hotkey!, axonHotkey: axonHotkey!, uuid: uuid!, bodyHash });
}

const encoder = new TextEncoder();

/**
 * Signs a message as Python's `Keypair.sign(str)` does (UTF-8 bytes) and returns `"0x"` + lowercase hex.
 *
 * @example
 * ```ts
 * import { signHex } from "./signing.ts";
 * const signer = { address: "x", sign: (m: Uint8Array) => new Uint8Array(64).fill(m.length) };
 * console.assert(signHex(signer, "ab") === "0x" + "02".repeat(64));
 * ```
 */
export function signHex(signer: Signer, message: string): string {
  return "0x" + bytesToHex(signer.sign(encoder.encode(message)));
}

const SIGNATURE_HEX = /^0x[0-9a-fA-F]{128}$/;

/**
 * Verifies an sr25519 signature as Python's `Keypair(ss58_address).verify(message, signature)`: over the
 * UTF-8 message, then over `<Bytes>message</Bytes>` (polkadot-js extension fallback). A malformed
 * address or signature gives `false`, never a throw. Call after `cryptoWaitReady()`.
 *
 * @param address the signer's ss58 address
 * @param message the signed text
 * @param signature `"0x"` + 128 hex digits
 *
 * @example
 * ```ts
 * import { cryptoWaitReady } from "@polkadot/util-crypto";
 * import { verifySignature } from "./signing.ts";
 * await cryptoWaitReady();
 * console.assert(verifySignature("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "m", "0x" + "00".repeat(64)) === false);
 * ```
 */
export function verifySignature(address: string, message: string, signature: string): boolean {
  if (!SIGNATURE_HEX.test(signature)) return false;
  let publicKey: Uint8Array;
  try {
    publicKey = decodeAddress(address);
  } catch {
    return false;
  }
  if (publicKey.length !== 32) return false;
  const sig = hexToBytes(signature.slice(2));
  const bytes = encoder.encode(message);
  try {
    if (sr25519Verify(bytes, sig, publicKey)) return true;
    return sr25519Verify(encoder.encode(`<Bytes>${message}</Bytes>`), sig, publicKey);
  } catch {
    return false;
  }
}

/**
 * Signs a synapse as Python's dendrite does (wire-protocol.md §2.3 step 4–5): sets `dendrite.hotkey` to
 * the signer's address, then `dendrite.signature` over the signing message. Returns a new synapse.
 *
 * @param type anything with the synapse's `bodyHash` (its `SynapseType`)
 * @param synapse the synapse with `dendrite.nonce`, `dendrite.uuid` and `axon.hotkey` set
 * @param signer the dendrite's hotkey
 * @throws {SynapseError} `protocol/unsigned` when a part of the message is missing
 *
 * @example
 * ```ts
 * import { BaseSynapse } from "./synapse.ts";
 * import { signSynapse } from "./signing.ts";
 * const signer = { address: "A", sign: () => new Uint8Array(64) };
 * const s = BaseSynapse.create({ dendrite: { nonce: 5n, uuid: "u" }, axon: { hotkey: "B" } });
 * console.assert(signSynapse(BaseSynapse, s, signer).dendrite.signature === "0x" + "00".repeat(64));
 * ```
 */
export function signSynapse<S extends SynapseBase>(
  type: { bodyHash(synapse: S): string },
  synapse: S,
  signer: Signer,
): S {
  const withHotkey = { ...synapse, dendrite: { ...synapse.dendrite, hotkey: signer.address } };
  const message = synapseSigningMessage(withHotkey, type.bodyHash(withHotkey));
  return { ...withHotkey, dendrite: { ...withHotkey.dendrite, signature: signHex(signer, message) } };
}
