/**
 * An in-process Subnet 21 on loopback, without a chain: one API node and a few miners, each on its
 * own real socket, wired as `--axons` would wire them. For tests, benchmarks and examples.
 *
 * @module
 */
import { rm } from "node:fs/promises";
import { createAxon } from "../../neurons/axon.ts";
import { type AxonTarget, createDendrite } from "../../neurons/dendrite.ts";
import { serve } from "../../neurons/serve.ts";
import { silentLogger } from "../../protocol/logger.ts";
import { makeTempDir } from "../../runtime/fs.ts";
import { cryptoReady, keypairFromUri } from "../../wallet/keypair.ts";
import type { MinerKind } from "../subnet.ts";
import { SN21_API_BODY_BYTES_MAX } from "./api_node.ts";
import { createSn21Subnet, type Sn21SubnetOptions } from "./mod.ts";

/** Options of {@linkcode startLocalSn21}. */
export interface LocalSn21Options extends Sn21SubnetOptions {
  /** How each miner behaves; its length is the number of miners. @default ["honest", "honest", "honest"] */
  miners?: MinerKind[];
  /** The folder for the miners' chunks and the API node's metadata. @default a new temporary folder */
  dataDir?: string;
}

/** One running miner. */
export interface LocalSn21Miner {
  /** Its axon's address and hotkey. */
  target: AxonTarget;
  /** Its chunk folder. */
  chunkDir: string;
  /** Stops it (its chunks stay on disk). */
  stop(): Promise<void>;
}

/** A running local Subnet 21. */
export interface LocalSn21 extends AsyncDisposable {
  /** The API node (as `--axons` takes it). */
  api: AxonTarget;
  /** The miners. */
  miners: LocalSn21Miner[];
  /** The folder everything lives in. */
  dataDir: string;
  /** Stops every server and removes the data folder when it was a temporary one. */
  close(): Promise<void>;
}

/**
 * Starts an API node (hotkey `//Sn21Api`) and miners (`//Sn21Miner0`, …) on 127.0.0.1.
 *
 * @example
 * ```ts ignore
 * import { startLocalSn21 } from "./local.ts";
 * await using net = await startLocalSn21();
 * console.log(`${net.api.ip}:${net.api.port}:${net.api.hotkey}`);
 * ```
 */
export async function startLocalSn21(options: LocalSn21Options = {}): Promise<LocalSn21> {
  await cryptoReady();
  const kinds = options.miners ?? ["honest", "honest", "honest"];
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? await makeTempDir("sn21-");
  const subnet = createSn21Subnet(options);
  const controller = new AbortController();
  const miners: LocalSn21Miner[] = [];
  for (const [i, kind] of kinds.entries()) {
    const keypair = keypairFromUri(`//Sn21Miner${i}`);
    const axon = createAxon({ keypair });
    const dir = `${dataDir}/miner${i}`;
    await subnet.setupMiner({
      axon,
      blacklist: () => [false, "open"],
      priority: () => 0,
      dataDir: dir,
      kind,
      logger: silentLogger,
      signal: controller.signal,
    });
    const server = await serve(axon.fetch, { port: 0, hostname: "127.0.0.1" });
    let stopped: Promise<void> | undefined;
    miners.push({
      target: { ip: "127.0.0.1", port: server.addr.port, hotkey: keypair.address },
      chunkDir: `${dir}/sn21-chunks`,
      stop: () =>
        stopped ??= (async () => {
          axon.close();
          await server.shutdown();
        })(),
    });
  }
  const apiKey = keypairFromUri("//Sn21Api");
  const apiAxon = createAxon({ keypair: apiKey, bodyBytesMax: SN21_API_BODY_BYTES_MAX });
  await subnet.setupValidatorAxon!({
    axon: apiAxon,
    dendrite: createDendrite({ keypair: apiKey }),
    minerAxons: () => miners.map((m) => m.target),
    dataDir: `${dataDir}/api`,
    logger: silentLogger,
    signal: controller.signal,
  });
  const apiServer = await serve(apiAxon.fetch, { port: 0, hostname: "127.0.0.1" });
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= (async () => {
      controller.abort();
      await Promise.all(miners.map((m) => m.stop()));
      apiAxon.close();
      await apiServer.shutdown();
      if (temporary) await rm(dataDir, { recursive: true, force: true }).catch(() => {});
    })();
  return {
    api: { ip: "127.0.0.1", port: apiServer.addr.port, hotkey: apiKey.address },
    miners,
    dataDir,
    close,
    [Symbol.asyncDispose]: close,
  };
}
