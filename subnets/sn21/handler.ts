/**
 * Subnet 21's entry in the subnet registry: `store <file>` and `retrieve <cid>`, sent to the API
 * nodes the template's `get_query_api_nodes` rule finds (or `--axons`).
 *
 * @module
 */
import { readFile, writeFile } from "node:fs/promises";
import { SubnetError } from "../../protocol/errors.ts";
import { isNotFound } from "../../runtime/fs.ts";
import { selectApiNodes, type SubnetApiCall, type SubnetApiHandler } from "../registry.ts";
import { RetrieveUserAPI, SN21_DEFAULT_TTL_S, StoreUserAPI } from "./api.ts";

/** Seconds a store or retrieve may take when the caller sets no timeout (FileTao's `store`/`retrieve`). */
export const SN21_CLIENT_TIMEOUT_S = 60;

function ttlOf(call: SubnetApiCall): number {
  const text = call.options.ttl;
  if (text === undefined || text === false) return SN21_DEFAULT_TTL_S;
  const ttl = Number(text);
  if (!Number.isSafeInteger(ttl) || ttl <= 0) {
    throw new SubnetError("subnet/bad-argument", `Cannot use --ttl ${text}: give a whole number of seconds above 0`);
  }
  return ttl;
}

async function readInput(path: string | undefined): Promise<Uint8Array> {
  if (!path) {
    throw new SubnetError(
      "subnet/bad-argument",
      "Cannot store: give the file to store (subnet query sn21 store <file>)",
    );
  }
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const why = isNotFound(error) ? "it does not exist" : (error as Error).message;
    throw new SubnetError("subnet/file-not-found", `Cannot read ${path}: ${why}`, { cause: error });
  }
}

/**
 * The `sn21` handler (aliases `filetao`, `storage`; netuid 21).
 *
 * @example
 * ```ts
 * import { sn21ApiHandler } from "./handler.ts";
 * console.assert(sn21ApiHandler.netuid === 21 && "store" in sn21ApiHandler.methods);
 * ```
 */
export const sn21ApiHandler: SubnetApiHandler = {
  name: "sn21",
  summary: "Subnet 21 (FileTao) storage: store a file, retrieve it by CID",
  netuid: 21,
  aliases: ["filetao", "storage"],
  selectAxons: (context) => selectApiNodes(context),
  methods: {
    store: {
      summary: "Store a file; prints its CID as the last line (--encrypt: with your coldkey's key; --ttl <s>)",
      usage: "<file> [--encrypt] [--ttl <seconds>]",
      async call(call) {
        const data = await readInput(call.args[0]);
        const encrypt = call.options.encrypt === true;
        const api = new StoreUserAPI(call.hotkey, {
          dendrite: call.dendrite,
          logger: call.logger,
          coldkeyPrivateKey: encrypt ? call.coldkeyPrivateKey : undefined,
          onProgress: call.output.progress,
        });
        if (encrypt) call.output.info("Deriving the encryption key from the coldkey (argon2i, a few seconds)…");
        const cid = await api.query(
          { axons: call.axons, timeout: call.timeout ?? SN21_CLIENT_TIMEOUT_S },
          data,
          { encrypt, ttl: ttlOf(call) },
        );
        call.output.print(cid);
      },
    },
    retrieve: {
      summary:
        "Retrieve a CID's bytes (checked against the CID; decrypted when stored encrypted) to -o <file> or stdout",
      usage: "<cid> [-o <file>]",
      async call(call) {
        const cid = call.args[0];
        if (!cid) {
          throw new SubnetError(
            "subnet/bad-argument",
            "Cannot retrieve: give the CID (subnet query sn21 retrieve <cid>)",
          );
        }
        const api = new RetrieveUserAPI(call.hotkey, {
          dendrite: call.dendrite,
          logger: call.logger,
          coldkeyPrivateKey: call.coldkeyPrivateKey,
          onProgress: call.output.progress,
        });
        let bytes: Uint8Array;
        try {
          bytes = await api.query({ axons: call.axons, timeout: call.timeout ?? SN21_CLIENT_TIMEOUT_S }, cid);
        } catch (error) {
          if (error instanceof SyntaxError) throw new SubnetError("subnet/bad-argument", error.message);
          throw error;
        }
        const out = call.options.output;
        if (typeof out === "string" && out !== "" && out !== "-") {
          await writeFile(out, bytes);
          call.output.info(`Wrote ${bytes.length} bytes to ${out}`);
        } else {
          await call.output.write(bytes);
        }
      },
    },
  },
};
