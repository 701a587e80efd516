import assert from "node:assert/strict";
import { startDevnet } from "../devnet.ts";
import { RpcHandler } from "./mod.ts";

Deno.test("unsupportedRpc(): proofs, child storage and the new JSON-RPC spec answer a clear -32601, not listed by rpc_methods", async (t) => {
  await using net = await startDevnet({ serve: false, instant: true });
  const rpc = new RpcHandler({ chain: net.chain, node: { name: "devnet", version: "0", chain: "devnet" } as never });
  try {
    const session = rpc.openSession(() => {});
    const call = (method: string, params: unknown[] = []) =>
      rpc.handle(session, { jsonrpc: "2.0", id: 1, method, params });
    for (
      const [method, family] of [
        ["state_getReadProof", /no storage proofs/],
        ["childstate_getStorage", /no child storage/],
        ["chainHead_v1_follow", /chainHead_v1/],
        ["transaction_v1_broadcast", /transaction_v1/],
      ] as const
    ) {
      await t.step(method, () => {
        const res = call(method, [[]]);
        assert.equal(res?.error?.code, -32601);
        assert.match(res?.error?.message ?? "", new RegExp(`${method} is not served by the devnet`));
        assert.match(res?.error?.message ?? "", family);
        assert.match(String(res?.error?.data), /serves system_\*, chain_\*, state_\*/);
      });
    }
    await t.step("rpc_methods lists none of them; an unknown method stays a bare Method not found", () => {
      const methods = (call("rpc_methods")?.result as { methods: string[] }).methods;
      assert.ok(methods.includes("state_getStorage"));
      assert.ok(!methods.some((m) => /^(chainHead|transaction|childstate)_|ReadProof/.test(m)));
      assert.equal(call("nonsense_method")?.error?.message, "Method not found");
    });
    rpc.closeSession(session);
  } finally {
    rpc.close();
  }
});
