import assert from "node:assert/strict";
import { Dummy } from "./synapse.ts";

Deno.test("Dummy synapse matches the template's protocol.py", () => {
  const s = Dummy.create({ dummy_input: 7 });
  assert.equal(s.name, "Dummy");
  assert.equal(s.dummy_output, null);
  assert.deepEqual(Dummy.requiredHashFields, []);
  // No required_hash_fields: the body hash is sha3("") (wire-protocol.md §1.3 step 4).
  assert.equal(Dummy.bodyHash(s), "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
  // dummy_input is required (pydantic v2), dummy_output has a default: one int dummy header.
  const obj = Dummy.toHeaders(s).filter(([k]) => k.startsWith("bt_header_input_obj_"));
  assert.deepEqual(obj, [["bt_header_input_obj_dummy_input", "MA=="]]);
  assert.equal(Dummy.deserialize({ ...s, dummy_output: 14 }), 14);
  assert.equal(Dummy.deserialize(s), null);
  const back = Dummy.fromJson(Dummy.toJson({ ...s, dummy_output: 14 }));
  assert.equal(back.dummy_input, 7);
  assert.equal(back.dummy_output, 14);
  assert.throws(() => Dummy.fromBody({ dummy_input: "7" }), { field: "dummy_input" });
  assert.throws(() => Dummy.fromBody({}), { field: "dummy_input" });
});
