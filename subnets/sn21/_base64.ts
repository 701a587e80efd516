/**
 * Strict base64 (RFC 4648, standard alphabet, padding required) on the runtime's native codec, or
 * on `node:buffer` where `Uint8Array.fromBase64` is missing (Node before 25).
 *
 * @module
 */
import { Buffer } from "node:buffer";

interface NativeBase64 {
  fromBase64?(text: string, options?: { lastChunkHandling?: "strict" | "loose" }): Uint8Array;
}

const native = (Uint8Array as unknown as NativeBase64).fromBase64 !== undefined;

/** Encodes bytes as standard base64. */
export function toBase64(bytes: Uint8Array): string {
  if (!native) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("base64");
  return (bytes as unknown as { toBase64(): string }).toBase64();
}

/** Decodes standard base64, or returns `undefined` when `text` is not valid base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!native) {
    // Buffer decodes leniently; only the canonical encoding of what it decoded is strict base64.
    const bytes = Buffer.from(text, "base64");
    return bytes.toString("base64") === text ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) : undefined;
  }
  try {
    return (Uint8Array as unknown as Required<NativeBase64>).fromBase64(text, { lastChunkHandling: "strict" });
  } catch {
    return undefined;
  }
}
