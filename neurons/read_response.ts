/**
 * Reads a peer's HTTP response within bounds: the content type is checked before any byte is read,
 * the body is read as a stream with its byte cap enforced while reading (a `Content-Length` beyond
 * the cap is refused unread), the bytes must be UTF-8, and the caller's deadline signal covers the
 * whole read. The dendrite, `signedFetch` and the SN21 client read answers through it.
 *
 * @module
 */
import { ResponseLimitError, ResponseParseError } from "./dendrite_errors.ts";

/** The default cap on one response body: 8 MiB. */
export const RESPONSE_BYTES_MAX_DEFAULT = 8 * 1024 * 1024;

/** Options of {@linkcode readResponseText}. */
export interface ReadResponseOptions {
  /** The largest body read, in bytes. @default {8_388_608} (8 MiB) */
  bytesMax?: number;
  /** Aborting it stops the read (pass the call's deadline). */
  signal?: AbortSignal;
  /** Refuse, unread, a body whose content type does not include this (such as `"json"`). */
  contentType?: string;
  /** Called after each chunk with the bytes read so far and the declared `Content-Length`, if any. */
  onProgress?(bytesRead: number, bytesTotal: number | undefined): void;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Throws the signal's reason (a `TimeoutError` for `AbortSignal.timeout`) when it has fired. */
function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException("The operation was aborted", "AbortError");
}

/**
 * Reads a response body as bytes, refusing it once it passes `bytesMax`.
 *
 * @param response the response (its body is consumed or cancelled)
 * @param options the cap, the deadline signal and the expected content type
 * @returns the body bytes
 * @throws {ResponseLimitError} beyond `bytesMax`
 * @throws {ResponseParseError} for an unexpected content type
 *
 * @example
 * ```ts
 * import { readResponseBytes } from "./read_response.ts";
 * const bytes = await readResponseBytes(new Response("hello"), { bytesMax: 16 });
 * console.assert(bytes.length === 5);
 * ```
 */
export async function readResponseBytes(response: Response, options: ReadResponseOptions = {}): Promise<Uint8Array> {
  const bytesMax = options.bytesMax ?? RESPONSE_BYTES_MAX_DEFAULT;
  const body = response.body;
  const refuse = async (error: Error): Promise<never> => {
    await body?.cancel().catch(() => {});
    throw error;
  };
  if (options.contentType !== undefined) {
    const mime = response.headers.get("content-type") ?? "";
    if (!mime.includes(options.contentType)) {
      return refuse(new ResponseParseError(`Attempt to decode JSON with unexpected mimetype: ${mime}`));
    }
  }
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > bytesMax) {
    return refuse(
      new ResponseLimitError(
        `the response declares ${declared} bytes, more than ${bytesMax} (responseBytesMax)`,
        bytesMax,
      ),
    );
  }
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      checkSignal(options.signal);
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > bytesMax) {
        throw new ResponseLimitError(`the response is larger than ${bytesMax} bytes (responseBytesMax)`, bytesMax);
      }
      chunks.push(value);
      options.onProgress?.(size, Number.isFinite(declared) ? declared : undefined);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    reader.releaseLock();
  }
  checkSignal(options.signal);
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Reads a response body as UTF-8 text within the same bounds as {@linkcode readResponseBytes}.
 *
 * @param response the response (its body is consumed or cancelled)
 * @param options the cap, the deadline signal and the expected content type
 * @returns the text
 * @throws {ResponseLimitError} beyond `bytesMax`
 * @throws {ResponseParseError} for an unexpected content type or bytes that are not UTF-8
 *
 * @example
 * ```ts
 * import { readResponseText } from "./read_response.ts";
 * const text = await readResponseText(Response.json({ a: 1 }), { contentType: "json" });
 * console.assert(text === '{"a":1}');
 * ```
 */
export async function readResponseText(response: Response, options: ReadResponseOptions = {}): Promise<string> {
  const bytes = await readResponseBytes(response, options);
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    throw new ResponseParseError("the response body is not valid UTF-8", { cause });
  }
}
