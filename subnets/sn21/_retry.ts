/**
 * One retry for a call refused because another call from the same dendrite, signed later, reached
 * the axon first ("Nonce is too old"): a fresh signature has a newer nonce.
 *
 * @module
 */
import type { Synapse } from "../../protocol/synapse.ts";

/** Whether a response is the axon refusing an out-of-order nonce (401). */
export function isNonceRace(response: Synapse<object>): boolean {
  return response.dendrite.status_code === 401 && /nonce/i.test(response.dendrite.status_message ?? "");
}

/** Runs `call`, and once more when the first answer is a nonce race. */
export async function withNonceRetry<S extends Synapse<object>>(call: () => Promise<S>): Promise<S> {
  const first = await call();
  return isNonceRace(first) ? await call() : first;
}
