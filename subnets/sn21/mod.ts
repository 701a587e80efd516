/**
 * Subnet 21 (FileTao storage) as a module for the runners, plus its clients: miners keep chunks in
 * a content-addressed store on disk (`StoreChunk` / `RetrieveChunk`), the validator's axon is the
 * API node users call (`StoreUser` / `RetrieveUser`, open access), and each validator step rewards
 * miners that return a chunk they were given earlier, byte for byte.
 *
 * @module
 */
import { mkdir, readFile } from "node:fs/promises";
import { isNotFound } from "../../runtime/fs.ts";
import type { AxonTarget } from "../../neurons/dendrite.ts";
import { SubnetError } from "../../protocol/errors.ts";
import { sweepStaleTemps, writeFileAtomic } from "../../runtime/atomic_file.ts";
import { selectApiNodes } from "../registry.ts";
import type { SubnetModule } from "../subnet.ts";
import { fromBase64, toBase64 } from "./_base64.ts";
import { createApiNode, SN21_API_BODY_BYTES_MAX } from "./api_node.ts";
import { withNonceRetry } from "./_retry.ts";
import { cidFor, matchesCid } from "./cid.ts";
import { openChunkStore } from "./chunk_store.ts";
import { attachChunkMiner } from "./miner.ts";
import { RetrieveChunk, type RetrieveChunkSynapse, StoreChunk, type StoreChunkSynapse } from "./protocol.ts";

export * from "./api.ts";
export * from "./api_node.ts";
export * from "./cid.ts";
export * from "./chunk_store.ts";
export * from "./encryption.ts";
export * from "./miner.ts";
export * from "./protocol.ts";

/** Options of {@linkcode createSn21Subnet}. */
export interface Sn21SubnetOptions {
  /** Bytes per chunk on the API node. @default 1 MiB */
  chunkBytes?: number;
  /** Miners each chunk is stored on. @default 2 */
  replicas?: number;
  /** Seconds the API node waits for a miner. @default 10 */
  minerTimeout?: number;
  /** Bytes of each validator probe. @default 1_024 */
  probeBytes?: number;
  /** Seconds a probe is kept by a miner. @default 3_600 */
  probeTtlS?: number;
  /** How often a miner removes expired chunks, in ms. @default 600_000 */
  sweepIntervalMs?: number;
  /** Random bytes (probes). @default crypto.getRandomValues */
  randomBytes?: (length: number) => Uint8Array;
}

interface Probes {
  [hotkey: string]: { cid: string };
}

/**
 * Reads the probes given last step: none when the file is absent; a file that does not parse is an
 * error naming it (resetting it would forgive every miner that dropped last step's probe).
 */
async function readProbes(path: string): Promise<Probes> {
  await sweepStaleTemps(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if (isNotFound(err)) return {};
    throw err;
  }
  let probes: unknown;
  try {
    probes = JSON.parse(text);
  } catch (err) {
    throw new SubnetError(
      "subnet/sn21-probes-corrupt",
      `Cannot read SN21 probes from ${path}: ${(err as Error).message} (move the file away to start afresh)`,
      { cause: err },
    );
  }
  const ok = probes !== null && typeof probes === "object" && !Array.isArray(probes) &&
    Object.values(probes).every((p) => typeof (p as { cid?: unknown } | null)?.cid === "string");
  if (!ok) {
    throw new SubnetError(
      "subnet/sn21-probes-corrupt",
      `Cannot read SN21 probes from ${path}: it is not a map of hotkey to { cid } (move the file away to start afresh)`,
    );
  }
  return probes as Probes;
}

/**
 * Creates the Subnet 21 module (the default one is {@linkcode sn21Subnet}).
 *
 * @example
 * ```ts
 * import { createSn21Subnet } from "./mod.ts";
 * console.assert(createSn21Subnet({ replicas: 3 }).defaultNetuid === 21);
 * ```
 */
