// One spec, consistently: after a run that touches most of the devnet (registration, staking, weights,
// serving, a new subnet, identities, commitments, epochs), every storage key the devnet serves is either an
// item of the metadata it serves (spec 343), with a key that re-encodes exactly and a value that decodes
// exactly (pedantic: re-encoding gives the same bytes) under that item's declared type, or one of the
// documented items of a newer runtime kept under their own names (which the metadata does not declare, so
// no client can mistake them for another item). Every implemented call and every runtime API is declared by
// the metadata, and every runtime API's answer decodes exactly as the metadata's output type.
import assert from "node:assert/strict";
import { ApiPromise } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";
import { StorageKey } from "@polkadot/types";
import { hexToU8a, u8aToHex } from "@polkadot/util";
import { cryptoWaitReady, xxhashAsU8a } from "@polkadot/util-crypto";
import { startDevnet } from "../devnet.ts";
import { FRAMEWORK_API_NAMES } from "../rpc/state.ts";
import { send } from "./_polkadot_send.ts";
import { HEAD_ONLY_ITEMS } from "./items.ts";

await cryptoWaitReady();
const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
const alice = keyring.addFromUri("//Alice");
const bob = keyring.addFromUri("//Bob");
const hot = keyring.addFromUri("//AuditHotkey");
const TAO = 1_000_000_000n;

function prefixOf(pallet: string, item: string): string {
  return u8aToHex(new Uint8Array([...xxhashAsU8a(pallet, 128), ...xxhashAsU8a(item, 128)]));
}

Deno.test("the devnet serves only what its metadata declares, with the declared types", async (t) => {
  await using net = await startDevnet({ serve: false, instant: true, subtensor: { genesis: { commitReveal: false } } });
  const api = await ApiPromise.create({ provider: net.provider, noInitWarn: true, throwOnConnect: true });
  const send_ = (method: string, params: unknown[]) => net.provider.send<unknown>(method, params);
  try {
    const tx = api.tx.subtensorModule;
    assert.equal(await send(api, tx.burnedRegister(1, hot.address), bob), "ok");
    assert.equal(await send(api, tx.addStake(hot.address, 1, 50n * TAO), bob), "ok");
    assert.equal(await send(api, tx.setWeights(1, [0, 1], [1, 1], 0), alice), "ok");
    assert.equal(await send(api, tx.serveAxon(1, 0, 3_232_235_777n, 8091, 4, 0, 0, 0), hot), "ok");
    assert.equal(await send(api, tx.setIdentity("bob", "", "", "", "", "", ""), bob), "ok");
    assert.equal(
      await send(api, api.tx.commitments.setCommitment(1, { fields: [{ Raw4: "0x01020304" }] }), alice),
      "ok",
    );
    assert.equal(await send(api, tx.registerNetwork(hot.address), bob), "ok");
    for (let i = 0; i < 25; i++) net.produceBlock(); // epochs on subnet 1 (tempo 10)

    // The metadata's storage items by key prefix.
    const declared = new Map<string, { section: string; method: string }>();
    for (const [section, items] of Object.entries(api.query)) {
      for (const [method, entry] of Object.entries(items)) {
        declared.set(entry.keyPrefix(), { section, method });
      }
    }
    const headOnly = new Set(
      Object.values(HEAD_ONLY_ITEMS).map((item) => prefixOf("SubtensorModule", item.name)),
    );
    for (const prefix of headOnly) {
      assert.ok(!declared.has(prefix), "a newer-runtime item must not shadow a declared one");
    }

    const keys: string[] = [];
    let start: string | undefined;
    while (true) {
      const page = await send_("state_getKeysPaged", ["0x", 1000, start]) as string[];
      keys.push(...page);
      if (page.length < 1000) break;
      start = page[page.length - 1];
    }
    assert.ok(keys.length > 100, `${keys.length} keys`);

    await t.step(`every one of the ${keys.length} served storage keys is declared and decodes exactly`, async () => {
      const undeclared = new Set<string>();
      const checked = new Set<string>();
      for (const key of keys) {
        const prefix = key.slice(0, 66);
        const item = declared.get(prefix);
        if (!item) {
          assert.ok(headOnly.has(prefix), `undeclared key ${key}`);
          undeclared.add(prefix);
          continue;
        }
        const entry = api.query[item.section][item.method];
        const meta = entry.creator.meta;
        const where = `${item.section}.${item.method} ${key}`;
        if (meta.type.isMap) {
          const hashers = meta.type.asMap.hashers;
          if (hashers.every((h) => h.isIdentity || h.isTwox64Concat || h.isBlake2128Concat)) {
            const sk = new StorageKey(api.registry, key);
            sk.setMeta(meta, item.section, item.method);
            assert.equal(entry.key(...sk.args), key, `${where}: the key re-encodes`);
          }
        } else {
          assert.equal(key, prefix, `${where}: a plain item has no key suffix`);
        }
        const value = await send_("state_getStorage", [key]) as string;
        const typeId = meta.type.isMap ? meta.type.asMap.value : meta.type.asPlain;
        const type = api.registry.createLookupType(typeId);
        assert.doesNotThrow(
          () => api.registry.createTypeUnsafe(type, [hexToU8a(value)], { isPedantic: true }),
          `${where}: the value ${value.slice(0, 40)}… is not exactly a ${type}`,
        );
        checked.add(`${item.section}.${item.method}`);
      }
      assert.ok(checked.size > 50, `${checked.size} items`);
      for (const prefix of undeclared) assert.ok(headOnly.has(prefix));
    });

    await t.step("every implemented call is a call of the metadata", () => {
      const calls = net.chain.runtime.implementedCalls;
      assert.ok(calls.length > 40, `${calls.length} calls`);
      for (const name of calls) {
        const [pallet, call] = name.split(".");
        assert.ok(net.chain.runtime.metadata.call(pallet, call), name);
      }
    });

    await t.step("every runtime API is declared, and answers exactly its declared output type", async () => {
      const meta = net.chain.runtime.metadata;
      const apis = [...net.chain.runtime.implementedApis, ...FRAMEWORK_API_NAMES];
      assert.ok(apis.length > 30, `${apis.length} APIs`);
      const reg = meta.registry;
      for (const name of apis) {
        const method = meta.runtimeApi(name);
        // Default arguments (netuid 0 is the root subnet, which exists; accounts are all-zero), except for
        // the extrinsic-taking payment APIs, which get a real signed transfer.
        let input: Uint8Array;
        if (name.startsWith("TransactionPaymentApi_query_info") || name.startsWith("TransactionPaymentApi_query_fee")) {
          const signed = await api.tx.balances.transferKeepAlive(bob.address, 1n).signAsync(alice);
          const len = new Uint8Array(4);
          new DataView(len.buffer).setUint32(0, signed.encodedLength, true);
          input = new Uint8Array([...signed.toU8a(), ...len]);
        } else {
          input = new Uint8Array(method.inputTypes.flatMap((type) => [...meta.encode(type, reg.createType(type))]));
        }
        const out = await send_("state_call", [name, u8aToHex(input)]) as string;
        assert.doesNotThrow(
          () => reg.createTypeUnsafe(method.outputType, [hexToU8a(out)], { isPedantic: true }),
          `${name}: ${out.slice(0, 40)}… is not exactly a ${method.outputType}`,
        );
      }
    });
  } finally {
    await api.disconnect();
  }
});
