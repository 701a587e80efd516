/**
 * The axon's body stage (private to `neurons/`): a body read within its limits (`readBody` in
 * `axon_head.ts`) is parsed into the route's synapse under the JSON caps (400 when it does not
 * parse), and its body hash must equal the `computed_body_hash` header the signature covers (401):
 * the signature binds the body through that hash alone.
 *
 * @module
 */
import { parseJson } from "../protocol/json.ts";
import type { JsonLimits } from "../protocol/json_limits.ts";
import { axonStatus } from "../protocol/status.ts";
import type { Synapse, SynapseType } from "../protocol/synapse.ts";
import type { RequestHead } from "./axon_head.ts";
import { AxonReject, refusal } from "./axon_reject.ts";

/** Any synapse class, as the axon's route table holds it. */
export type AnySynapseType = SynapseType<object, unknown, never>;

/** sha3_256("") (wire-protocol.md §1.3): the body hash of every synapse without hash fields. */
const EMPTY_BODY_HASH = "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";

/**
 * The body hash of a synapse of `type` (the empty-string hash when it has no hash fields).
 *
 * @example
 * ```ts
 * import { BaseSynapse } from "../protocol/synapse.ts";
 * import { hashOf } from "./axon_body.ts";
 * console.assert(hashOf(BaseSynapse, BaseSynapse.create({})).startsWith("a7ffc6f8"));
 * ```
 */
export function hashOf(type: AnySynapseType, synapse: Synapse<object>): string {
  return type.requiredHashFields.length === 0 ? EMPTY_BODY_HASH : type.bodyHash(synapse);
}

/**
 * Parses a synapse body and checks its hash against the signed header: the synapse, or 400 when
 * the body is not a synapse of `type`, 401 when its hash differs from `head.computedBodyHash`.
 *
 * @example
 * ```ts
 * import { BaseSynapse } from "../protocol/synapse.ts";
 * import { parseSynapseBody } from "./axon_body.ts";
 * const head = { name: "Synapse", timeout: 12, dendrite: { ip: "", port: 0 }, computedBodyHash: "0".repeat(64) };
 * try {
 *   parseSynapseBody(BaseSynapse, head, "{}", {});
 * } catch (error) {
 *   console.assert((error as { status: number }).status === 401); // the hash differs
 * }
 * ```
 */
export function parseSynapseBody(
  type: AnySynapseType,
  head: RequestHead,
  text: string,
  limits: JsonLimits,
): Synapse<object> {
  let synapse: Synapse<object>;
  let hash: string;
  try {
    synapse = type.fromJson(text, limits);
    hash = hashOf(type, synapse);
  } catch (error) {
    throw new AxonReject(
      400,
      `Improperly formatted request. Could not parse the body into synapse of type ${type.name}: ${
        error instanceof Error ? error.message : String(error)
      }`,
    );
  }
  if (hash !== head.computedBodyHash) throw refusal(axonStatus.hashMismatch(head.computedBodyHash, hash));
  return synapse;
}

/**
 * Parses a plain route's JSON body under the caps (400 when it does not parse).
 *
 * @example
 * ```ts
 * import { parseJsonBody } from "./axon_body.ts";
 * console.assert((parseJsonBody('{"a": 1}', {}) as { a: number }).a === 1);
 * ```
 */
export function parseJsonBody(text: string, limits: JsonLimits | undefined): unknown {
  try {
    return parseJson(text, "the request body", { limits });
  } catch (error) {
    throw new AxonReject(400, `Improperly formatted request. ${(error as Error).message}`);
  }
}
