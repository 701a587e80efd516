// The body stage on its own: the spec's body (wire-protocol.md §6) parses and its hash matches the
// signed header; one changed hashed field is refused with 401, a body that is not the synapse with 400.
import assert from "node:assert/strict";
import { BaseSynapse } from "../protocol/synapse.ts";
import { specBody, specDummy, specRequest } from "../tests/_spec_synapse.ts";
import { hashOf, parseJsonBody, parseSynapseBody } from "./axon_body.ts";
import { parseHead } from "./axon_head.ts";
import { AxonReject } from "./axon_reject.ts";

const PEER = { hostname: "1.2.3.4", port: 40000 };
const SPEC_HASH = "46d0efd0ebe050f4c245053f52c4f54d5c127953a6aae5df9c07a055a2f39205";
const EMPTY_HASH = "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a";
const head = parseHead("Dummy", specRequest().headers, PEER);
const refused = (status: number, pattern: RegExp) => (e: unknown) =>
  e instanceof AxonReject && e.status === status && pattern.test(e.message);

Deno.test("parseSynapseBody() parses the spec's body, whose hash is the signed header's", () => {
  const synapse = parseSynapseBody(specDummy, head, specBody(), {}) as ReturnType<typeof specDummy.create>;
  assert.equal(synapse.text, "hello 'world'");
  assert.deepEqual(synapse.items, ["a", "b"]);
  assert.equal(hashOf(specDummy, synapse), SPEC_HASH);
});

Deno.test("parseSynapseBody() refuses a body whose hash differs from the signed header with 401", async (t) => {
  for (const [name, from, to] of [["text", "hello 'world'", "hello 'World'"], ["count", '"count": 3', '"count": 4']]) {
    await t.step(name, () => {
      assert.throws(
        () => parseSynapseBody(specDummy, head, specBody().replace(from, to), {}),
        refused(
          401,
          new RegExp(`^Hash mismatch between header body hash ${SPEC_HASH} and parsed body hash [0-9a-f]{64}$`),
        ),
      );
    });
  }
  await t.step("an unhashed field may change (Python hashes only required_hash_fields)", () => {
    parseSynapseBody(specDummy, head, specBody().replace('"completion": null', '"completion": "x"'), {});
  });
});

Deno.test("parseSynapseBody() refuses a body that is not the synapse, or past the JSON caps, with 400", () => {
  assert.throws(() => parseSynapseBody(specDummy, head, "{", {}), refused(400, /synapse of type Dummy/));
  assert.throws(() => parseSynapseBody(specDummy, head, '{"text": 5}', {}), refused(400, /synapse of type Dummy/));
  assert.throws(() => parseSynapseBody(specDummy, head, specBody(), { depthMax: 1 }), refused(400, /depth/i));
});

Deno.test("hashOf() is sha3-256 of the empty string for a synapse without hash fields", () => {
  assert.equal(hashOf(BaseSynapse, BaseSynapse.create({})), EMPTY_HASH);
});

Deno.test("parseJsonBody() parses JSON under the caps and refuses the rest with 400", () => {
  assert.deepEqual(parseJsonBody('{"a": [1, 2]}', undefined), { a: [1, 2] });
  assert.throws(() => parseJsonBody("{", undefined), refused(400, /^Improperly formatted request\./));
  assert.throws(() => parseJsonBody('{"a": 1, "b": 2}', { keysMax: 1 }), refused(400, /keys/i));
});
