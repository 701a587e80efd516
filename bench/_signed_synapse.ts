/**
 * A signed v10 request for the axon benches: a `BaseSynapse` from a signer to an axon, with the
 * headers and Python-style body a dendrite sends. Signing happens here, outside any timing.
 *
 * @module
 */
import { BaseSynapse } from "../protocol/synapse.ts";
import { type Signer, signHex, signingMessage } from "../protocol/signing.ts";
import { terminalInfo } from "../protocol/terminal_info.ts";

/** The body hash of a `BaseSynapse` with no hashed fields: SHA3-256 of the empty string. */
export const EMPTY_BODY_HASH = "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";

/** One signed request, ready to send. */
export interface SignedSynapse {
  /** The request headers, `content-type` included. */
  headers: [string, string][];
  /** The JSON body, as Python's dendrite writes it. */
  body: string;
}

/** Who signs, for whom, and under which nonce and uuid. */
export interface SignedSynapseInit {
  /** The dendrite's keypair. */
  signer: Signer;
  /** The axon's hotkey (SS58). */
  receiver: string;
  /** The axon's port, as the synapse names it. */
  port: number;
  /** A nanosecond nonce, rising per uuid. */
  nonce: bigint;
  /** The dendrite's uuid. */
  uuid: string;
}

/**
 * Builds and signs a `BaseSynapse` request as a v10 dendrite would.
 *
 * @example
 * ```ts ignore
 * const { headers, body } = signedSynapse({ signer, receiver, port, nonce: 1n, uuid: crypto.randomUUID() });
 * await fetch(`http://127.0.0.1:${port}/Synapse`, { method: "POST", headers, body });
 * ```
 */
export function signedSynapse(init: SignedSynapseInit): SignedSynapse {
  const { signer, receiver, port, nonce, uuid } = init;
  const message = signingMessage({
    nonce,
    dendriteHotkey: signer.address,
    axonHotkey: receiver,
    uuid,
    bodyHash: EMPTY_BODY_HASH,
  });
  const synapse = {
    ...BaseSynapse.create({ timeout: 600 }),
    dendrite: terminalInfo({
      version: 10002000,
      nonce,
      uuid,
      hotkey: signer.address,
      signature: signHex(signer, message),
    }),
    axon: terminalInfo({ ip: "127.0.0.1", port, hotkey: receiver }),
  };
  return {
    headers: [...BaseSynapse.toHeaders(synapse), ["content-type", "application/json"]],
    body: BaseSynapse.toJson(synapse, { style: "python" }),
  };
}
