/**
 * One client of `metagraph_bench.ts` in a worker of its own (its own heap, so its own garbage
 * collection): ours (`Subtensor.metagraph(1)` through the mechagraph) or dedot's
 * `get_selective_mechagraph(1, 0, 0..73)`, over the bench's replay WebSocket server.
 *
 * Messages in: `{ connect: url, client: "ours" | "dedot" }`, `{ run: n }`, `{ close: true }`;
 * each is answered with `{ ok: true }` once done, or `{ error: message }`.
 *
 * @module
 */
import { LegacyClient, WsProvider } from "dedot";
import { Subtensor } from "../chain/client.ts";

const HASH = "0xdb13c066e2c63969f140164fb3bfe7a0aaa7b71407fc0fe525d68e57329ef9d0";
const INDEXES = Array.from({ length: 74 }, (_, i) => i);

type Message = { connect: string; client: "ours" | "dedot" } | { run: number } | { close: true };

let call: () => Promise<unknown> = () => Promise.reject(new Error("not connected"));
let close: () => Promise<void> = () => Promise.resolve();

async function connect(url: string, client: "ours" | "dedot"): Promise<void> {
  if (client === "ours") {
    const chain = await Subtensor.connect({ chainEndpoint: url, timeoutMs: 30_000 });
    call = async () => {
      const mg = await chain.metagraph(1);
      if (mg.n !== 1024 || !mg.mechagraph) throw new Error("the metagraph should come from the mechagraph, n = 1024");
    };
    close = () => chain.close();
  } else {
    const dedot = await LegacyClient.new(new WsProvider(url));
    const at = await dedot.at(HASH);
    call = () => at.call.subnetInfoRuntimeApi.getSelectiveMechagraph(1, 0, INDEXES);
    close = () => dedot.disconnect();
  }
}

const worker = self as unknown as {
  onmessage: (e: MessageEvent<Message>) => void;
  postMessage(m: unknown): void;
  close(): void;
};
worker.onmessage = async (e) => {
  try {
    const m = e.data;
    if ("connect" in m) await connect(m.connect, m.client);
    else if ("run" in m) { for (let i = 0; i < m.run; i++) await call(); }
    else await close();
    worker.postMessage({ ok: true });
    if ("close" in m) worker.close();
  } catch (err) {
    worker.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
