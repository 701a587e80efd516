/**
 * A verification worker for `verify_pool.ts`: answers `{ id, ok }` for each `{ id, message,
 * signature, publicKey }`, and `{ id: -1 }` once ready.
 *
 * @module
 */
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { workerParent } from "../runtime/worker.ts";
import { sr25519VerifyCompat } from "./verify_pool.ts";

interface Job {
  id: number;
  message: Uint8Array;
  signature: Uint8Array;
  publicKey: Uint8Array;
}

await cryptoWaitReady();
const parent = workerParent();
parent.onMessage((data) => {
  const { id, message, signature, publicKey } = data as Job;
  parent.postMessage({ id, ok: sr25519VerifyCompat(message, signature, publicKey) });
});
parent.postMessage({ id: -1, ok: true });
