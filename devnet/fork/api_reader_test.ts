import assert from "node:assert/strict";
import { startDevnet } from "../devnet.ts";
import { DEV_ACCOUNTS } from "../genesis.ts";
import { S } from "../subtensor/items.ts";
import type { StorageItem } from "../subtensor/storage_item.ts";
import { storeOf } from "../subtensor/pallet.ts";
import { increaseStake } from "../subtensor/stake.ts";
import { mechagraphInput, taoWeightOf } from "./api_reader.ts";
import { readFork } from "./read.ts";
import { typedView } from "./storage_reader.ts";

Deno.test("mechagraphInput() is the request Python's metagraph() sends (netuid, mechid, Vec<u16> of 0..73)", () => {
  const hex = mechagraphInput(1, 0);
  assert.ok(hex.startsWith("0x0100002901000001000200"));
  assert.equal(hex.length, 2 + 2 * (2 + 1 + 2 + 74 * 2));
  assert.equal(mechagraphInput(2, 1, 3), "0x0200010c000001000200");
});

Deno.test("taoWeightOf() solves total = alpha + floor(tao · w / u64::MAX), or says it cannot", () => {
  const max = (1n << 64n) - 1n;
  const w = 3_320_413_933_267_719_290n; // ≈ 0.18
  const alpha = [10n ** 12n, 5n * 10n ** 11n, 0n, 7n];
  const tao = [3n * 10n ** 12n, 0n, 10n ** 13n, 123_456_789n];
  const total = alpha.map((a, i) => a + (tao[i] * w) / max);
  const got = taoWeightOf(alpha, tao, total)!;
  assert.deepEqual(alpha.map((a, i) => a + (tao[i] * got) / max), total);
  assert.equal(taoWeightOf(alpha, tao, total.map((t, i) => (i === 0 ? t + 10n ** 9n : t))), undefined);
  assert.equal(taoWeightOf([1n], [0n], [1n]), undefined); // no TAO stake: nothing to solve
});

/** A relay to `upstream` that answers "method not found" for storage reads and the listed runtime APIs. */
function noStorageRelay(upstream: string, deniedApis: string[]): { url: string; close(): Promise<void> } {
  const sockets = new Set<WebSocket>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    const { socket, response } = Deno.upgradeWebSocket(req);
    const up = new WebSocket(upstream);
    const queue: string[] = [];
    sockets.add(socket).add(up);
    up.onopen = () => queue.splice(0).forEach((m) => up.send(m));
    up.onmessage = (ev) => socket.readyState === WebSocket.OPEN && socket.send(ev.data);
    socket.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data));
      if (
        ["state_getKeysPaged", "state_queryStorageAt"].includes(msg.method) ||
        (msg.method === "state_call" && deniedApis.includes(msg.params[0]))
      ) {
        socket.send(
          JSON.stringify({ jsonrpc: "2.0", id: msg.id, error: { code: -32601, message: "Method not found" } }),
        );
      } else if (up.readyState === WebSocket.OPEN) up.send(ev.data);
      else queue.push(ev.data);
    };
    socket.onclose = () => up.close();
    return response;
  });
  return {
    url: `ws://127.0.0.1:${server.addr.port}`,
    close: async () => {
      for (const s of sockets) s.close();
      await server.shutdown();
    },
  };
}

Deno.test("readFork() without storage rebuilds the subnet from runtime APIs and reports what it could not read", async (t) => {
  await using source = await startDevnet({ port: 0, instant: true, tempo: 7 });
  const st = storeOf(source.chain.storage);
  increaseStake(st, DEV_ACCOUNTS.Alice, DEV_ACCOUNTS.Alice, 1, 5_000_000_000n);
  st.put(S.Kappa, [1], 40_000);
  source.produceBlock();

  await t.step("with the mechagraph", async () => {
    const relay = noStorageRelay(source.endpoint, []);
    try {
      const snap = await readFork({ endpoint: relay.url, netuids: [1] });
      const r = snap.report.subnets[0];
      assert.equal(r.neurons, 1);
      assert.deepEqual(r.storage, {});
      assert.ok(r.runtimeApi["SubnetInfoRuntimeApi_get_selective_mechagraph"].includes("Kappa"));
      assert.match(r.missing["storage reads"], /Method not found/);
      assert.ok(r.missing.Weights && r.missing.Bonds);
      const view = typedView(new Map(snap.entries));
      assert.equal(view.get(S.Kappa, 1), 40_000);
      assert.equal(view.get(S.Tempo, 1), 7);
      assert.equal(view.get(S.TotalHotkeyAlpha, DEV_ACCOUNTS.Alice, 1), 5_000_000_000n);
      assert.deepEqual(view.get(S.Keys, 1, 0), DEV_ACCOUNTS.Alice);
      const items = [S.AlphaSigmoidSteepness, S.Yuma3On, S.MaxAllowedUids, S.Burn, S.SubnetOwnerHotkey] as StorageItem<
        [number],
        unknown
      >[];
      for (const item of items) {
        assert.deepEqual(view.get(item, 1), st.get(item, 1), item.name);
      }
    } finally {
      await relay.close();
    }
  });

  await t.step("without it: hyperparameters from get_subnet_hyperparams_v2, stakes from get_subnet_state", async () => {
    const relay = noStorageRelay(source.endpoint, ["SubnetInfoRuntimeApi_get_selective_mechagraph"]);
    try {
      const snap = await readFork({ endpoint: relay.url, netuids: [1] });
      const r = snap.report.subnets[0];
      assert.ok(r.runtimeApi["SubnetInfoRuntimeApi_get_subnet_hyperparams_v2"].includes("Tempo"));
      assert.ok(r.runtimeApi["SubnetInfoRuntimeApi_get_subnet_state"].includes("TotalHotkeyAlpha"));
      assert.ok(r.missing["pool and emission state"]);
      const view = typedView(new Map(snap.entries));
      assert.equal(view.get(S.Kappa, 1), 40_000);
      assert.equal(view.get(S.Tempo, 1), 7);
      assert.equal(view.get(S.TotalHotkeyAlpha, DEV_ACCOUNTS.Alice, 1), 5_000_000_000n);
    } finally {
      await relay.close();
    }
  });

  await t.step("without get_neurons_lite it refuses", async () => {
    const relay = noStorageRelay(source.endpoint, ["NeuronInfoRuntimeApi_get_neurons_lite"]);
    try {
      await assert.rejects(
        readFork({ endpoint: relay.url, netuids: [1] }),
        /Cannot fork subnet 1 at block \d+ .*: its neurons cannot be read \(storage: -32601: Method not found; NeuronInfoRuntimeApi_get_neurons_lite: Method not found\)/,
      );
    } finally {
      await relay.close();
    }
  });
});
