/**
 * The template subnet's `Dummy` synapse (subnet-template.md §1.2; `template/protocol.py`): the validator
 * sends `dummy_input`, the miner answers `dummy_output` (the input doubled).
 *
 * @module
 */
import { z } from "zod";
import { defineSynapse, type Synapse, type SynapseType } from "../../protocol/mod.ts";

/** The template's own fields of `Dummy`. */
export interface DummyFields {
  /** Required: the validator fills it. */
  dummy_input: number;
  /** `Optional[int] = None`: the miner fills it. */
  dummy_output: number | null;
}

/** What `Dummy.create` takes: `dummy_output` may be left out. */
export interface DummyInit {
  /** Required: the validator fills it. */
  dummy_input: number;
  /** The miner's answer. @default {null} */
  dummy_output?: number | null;
}

/** A `Dummy` synapse instance. */
export type DummySynapse = Synapse<DummyFields>;

/**
 * The template's `Dummy(bt.Synapse)`: `dummy_input: int`, `dummy_output: Optional[int] = None`, no
 * `required_hash_fields` (so the body hash is `sha3("")`), `deserialize()` → `dummy_output`.
 *
 * @example
 * ```ts
 * import { Dummy } from "./synapse.ts";
 * const s = Dummy.create({ dummy_input: 4 });
 * console.assert(Dummy.deserialize({ ...s, dummy_output: 8 }) === 8);
 * ```
 */
export const Dummy: SynapseType<DummyFields, number | null, DummyInit> = defineSynapse({
  name: "Dummy",
  fields: z.object({
    dummy_input: z.int(),
    dummy_output: z.int().nullable().default(null),
  }),
  requiredHashFields: [],
  deserialize: (synapse) => synapse.dummy_output,
});
