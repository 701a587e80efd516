import assert from "node:assert/strict";
import { sha3Hex } from "../../protocol/synapse.ts";
import { RetrieveChunk, RetrieveUser, StoreChunk, StoreUser } from "./protocol.ts";

Deno.test("StoreUser matches storage/protocol.py and the v10 wire observations (subnet-template.md §4.1)", () => {
  const s = StoreUser.create({ encrypted_data: "SGVsbG8gRmlsZVRhbyE=", encryption_payload: "{}", ttl: 60 });
  assert.equal(s.name, "StoreUser");
  assert.equal(s.data_hash, null);
  // required_hash_fields is a pydantic field upstream: it travels in the body.
  const body = JSON.parse(StoreUser.toJson(s));
  assert.deepEqual(body.required_hash_fields, ["encrypted_data", "encryption_payload"]);
  assert.deepEqual(
    Object.keys(body).slice(7),
    ["encrypted_data", "encryption_payload", "data_hash", "ttl", "required_hash_fields"],
  );
  // computed_body_hash = sha3(sha3(encrypted_data) + sha3(encryption_payload)); ttl is not covered.
  const expected = sha3Hex(sha3Hex("SGVsbG8gRmlsZVRhbyE=") + sha3Hex("{}"));
  assert.equal(StoreUser.bodyHash(s), expected);
  assert.equal(StoreUser.bodyHash({ ...s, ttl: 1 }), expected);
  // The input-object headers carry base64 of the type's default ("" → IiI=), never the value.
  const obj = StoreUser.toHeaders(s).filter(([k]) => k.startsWith("bt_header_input_obj_"));
  assert.deepEqual(obj, [
    ["bt_header_input_obj_encrypted_data", "IiI="],
    ["bt_header_input_obj_encryption_payload", "IiI="],
  ]);
  assert.throws(() => StoreUser.fromBody({ encrypted_data: "x" }), { field: "encryption_payload" });
});

Deno.test("RetrieveUser hashes data_hash only and carries its field list (subnet-template.md §4.1)", () => {
  const cid = "bafkreietxqwb3tqlv6gyjqh6otz52skqlyumk3q7y3fmn65t2xcvejly2u";
  const r = RetrieveUser.create({ data_hash: cid });
  assert.equal(RetrieveUser.bodyHash(r), sha3Hex(sha3Hex(cid)));
  assert.equal(RetrieveUser.bodyHash({ ...r, encrypted_data: "AA==" }), sha3Hex(sha3Hex(cid)));
  assert.deepEqual(JSON.parse(RetrieveUser.toJson(r)).required_hash_fields, ["data_hash"]);
  const back = RetrieveUser.fromJson(RetrieveUser.toJson({ ...r, encrypted_data: "AA==", encryption_payload: "{}" }));
  assert.equal(back.encrypted_data, "AA==");
  assert.equal(back.encryption_payload, "{}");
});

Deno.test("StoreChunk and RetrieveChunk cover the chunk CID (and ttl) in the body hash", () => {
  const s = StoreChunk.create({ data: "AA==", cid: "b1", ttl: 5 });
  assert.notEqual(StoreChunk.bodyHash(s), StoreChunk.bodyHash({ ...s, cid: "b2" }));
  assert.notEqual(StoreChunk.bodyHash(s), StoreChunk.bodyHash({ ...s, ttl: 6 }));
  const r = RetrieveChunk.create({ cid: "b" });
  assert.notEqual(RetrieveChunk.bodyHash(r), RetrieveChunk.bodyHash({ ...r, cid: "c" }));
});
