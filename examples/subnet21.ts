/**
 * The template's Subnet 21 example (`template/api/examples/subnet21.py`) made real: store bytes on
 * Subnet 21 through its API nodes, print the CID, retrieve them and check they match.
 *
 * ```sh
 * # Standalone: starts an in-process API node and 3 miners on loopback (no chain)
 * deno run -A examples/subnet21.ts --dev //Alice
 * # Against axons you name, or the API nodes of a chain's netuid 21
 * deno run -A examples/subnet21.ts --dev //Alice --axons 127.0.0.1:8091:5F…
 * deno run -A examples/subnet21.ts --dev //Alice --chain ws://127.0.0.1:9944 [--netuid 21] [--encrypt]
 * ```
 *
 * `--encrypt` encrypts with a key derived from the coldkey (with `--dev`, the dev key is the
 * coldkey), exactly as the Python client does; the derivation takes a few seconds.
 *
 * @module
 */
import { parseArgs } from "node:util";
import {
  type AxonTarget,
  createDendrite,
  cryptoReady,
  keySecretFromUri,
  type LocalSn21,
  openWallet,
  parseAxonList,
  RetrieveUserAPI,
  selectApiNodes,
  startLocalSn21,
  StoreUserAPI,
  Subtensor,
} from "../mod.ts";

const { values } = parseArgs({
  options: {
    dev: { type: "string" },
    "wallet.name": { type: "string", default: "default" },
    "wallet.hotkey": { type: "string", default: "default" },
    "wallet.path": { type: "string" },
    axons: { type: "string" },
    chain: { type: "string" },
    netuid: { type: "string", default: "21" },
    encrypt: { type: "boolean", default: false },
    data: { type: "string", default: "some data" },
  },
});

await cryptoReady();
const wallet = values.dev ? undefined : openWallet({
  name: values["wallet.name"]!,
  hotkey: values["wallet.hotkey"]!,
  path: values["wallet.path"],
});
const hotkey = values.dev ? keySecretFromUri(values.dev).keypair : await wallet!.hotkey();
const coldkeyPrivateKey = async () =>
  values.dev ? keySecretFromUri(values.dev).privateKey : (await wallet!.coldkeySecret()).privateKey;

let local: LocalSn21 | undefined;
let axons: AxonTarget[];
if (values.axons) {
  axons = parseAxonList(values.axons);
} else if (values.chain) {
  await using chain = await Subtensor.connect({ chainEndpoint: values.chain });
  const metagraph = await chain.metagraph(Number(values.netuid));
  const picked = await selectApiNodes({ metagraph, dendrite: createDendrite({ keypair: hotkey }) });
  if (picked.axons.length === 0) {
    console.error(`No API node answers on netuid ${values.netuid}: ${picked.rejected.join("; ")}`);
    Deno.exit(1);
  }
  axons = picked.axons;
} else {
  local = await startLocalSn21();
  axons = [local.api];
  console.error(`Started a local Subnet 21: API node ${local.api.ip}:${local.api.port}, ${local.miners.length} miners`);
}

try {
  const data = new TextEncoder().encode(values.data);
  const cid = await new StoreUserAPI(hotkey, { coldkeyPrivateKey }).query(
    { axons, timeout: 60 },
    data,
    { encrypt: values.encrypt, ttl: 60 * 60 * 24 * 30 },
  );
  console.log(cid);
  const back = await new RetrieveUserAPI(hotkey, { coldkeyPrivateKey }).query({ axons, timeout: 60 }, cid);
  console.error(`Retrieved ${back.length} bytes: ${JSON.stringify(new TextDecoder().decode(back).slice(0, 100))}`);
  if (new TextDecoder().decode(back) !== values.data) {
    throw new Error("the retrieved bytes differ from the stored ones");
  }
} finally {
  await local?.close();
}