export function createSn21Subnet(options: Sn21SubnetOptions = {}): SubnetModule {
  const probeBytes = options.probeBytes ?? 1_024;
  const probeTtlS = options.probeTtlS ?? 3_600;
  const randomBytes = options.randomBytes ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
  return {
    name: "sn21",
    summary: "Subnet 21 (FileTao): miners store chunks, the validator's API node answers StoreUser/RetrieveUser",
    defaultNetuid: 21,
    axonBodyBytesMax: SN21_API_BODY_BYTES_MAX,
    async setupMiner({ axon, blacklist, priority, dataDir, kind, logger, signal }) {
      const store = await openChunkStore({ dir: `${dataDir}/sn21-chunks` });
      attachChunkMiner(axon, store, { blacklist, priority, kind });
      if (signal.aborted) return;
      const timer = setInterval(() => {
        store.sweep().then(
          (removed) => removed && logger.info("sn21.swept", { removed }),
          (error) => logger.warn("sn21.sweep_failed", { error: String(error) }),
        );
      }, options.sweepIntervalMs ?? 600_000);
      signal.addEventListener("abort", () => clearInterval(timer), { once: true });
    },
    async setupValidatorAxon({ axon, dendrite, minerAxons, dataDir, logger }) {
      await mkdir(dataDir, { recursive: true });
      createApiNode({
        dendrite,
        minerAxons,
        dataDir,
        chunkBytes: options.chunkBytes,
        replicas: options.replicas,
        minerTimeout: options.minerTimeout,
        logger,
      }).attach(axon);
    },
    async isReady({ chain, netuid, dendrite }) {
      // Clients can store once the default selection (vtrust > 0, top stake, answers a ping) finds a node.
      const { axons } = await selectApiNodes({ metagraph: await chain.metagraph(netuid), dendrite });
      return axons.length > 0;
    },
    async validatorStep({ dendrite, axons, timeout, dataDir }) {
      await mkdir(dataDir, { recursive: true });
      const path = `${dataDir}/sn21-probes.json`;
      const previous = await readProbes(path);
      const next: Probes = { ...previous };
      const check = async (axon: AxonTarget): Promise<number> => {
        const probe = randomBytes(probeBytes);
        const cid = cidFor(probe);
        const storeProbe = StoreChunk.create({ data: toBase64(probe), cid, ttl: probeTtlS });
        const stored = await withNonceRetry(() =>
          dendrite.query(axon, storeProbe, { type: StoreChunk, timeout, deserialize: false }) as Promise<
            StoreChunkSynapse
          >
        );
        const storedOk = stored.dendrite.status_code === 200;
        // Ask for the chunk given last step (it had to be kept), or this step's when there is none.
        const asked = previous[axon.hotkey]?.cid ?? cid;
        if (storedOk) next[axon.hotkey] = { cid };
        const got = await withNonceRetry(() =>
          dendrite.query(axon, RetrieveChunk.create({ cid: asked }), {
            type: RetrieveChunk,
            timeout,
            deserialize: false,
          }) as Promise<RetrieveChunkSynapse>
        );
        const bytes = got.dendrite.status_code === 200 && got.data !== null ? fromBase64(got.data) : undefined;
        return storedOk && bytes !== undefined && matchesCid(bytes, asked) ? 1 : 0;
      };
      const rewards = await Promise.all(axons.map(check));
      await writeFileAtomic(path, JSON.stringify(next));
      return rewards;
    },
  };
}

/**
 * Subnet 21 with default options, for `--subnet sn21`.
 *
 * @example
 * ```ts
 * import { sn21Subnet } from "./mod.ts";
 * console.assert(sn21Subnet.name === "sn21");
 * ```
 */
export const sn21Subnet: SubnetModule = createSn21Subnet();

/** `subnet demo --subnet ./subnets/sn21/mod.ts` loads this module's default export. */
export default sn21Subnet;
