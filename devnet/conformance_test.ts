/**
 * The devnet's metadata against the real finney recording (issue 6, "Must show"): the project's
 * copy (`devnet/data/metadata_v15.ts`) must be byte-equal to `../shared/fixtures/finney/
 * metadata_at_version_15.hex`, and everything the devnet implements (pallets, calls, runtime APIs,
 * signed extensions) must exist there. Skipped when `../shared` is absent (a user's clone), an error
 * under `REQUIRE_FIXTURES=1` (tests/_fixtures.ts).
 */
import assert from "node:assert/strict";
import { Metadata, TypeRegistry } from "@polkadot/types";
import { hexToU8a, u8aEq } from "@polkadot/util";
import { decodeExtrinsic } from "./extrinsic.ts";
import { frameworkPallets } from "./devnet.ts";
import { loadRuntimeMetadata } from "./metadata.ts";
import { Runtime } from "./runtime.ts";
import { subtensorPallets } from "./subtensor/pallet.ts";
import { FRAMEWORK_API_NAMES } from "./rpc/state.ts";
import { SHARED_DIR, skipWithoutShared } from "../tests/_fixtures.ts";

const FIXTURE = new URL("fixtures/finney/metadata_at_version_15.hex", SHARED_DIR);
const ignore = skipWithoutShared("fixtures/finney/metadata_at_version_15.hex");

function fixtureBytes(): Uint8Array {
  // The file is the `state_call` answer: Option<OpaqueMetadata> = 0x01 ++ compact length ++ bytes.
  const opt = new TypeRegistry().createType("Option<Bytes>", hexToU8a(Deno.readTextFileSync(FIXTURE).trim()));
  return (opt as unknown as { unwrap(): { toU8a(bare: boolean): Uint8Array } }).unwrap().toU8a(true);
}

Deno.test({
  name: "devnet metadata is byte-equal to the finney recording (fixtures/finney/metadata_at_version_15.hex)",
  ignore,
  fn() {
    const ours = loadRuntimeMetadata().bytes;
    const theirs = fixtureBytes();
    assert.equal(ours.length, theirs.length);
    assert.ok(u8aEq(ours, theirs), "devnet/data/metadata_v15.ts differs from the recording");
  },
});

Deno.test({
  name: "everything the devnet implements exists in finney's metadata with the same names",
  ignore,
  fn() {
    const registry = new TypeRegistry();
    const decoded = new Metadata(registry, fixtureBytes());
    registry.setMetadata(decoded, undefined, {
      SubtensorTransactionExtension: { extrinsic: {}, payload: {} },
      DrandPriority: { extrinsic: {}, payload: {} },
    });
    const finney = decoded.asV15;
    const palletNames = new Set(finney.pallets.map((p) => p.name.toString()));
    const meta = loadRuntimeMetadata();
    const runtime = new Runtime(meta, { pallets: [...frameworkPallets(), ...subtensorPallets()] });
    assert.ok(runtime.implementedCalls.includes("SubtensorModule.set_weights"));
    for (const full of runtime.implementedCalls) {
      const [pallet, call] = full.split(".");
      assert.ok(palletNames.has(pallet), pallet);
      const p = finney.pallets.find((x) => x.name.eq(pallet))!;
      const variants = registry.lookup.getSiType(p.calls.unwrap().type).def.asVariant.variants;
      assert.ok(variants.some((v) => v.name.eq(call)), `${full} is not a finney call`);
    }
    const apis = new Set(finney.apis.flatMap((a) => a.methods.map((m) => `${a.name}_${m.name}`)));
    for (const name of [...FRAMEWORK_API_NAMES, ...runtime.implementedApis]) {
      assert.ok(apis.has(name), `${name} is not a finney runtime API`);
    }
    // The signed extensions the devnet decodes and checks are finney's, in finney's order (client-rpc.md §4).
    assert.deepEqual(meta.signedExtensions.map((e) => e.identifier), [
      "CheckNonZeroSender",
      "CheckSpecVersion",
      "CheckTxVersion",
      "CheckGenesis",
      "CheckMortality",
      "CheckNonce",
      "CheckWeight",
      "ChargeTransactionPayment",
      "SubtensorTransactionExtension",
      "DrandPriority",
      "CheckMetadataHash",
    ]);
    // Storage the framework writes exists with the hashers the clients use.
    assert.deepEqual(meta.storageItem("System", "Account").hashers, ["Blake2_128Concat"]);
    assert.deepEqual(meta.storageItem("System", "BlockHash").hashers, ["Twox64Concat"]);
  },
});

Deno.test({
  name: "decodeExtrinsic() reads the transfer bytes client-rpc.md §4 shows",
  fn() {
    const runtime = new Runtime(loadRuntimeMetadata(), { pallets: frameworkPallets() });
    // client-rpc.md §4: transferKeepAlive(Bob, 1e9) from //Alice, nonce 0, tip 0, era 0x3401, mode 0.
    const hex = "0x3d02" + "84" + "00d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d" + "01" +
      "11".repeat(64) + "3401" + "00" + "00" + "00" +
      "0503" + "008eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48" + "02286bee";
    const ext = decodeExtrinsic(runtime, hexToU8a(hex));
    assert.equal(ext.call.pallet, "Balances");
    assert.equal(ext.call.name, "transfer_keep_alive");
    assert.equal(ext.call.args.value.toString(), "1000000000");
    assert.equal(ext.signed!.nonce, 0);
    assert.deepEqual(ext.signed!.era, { immortal: false, period: 32, phase: 19 });
    assert.equal(ext.signed!.scheme, "Sr25519");
  },
});
