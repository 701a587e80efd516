/**
 * A generic subnet client built from a `SubnetModule`'s `synapses`: each synapse becomes a
 * `subnet query` method named after it, which takes the synapse's fields as one JSON object,
 * sends it to the chosen axons and prints each answer (`deserialize`) as one JSON line. A subnet
 * project built with `subnet new` gets `subnet query <name> Sum '{"numbers":[1,2]}'` this way.
 *
 * @module
 */
import { SubnetError } from "../protocol/errors.ts";
import type { Synapse, SynapseType } from "../protocol/synapse.ts";
import type { SubnetApiHandler, SubnetApiMethod } from "./registry.ts";
import type { SubnetModule } from "./subnet.ts";

function parseFields(synapse: string, text: string | undefined): object {
  let fields: unknown;
  try {
    fields = JSON.parse(text ?? "{}");
  } catch {
    fields = undefined;
  }
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) {
    throw new SubnetError(
      "subnet/bad-argument",
      `Cannot send ${synapse}: give its fields as one JSON object, such as '{"field": 1}', not ${text}`,
    );
  }
  return fields;
}

function synapseMethod(type: SynapseType<object, unknown, object>): SubnetApiMethod {
  return {
    summary: `Send ${type.name} with the given fields to every axon; prints each 200 answer as JSON`,
    usage: "['<json fields>']",
    async call(call) {
      const request = type.create(parseFields(type.name, call.args[0]));
      const responses = await call.dendrite.query(call.axons, request, {
        type,
        timeout: call.timeout ?? 12,
        deserialize: false,
      }) as Synapse<object>[];
      const answered = responses.filter((r) => r.dendrite.status_code === 200);
      if (answered.length === 0) {
        const why = responses.map((r) => `${r.dendrite.status_code} ${r.dendrite.status_message ?? ""}`.trim());
        throw new SubnetError(
          "subnet/no-answer",
          `Cannot get an answer: none of ${call.axons.length} axon(s) answered 200 (${why.join("; ")})`,
        );
      }
      for (const r of answered) call.output.print(JSON.stringify(type.deserialize(r) ?? null));
    },
  };
}

/**
 * The `subnet query` client of `module`: one method per synapse in `module.synapses`, under the
 * module's name and usual netuid; `undefined` when the module declares no synapse.
 *
 * @example
 * ```ts
 * import { subnetModuleApiHandler } from "./module_api.ts";
 * import { Dummy } from "./template/synapse.ts";
 * const handler = subnetModuleApiHandler({
 *   name: "mine",
 *   summary: "doubles",
 *   synapses: [Dummy],
 *   setupMiner() {},
 *   validatorStep: (s) => Promise.resolve(s.uids.map(() => 0)),
 * });
 * console.assert(handler?.methods.Dummy !== undefined);
 * ```
 */
export function subnetModuleApiHandler(module: SubnetModule): SubnetApiHandler | undefined {
  if (!module.synapses?.length) return undefined;
  return {
    name: module.name,
    summary: module.summary,
    netuid: module.defaultNetuid,
    methods: Object.fromEntries(module.synapses.map((type) => [type.name, synapseMethod(type)])),
  };
}
