// Module errors decoded with the finney metadata (spec 343) into clear messages.
import assert from "node:assert/strict";
import { Metadata, TypeRegistry } from "@polkadot/types";
import { dispatchFailure, moduleError, poolRejection } from "./errors.ts";
import { finneyFixturesPresent, loadFinneyFixtures, metadataV15Bytes } from "../tests/replay/node.ts";

const ignore = !finneyFixturesPresent();

Deno.test(
  { name: "dispatchFailure() names the pallet error from the metadata and says what to do", ignore },
  async () => {
    const registry = new TypeRegistry();
    registry.setMetadata(new Metadata(registry, metadataV15Bytes(await loadFinneyFixtures())));
    const indexOf = (name: string) => {
      for (let e = 0; e < 256; e++) {
        try {
          if (
            registry.findMetaError(new Uint8Array([7, e]))
              .name === name
          ) return e;
        } catch { /* past the end */ }
      }
      throw new Error(`no ${name} in the metadata`);
    };
    for (
      const [name, advice] of [
        ["HotKeyNotRegisteredInSubNet", /subnet register/],
        ["SettingWeightsTooFast", /WeightsSetRateLimit/],
      ] as const
    ) {
      const error = registry.createType("DispatchError", { Module: { index: 7, error: [indexOf(name), 0, 0, 0] } });
      assert.equal(moduleError(registry, error)?.name, name);
      const err = dispatchFailure(registry, error, "set weights on netuid 1");
      assert.equal(err.code, "chain/dispatch");
      assert.match(err.message, new RegExp(`^Cannot set weights on netuid 1: SubtensorModule\\.${name} \\(`));
      assert.match(err.message, advice);
    }
    const other = registry.createType("DispatchError", { BadOrigin: null });
    assert.equal(moduleError(registry, other), undefined);
    assert.match(dispatchFailure(registry, other, "x").message, /BadOrigin/);
  },
);

Deno.test("poolRejection() names subtensor's custom pool codes", () => {
  const e = poolRejection(new Error("1010: Invalid Transaction: Custom error: 6"), "set weights on netuid 1");
  assert.equal(e.code, "chain/rejected");
  assert.match(e.message, /RateLimitExceeded/);
  assert.doesNotMatch(poolRejection(new Error("1010: Invalid Transaction: Stale"), "x").message, /subtensor:/);
});
