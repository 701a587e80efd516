/**
 * A client of the template subnet: `DummyAPI` (the template's `template/api/dummy.py` as it was
 * meant to work, subnet-template.md §1.10) and its registry entry `template` with one method,
 * `dummy <n>`, which prints each serving miner's `dummy_output`.
 *
 * @module
 */
import type { Synapse } from "../../protocol/synapse.ts";
import { SubnetError } from "../../protocol/errors.ts";
import type { SubnetApiHandler } from "../registry.ts";
import { SubnetsAPI } from "../subnets_api.ts";
import { Dummy, type DummyFields } from "./synapse.ts";

/**
 * The template's `DummyAPI`, fixed: `prepareSynapse(n)` builds `Dummy(dummy_input=n)` and
 * `processResponses` collects `dummy_output` from every 200 response.
 *
 * @example
 * ```ts ignore
 * import { DummyAPI } from "./api.ts";
 * const outputs = await new DummyAPI(hotkey).query({ axons }, 7); // [14, 14, …]
 * ```
 */
export class DummyAPI extends SubnetsAPI<DummyFields, [input: number], number[]> {
  /** The synapse class sent. */
  readonly type: typeof Dummy = Dummy;
  /** Upstream's example netuid. */
  readonly netuid: number = 33;

  /**
   * Builds `Dummy(dummy_input=input)`.
   *
   * @param input the number to double
   */
  prepareSynapse(input: number): Synapse<DummyFields> {
    return Dummy.create({ dummy_input: input });
  }

  /**
   * The `dummy_output` of every response with status 200.
   *
   * @param responses the merged synapses
   */
  processResponses(responses: readonly Synapse<DummyFields>[] | readonly unknown[]): number[] {
    return (responses as readonly Synapse<DummyFields>[])
      .filter((r) => r.dendrite.status_code === 200 && r.dummy_output !== null)
      .map((r) => r.dummy_output!);
  }
}

/**
 * The `template` registry entry: `subnet query template dummy <n> --netuid <id>`.
 *
 * @example
 * ```ts
 * import { templateApiHandler } from "./api.ts";
 * console.assert("dummy" in templateApiHandler.methods);
 * ```
 */
export const templateApiHandler: SubnetApiHandler = {
  name: "template",
  summary: "bittensor-subnet-template: send Dummy(n) to serving miners and print their answers",
  aliases: ["dummy"],
  methods: {
    dummy: {
      summary: "Send Dummy(dummy_input=<n>) to every serving miner; prints one answer per line",
      usage: "<n>",
      async call(call) {
        const input = Number(call.args[0]);
        if (!Number.isSafeInteger(input)) {
          throw new SubnetError("subnet/bad-argument", `Cannot send Dummy: "${call.args[0] ?? ""}" is not an integer`);
        }
        const api = new DummyAPI(call.hotkey, { dendrite: call.dendrite, logger: call.logger });
        const outputs = await api.query({ axons: call.axons, timeout: call.timeout }, input);
        if (outputs.length === 0) {
          throw new SubnetError(
            "subnet/no-answer",
            `Cannot get an answer: none of ${call.axons.length} axon(s) answered 200`,
          );
        }
        for (const output of outputs) call.output.print(String(output));
      },
    },
  },
};
