/**
 * Extrinsics as the devnet receives them (client-rpc.md §4): decoding with the metadata's address,
 * signature and signed-extension types, the signing payload
 * (`call ++ extra ++ additional_signed`, blake2_256 when over 256 bytes), and signature checks
 * (sr25519 and ed25519).
 *
 * @module
 */
import { compactFromU8a, compactToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { blake2AsU8a, ed25519Verify } from "@polkadot/util-crypto";
import { isReady as wasmReady, sr25519Verify as wasmSr25519Verify } from "@polkadot/wasm-crypto";
import { sr25519Verify } from "@polkadot/util-crypto";
import type { RuntimeMetadata } from "./metadata.ts";
import { type DecodedCall, InvalidTransaction } from "./pallet.ts";
import type { Runtime } from "./runtime.ts";

/** A transaction's mortality (`CheckMortality`). */
export type Mortality =
  | { readonly immortal: true }
  | { readonly immortal: false; readonly period: number; readonly phase: number };

/** A decoded extrinsic. */
export interface DecodedExtrinsic {
  /** The bytes exactly as submitted, with their compact length prefix. */
  readonly bytes: Uint8Array;
  /** Lowercase `0x` hex of `bytes` (what `chain_getBlock` returns). */
  readonly hex: string;
  /** `blake2_256(bytes)`, `0x` hex: the transaction hash clients report. */
  readonly hash: string;
  /** The decoded call. */
  readonly call: DecodedCall;
  /** Signature data, or `null` for an unsigned (bare) extrinsic such as the timestamp inherent. */
  readonly signed: SignedPart | null;
}

/** The signed part of an extrinsic. */
export interface SignedPart {
  /** The signer's 32-byte account id. */
  readonly signer: Uint8Array;
  /** The signature scheme. */
  readonly scheme: "Sr25519" | "Ed25519" | "Ecdsa";
  /** The signature bytes. */
  readonly signature: Uint8Array;
  /** The mortality. */
  readonly era: Mortality;
  /** The account nonce it claims. */
  readonly nonce: number;
  /** The tip (RAO). */
  readonly tip: bigint;
  /** `CheckMetadataHash` mode (0 = disabled). */
  readonly metadataHashMode: number;
  /** The encoded extra (what goes into the signing payload after the call). */
  readonly extra: Uint8Array;
}

/** What the signature commits to besides the extrinsic itself. */
export interface SigningContext {
  /** The chain's genesis hash. */
  readonly genesisHash: Uint8Array;
  /** The hash of the era's birth block (the genesis hash for immortal transactions). */
  readonly eraBlockHash: Uint8Array;
  /** Spec version. */
  readonly specVersion: number;
  /** Transaction version. */
  readonly transactionVersion: number;
}

const SIGNED_V4 = 0x84;
const SIGNATURE_SCHEMES: readonly ("Ed25519" | "Sr25519" | "Ecdsa")[] = ["Ed25519", "Sr25519", "Ecdsa"];

/** Reads a `CheckMortality` era: `0x00` immortal, else 2 bytes (Substrate's `Era` encoding). */
function readEra(body: Uint8Array, at: number): [Mortality, number] {
  if (body[at] === 0) return [{ immortal: true }, at + 1];
  if (at + 2 > body.length) throw new RangeError("the era is cut short");
  const encoded = body[at] | (body[at + 1] << 8);
  const period = 2 << (encoded % (1 << 4));
  const quantize = Math.max(period >> 12, 1);
  const phase = (encoded >> 4) * quantize;
  if (period < 4 || phase >= period) throw new RangeError(`invalid era 0x${encoded.toString(16)}`);
  return [{ immortal: false, period, phase }, at + 2];
}
const BARE_V4 = 0x04;

/**
 * The first block at which a mortal transaction is valid, given the current block number
 * (Substrate's `Era::birth`).
 *
 * @example
 * ```ts
 * import { eraBirth } from "./extrinsic.ts";
 * console.assert(eraBirth({ immortal: false, period: 32, phase: 19 }, 20) === 19);
 * ```
 */
export function eraBirth(era: Mortality, current: number): number {
  if (era.immortal) return 0;
  const phase = era.phase;
  const period = era.period;
  return Math.floor((Math.max(current, phase) - phase) / period) * period + phase;
}

/**
 * Decodes an extrinsic (compact length prefix included) with the metadata.
 *
 * @throws {InvalidTransaction} (`Call`) when the bytes are not a well-formed v4 extrinsic of this
 *   runtime; a node answers these with RPC error 1002
 */
export function decodeExtrinsic(runtime: Runtime, bytes: Uint8Array): DecodedExtrinsic {
  const meta = runtime.metadata;
  let body: Uint8Array;
  try {
    const [offset, length] = compactFromU8a(bytes);
    if (offset + length.toNumber() !== bytes.length) {
      throw new RangeError(`length prefix says ${length.toNumber()} bytes, got ${bytes.length - offset}`);
    }
    body = bytes.subarray(offset);
  } catch (err) {
    throw new InvalidTransaction("Call", undefined, `Could not decode the extrinsic: ${errText(err)}`);
  }
  const version = body[0];
  let at = 1;
  let signed: SignedPart | null = null;
  try {
    if (version === SIGNED_V4) {
      // MultiAddress::Id (variant 0) ++ 32 bytes; other variants have no account on subtensor.
      if (body[at] !== 0) throw new RangeError("only MultiAddress::Id signers are supported");
      const signer = body.slice(at + 1, at + 33);
      if (signer.length !== 32) throw new RangeError("the signer is cut short");
      at += 33;
      // MultiSignature: Ed25519 (0) and Sr25519 (1) carry 64 bytes, Ecdsa (2) 65.
      const scheme = SIGNATURE_SCHEMES[body[at]];
      if (!scheme) throw new RangeError(`unknown signature variant ${body[at]}`);
      const sigLength = scheme === "Ecdsa" ? 65 : 64;
      const signature = body.slice(at + 1, at + 1 + sigLength);
      if (signature.length !== sigLength) throw new RangeError("the signature is cut short");
      at += 1 + sigLength;
      const extraStart = at;
      let era: Mortality = { immortal: true };
      let nonce = 0;
      let tip = 0n;
      let mode = 0;
      for (const ext of meta.signedExtensions) {
        switch (ext.identifier) {
          case "CheckMortality":
            [era, at] = readEra(body, at);
            break;
          case "CheckNonce": {
            const [n, value] = compactFromU8a(body.subarray(at));
            nonce = value.toNumber();
            at += n;
            break;
          }
          case "ChargeTransactionPayment":
          case "ChargeTransactionPaymentWrapper": {
            const [n, value] = compactFromU8a(body.subarray(at));
            tip = BigInt(value.toString());
            at += n;
            break;
          }
          case "CheckMetadataHash":
            mode = body[at++];
            if (mode !== 0 && mode !== 1) throw new RangeError(`unknown CheckMetadataHash mode ${mode}`);
            break;
          default:
            if (!ext.extraIsEmpty) at += meta.decode(ext.extraType, body.subarray(at)).encodedLength;
        }
      }
      if (at > body.length) throw new RangeError("the signed extensions are cut short");
      signed = {
        signer,
        scheme,
        signature,
        era,
        nonce,
        tip,
        metadataHashMode: mode,
        extra: body.slice(extraStart, at),
      };
    } else if (version !== BARE_V4) {
      throw new RangeError(`unsupported extrinsic version byte 0x${version.toString(16)}`);
    }
  } catch (err) {
    if (err instanceof InvalidTransaction) throw err;
    throw new InvalidTransaction("Call", undefined, `Could not decode the extrinsic: ${errText(err)}`);
  }
  let call: DecodedCall;
  try {
    call = runtime.decodeCall(body.subarray(at));
  } catch (err) {
    throw new InvalidTransaction("Call", undefined, `Could not decode the call: ${errText(err)}`);
  }
  return { bytes, hex: u8aToHex(bytes), hash: u8aToHex(blake2AsU8a(bytes, 256)), call, signed };
}

function errText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The bytes a signer signs: `call ++ extra ++ additional_signed`, hashed with blake2_256 when
 * longer than 256 bytes (client-rpc.md §4).
 *
 * @throws {InvalidTransaction} (`BadProof`) when the extrinsic asks for a metadata hash (mode 1),
 *   which the devnet does not compute
 */
export function signingPayload(
  meta: RuntimeMetadata,
  ext: DecodedExtrinsic,
  context: SigningContext,
): Uint8Array {
  const s = ext.signed;
  if (!s) throw new RangeError("Cannot build a signing payload for an unsigned extrinsic");
  const additional: Uint8Array[] = [];
  for (const e of meta.signedExtensions) {
    switch (e.identifier) {
      case "CheckSpecVersion":
        additional.push(u32(context.specVersion));
        break;
      case "CheckTxVersion":
        additional.push(u32(context.transactionVersion));
        break;
      case "CheckGenesis":
        additional.push(context.genesisHash);
        break;
      case "CheckMortality":
        additional.push(context.eraBlockHash);
        break;
      case "CheckMetadataHash":
        if (s.metadataHashMode !== 0) {
          throw new InvalidTransaction(
            "BadProof",
            undefined,
            "CheckMetadataHash mode 1 is not supported by the devnet",
          );
        }
        additional.push(Uint8Array.of(0));
        break;
      default: {
        const size = meta.decode(e.additionalType, new Uint8Array(0)).encodedLength;
        if (size !== 0) throw new RangeError(`Cannot sign: unknown extension ${e.identifier} adds data`);
      }
    }
  }
  const payload = u8aConcat(ext.call.encoded, s.extra, ...additional);
  return payload.length > 256 ? blake2AsU8a(payload, 256) : payload;
}

function u32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
}

