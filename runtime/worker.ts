/**
 * Module workers on every runtime: Web Workers on Deno and Bun, `node:worker_threads` on Node,
 * behind one small interface on each side of the channel.
 *
 * @module
 */
import { parentPort, Worker as NodeWorker } from "node:worker_threads";
import { runtimeName } from "./runtime.ts";

/** One end of a worker channel. */
export interface WorkerChannel {
  /** Sends a structured-cloneable value to the other end. */
  postMessage(data: unknown): void;
  /** Calls `listener` with each value the other end sends. */
  onMessage(listener: (data: unknown) => void): void;
}

/** A started worker, seen from the thread that started it. */
export interface WorkerHandle extends WorkerChannel {
  /** Calls `listener` when the worker fails to start or throws. */
  onError(listener: (error: Error) => void): void;
  /** Stops the worker. */
  terminate(): void;
}

/**
 * Starts the ES module at `url` as a worker.
 *
 * @example
 * ```ts ignore
 * import { startWorker } from "./worker.ts";
 * const worker = startWorker(new URL("./my_worker.ts", import.meta.url));
 * worker.onMessage((data) => console.log(data));
 * ```
 */
export function startWorker(url: URL): WorkerHandle {
  if (runtimeName() === "node") {
    const worker = new NodeWorker(url);
    return {
      postMessage: (data) => worker.postMessage(data),
      onMessage: (listener) => void worker.on("message", listener),
      onError: (listener) => void worker.on("error", listener),
      terminate: () => void worker.terminate(),
    };
  }
  const worker = new Worker(url.href, { type: "module" });
  return {
    postMessage: (data) => worker.postMessage(data),
    onMessage: (listener) => worker.addEventListener("message", (event) => listener(event.data)),
    onError: (listener) =>
      worker.addEventListener("error", (event) => {
        event.preventDefault();
        listener(new Error(event.message));
      }),
    terminate: () => worker.terminate(),
  };
}

/**
 * The channel to the thread that started this worker (call it inside a worker module).
 *
 * @example
 * ```ts ignore
 * import { workerParent } from "./worker.ts";
 * const parent = workerParent();
 * parent.onMessage((data) => parent.postMessage(data));
 * ```
 */
export function workerParent(): WorkerChannel {
  const port = parentPort;
  if (runtimeName() === "node" && port) {
    return {
      postMessage: (data) => port.postMessage(data),
      onMessage: (listener) => void port.on("message", listener),
    };
  }
  const scope = globalThis as unknown as {
    postMessage(data: unknown): void;
    addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  };
  return {
    postMessage: (data) => scope.postMessage(data),
    onMessage: (listener) => scope.addEventListener("message", (event) => listener(event.data)),
  };
}
