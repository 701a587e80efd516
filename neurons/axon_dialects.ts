/**
 * The axon's authenticate stage for plain JSON routes (private to `neurons/`): the signed-request
 * dialects a route accepts, tried in order (the synapse dialect first, then btauth/1 and Epistula by
 * default), and the hotkey a request claims before it is verified. The built-in dialects name SS58
 * hotkeys, so their claims key the rate limits on the public key (one identity per key); a
 * plugged-in dialect's identity (such as an API key name) keys them as it is.
 *
 * @module
 */
import { sha3HexOfBytes } from "../protocol/_sha3.ts";
import { parseHead } from "./axon_head.ts";
import type { CallerAdmission } from "./axon_admit_caller.ts";
import type { SynapseAuth } from "./axon_authenticate.ts";
import { AxonReject, notVerified } from "./axon_reject.ts";
import type { Authenticator, AuthOutcome } from "./axon_types.ts";

/** The header naming the claimed hotkey of each built-in dialect. */
const CLAIMED_HOTKEY_HEADER: Readonly<Record<string, string>> = {
  synapse: "bt_header_dendrite_hotkey",
  btauth: "x-bittensor-hotkey",
  epistula: "epistula-signed-by",
};

/** A refusal thrown by a stage, as an authenticator's outcome. */
function outcomeOf(error: unknown): AuthOutcome {
  if (!(error instanceof AxonReject)) throw error;
  return { ok: false, status: error.status, body: { message: error.message } };
}

/**
 * The synapse dialect on plain routes: the same checks as a synapse request (headers first, then the
 * raw body's sha3-256 against `computed_body_hash`, the signature, and the nonce recorded).
 *
 * @example
 * ```ts
 * import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
 * import { NonceStore } from "./axon_nonces.ts";
 * import { sr25519VerifyCompat } from "./verify_pool.ts";
 * import { createSynapseAuth } from "./axon_authenticate.ts";
 * import { createCallerAdmission } from "./axon_admit_caller.ts";
 * import { synapseAuthenticator } from "./axon_dialects.ts";
 * await cryptoReady();
 * const nonces = new NonceStore();
 * const auth = createSynapseAuth({ receiver: keypairFromUri("//Bob").address, nonces, verifier: sr25519VerifyCompat, now: Date.now });
 * const dialect = synapseAuthenticator(auth, createCallerAdmission({ nonces, now: Date.now }));
 * console.assert(dialect.detect(new Headers({ bt_header_dendrite_hotkey: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY" })));
 * ```
 */
export function synapseAuthenticator(auth: SynapseAuth, admission: CallerAdmission): Authenticator {
  return {
    dialect: "synapse",
    detect: (headers) => headers.has("bt_header_dendrite_signature") || headers.has("bt_header_dendrite_hotkey"),
    checkHeaders({ headers }) {
      try {
        auth.checkHead(parseHead("", headers, { hostname: "", port: 0 }), headers.get("bt_header_axon_hotkey"));
        return null;
      } catch (error) {
        return outcomeOf(error);
      }
    },
    async authenticate({ request, body, peer }) {
      try {
        const head = parseHead("", request.headers, peer);
        const rawHash = sha3HexOfBytes(body);
        if (head.computedBodyHash !== rawHash) {
          throw notVerified(
            `Hash mismatch between header body hash ${head.computedBodyHash} and parsed body hash ${rawHash}`,
          );
        }
        const caller = await auth.verify(head, auth.identify(head.dendrite.hotkey));
        admission.commit(head, caller);
        return { ok: true, hotkey: caller.hotkey };
      } catch (error) {
        return outcomeOf(error);
      }
    },
  };
}

/** A request's dialect, what it claims, and how the per-caller tables key a hotkey of that dialect. */
export interface DialectMatch {
  /** The first authenticator whose `detect` matches. */
  auth: Authenticator;
  /** The claimed hotkey (unverified), if the dialect names one. */
  claimed: string | undefined;
  /** The table key of a hotkey (its public key for the built-in dialects; 401 when not canonical). */
  keyOf(hotkey: string): string;
}

/**
 * Picks a request's dialect (401 when none matches) and reads its claimed hotkey.
 *
 * @example
 * ```ts
 * import { btauthAuthenticator } from "../protocol/signed_route.ts";
 * import { matchDialect } from "./axon_dialects.ts";
 * const headers = new Headers({ "x-bittensor-signature": "0x00", "x-bittensor-hotkey": "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY" });
 * const match = matchDialect([btauthAuthenticator()], headers, () => "key");
 * console.assert(match.auth.dialect === "btauth" && match.claimed === "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
 * ```
 */
export function matchDialect(
  authenticators: readonly Authenticator[],
  headers: Headers,
  publicKeyOf: (hotkey: string) => string,
): DialectMatch {
  const auth = authenticators.find((a) => a.detect(headers));
  if (!auth) {
    throw new AxonReject(401, "Not Verified with error: no supported signature headers (synapse, btauth, epistula)");
  }
  const header = CLAIMED_HOTKEY_HEADER[auth.dialect];
  const claimed = auth.claimedHotkey
    ? auth.claimedHotkey(headers)
    : header
    ? headers.get(header) ?? undefined
    : undefined;
  const builtIn = Object.hasOwn(CLAIMED_HOTKEY_HEADER, auth.dialect);
  return { auth, claimed, keyOf: builtIn ? publicKeyOf : (hotkey) => hotkey };
}
