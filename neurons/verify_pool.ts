/**
 * sr25519 signature verification, inline or on a pool of workers so an axon can use every core
 * for the one step that dominates its cost. Verification runs on schnorrkel compiled to WASM
 * (`@polkadot/wasm-crypto`), about 4× faster than the pure-JS `@scure/sr25519` that
 * `@polkadot/util-crypto` 14's `sr25519Verify` uses.
 *
 * @module
 */
import { cryptoWaitReady, sr25519Verify as scureVerify } from "@polkadot/util-crypto";
import { isReady as wasmReady, sr25519Verify as wasmVerify } from "@polkadot/wasm-crypto";
import { cpuCount } from "../runtime/runtime.ts";
import { startWorker, type WorkerHandle } from "../runtime/worker.ts";

/** Verifies an sr25519 signature over `message` by `publicKey`. */
export type Verifier = (
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
) => boolean | Promise<boolean>;

const BYTES_OPEN = new TextEncoder().encode("<Bytes>");
const BYTES_CLOSE = new TextEncoder().encode("</Bytes>");

/**
 * Verifies like Python's `Keypair.verify`: the bare message, then (polkadot-js extension
 * compatibility) the message wrapped in `<Bytes>…</Bytes>`. Never throws; bad lengths are `false`.
 * Requires `cryptoReady()` first.
 *
 * @example
 * ```ts
 * import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
 * import { sr25519VerifyCompat } from "./verify_pool.ts";
 * await cryptoReady();
 * const alice = keypairFromUri("//Alice");
 * const msg = new TextEncoder().encode("hi");
 * console.assert(sr25519VerifyCompat(msg, alice.sign(msg), alice.publicKey));
 * ```
 */
export function sr25519VerifyCompat(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  const verify = wasmReady()
    ? (m: Uint8Array) => wasmVerify(signature, m, publicKey)
    : (m: Uint8Array) => scureVerify(m, signature, publicKey);
  try {
    if (verify(message)) return true;
    const wrapped = new Uint8Array(BYTES_OPEN.length + message.length + BYTES_CLOSE.length);
    wrapped.set(BYTES_OPEN);
    wrapped.set(message, BYTES_OPEN.length);
    wrapped.set(BYTES_CLOSE, BYTES_OPEN.length + message.length);
    return verify(wrapped);
  } catch {
    return false;
  }
}

/** A pool of verification workers. */
export interface VerifierPool extends Disposable {
  /** Verifies on the least busy worker. */
  verify: Verifier;
  /** The number of workers. */
  readonly size: number;
  /** Terminates the workers; pending verifications resolve `false`. */
  close(): void;
}

/** Options of {@linkcode createVerifierPool}. */
export interface VerifierPoolOptions {
  /** Worker count. @default the number of CPU cores */
  workers?: number;
  /** Verifications queued per worker at most; beyond it, `verify` runs inline. @default 256 */
  pendingMax?: number;
}

interface Slot {
  worker: WorkerHandle;
  pending: Map<number, (ok: boolean) => void>;
}

/**
 * Starts `workers` verification workers and waits until each has loaded its crypto backend.
 *
 * @example
 * ```ts
 * import { cryptoReady, keypairFromUri } from "../wallet/keypair.ts";
 * import { createVerifierPool } from "./verify_pool.ts";
 * await cryptoReady();
 * using pool = await createVerifierPool({ workers: 1 });
 * const alice = keypairFromUri("//Alice");
 * const msg = new TextEncoder().encode("hi");
 * console.assert(await pool.verify(msg, alice.sign(msg), alice.publicKey));
 * ```
 */
export async function createVerifierPool(options: VerifierPoolOptions = {}): Promise<VerifierPool> {
  await cryptoWaitReady();
  const count = Math.max(1, options.workers ?? cpuCount());
  const pendingMax = options.pendingMax ?? 256;
  const slots: Slot[] = [];
  let nextId = 0;
  let closed = false;
  // The worker sits beside this module with the same extension (`.ts` from source, `.js` in the npm build).
  const url = new URL(`./_verify_worker${import.meta.url.slice(import.meta.url.lastIndexOf("."))}`, import.meta.url);
  await Promise.all(Array.from({ length: count }, () => {
    const worker = startWorker(url);
    const slot: Slot = { worker, pending: new Map() };
    slots.push(slot);
    return new Promise<void>((resolve, reject) => {
      worker.onMessage((data) => {
        const { id, ok } = data as { id: number; ok: boolean };
        if (id < 0) return resolve();
        const done = slot.pending.get(id);
        slot.pending.delete(id);
        done?.(ok);
      });
      worker.onError((error) => reject(new Error(`Cannot start a verification worker: ${error.message}`)));
    });
  }));
  const close = () => {
    if (closed) return;
    closed = true;
    for (const slot of slots) {
      slot.worker.terminate();
      for (const done of slot.pending.values()) done(false);
      slot.pending.clear();
    }
  };
  const verify: Verifier = (message, signature, publicKey) => {
    if (closed) return false;
    let best = slots[0];
    for (const slot of slots) if (slot.pending.size < best.pending.size) best = slot;
    if (best.pending.size >= pendingMax) return sr25519VerifyCompat(message, signature, publicKey);
    const id = nextId++;
    return new Promise<boolean>((resolve) => {
      best.pending.set(id, resolve);
      best.worker.postMessage({ id, message, signature, publicKey });
    });
  };
  return { verify, size: count, close, [Symbol.dispose]: close };
}
