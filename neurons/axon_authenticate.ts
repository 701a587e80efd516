/**
 * The axon's authenticate stage for the synapse dialect (private to `neurons/`): Python v10's
 * `default_verify` (wire-protocol.md §3.4), made mandatory. The claimed hotkey must be the canonical
 * SS58 of a key (401), the nonce must pass the store's freshness pre-check (401, or 503 when the
 * store is full), and the sr25519 signature over `nonce.hotkey.receiver.uuid.body_hash` must verify
 * (401). `checkHead` runs the checks the headers alone can decide, so plain routes refuse before
 * reading a body. Nothing here records anything: the nonce is committed once the body hash holds.
 *
 * @module
 */
import { hexToBytes } from "@noble/hashes/utils.js";
import type { CanonicalHotkey } from "../protocol/ss58.ts";
import { verifyReason } from "../protocol/status.ts";
import type { Caller } from "./axon_admit_caller.ts";
import type { RequestHead } from "./axon_head.ts";
import { IdentityCache, nonCanonicalReason } from "./axon_identity.ts";
import type { NonceOrigin, NonceStore } from "./axon_nonces.ts";
import { nonceRefusal, notVerified } from "./axon_reject.ts";
import type { Verifier } from "./verify_pool.ts";

/** What the stage verifies against. */
export interface SynapseAuthOptions {
  /** This axon's hotkey: the receiver every signature must name. */
  receiver: string;
  /** The nonce store (read only here: `check`). */
  nonces: NonceStore;
  /** The sr25519 verifier. */
  verifier: Verifier;
  /** The clock in Unix ms. */
  now: () => number;
  /** Whether a hotkey is registered (the nonce store's unregistered budget). */
  isRegistered?: (hotkey: string) => boolean;
}

/** The authenticate stage of one axon. */
export interface SynapseAuth {
  /** The claimed hotkey's one identity: `undefined` when none is claimed; 401 when not canonical. */
  identify(claimed: string | undefined): CanonicalHotkey | undefined;
  /** The header-only checks (hotkey, nonce window, signature and body-hash shape, receiver); 401 or 503. */
  checkHead(head: RequestHead, receiverHeader?: string | null): void;
  /** The nonce pre-check and the signature; the verified caller, or 401 / 503. */
  verify(head: RequestHead, who: CanonicalHotkey | undefined): Promise<Caller>;
}

const SIGNATURE = /^0x[0-9a-fA-F]{128}$/;
const BODY_HASH = /^[0-9a-f]{64}$/;
const enc = new TextEncoder();

/**
 * Creates the authenticate stage of one axon (see the module doc).
 *
 * @example
 * ```ts
 * import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
 * import { NonceStore } from "./axon_nonces.ts";
 * import { sr25519VerifyCompat } from "./verify_pool.ts";
 * import { createSynapseAuth } from "./axon_authenticate.ts";
 * await cryptoReady();
 * const auth = createSynapseAuth({
 *   receiver: keypairFromUri("//Bob").address,
 *   nonces: new NonceStore(),
 *   verifier: sr25519VerifyCompat,
 *   now: Date.now,
 * });
 * console.assert(auth.identify(keypairFromUri("//Alice").address)?.publicKey.length === 32);
 * ```
 */
export function createSynapseAuth(options: SynapseAuthOptions): SynapseAuth {
  const { receiver, nonces, verifier, now } = options;
  const identities = new IdentityCache();
  const origin = (head: RequestHead, who: CanonicalHotkey): NonceOrigin => ({
    ip: head.dendrite.ip,
    registered: options.isRegistered?.(who.address),
  });
  /** The claimed key and nonce, pre-checked against the store (nothing is recorded). */
  function precheck(head: RequestHead, who: CanonicalHotkey | undefined): [CanonicalHotkey, bigint, string] {
    const d = head.dendrite;
    if (!d.hotkey || !who) throw notVerified(verifyReason.noAddress);
    if (d.nonce === undefined) throw notVerified(verifyReason.missingNonce);
    const uuid = d.uuid ?? "None";
    const nowNs = BigInt(Math.floor(now())) * 1_000_000n;
    const verdict = nonces.check(who.keyHex, uuid, d.nonce, head.timeout, nowNs, origin(head, who));
    if (!verdict.ok) throw nonceRefusal(verdict);
    return [who, d.nonce, uuid];
  }
  function identify(claimed: string | undefined): CanonicalHotkey | undefined {
    const who = identities.identify(claimed);
    if (who === null) throw notVerified(nonCanonicalReason(claimed!));
    return who;
  }
  return {
    identify,
    checkHead(head, receiverHeader) {
      precheck(head, identify(head.dendrite.hotkey));
      if (!SIGNATURE.test(head.dendrite.signature ?? "")) throw notVerified(verifyReason.badSignatureFormat);
      if (!BODY_HASH.test(head.computedBodyHash)) throw notVerified("computed_body_hash is not a sha3-256 hex digest");
      if (receiverHeader && receiverHeader !== receiver) {
        throw notVerified("bt_header_axon_hotkey names another axon: the request was signed for a different receiver");
      }
    },
    async verify(head, claimedWho) {
      const [who, nonce, uuid] = precheck(head, claimedWho);
      const hotkey = head.dendrite.hotkey!;
      const message = `${nonce}.${hotkey}.${receiver}.${uuid}.${head.computedBodyHash}`;
      const signature = head.dendrite.signature ?? "";
      if (!SIGNATURE.test(signature)) {
        throw notVerified(signature ? verifyReason.badSignatureFormat : verifyReason.signatureMismatch(message, ""));
      }
      if (!(await verifier(enc.encode(message), hexToBytes(signature.slice(2)), who.publicKey))) {
        throw notVerified(verifyReason.signatureMismatch(message, signature));
      }
      return { hotkey, key: who.keyHex, nonce, uuid, origin: origin(head, who) };
    },
  };
}
