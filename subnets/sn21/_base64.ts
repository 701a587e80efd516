/**
 * Strict base64 (RFC 4648, standard alphabet, padding required) on the runtime's native codec.
 *
 * @module
 */

interface NativeBase64 {
  fromBase64(text: string, options?: { lastChunkHandling?: "strict" | "loose" }): Uint8Array;
}

/** Encodes bytes as standard base64. */
export function toBase64(bytes: Uint8Array): string {
  return (bytes as unknown as { toBase64(): string }).toBase64();
}

/** Decodes standard base64, or returns `undefined` when `text` is not valid base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  try {
    return (Uint8Array as unknown as NativeBase64).fromBase64(text, { lastChunkHandling: "strict" });
  } catch {
    return undefined;
  }
}
