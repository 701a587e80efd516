import assert from "node:assert/strict";
import { u8aToHex } from "@polkadot/util";
import { decodeAddress } from "@polkadot/util-crypto";
import { loadRuntimeMetadata } from "./metadata.ts";
import { ChainStorage, hashKeyPart } from "./storage.ts";

const runtime = loadRuntimeMetadata();
const ALICE = decodeAddress("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");

Deno.test("ChainStorage.key() builds the keys clients read (client-rpc.md §3)", () => {
  const s = new ChainStorage(runtime);
  // client-rpc.md §3: System.Account = prefix ++ blake2_128(pub) ++ pub; System.Events key.
  assert.equal(
    s.key("System", "Account", ALICE),
    "0x26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9" +
      u8aToHex(hashKeyPart("Blake2_128", ALICE)).slice(2) + u8aToHex(ALICE).slice(2),
  );
  assert.equal(s.key("System", "Events"), "0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7");
  assert.equal(s.key("System", "Number"), "0x26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac");
  assert.throws(() => s.key("System", "Account"), RangeError);
  assert.throws(() => s.key("Nope", "Account"), RangeError);
});

Deno.test("ChainStorage.get() gives defaults for ValueQuery, null for OptionQuery, and round-trips", () => {
  const s = new ChainStorage(runtime);
  assert.equal(s.get("System", "Number")!.toString(), "0");
  assert.equal(s.get("Sudo", "Key"), null);
  assert.equal(s.getRaw(s.key("System", "Number")), null);
  s.set("System", "Account", [ALICE], { nonce: 3, providers: 1, data: { free: 1_000_000_000_000n } });
  const acc = s.get("System", "Account", ALICE)!.toJSON() as { nonce: number; data: { free: number } };
  assert.equal(acc.nonce, 3);
  assert.equal(acc.data.free, 1e12);
  // 56-byte AccountInfo with u64 balances (client-rpc.md §3)
  assert.equal(s.getRaw(s.key("System", "Account", ALICE))!.length, 56);
});

Deno.test("ChainStorage.iterPrefix() decodes keys of double maps in key order", () => {
  const s = new ChainStorage(runtime);
  for (const uid of [3, 1, 2]) s.set("SubtensorModule", "Keys", [1, uid], ALICE);
  s.set("SubtensorModule", "Keys", [2, 0], ALICE);
  const all = s.iterPrefix("SubtensorModule", "Keys", 1);
  assert.deepEqual(all.map((e) => e.keys.map((k) => k!.toString())), [["1", "1"], ["1", "2"], ["1", "3"]]);
  assert.equal(s.iterPrefix("SubtensorModule", "Keys").length, 4);
  assert.equal(s.clearPrefix("SubtensorModule", "Keys", 1), 3);
  assert.equal(s.iterPrefix("SubtensorModule", "Keys").length, 1);
});

Deno.test("ChainStorage.transactional() undoes writes when the function throws", () => {
  const s = new ChainStorage(runtime);
  s.set("System", "Number", [], 5);
  assert.throws(() =>
    s.transactional(() => {
      s.set("System", "Number", [], 6);
      s.set("Sudo", "Key", [], ALICE);
      s.transactional(() => s.remove("System", "Number"));
      throw new Error("boom");
    })
  );
  assert.equal(s.get("System", "Number")!.toString(), "5");
  assert.equal(s.get("Sudo", "Key"), null);
  s.transactional(() => s.set("System", "Number", [], 9));
  assert.equal(s.get("System", "Number")!.toString(), "9");
});

Deno.test("ChainStorage.snapshot() is unaffected by later writes", () => {
  const s = new ChainStorage(runtime);
  s.set("System", "Number", [], 1);
  const snap = s.snapshot();
  s.set("System", "Number", [], 2);
  s.remove("System", "Number");
  assert.equal(snap.get("System", "Number")!.toString(), "1");
  assert.equal(s.get("System", "Number")!.toString(), "0");
  assert.deepEqual(snap.keysPaged("0x26aa", 10), [s.key("System", "Number")]);
});
