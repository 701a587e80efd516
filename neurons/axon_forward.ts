/**
 * The axon's forward stage (private to `neurons/`). The body's `dendrite` is not signed, so the
 * synapse that the subnet's verify, priority and forward see carries the verified caller instead
 * (Python's priority reads the header-built synapse): no peer borrows another's hotkey or stake.
 * The subnet's extra `verify` then runs (a throw answers 401), and the forward runs with its
 * context; a throw from it answers 500 with an id whose details go to the log only.
 *
 * @module
 */
import type { Logger } from "../protocol/logger.ts";
import { axonStatus } from "../protocol/status.ts";
import type { Synapse } from "../protocol/synapse.ts";
import type { Caller } from "./axon_admit_caller.ts";
import type { RequestHead } from "./axon_head.ts";
import { AxonReject, notVerified, refusal } from "./axon_reject.ts";
import type { ForwardContext, ForwardFn, VerifyFn } from "./axon_types.ts";

/**
 * The synapse with its `dendrite` set from the verified caller and the observed peer.
 *
 * @example
 * ```ts
 * import { BaseSynapse } from "../protocol/synapse.ts";
 * import { withVerifiedCaller } from "./axon_forward.ts";
 * const head = { name: "Synapse", timeout: 12, computedBodyHash: "", dendrite: { ip: "1.2.3.4", port: 5 } };
 * const caller = { hotkey: "5Real", key: "ab", nonce: 7n, uuid: "u", origin: {} };
 * const claimed = { ...BaseSynapse.create({}), dendrite: { hotkey: "5Claimed" } } as ReturnType<typeof BaseSynapse.create>;
 * console.assert(withVerifiedCaller(claimed, head, caller).dendrite.hotkey === "5Real");
 * ```
 */
export function withVerifiedCaller<S extends Synapse<object>>(synapse: S, head: RequestHead, caller: Caller): S {
  const d = head.dendrite;
  return {
    ...synapse,
    dendrite: {
      ...synapse.dendrite,
      hotkey: caller.hotkey,
      nonce: caller.nonce,
      uuid: d.uuid ?? null,
      signature: d.signature ?? null,
      ip: d.ip,
      port: d.port,
    },
  };
}

/**
 * Runs the subnet's extra verification, if any: a throw answers 401 with its message.
 *
 * @example
 * ```ts
 * import { runVerify } from "./axon_forward.ts";
 * await runVerify(() => {
 *   throw new Error("too old a model");
 * }, {}).catch((error) => console.assert(error.status === 401));
 * ```
 */
export async function runVerify<S>(verify: VerifyFn<S> | undefined, synapse: S): Promise<void> {
  if (!verify) return;
  try {
    await verify(synapse);
  } catch (error) {
    throw notVerified(error instanceof Error ? error.message : String(error));
  }
}

/**
 * The forward's context for a verified caller, with the slot's deadline signal.
 *
 * @example
 * ```ts
 * import { forwardContext } from "./axon_forward.ts";
 * const caller = { hotkey: "5Real", key: "ab", nonce: 7n, uuid: "u", origin: {} };
 * console.assert(forwardContext(caller, new AbortController().signal).nonce === 7n);
 * ```
 */
export function forwardContext(caller: Caller, signal: AbortSignal): ForwardContext {
  return { hotkey: caller.hotkey, nonce: caller.nonce, uuid: caller.uuid, signal };
}

/**
 * Calls a forward: its answer, an `AxonReject` it throws as is, or 500 for any other throw (logged
 * as `axon.forward_error` with the id the caller sees).
 *
 * @example
 * ```ts
 * import { silentLogger } from "../protocol/logger.ts";
 * import { callForward } from "./axon_forward.ts";
 * const context = { hotkey: "5Real", nonce: 7n, uuid: "u", signal: new AbortController().signal };
 * await callForward(() => {
 *   throw new Error("bug");
 * }, {}, context, { logger: silentLogger, name: "Dummy" }).catch((error) => console.assert(error.status === 500));
 * ```
 */
export async function callForward<S>(
  forward: ForwardFn<S>,
  synapse: S,
  context: ForwardContext,
  options: { logger: Logger; name: string },
): Promise<S> {
  try {
    return await forward(synapse, context);
  } catch (error) {
    if (error instanceof AxonReject) throw error;
    const id = crypto.randomUUID();
    options.logger.error("axon.forward_error", { synapse: options.name, id, error: String(error) });
    throw refusal(axonStatus.internal(id));
  }
}