/**
 * Checks the signature of a signed extrinsic against `payload`.
 *
 * @example
 * ```ts
 * import { verifyExtrinsicSignature } from "./extrinsic.ts";
 * // verifyExtrinsicSignature(ext.signed!, signingPayload(meta, ext, context)) → boolean
 * ```
 */
export function verifyExtrinsicSignature(signed: SignedPart, payload: Uint8Array): boolean {
  try {
    switch (signed.scheme) {
      case "Sr25519":
        // schnorrkel in WASM is ~4× faster than @scure/sr25519; both verify the same signatures.
        return wasmReady()
          ? wasmSr25519Verify(signed.signature, payload, signed.signer)
          : sr25519Verify(payload, signed.signature, signed.signer);
      case "Ed25519":
        return ed25519Verify(payload, signed.signature, signed.signer);
      default:
        return false; // ECDSA signers are not 32-byte account ids on subtensor
    }
  } catch {
    return false;
  }
}

/**
 * Encodes an unsigned (bare) v4 extrinsic around an encoded call, with its length prefix (the
 * timestamp inherent).
 *
 * @example
 * ```ts
 * import { encodeBareExtrinsic } from "./extrinsic.ts";
 * console.assert(encodeBareExtrinsic(new Uint8Array([2, 0, 0]))[1] === 4);
 * ```
 */
export function encodeBareExtrinsic(call: Uint8Array): Uint8Array {
  const body = u8aConcat(Uint8Array.of(BARE_V4), call);
  return u8aConcat(compactToU8a(body.length), body);
}
