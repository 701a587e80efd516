/**
 * The spec's example synapse (wire-protocol.md §1.3 "class Dummy(Synapse)": text, count, items,
 * meta, completion; hash fields text, items, meta, count) and the exact request of §6, for axon,
 * dendrite and fuzz tests.
 *
 * @module
 */
import { bytesToHex } from "@noble/hashes/utils.js";
import { z } from "zod";
import { defineSynapse, type Synapse } from "../protocol/synapse.ts";

/** The spec's Dummy synapse: `text: str`, `count: int = 0`, `items: List[str] = []`, `meta`, `completion`. */
export const specDummy = defineSynapse({
  name: "Dummy",
  fields: z.object({
    text: z.string(),
    count: z.int().default(0),
    items: z.array(z.string()).default([]),
    meta: z.record(z.string(), z.number()).nullable().default(null),
    completion: z.string().nullable().default(null),
  }),
  requiredHashFields: ["text", "items", "meta", "count"],
});

/** An instance of {@linkcode specDummy}. */
export type SpecDummy = Synapse<{
  text: string;
  count: number;
  items: string[];
  meta: Record<string, number> | null;
  completion: string | null;
}>;

/** wire-protocol.md §4.4: Alice's signature over the §2.3 message. */
export const SPEC_SIGNATURE =
  "0x6ee0228e04604193f950a839516f2434571af04275741ef2010d691f2c464d1bc0aa3ba419cea8594e223b83f54bc1ce856b3cafe318da82e975ef9b52a08a8c";
/** wire-protocol.md §1.4: the nonce. */
export const SPEC_NONCE = 1712345678901234567n;
/** Unix ms just after the spec nonce, when the §6 request is fresh. */
export const SPEC_NOW_MS = 1712345680000;

/** The headers of wire-protocol.md §6, in order (aiohttp's own headers reduced to content-type). */
export function specHeaders(): [string, string][] {
  return [
    ["name", "Dummy"],
    ["timeout", "12.0"],
    ["bt_header_axon_ip", "5.6.7.8"],
    ["bt_header_axon_port", "8091"],
    ["bt_header_axon_hotkey", "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"],
    ["bt_header_dendrite_ip", "1.2.3.4"],
    ["bt_header_dendrite_version", "9012002"],
    ["bt_header_dendrite_nonce", "1712345678901234567"],
    ["bt_header_dendrite_uuid", "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a"],
    ["bt_header_dendrite_hotkey", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"],
    ["bt_header_dendrite_signature", SPEC_SIGNATURE],
    ["bt_header_input_obj_text", "IiI="],
    ["header_size", "464"],
    ["total_size", "3738"],
    ["computed_body_hash", "46d0efd0ebe050f4c245053f52c4f54d5c127953a6aae5df9c07a055a2f39205"],
    ["content-type", "application/json"],
  ];
}

/** The body of wire-protocol.md §6, byte for byte (Python `json.dumps`). */
export function specBody(): string {
  return `{"name": "Dummy", "timeout": 12.0, "total_size": 3738, "header_size": 0, "dendrite": {"status_code": null, "status_message": null, "process_time": null, "ip": "1.2.3.4", "port": null, "version": 9012002, "nonce": 1712345678901234567, "uuid": "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a", "hotkey": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", "signature": "${SPEC_SIGNATURE}"}, "axon": {"status_code": null, "status_message": null, "process_time": null, "ip": "5.6.7.8", "port": 8091, "version": null, "nonce": null, "uuid": null, "hotkey": "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty", "signature": null}, "computed_body_hash": "", "text": "hello 'world'", "count": 3, "items": ["a", "b"], "meta": {"x": 1.0, "y": 0.5}, "completion": null}`;
}

/** The §6 request, optionally with headers or body changed. */
export function specRequest(
  change: { headers?: Record<string, string | null>; body?: string } = {},
): Request {
  const headers = new Headers();
  for (const [k, v] of specHeaders()) headers.append(k, v);
  for (const [k, v] of Object.entries(change.headers ?? {})) v === null ? headers.delete(k) : headers.set(k, v);
  return new Request("http://5.6.7.8:8091/Dummy", { method: "POST", headers, body: change.body ?? specBody() });
}

/**
 * The §6 request re-signed by `signer` with another nonce, uuid or timeout (the body keeps its
 * values, so its hash is the spec's).
 */
export function signedSpecRequest(
  signer: { address: string; sign(m: Uint8Array): Uint8Array },
  change: { nonce?: bigint; uuid?: string; timeout?: string },
): Request {
  const nonce = change.nonce ?? SPEC_NONCE;
  const uuid = change.uuid ?? "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a";
  const hash = "46d0efd0ebe050f4c245053f52c4f54d5c127953a6aae5df9c07a055a2f39205";
  const message = `${nonce}.${signer.address}.5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty.${uuid}.${hash}`;
  const signature = "0x" + bytesToHex(signer.sign(new TextEncoder().encode(message)));
  return specRequest({
    headers: {
      bt_header_dendrite_nonce: String(nonce),
      bt_header_dendrite_uuid: uuid,
      bt_header_dendrite_hotkey: signer.address,
      bt_header_dendrite_signature: signature,
      ...(change.timeout ? { timeout: change.timeout } : {}),
    },
  });
}
