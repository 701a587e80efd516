import { Metadata, TypeRegistry } from "@polkadot/types";
import { compactFromU8a, hexToU8a } from "@polkadot/util";
import { xxhashAsHex } from "@polkadot/util-crypto";
import { loadFinneyFixtures } from "./tests/replay/node.ts";
import { hexDecode, ScaleCompiler } from "./chain/scale.ts";
const fx = await loadFinneyFixtures();
const registry = new TypeRegistry();
const wrapped = hexToU8a(fx.metadataAtVersion15);
const [prefix, length] = compactFromU8a(wrapped.subarray(1));
const metadata = new Metadata(registry, wrapped.subarray(1 + prefix, 1 + prefix + length.toNumber()));
registry.setMetadata(metadata);
const calls = fx.recorded.metagraph.state_call as Record<string, any>;
const key = Object.keys(calls).find((k) => k.includes("mechagraph"))!;
const c = new ScaleCompiler(registry);
let t = performance.now();
const v = c.decodeAll(670, hexDecode(calls[key].result)) as any;
console.log("decode ms", performance.now() - t);
t = performance.now();
const v2 = registry.createType(registry.createLookupType(670) as any, hexDecode(calls[key].result));
console.log("polkadot ms", performance.now() - t);
for (const [k, x] of Object.entries(v)) {
  const s = Array.isArray(x)
    ? `array(${x.length}) first=${
      JSON.stringify(x[0], (_, y) => typeof y === "bigint" ? y + "n" : y instanceof Uint8Array ? "u8a" + y.length : y)
        ?.slice(0, 150)
    }`
    : JSON.stringify(
      x,
      (_, y) => typeof y === "bigint" ? y + "n" : y instanceof Uint8Array ? "u8a:" + [...y].slice(0, 40) : y,
    )?.slice(0, 150);
  console.log(k, typeof x, s);
}
for (const n of ["MechanismCountCurrent", "MechanismEmissionSplit", "ValidatorTrust"]) {
  console.log(n, xxhashAsHex(n, 128));
}
console.log(Object.keys(fx.recorded.metagraph.state_getStorageAt));
