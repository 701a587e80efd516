/**
 * Test fixtures: the spec's example synapse (wire-protocol.md §1.3, §1.4). No tests here.
 *
 * @module
 */
import { z } from "zod";
import { defineSynapse } from "./synapse.ts";

export const ALICE = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
export const BOB = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";
export const UUID = "5ecbd69c-1cec-11ee-b0dc-e29ce36fec1a";

/** wire-protocol.md §1.3, "[computed] class Dummy(Synapse)". */
export const SpecDummy = defineSynapse({
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

/** The §1.4 example synapse (no signature yet). */
export function specDummy(): ReturnType<typeof SpecDummy.create> {
  return SpecDummy.create({
    text: "hello 'world'",
    items: ["a", "b"],
    meta: { x: 1.0, y: 0.5 },
    count: 3,
    timeout: 12.0,
    dendrite: { ip: "1.2.3.4", version: 9012002, nonce: 1712345678901234567n, uuid: UUID, hotkey: ALICE },
    axon: { ip: "5.6.7.8", port: 8091, hotkey: BOB },
  });
}
