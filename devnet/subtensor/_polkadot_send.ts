/**
 * Test helper: submit an extrinsic through `@polkadot/api` and report how it ended, by name.
 *
 * @module
 */
import type { ApiPromise } from "@polkadot/api";
import type { SubmittableExtrinsic } from "@polkadot/api/types";
import type { Codec, IKeyringPair, ISubmittableResult } from "@polkadot/types/types";

/**
 * Signs and sends `tx`, waiting for inclusion: `"ok"`, the module error's name (`"sudo:<name>"` for a
 * failed `Sudo.sudo`), or `"rejected: <pool error>"` when the pool refused it.
 *
 * @example
 * ```ts ignore
 * assert.equal(await send(api, api.tx.balances.transferKeepAlive(bob.address, 1n), alice), "ok");
 * ```
 */
export async function send(
  api: ApiPromise,
  tx: SubmittableExtrinsic<"promise">,
  signer: IKeyringPair,
): Promise<string> {
  try {
    const result = await new Promise<ISubmittableResult>((resolve, reject) => {
      tx.signAndSend(signer, (r) => {
        if (r.status.isInBlock) resolve(r);
        else if (r.isError) reject(new Error(`status ${r.status.type}`));
      }).catch(reject);
    });
    for (const { event } of result.events) {
      if (event.section === "system" && event.method === "ExtrinsicFailed") {
        const err = event.data[0] as unknown as { isModule: boolean; asModule: Codec; type: string };
        return err.isModule ? api.registry.findMetaError(err.asModule as never).name : err.type;
      }
      if (event.section === "sudo" && event.method === "Sudid") {
        const res = event.data[0] as unknown as { isErr: boolean; asErr: { isModule: boolean; asModule: Codec } };
        if (res.isErr) return `sudo:${api.registry.findMetaError(res.asErr.asModule as never).name}`;
      }
    }
    return "ok";
  } catch (e) {
    return `rejected: ${(e as Error).message}`;
  }
}
