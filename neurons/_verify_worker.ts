/**
 * A verification worker for `verify_pool.ts`: answers `{ id, ok }` for each `{ id, message,
 * signature, publicKey }`, and `{ id: -1 }` once ready.
 *
 * @module
 */
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { sr25519VerifyCompat } from "./verify_pool.ts";

interface Job {
  id: number;
  message: Uint8Array;
  signature: Uint8Array;
  publicKey: Uint8Array;
}

await cryptoWaitReady();
const scope = self as unknown as {
  onmessage: (event: MessageEvent<Job>) => void;
  postMessage: (data: unknown) => void;
};
scope.onmessage = (event) => {
  const { id, message, signature, publicKey } = event.data;
  scope.postMessage({ id, ok: sr25519VerifyCompat(message, signature, publicKey) });
};
scope.postMessage({ id: -1, ok: true });
