import assert from "node:assert/strict";
import { Keyring } from "@polkadot/keyring";
import { compactToU8a, hexToU8a, u8aConcat, u8aToHex } from "@polkadot/util";
import { loadRuntimeMetadata } from "./metadata.ts";
import { startDevnet } from "./devnet.ts";

const metadata = loadRuntimeMetadata();

/** An immortal, hand-signed `Balances.transfer_keep_alive` (client-rpc.md §4 layout). */
function signedTransfer(genesisHash: string, nonce: number): string {
  const keyring = new Keyring({ type: "sr25519", ss58Format: 42 });
  const alice = keyring.addFromUri("//Alice");
  const bob = keyring.addFromUri("//Bob");
  const call = u8aConcat(Uint8Array.of(5, 3, 0), bob.publicKey, compactToU8a(10n ** 9n));
  const extra = u8aConcat(Uint8Array.of(0), compactToU8a(nonce), compactToU8a(0), Uint8Array.of(0));
  const versions = Uint8Array.of(0x57, 0x01, 0, 0, 1, 0, 0, 0); // spec 343, tx version 1
  const genesis = hexToU8a(genesisHash);
  const payload = u8aConcat(call, extra, versions, genesis, genesis, Uint8Array.of(0));
  const body = u8aConcat(Uint8Array.of(0x84, 0), alice.publicKey, Uint8Array.of(1), alice.sign(payload), extra, call);
  return u8aToHex(u8aConcat(compactToU8a(body.length), body));
}

/** A minimal JSON-RPC WebSocket client: requests by id, notifications in arrival order. */
async function connect(endpoint: string) {
  const ws = new WebSocket(endpoint);
  const pending = new Map<number, (m: Record<string, unknown>) => void>();
  const notes: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.id !== undefined && pending.has(m.id)) {
      pending.get(m.id)!(m);
      pending.delete(m.id);
    } else {
      notes.push(m);
      waiters.splice(0).forEach((w) => w());
    }
  };
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let id = 0;
  return {
    call(method: string, params: unknown[] = []): Promise<Record<string, unknown>> {
      const n = ++id;
      ws.send(JSON.stringify({ jsonrpc: "2.0", id: n, method, params }));
      return new Promise((resolve) => pending.set(n, resolve));
    },
    async nextNote(): Promise<Record<string, unknown>> {
      while (notes.length === 0) await new Promise<void>((r) => waiters.push(r));
      return notes.shift()!;
    },
    close(): Promise<void> {
      const closed = new Promise<void>((r) => ws.onclose = () => r());
      ws.close();
      return closed;
    },
  };
}

Deno.test("serveRpc() answers JSON-RPC over WebSocket with Substrate's names and errors", async () => {
  await using net = await startDevnet({ port: 0, instant: true, metadata });
  assert.match(net.endpoint, /^ws:\/\/127\.0\.0\.1:\d+$/);
  const c = await connect(net.endpoint);
  try {
    assert.equal((await c.call("system_chain")).result, "Bittensor Devnet");
    assert.deepEqual((await c.call("system_properties")).result, {
      ss58Format: 42,
      tokenDecimals: 9,
      tokenSymbol: "TAO",
    });
    assert.equal((await c.call("chain_getBlockHash", [0])).result, net.chain.genesisHash);
    assert.equal(
      (await c.call("state_getRuntimeVersion", [null]) as { result: { specName: string } }).result.specName,
      "node-subtensor",
    );
    // client-rpc.md §0: Metadata_metadata_versions, then at_version(15) as Option<OpaqueMetadata>
    assert.equal((await c.call("state_call", ["Metadata_metadata_versions", "0x"])).result, "0x040f000000");
    const at15 = (await c.call("state_call", ["Metadata_metadata_at_version", "0x0f000000"])).result as string;
    assert.ok(at15.startsWith("0x01") && at15.includes("6d657461"));
    assert.equal((await c.call("state_call", ["Metadata_metadata_at_version", "0x0e000000"])).result, "0x00");
    // Core_version decodes with the metadata's own output type; nonce and fee APIs answer.
    const core = (await c.call("state_call", ["Core_version", "0x"])).result as string;
    const decoded = metadata.decode(metadata.runtimeApi("Core_version").outputType, hexToU8a(core)).toJSON() as {
      specName: string;
      specVersion: number;
    };
    assert.deepEqual([decoded.specName, decoded.specVersion], ["node-subtensor", 343]);
    const alice = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
    assert.equal((await c.call("state_call", ["AccountNonceApi_account_nonce", "0x" + alice])).result, "0x00000000");
    assert.equal(
      (await c.call("system_accountNextIndex", ["5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"])).result,
      0,
    );
    const methods = ((await c.call("rpc_methods")).result as { methods: string[] }).methods;
    for (
      const m of [
        "author_submitAndWatchExtrinsic",
        "chain_subscribeNewHead",
        "state_subscribeStorage",
        "chain_getFinalisedHead",
      ]
    ) {
      assert.ok(methods.includes(m), m);
    }
    const unknown = await c.call("nope_nothing");
    assert.deepEqual(unknown.error, { code: -32601, message: "Method not found" });
    const notServed = await c.call("state_call", ["StakeInfoRuntimeApi_get_stake_info_for_coldkey", "0x"]);
    assert.equal((notServed.error as { code: number }).code, 4003);

    // Subscriptions: the singular alias, the notification name chain_newHead (client-rpc.md §6.2).
    const sub = (await c.call("chain_subscribeNewHead")).result as string;
    const first = await c.nextNote();
    assert.equal(first.method, "chain_newHead");
    assert.equal((first.params as { subscription: string }).subscription, sub);
    net.produceBlock();
    const second = await c.nextNote();
    assert.equal((second.params as { result: { number: string } }).result.number, "0x1");
    assert.equal((await c.call("chain_unsubscribeNewHead", [sub])).result, true);

    // Storage subscription gets the current value at once, with state_storage.
    const key = "0x26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac"; // System.Number
    await c.call("state_subscribeStorage", [[key]]);
    const storage = await c.nextNote();
    assert.equal(storage.method, "state_storage");
    assert.deepEqual((storage.params as { result: { changes: unknown } }).result.changes, [[key, "0x01000000"]]);
  } finally {
    await c.close();
  }
});

