/**
 * The template subnet (`bittensor-subnet-template`): the validator sends `Dummy(dummy_input=step)`,
 * a miner answers `dummy_output = dummy_input * 2`, and the reward is 1 for a correct answer and 0
 * otherwise (subnet-template.md §1.2–1.3, §2.6).
 *
 * @module
 */
import type { SubnetModule } from "../subnet.ts";
import { Dummy, type DummySynapse } from "./synapse.ts";

export { Dummy, type DummyFields, type DummyInit, type DummySynapse } from "./synapse.ts";

/** How much longer than the query timeout a `slow` demo miner takes, in ms. */
const SLOW_EXTRA_MS = 1_000;

/**
 * The template's reward: 1 when the response is twice the query, else 0 (a missing response is 0).
 *
 * @example
 * ```ts
 * import { templateReward } from "./mod.ts";
 * console.assert(templateReward(3, 6) === 1 && templateReward(3, null) === 0);
 * ```
 */
export function templateReward(query: number, response: number | null | undefined): number {
  return response === query * 2 ? 1 : 0;
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

/**
 * The template subnet as a module for the runners.
 *
 * @example
 * ```ts
 * import { templateSubnet } from "./mod.ts";
 * console.assert(templateSubnet.name === "template");
 * ```
 */
export const templateSubnet: SubnetModule = {
  name: "template",
  summary: "bittensor-subnet-template: miners double dummy_input; the validator rewards correct answers",
  setupMiner({ axon, blacklist, priority, kind }) {
    axon.attach(Dummy, async (synapse, context) => {
      if (kind === "slow") await delay(synapse.timeout * 1000 + SLOW_EXTRA_MS, context.signal);
      const output = kind === "wrong" ? synapse.dummy_input * 2 + 1 : synapse.dummy_input * 2;
      return { ...synapse, dummy_output: output };
    }, { blacklist, priority });
  },
  async validatorStep({ dendrite, axons, step, timeout }) {
    const request: DummySynapse = Dummy.create({ dummy_input: step });
    const responses = await dendrite.query(axons, request, { type: Dummy, timeout, deserialize: true });
    return responses.map((response) => templateReward(step, response as number | null));
  },
};