Deno.test("author_submitAndWatchExtrinsic reports ready, then inBlock after the new head, then finalized", async () => {
  await using net = await startDevnet({ port: 0, instant: true, metadata });
  const c = await connect(net.endpoint);
  try {
    const heads = (await c.call("chain_subscribeNewHeads")).result as string;
    assert.equal((await c.nextNote()).method, "chain_newHead"); // the current head, at once
    const tx = signedTransfer(net.chain.genesisHash, 0);
    const sub = (await c.call("author_submitAndWatchExtrinsic", [tx])).result as string;
    const ready = await c.nextNote();
    assert.deepEqual(ready.params, { subscription: sub, result: "ready" });
    const head = await c.nextNote();
    assert.deepEqual([head.method, (head.params as { subscription: string }).subscription], ["chain_newHead", heads]);
    const inBlock = await c.nextNote();
    assert.equal(inBlock.method, "author_extrinsicUpdate");
    const hash = (inBlock.params as { result: { inBlock: string } }).result.inBlock;
    assert.equal(hash, net.chain.blockByNumber(1)!.hash);
    // The client reads the block's events (as @polkadot/api and dedot do); finalized follows.
    const events = await c.call("state_getStorage", [
      "0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7",
      hash,
    ]);
    assert.ok((events.result as string).length > 2);
    const finalized = await c.nextNote();
    assert.deepEqual(finalized.params, { subscription: sub, result: { finalized: hash } });
    const block = (await c.call("chain_getBlock", [hash])).result as { block: { extrinsics: string[] } };
    assert.equal(block.block.extrinsics[1], tx, "the block holds the submitted bytes verbatim (client-rpc.md §6.6)");
    assert.deepEqual((await c.call("author_pendingExtrinsics")).result, []);
  } finally {
    await c.close();
  }
});

Deno.test("serveRpc() answers JSON-RPC over HTTP POST, single and batched", async () => {
  await using net = await startDevnet({ port: 0, instant: true, metadata });
  const url = net.endpoint.replace("ws://", "http://");
  const post = async (body: unknown) =>
    await (await fetch(url, {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    }))
      .json();
  assert.equal((await post({ jsonrpc: "2.0", id: 1, method: "system_name", params: [] })).result, "subnet-devnet");
  const batch = await post([
    { jsonrpc: "2.0", id: 1, method: "chain_getHeader", params: [] },
    { jsonrpc: "2.0", id: 2, method: "chain_getFinalizedHead", params: [] },
  ]);
  assert.equal(batch.length, 2);
  assert.equal(batch[0].result.number, "0x0");
  const res = await fetch(url, { method: "POST", body: "{not json" });
  assert.equal((await res.json()).error.code, -32700);
});

Deno.test("startDevnet({ statePath }) survives a restart", async () => {
  const dir = await Deno.makeTempDir();
  const statePath = `${dir}/devnet.json`;
  try {
    let genesis: string;
    {
      await using net = await startDevnet({ serve: false, instant: true, statePath, metadata });
      genesis = net.chain.genesisHash;
      net.produceBlock();
      net.produceBlock();
      net.chain.storage.set("System", "Account", [new Uint8Array(32).fill(9)], {
        providers: 1,
        data: { free: 12345n },
      });
      net.produceBlock();
    }
    await using again = await startDevnet({ serve: false, instant: true, statePath, metadata });
    assert.equal(again.chain.genesisHash, genesis);
    assert.equal(again.chain.best.number, 3);
    assert.equal(again.chain.blockByNumber(0)?.hash, genesis);
    assert.equal(
      await again.provider.send("chain_getBlockHash", [0]),
      genesis,
      "@polkadot/api's first call still answers",
    );
    const acc = again.chain.storage.get("System", "Account", new Uint8Array(32).fill(9))!.toJSON() as {
      data: { free: number };
    };
    assert.equal(acc.data.free, 12345);
    const next = again.produceBlock();
    assert.equal(next.number, 4);
    assert.equal(next.header.parentHash, again.chain.blockByNumber(3)!.hash);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
